"""A rubric as editable rows (one per criterion, its four level descriptors in columns) and back to the API's shape."""

from __future__ import annotations

import re
from typing import Any

from mvp.client.feedback_models import Rubric

LEVEL_COLUMNS = ("Level 1", "Level 2", "Level 3", "Level 4")  # scored 1 to 4


def rubric_rows(rubric: Rubric | None) -> list[dict[str, Any]]:
    """Rows to start a new rubric from (usually the default's), weights in percent."""
    rows = []
    for criterion in (rubric.criteria if rubric else []):
        levels = {int(level["score"]): level["descriptor"] for level in criterion.get("levels", [])}
        rows.append({"Criterion": criterion["title"], "What it looks for": criterion.get("description", ""),
                     "Weight (%)": round(100 * float(criterion["weight"]), 1),
                     **{column: levels.get(score, "") for score, column in enumerate(LEVEL_COLUMNS, start=1)}})
    return rows


def _key(title: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:36] or "criterion"
    base = base if base[0].isalpha() else f"c_{base}"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    taken.add(key)
    return key


def rubric_body(title: str, description: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The POST /rubrics body; blank rows are dropped, keys come from the titles, percent weights become shares.
    The API checks the rest (weights add up to 1, two levels at least) and says what to fix."""
    taken: set[str] = set()
    criteria = []
    for row in rows:
        name = str(row.get("Criterion") or "").strip()
        if not name:
            continue
        levels = [{"score": score, "descriptor": str(row.get(column) or "").strip()}
                  for score, column in enumerate(LEVEL_COLUMNS, start=1) if str(row.get(column) or "").strip()]
        criteria.append({"key": _key(name, taken), "title": name,
                         "description": str(row.get("What it looks for") or "").strip(),
                         "weight": round(float(row.get("Weight (%)") or 0) / 100, 4), "levels": levels})
    return {"title": title.strip(), "description": description.strip(), "criteria": criteria}
