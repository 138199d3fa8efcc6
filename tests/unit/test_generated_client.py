"""The apps' generated API models match the API: regenerate with `python scripts/generate_client.py` when this fails."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("generate_client", ROOT / "scripts" / "generate_client.py")
assert _spec is not None and _spec.loader is not None
generate_client = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_client)

REGENERATE = "the API changed: run `python scripts/generate_client.py` and commit mvp/client/generated/"


def test_the_committed_schema_is_the_one_the_api_serves() -> None:
    assert generate_client.SCHEMA.read_text() == generate_client.current_schema(), REGENERATE


def test_the_committed_models_are_what_the_generator_makes_of_it() -> None:
    drift = generate_client.models_drift()
    assert drift is None, f"{REGENERATE}\n{drift}"


def test_a_check_from_the_api_reads_into_the_apps_model() -> None:
    from mvp.client.checks import PersonaCheck

    check = PersonaCheck.from_json({
        "id": 1, "client_id": 2, "created_at": "2026-12-01T10:00:00Z", "provider": "offline", "model": "sim",
        "verdict": "warn", "judged": False, "cost_usd": 0, "persona_updated_at": "2026-12-01T09:00:00Z",
        "probes": [{"key": "hostile", "title": "A hostile student", "purpose": "p", "verdict": "warn",
                    "reasons": ["Gave in"], "rules_verdict": "warn", "turns": [{"student": "s", "reply": "r"}]}],
    })
    assert check.count("warn") == 1 and check.probes[0].turns[0].reply == "r" and check.up_to_date
