"""The persona form's hidden facts: each thing the client keeps back, and what the student must do to earn it."""

from __future__ import annotations

import streamlit as st

from mvp import state
from mvp.state import FactRows

MAX_FACTS = 10  # the API's limit
FACT_HELP = ("One thing the client keeps back until it is earned, in the third person (\"She skips meals so the "
             "dog can eat\"). Feedback tells the student which facts came out.")
UNLOCK_HELP = ("What earns it: a reflection of a feeling, a question about family, sustained empathy... Leave "
               "empty for rapport in general.")


def hidden_facts_editor(key: str, initial: list[dict[str, str]]) -> list[dict[str, str]]:
    """A row per hidden fact with its unlock condition; rows are added and removed with buttons.

    Returns every row as typed (blank ones included, for the form's checks); the form drops blank rows.
    """
    slot = state.fact_rows(key)
    rows = slot.get()
    if rows is None:
        rows = FactRows(rows=list(range(len(initial))), next_id=len(initial))
        slot.set(rows)
    facts: list[dict[str, str]] = []
    for number, row in enumerate(rows.rows, start=1):
        start = initial[row] if row < len(initial) else {}
        cols = st.columns([5, 4, 2], vertical_alignment="bottom")  # room for "Remove" beside its icon
        fact = cols[0].text_area(f"Hidden fact {number}", start.get("fact", ""), max_chars=1000, height=68,
                                 help=FACT_HELP, key=f"{key}_fact_{row}")
        unlock = cols[1].text_area("What earns it", start.get("unlock", ""), max_chars=500, height=68,
                                   help=UNLOCK_HELP, key=f"{key}_unlock_{row}",
                                   placeholder="e.g. a reflection of the shame behind the jokes")
        if cols[2].button("Remove", key=f"{key}_remove_fact_{row}", icon=":material/delete:",
                          help=f"Remove hidden fact {number}"):
            rows.rows.remove(row)
            st.rerun()
        facts.append({"fact": fact.strip(), "unlock": unlock.strip()})
    if not rows.rows:
        st.caption("No hidden facts yet. Add what the client keeps back until the student earns their trust.")
    full = len(rows.rows) >= MAX_FACTS
    if st.button("Add a hidden fact", key=f"{key}_add_fact", icon=":material/add:", disabled=full,
                 help="That is the most a client holds." if full else f"Up to {MAX_FACTS} facts."):
        rows.rows.append(rows.next_id)
        rows.next_id += 1
        st.rerun()
    return facts
