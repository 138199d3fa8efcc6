"""The teacher's form to give a section an assignment: a client, instructions, and an open window picked with date
and time pickers in the teacher's own time zone (sent to the API in UTC)."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo
from typing import Any

import streamlit as st

from mvp import state
from mvp.client.course_models import Section
from mvp.client.models import Client
from mvp.logic.courses import to_utc
from mvp.widgets.api_calls import api_call
from mvp.widgets.client_picker import client_label
from mvp.widgets.flash import flash

(CLIENT, TITLE, INSTRUCTIONS, HAS_OPEN, OPEN_DATE, OPEN_TIME, HAS_DUE, DUE_DATE, DUE_TIME, MAX_ATTEMPTS,
 MIN_TURNS, ALLOW_LATE, PUBLISHED, RUBRIC, RELEASE) = state.ASSIGNMENT_FORM_FIELDS
RELEASES = {"immediate": "Students see their scores at once", "after_review": "After I review and release them"}


def _moment(label: str, flag_key: str, date_key: str, time_key: str, default: datetime, *, on: bool,
            zone: tzinfo) -> str | None:
    """A checkbox that sets the moment at all, then a date and a time picker; the UTC ISO time, or None."""
    wanted = st.checkbox(label, value=on, key=flag_key)
    cols = st.columns(2)
    day = cols[0].date_input("Date", value=default.date(), key=date_key, label_visibility="collapsed")
    at = cols[1].time_input("Time", value=default.time().replace(second=0, microsecond=0), key=time_key,
                            step=timedelta(minutes=15), label_visibility="collapsed")
    return to_utc(day, at, zone).isoformat() if wanted else None


def assignment_form(section: Section, clients: list[Client], zone: tzinfo, zone_name: str) -> None:
    if not clients:
        st.info("Write a client first (My clients → New client): an assignment gives one of your clients to the "
                "section. Drafts are fine: students reach an assigned client only through the assignment.")
        return
    rubrics = {rubric.id: rubric.title + (" (default)" if rubric.is_default else "")
               for rubric in api_call(state.api().list_rubrics) or []}
    if not rubrics:
        return
    now = datetime.now(zone)
    next_week_evening = datetime.combine(now.date() + timedelta(days=7), time(17, 0), tzinfo=zone)
    with st.form(f"assign_{section.id}"):
        st.markdown("#### Give an assignment")
        by_id = {c.id: c for c in clients}
        client_id = st.selectbox("Client", list(by_id), format_func=lambda cid: client_label(by_id[cid]), key=CLIENT)
        title = st.text_input("Title", placeholder="First interview: engagement", key=TITLE)
        instructions = st.text_area("Instructions for the students", key=INSTRUCTIONS, height=100,
                                    placeholder="What to practise: open questions, two reflections, a summary…")
        st.caption(f"Times are in your time zone ({zone_name}).")
        left, right = st.columns(2)
        with left:
            opens_at = _moment("Opens at a set time (else: now)", HAS_OPEN, OPEN_DATE, OPEN_TIME,
                               now.replace(minute=0) + timedelta(hours=1), on=False, zone=zone)
        with right:
            due_at = _moment("Due", HAS_DUE, DUE_DATE, DUE_TIME, next_week_evening, on=True, zone=zone)
        cols = st.columns(4)
        max_attempts = cols[0].number_input("Attempts allowed (0: unlimited)", 0, 100, 2, key=MAX_ATTEMPTS)
        min_turns = cols[1].number_input("Messages needed to submit", 0, 200, 3, key=MIN_TURNS)
        allow_late = cols[2].checkbox("Accept late work", key=ALLOW_LATE)
        published = cols[3].checkbox("Publish now", value=True, key=PUBLISHED,
                                     help="Unpublished assignments are drafts students do not see.")
        cols = st.columns(2)
        rubric_id = cols[0].selectbox("Scored on", list(rubrics), format_func=rubrics.__getitem__, key=RUBRIC,
                                      help="The rubric each submitted attempt is evaluated on: the default, or "
                                           "one of your own (Rubrics page).")
        release = cols[1].radio("Scores", list(RELEASES), format_func=RELEASES.__getitem__, key=RELEASE,
                                help="Before release a student sees their coded lines, metrics and next step, "
                                     "not the scores.")
        if not st.form_submit_button("Assign", type="primary", icon=":material/assignment_add:"):
            return
    body: dict[str, Any] = {
        "client_id": client_id, "title": title.strip(), "instructions": instructions.strip(), "opens_at": opens_at,
        "due_at": due_at, "max_attempts": int(max_attempts) or None, "min_turns": int(min_turns),
        "allow_late": allow_late, "is_published": published, "rubric_id": rubric_id, "feedback_release": release,
    }
    if not body["title"]:
        st.error("Give the assignment a title students will recognise.")
        return
    made = api_call(state.api().create_assignment, section.id, body)
    if made is None:
        return
    state.reset_widgets(state.ASSIGNMENT_FORM_FIELDS)
    flash(f"Assigned {by_id[client_id].name} to {section.name} as “{made.title}”.")
    st.rerun()
