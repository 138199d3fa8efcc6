"""The backend's layers point one way: no module imports from a layer above its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BACKEND = Path(__file__).resolve().parents[2] / "backend"

# What each top-level part of backend/ may import from backend/ (besides itself).
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "models": {"core"},
    "schemas": {"core", "models"},
    "interviewing": {"core"},
    "llm": {"core", "interviewing"},
    "services": {"core", "models", "schemas", "interviewing", "llm"},
    "demo": {"core", "models", "schemas", "interviewing", "llm", "services"},
    "api": {"core", "models", "schemas", "interviewing", "llm", "services", "runtime"},
    "runtime": {"core", "models", "schemas", "interviewing", "llm", "services"},
    "bootstrap": {"core", "models", "schemas", "interviewing", "llm", "services", "demo"},
    "main": {"core", "models", "schemas", "interviewing", "llm", "services", "api", "runtime"},
}


def _part(module_path: Path) -> str:
    relative = module_path.relative_to(BACKEND)
    return relative.parts[0].removesuffix(".py")


def _backend_imports(source: Path) -> set[str]:
    """The top-level backend parts a module imports (`backend.services.x` -> `services`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text())):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "backend":
                names = [f"backend.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "backend" and len(parts) > 1:
                found.add(parts[1])
    return found


MODULES = sorted(p for p in BACKEND.rglob("*.py") if p.name != "__init__.py" or p.parent != BACKEND)


@pytest.mark.parametrize("module", MODULES, ids=[str(p.relative_to(BACKEND)) for p in MODULES])
def test_module_imports_only_from_layers_below(module: Path) -> None:
    part = _part(module)
    assert part in ALLOWED, f"{module}: add its folder to the layer map in this test"
    upward = _backend_imports(module) - ALLOWED[part] - {part}
    assert not upward, f"backend/{module.relative_to(BACKEND)} ({part}) imports from {sorted(upward)}"


def test_every_backend_folder_says_what_lives_there() -> None:
    for folder in [BACKEND, *(p for p in BACKEND.rglob("*") if p.is_dir() and p.name != "__pycache__")]:
        init = folder / "__init__.py"
        assert init.exists(), f"{folder} is not a package"
        assert ast.get_docstring(ast.parse(init.read_text())), f"{init} has no docstring saying what lives there"


def test_the_map_catches_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from backend.api.deps import DbDep\nimport backend.services.spend.costs\n")
    assert _backend_imports(module) == {"api", "services"}


def _service_imports() -> dict[str, set[str]]:
    """Each service package and the sibling packages it imports (`backend.services.x...` -> `x`)."""
    services = BACKEND / "services"
    graph: dict[str, set[str]] = {p.name: set() for p in services.iterdir() if (p / "__init__.py").exists()}
    for module in services.rglob("*.py"):
        package = module.relative_to(services).parts[0]
        if package not in graph:
            continue
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("backend.services."):
                graph[package].add(node.module.split(".")[2])
            elif isinstance(node, ast.Import):
                graph[package] |= {alias.name.split(".")[2] for alias in node.names
                                   if alias.name.startswith("backend.services.")}
        graph[package].discard(package)
    return graph


def test_service_packages_import_each_other_one_way() -> None:
    """Shared pieces live in a package below the ones that share them (prompting below conversation and clients,
    coursework below courses and conversation), so no two service packages import each other, even indirectly."""
    graph = _service_imports()

    def cycle_from(start: str, here: str, path: list[str]) -> list[str] | None:
        for nxt in sorted(graph.get(here, ())):
            if nxt == start:
                return [*path, nxt]
            if nxt not in path:
                found = cycle_from(start, nxt, [*path, nxt])
                if found:
                    return found
        return None

    cycles = [found for package in sorted(graph) if (found := cycle_from(package, package, [package]))]
    assert not cycles, "service packages import each other: " + "; ".join(" -> ".join(c) for c in cycles)
    assert "conversation" not in graph["clients"] and "courses" not in graph["conversation"]
