"""The fields of an assignment, shared by the form that gives one and the form that changes one: a client,
instructions, and an open window picked with date and time pickers in the teacher's own zone (sent in UTC)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

import streamlit as st

from mvp.client.course_models import Assignment
from mvp.client.models import Client
from mvp.logic.courses import to_utc
from mvp.widgets.client_picker import client_label

RELEASES = {"immediate": "Students see their scores at once", "after_review": "After I review and release them"}


def _moment(label: str, keys: Sequence[str], default: datetime, *, on: bool, zone: tzinfo) -> str | None:
    """A checkbox that sets the moment at all, then a date and a time picker; the UTC ISO time, or None."""
    flag_key, date_key, time_key = keys
    wanted = st.checkbox(label, value=on, key=flag_key)
    cols = st.columns(2)
    day = cols[0].date_input("Date", value=default.date(), key=date_key, label_visibility="collapsed")
    at = cols[1].time_input("Time", value=default.time().replace(second=0, microsecond=0), key=time_key,
                            step=timedelta(minutes=15), label_visibility="collapsed")
    return to_utc(day, at, zone).isoformat() if wanted else None


def assignment_fields(keys: Sequence[str], clients: list[Client], rubrics: Mapping[int, str], zone: tzinfo,
                      zone_name: str, *, given: Assignment | None = None, default_rubric: int | None = None
                      ) -> dict[str, Any]:
    """Draw the fields (inside the caller's st.form), filled from `given` when changing one; the body to send.

    `keys` are the widgets' keys in the order of state.ASSIGNMENT_FORM_FIELDS.
    """
    (client_key, title_key, instructions_key, has_open, open_date, open_time, has_due, due_date, due_time,
     attempts_key, turns_key, late_key, published_key, rubric_key, release_key) = keys
    now = datetime.now(zone)
    by_id = {c.id: c for c in clients}
    if given is not None and given.client_id not in by_id and given.client is not None:
        by_id[given.client_id] = Client(id=given.client_id, name=given.client.name, age=given.client.age)
    client_ids = list(by_id)
    client_id = st.selectbox("Client", client_ids, format_func=lambda cid: client_label(by_id[cid]), key=client_key,
                             index=client_ids.index(given.client_id) if given else 0)
    title = st.text_input("Title", given.title if given else "", placeholder="First interview: engagement",
                          key=title_key)
    instructions = st.text_area("Instructions for the students", given.instructions if given else "",
                                key=instructions_key, height=100,
                                placeholder="What to practise: open questions, two reflections, a summary…")
    st.caption(f"Times are in your time zone ({zone_name}).")
    opens, due = (given.opens_at, given.due_at) if given else (None, None)
    left, right = st.columns(2)
    with left:
        opens_at = _moment("Opens at a set time (else: now)", (has_open, open_date, open_time),
                           opens.astimezone(zone) if opens else now.replace(minute=0) + timedelta(hours=1),
                           on=opens is not None, zone=zone)
    with right:
        next_week_evening = datetime.combine(now.date() + timedelta(days=7), time(17, 0), tzinfo=zone)
        due_at = _moment("Due", (has_due, due_date, due_time), due.astimezone(zone) if due else next_week_evening,
                         on=due is not None if given else True, zone=zone)
    cols = st.columns(4)
    # No min/max on these boxes: a browser refuses to send a form holding an out-of-range number, without a word
    # and leaving the last run's errors on screen. assignment_problems says what is wrong instead.
    max_attempts = cols[0].number_input("Attempts allowed (0: unlimited)", value=(given.max_attempts or 0)
                                        if given else 2, step=1, key=attempts_key)
    min_turns = cols[1].number_input("Messages needed to submit", value=given.min_turns if given else 3, step=1,
                                     key=turns_key)
    allow_late = cols[2].checkbox("Accept late work", given.allow_late if given else False, key=late_key)
    published = cols[3].checkbox("Published" if given else "Publish now", given.is_published if given else True,
                                 key=published_key, help="Unpublished assignments are drafts students do not see.")
    cols = st.columns(2)
    rubric_ids = list(rubrics)
    chosen_rubric = (given.rubric_id if given and given.rubric_id in rubrics else default_rubric)
    rubric_id = cols[0].selectbox("Scored on", rubric_ids, format_func=rubrics.__getitem__, key=rubric_key,
                                  index=rubric_ids.index(chosen_rubric) if chosen_rubric in rubrics else 0,
                                  help="The rubric each submitted attempt is evaluated on: the default, or one of "
                                       "your own (Rubrics page).")
    releases = list(RELEASES)
    release = cols[1].radio("Scores", releases, format_func=RELEASES.__getitem__, key=release_key,
                            index=releases.index(given.feedback_release) if given else 0,
                            help="Before release a student sees their coded lines, metrics and next step, not the "
                                 "scores.")
    return {
        "client_id": client_id, "title": title.strip(), "instructions": instructions.strip(), "opens_at": opens_at,
        "due_at": due_at, "max_attempts": int(max_attempts) or None, "min_turns": int(min_turns),
        "allow_late": allow_late, "is_published": published, "rubric_id": rubric_id, "feedback_release": release,
    }
