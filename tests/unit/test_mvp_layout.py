"""The shape of mvp/, checked from the source: pages stay independent, and each folder says what it holds."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MVP = Path(__file__).resolve().parents[2] / "mvp"
SCREENS = MVP / "screens"


def module_name(path: Path) -> str:
    parts = path.relative_to(MVP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved, `from x import y` counted as x and x.y."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def page_modules() -> list[Path]:
    return sorted(path for path in SCREENS.rglob("*.py") if path.name != "__init__.py")


def test_there_are_page_modules_to_check() -> None:
    assert len(page_modules()) >= 10


@pytest.mark.parametrize("path", page_modules(), ids=lambda path: module_name(path))
def test_a_page_never_imports_another_page(path: Path) -> None:
    pages = {module_name(page) for page in page_modules()} | {"mvp.screens"} | {
        module_name(package) for package in SCREENS.rglob("__init__.py")}
    imported = {name for name in imported_modules(path) if name in pages and name != module_name(path)}
    assert not imported, f"{module_name(path)} imports page modules {sorted(imported)}: move what they share to "\
                         "mvp/widgets (drawing) or mvp/logic (plain code)"


def test_no_folder_beside_the_entrypoints_is_named_pages() -> None:
    """Streamlit runs an app with a `pages/` folder beside its entrypoint as a v1 multipage app on the server's
    first run, which answers a reload of any page with "Page not found": the pages live in screens/ instead."""
    assert not (MVP / "pages").exists()


@pytest.mark.parametrize("folder", sorted({path.parent for path in MVP.rglob("*.py")}),
                         ids=lambda folder: str(folder.relative_to(MVP.parent)))
def test_every_folder_is_a_package_that_says_what_lives_there(folder: Path) -> None:
    init = folder / "__init__.py"
    assert init.exists(), f"{folder} has no __init__.py"
    docstring = ast.get_docstring(ast.parse(init.read_text()))
    assert docstring and "\n" not in docstring.strip(), f"{init} needs a one-line docstring"


def test_only_the_api_client_speaks_http() -> None:
    speaking = sorted(module_name(path) for path in MVP.rglob("*.py")
                      if {"httpx", "httpx_sse"} & {name.split(".")[0] for name in imported_modules(path)})
    assert speaking == ["mvp.client.api_client"]


def test_pages_call_the_api_through_the_error_reporting_helper() -> None:
    """Pages use widgets.errors.api_call / api_succeeded, never their own try/except ApiError."""
    catching = [module_name(path) for path in page_modules() if "ApiError" in path.read_text()]
    assert not catching, catching
