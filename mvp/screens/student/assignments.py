"""Student: My assignments — due soonest first, with status, attempts left and instructions; start, resume, submit."""

from __future__ import annotations

from datetime import tzinfo

import streamlit as st

from mvp import state
from mvp.client.course_models import Assignment
from mvp.logic.courses import STATUS_BADGES, STATUS_LABELS, attempts_text
from mvp.widgets.api_calls import api_call, has_items
from mvp.widgets.flash import show_flash
from mvp.widgets.formatting import local_time, local_times_in
from mvp.widgets.invitations import pending_invitations
from mvp.widgets.student_steps import open_conversation, open_feedback, submit_attempt
from mvp.widgets.timezone import viewer_zone


def _actions(assignment: Assignment) -> None:
    """Resume or submit the attempt in progress; else start one, or say why starting is not possible; the
    submitted attempt's feedback is one click away."""
    key = assignment.id
    if assignment.submitted_session_id is not None and st.button(
            "See feedback", key=f"feedback_assignment_{key}", icon=":material/grading:"):
        open_feedback(assignment.submitted_session_id)
    if assignment.active_session_id is not None:
        cols = st.columns(2)
        if cols[0].button("Resume", key=f"resume_assignment_{key}", type="primary", icon=":material/forum:"):
            open_conversation(assignment.active_session_id)
        if cols[1].button("Submit", key=f"submit_assignment_{key}", icon=":material/task_alt:"):
            submit_attempt(assignment.active_session_id, assignment.title, show_feedback=False)
        return
    unsubmitted = assignment.last_session_id if assignment.status == "in_progress" else None
    if unsubmitted is not None and st.button("Submit my last attempt", key=f"submit_last_{key}",
                                             icon=":material/task_alt:"):
        submit_attempt(unsubmitted, assignment.title, show_feedback=False)
    if assignment.start_refusal:
        st.caption(f":material/block: {local_times_in(assignment.start_refusal, viewer_zone())}")
        return
    label = "Start" if not assignment.attempts_used else "Start a new attempt"
    kind = "secondary" if assignment.submitted_at else "primary"
    if st.button(label, key=f"start_assignment_{key}", type=kind, icon=":material/play_arrow:"):
        session = api_call(state.api().start_assignment, assignment.id)
        if session is not None:
            open_conversation(session.id)


def _card(assignment: Assignment, zone: tzinfo) -> None:
    with st.container(border=True, key=f"assignment_{assignment.id}"):
        head, badge = st.columns([4, 1])
        head.markdown(f"### {assignment.title}")
        status = assignment.status or "not_started"
        badge.badge(STATUS_LABELS.get(status, status), color=STATUS_BADGES.get(status, "gray"))  # type: ignore[arg-type]
        due = f"Due {local_time(assignment.due_at, zone)}" if assignment.due_at else "No due date"
        late = " · late work accepted" if assignment.allow_late else ""
        st.caption(f"{assignment.section_name} · {due}{late} · {attempts_text(assignment)} · at least "
                   f"{assignment.min_turns} of your messages to submit")
        if assignment.submitted_at:
            st.caption(f"Submitted {local_time(assignment.submitted_at, zone)}"
                       + (" (after the due date)" if assignment.late else ""))
        if assignment.client:
            st.markdown(f"**Client:** {assignment.client.name}, {assignment.client.age}. "
                        f"{assignment.client.student_brief}")
        if assignment.instructions:
            st.markdown(f"**What to practise:** {assignment.instructions}")
        _actions(assignment)


def assignments_page() -> None:
    st.title("My assignments", anchor=False)
    st.caption("What your teachers have asked you to practise, due soonest first. Start an attempt, talk with the "
               "client, then submit it: your teacher sees the submitted conversation.")
    show_flash()
    pending_invitations()
    found = api_call(state.api().my_assignments)
    if not has_items(found, empty="No assignments yet. When your teacher assigns a client, it appears here; "
                                  "meanwhile you can practise freely under **Practice clients**."):
        return
    zone = viewer_zone()
    opened = state.lti_assignment.get()  # the course link the student came from: that assignment first
    if opened is not None:
        found = sorted(found, key=lambda a: a.id != opened)
        if found[0].id == opened:
            st.info(f"Opened from your course: **{found[0].title}**.", icon=":material/school:")
    for assignment in found:
        _card(assignment, zone)
