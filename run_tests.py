"""Run the whole suite: unit, integration (SQLite and PostgreSQL) and real-browser tests.

Usage: python run_tests.py [pytest args...]   e.g. `python run_tests.py tests/unit -q`
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    args = argv or ["tests/unit", "tests/integration", "tests/e2e"]  # the browser tests last
    return int(pytest.main(["-ra", "--durations=15", *args]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
