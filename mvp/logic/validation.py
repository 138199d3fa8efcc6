"""What the apps check before sending anything; the server checks again."""

from __future__ import annotations

from typing import Any

MIN_PASSWORD = 10


def persona_problems(values: dict[str, Any]) -> list[str]:
    """Problems a teacher can fix in the persona form before it is saved."""
    problems: list[str] = []
    if not str(values.get("name", "")).strip():
        problems.append("Give the client a name.")
    traits = values.get("personality_traits") or []
    if not 2 <= len(traits) <= 5:
        problems.append(f"Choose 2 to 5 personality traits (you have {len(traits)}).")
    if len(values.get("issues") or []) > 12:
        problems.append("Keep to 12 issues at most.")
    for number, item in enumerate(values.get("hidden_facts") or [], start=1):
        if item.get("unlock") and not item.get("fact"):
            problems.append(f"Hidden fact {number} says what earns it but not what the client keeps back: write the "
                            "fact, or remove the row.")
    if values.get("is_published") and not str(values.get("student_brief", "")).strip():
        problems.append("Write a brief for students before publishing: it is what they read first.")
    return problems


def student_account_problems(name: str, email: str, password: str) -> list[str]:
    """Problems with a new student account's details, in the order the form shows them."""
    return [text for bad, text in (
        (not name, "Enter the student's name."),
        ("@" not in email, "Enter a valid email address."),
        (len(password) < MIN_PASSWORD, f"The password needs at least {MIN_PASSWORD} characters."),
    ) if bad]
