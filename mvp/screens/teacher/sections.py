"""Teacher: sections — create one, enroll students, give assignments, follow progress, and download the results."""

from __future__ import annotations

from datetime import tzinfo

import pandas as pd
import streamlit as st

from mvp import state
from mvp.client.course_models import Section, SectionProgress
from mvp.logic.courses import STATUS_LABELS, attempts_allowed
from mvp.logic.lti import lms_labels
from mvp.widgets import url_state
from mvp.widgets.api_calls import api_call, api_succeeded, has_items
from mvp.widgets.assignment_editor import assignment_editor
from mvp.widgets.assignment_form import assignment_form
from mvp.widgets.avatars import Speakers
from mvp.widgets.chat import render_transcript
from mvp.widgets.choices import pick
from mvp.widgets.confirm import confirm_row
from mvp.widgets.downloads import download
from mvp.widgets.flash import show_flash
from mvp.widgets.formatting import local_time, plural
from mvp.widgets.lms_panel import lms_panel
from mvp.widgets.progress_grid import progress_grid
from mvp.widgets.section_editor import section_editor
from mvp.widgets.section_forms import enroll_form, new_section_form
from mvp.widgets.timezone import viewer_zone, viewer_zone_name


def _transcript(progress: SectionProgress, zone: tzinfo) -> None:
    """The transcript chosen in the grid (or below it), with its files to download."""
    sessions = {}
    for student in progress.students:
        for assignment, cell in zip(progress.assignments, student.cells, strict=True):
            session_id = cell.submitted_session_id or cell.last_session_id
            if session_id:
                status = STATUS_LABELS.get(cell.status, cell.status)
                sessions[session_id] = f"{student.display_name} · {assignment.title} · {status}"
    if not sessions:
        st.caption("Transcripts appear here once students start their assignments.")
        return
    session_id = pick("Open a transcript (or click a cell in the grid)", sessions, state.grid_session)
    if session_id is None:
        return
    session = api_call(state.api().get_session, session_id)
    messages = api_call(state.api().list_messages, session_id)
    if session is None or messages is None:
        return
    submitted = f" · submitted {local_time(session.submitted_at, zone)}" if session.submitted_at else ""
    st.caption(f"Attempt {session.attempt_number or 1} · started {local_time(session.started_at, zone)}"
               f"{submitted} · {plural(session.student_turns, 'student message')}")
    client, zone_name = state.api(), viewer_zone_name()
    cols = st.columns(2)
    with cols[0]:
        download("Transcript (PDF)", lambda: client.transcript_file(session_id, file_format="pdf", tz=zone_name),
                 file_name=f"transcript-{session_id}.pdf", mime="application/pdf", key=f"pdf_{session_id}")
    with cols[1]:
        download("Transcript (Markdown)", lambda: client.transcript_file(session_id, file_format="md", tz=zone_name),
                 file_name=f"transcript-{session_id}.md", mime="text/markdown", key=f"md_{session_id}")
    render_transcript(messages, show_usage=False, empty_text="No messages in this conversation yet.",
                      speakers=Speakers.of(session))


def _progress_tab(section: Section, zone: tzinfo) -> None:
    progress = api_call(state.api().section_progress, section.id)
    if progress is None:
        return
    client, zone_name, code = state.api(), viewer_zone_name(), section.course_code or f"section-{section.id}"
    row = st.container(horizontal=True)
    with row:
        download("Gradebook (CSV for Canvas or Moodle)", lambda: client.gradebook_csv(section.id),
                 file_name=f"{code}-gradebook.csv", mime="text/csv", key=state.DOWNLOAD_GRADEBOOK)
        download("Submitted transcripts (zip)", lambda: client.transcripts_zip(section.id, tz=zone_name),
                 file_name=f"{code}-transcripts.zip", mime="application/zip", key=state.DOWNLOAD_TRANSCRIPTS)
    if not progress.students or not progress.assignments:
        st.info("The grid fills in once the section has students and an assignment (see the other tabs).")
        return
    sends = api_call(state.api().score_sends, section.id) or []
    progress_grid(progress, lms_labels(sends))
    lms_panel(section.id, progress, sends)
    _transcript(progress, zone)


def _students_tab(section: Section, zone: tzinfo) -> None:
    enroll_form(section)
    roster = api_call(state.api().roster, section.id)
    pending = api_call(state.api().pending_invitations, section.id) or []
    if pending:
        st.markdown(f"#### Pending ({len(pending)})")
        st.caption("Invited students who study with another teacher: they join once they accept. Removing one "
                   "withdraws the invitation.")
        st.dataframe(pd.DataFrame([{"Name": r.display_name, "Email": r.email, "Status": "Pending",
                                    "Invited": local_time(r.enrolled_at, zone)} for r in pending]), hide_index=True)
    if not has_items(roster, empty="Nobody is enrolled yet."):
        roster = []
    else:
        st.markdown(f"#### Enrolled ({len(roster)})")
        st.dataframe(pd.DataFrame([{"Name": r.display_name, "Email": r.email,
                                    "Enrolled": local_time(r.enrolled_at, zone)} for r in roster]), hide_index=True)
    names = {r.student_id: f"{r.display_name} ({r.email})" for r in roster}
    names |= {r.student_id: f"{r.display_name} ({r.email}, invited)" for r in pending}
    if names:
        _remove_student(section, names)


def _remove_student(section: Section, names: dict[int, str]) -> None:
    """Nobody is chosen until the teacher picks someone, and removing asks first: it is one click from a mistake."""
    cols = st.columns([3, 1], vertical_alignment="bottom")
    leaving = cols[0].selectbox("Remove a student (their conversations are kept)", list(names), index=None,
                                format_func=names.__getitem__, placeholder="Choose a student",
                                key=f"{state.REMOVE_CHOICE}_{section.id}")
    if cols[1].button("Remove from section", icon=":material/person_remove:", disabled=leaving is None,
                      key=f"{state.REMOVE_STUDENT}_{section.id}"):
        state.confirm_remove.set(leaving)
    if leaving is None or state.confirm_remove.get() != leaving:
        return
    def remove() -> bool:
        if not api_succeeded(state.api().remove_student, section.id, leaving):
            return False
        st.session_state.pop(f"{state.REMOVE_CHOICE}_{section.id}", None)
        return True

    confirm_row(state.confirm_remove,
                f"Remove **{names[leaving]}** from {section.name}? They lose its assignments; their conversations "
                "are kept and you can enroll them again.",
                yes="Yes, remove", key=f"remove_{section.id}", done=f"Removed {names[leaving]} from {section.name}.",
                act=remove)


def _assignments_tab(section: Section, zone: tzinfo) -> None:
    given = api_call(state.api().section_assignments, section.id)
    if given:
        # A plain table: it wraps instead of cutting the last columns off (the grid did, on a laptop screen).
        st.table(pd.DataFrame([{
            "Title": a.title, "Client": a.client.name if a.client else "", "Opens": local_time(a.opens_at, zone),
            "Due": local_time(a.due_at, zone), "Attempts allowed": attempts_allowed(a), "Messages to submit":
            a.min_turns, "Late work": "accepted" if a.allow_late else "no",
            "Published": "yes" if a.is_published else "draft",
        } for a in given]), hide_index=True, border="horizontal")
    elif given is not None:
        st.caption("No assignments yet.")
    clients = api_call(state.api().list_clients)
    if clients is None:
        return
    zone_name = viewer_zone_name() or "UTC"
    if given:
        with st.expander("Change or delete an assignment", icon=":material/edit:",
                         expanded=state.assignment_choice.get() is not None):
            assignment_editor(given, clients, zone, zone_name)
    assignment_form(section, clients, zone, zone_name)


TABS = {"Progress": _progress_tab, "Students": _students_tab, "Assignments": _assignments_tab}


def sections_page() -> None:
    st.title("Sections", anchor=False)
    st.caption("Your classes: enroll students, give them clients to interview with instructions and due dates, "
               "and see at a glance who has done what.")
    show_flash()
    sections = api_call(state.api().list_sections)
    if sections is None:
        return
    with st.expander("New section", expanded=not sections, icon=":material/add:"):
        new_section_form()
    if not sections:
        return
    by_id = {s.id: s for s in sections}
    url_state.restore(state.section_choice.key, "section", int)
    url_state.restore(state.SECTION_TAB, "tab", lambda tab: tab if tab in TABS else None)
    section_id = pick("Section", {s.id: s.label for s in sections}, state.section_choice)
    url_state.keep("section", section_id)
    if section_id is None:
        return
    section = by_id[section_id]
    zone = viewer_zone()
    cols = st.columns(3)
    cols[0].metric("Students", section.student_count)
    cols[1].metric("Assignments", section.assignment_count)
    cols[2].metric("Course code", section.course_code or "—")
    section_editor(section)
    # The tab stays open across reruns (a form sent, a cell clicked), and only the open one fetches its data.
    if st.session_state.get(state.SECTION_TAB) not in TABS:
        st.session_state.pop(state.SECTION_TAB, None)
    tabs = st.tabs(list(TABS), key=state.SECTION_TAB, on_change="rerun")
    url_state.keep("tab", st.session_state.get(state.SECTION_TAB))
    for tab, draw in zip(tabs, TABS.values(), strict=True):
        if tab.open:
            with tab:
                draw(section, zone)
