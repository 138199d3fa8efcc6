"""Regenerate the apps' typed API models from the API's OpenAPI schema: `python scripts/generate_client.py`.

Writes mvp/client/generated/openapi.json (the schema as create_app() serves it, keys sorted) and
mvp/client/generated/models.py (pydantic models, by datamodel-code-generator with the options below). Both are
committed; tests/unit/test_generated_client.py fails when either has drifted from the API.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "mvp" / "client" / "generated"
SCHEMA = GENERATED / "openapi.json"
MODELS = GENERATED / "models.py"
OPTIONS = [
    "--input-file-type", "openapi", "--output-model-type", "pydantic_v2.BaseModel",
    "--target-python-version", "3.11", "--disable-timestamp", "--formatters", "builtin",
    "--use-annotated", "--field-constraints", "--use-standard-collections", "--use-union-operator",
    "--collapse-root-models", "--enum-field-as-literal", "all",
    "--strict-nullable",  # a field with a default is never null (the API always sends it), as the apps read it
]


def current_schema() -> str:
    """The OpenAPI document as the API serves it, as stable text (sorted keys, two-space indent)."""
    sys.path.insert(0, str(ROOT))
    from backend.main import create_app

    return json.dumps(create_app().openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _generator(*extra: str) -> subprocess.CompletedProcess[str]:
    """The generator on the committed schema, writing (or with --check, comparing) the committed models; run from
    the repository, so it formats by the project's pyproject.toml wherever it is started."""
    command = [sys.executable, "-m", "datamodel_code_generator", "--input", str(SCHEMA), "--output", str(MODELS),
               *OPTIONS, *extra]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def generate_models() -> None:
    _generator().check_returncode()


def models_drift() -> str | None:
    """Why the committed models are not what the generator makes of the committed schema, or None."""
    checked = _generator("--check")
    return None if checked.returncode == 0 else (checked.stdout + checked.stderr).strip() or "they differ"


def main() -> None:
    GENERATED.mkdir(parents=True, exist_ok=True)
    SCHEMA.write_text(current_schema())
    generate_models()
    print(f"wrote {SCHEMA.relative_to(ROOT)} and {MODELS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
