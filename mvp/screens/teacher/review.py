"""Teacher: the review queue, each conversation's transcript beside its rubric, with overrides and release."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mvp import state
from mvp.client.feedback_models import CriterionResult, Evaluation
from mvp.client.models import Message, Session
from mvp.logic.feedback import for_teacher, score_text, student_line_numbers
from mvp.logic.review import SHOW, feedback_status, overrides, queue, queue_rows, still_open, weighted_total
from mvp.widgets.api_calls import api_call, has_items
from mvp.widgets.avatars import Speakers
from mvp.widgets.choices import pick
from mvp.widgets.feedback_view import coded_transcript, evaluation_notices, hidden_facts_panel, metric_panel
from mvp.widgets.flash import flash, show_flash
from mvp.widgets.formatting import session_label
from mvp.widgets.timezone import viewer_zone, when_column


def _criterion_inputs(item: CriterionResult, numbers: dict[int, int], prefix: str) -> tuple[float | None, str]:
    st.markdown(f"**{item.title}** · weight {item.weight:.0%}")
    st.caption(f"Evaluator: {score_text(item.original_score)} / {score_text(item.max_score)}. "
               f"{for_teacher(item.rationale)}")
    for evidence in item.evidence:
        st.caption(f"Line {numbers.get(evidence.message_id, '?')}: “{evidence.quote}”")
    levels: dict[float | None, str] = {float(level["score"]): level["descriptor"] for level in item.levels}
    if item.original_score is None:  # not assessed by the evaluator (no risk came up): the teacher may still score it
        levels = {None: "Not assessed (not counted in the total)", **levels}
    scores = list(levels)
    score = st.selectbox("Score", scores, index=scores.index(item.score) if item.score in scores else 0,
                         format_func=lambda s: levels[s] if s is None else f"{s:g} · {levels[s]}",
                         key=f"{prefix}_{item.key}")
    if score is not None:
        st.caption(f"{score:g}: {levels[score]}")  # the level in full: a long descriptor is cut off in the box
    comment = st.text_input("Comment to the student", item.teacher_comment, max_chars=4000,
                            key=f"{prefix}_{item.key}_comment")
    return (None if score is None else float(score)), comment


def _review_form(session: Session, evaluation: Evaluation, numbers: dict[int, int]) -> None:
    """Overrides keep the evaluator's score beside the teacher's; saving can release the scores at once.

    Not an st.form: the total follows each score as it is chosen, so the teacher sees what an override does to
    the grade before saving it.
    """
    criteria = evaluation.criteria or []
    review = evaluation.teacher_review
    prefix = state.review_widgets(session.id, evaluation)
    with st.container(border=True, key=f"review_{session.id}"):
        total_slot = st.empty()
        chosen: dict[str, float | None] = {}
        comments: dict[str, str] = {}
        for item in criteria:
            with st.container(border=True):
                chosen[item.key], comments[item.key] = _criterion_inputs(item, numbers, prefix)
        original = review.original_total_score if review else evaluation.total_score
        total = weighted_total(criteria, chosen) if criteria else evaluation.total_score
        total_slot.metric("Total", f"{score_text(total)} / {score_text(evaluation.max_score or 100)}",
                          delta=None if original is None or total in (None, original) else
                          f"{total - original:+g} from the evaluator's {original:g}")
        comment = st.text_area("Overall comment to the student", review.comment if review else "", max_chars=4000,
                               key=f"{prefix}_overall")
        released = st.checkbox("Release the scores to the student", evaluation.released,
                               key=f"{prefix}_released",
                               help="Before release the student sees codes, metrics and coaching, not the scores.")
        if not st.button("Save review", type="primary", icon=":material/save:", key=f"{prefix}_save"):
            return
    saved = api_call(state.api().review_evaluation, session.id, criteria=overrides(criteria, chosen, comments),
                     comment=comment, released=released)
    if saved is not None:
        flash(f"Saved your review of {session.user_display_name}'s conversation"
              + (" and released the scores." if saved.released else "; the scores are held back."))
        st.rerun()


def _evaluate(session: Session, *, refresh: bool) -> None:
    with st.spinner("Evaluating…"):
        if api_call(state.api().evaluate, session.id, refresh=refresh) is not None:
            if refresh:
                flash("Evaluated again; your overrides and comments were kept.")
            st.rerun()


def _open(session: Session, evaluated: bool) -> None:
    messages = api_call(state.api().list_messages, session.id)
    if messages is None:
        return
    st.subheader(f"{session.user_display_name} with {session.client_name}", anchor=False)
    if not evaluated:
        st.info("This conversation has not been evaluated yet.", icon=":material/grading:")
        if st.button("Evaluate now", type="primary", key=f"evaluate_{session.id}", icon=":material/grading:"):
            _evaluate(session, refresh=False)
        return
    evaluation = api_call(state.api().evaluation, session.id)
    if evaluation is None:
        return
    if not evaluation.ready:
        st.info(evaluation.error or "The evaluation is still running. Reload in a moment.",
                icon=":material/hourglass_top:")
    else:
        _show(session, evaluation, messages)
    if st.button("Run the evaluation again", icon=":material/refresh:", key=f"rerun_{session.id}"):
        _evaluate(session, refresh=True)


def _show(session: Session, evaluation: Evaluation, messages: list[Message]) -> None:
    numbers = student_line_numbers(messages)
    evaluation_notices(evaluation)
    metric_panel(evaluation, teacher=True)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("#### Transcript")
        hidden_facts_panel(evaluation, session.client_name)
        coded_transcript(messages, evaluation, Speakers.of(session), show_facts=True, teacher=True)
    with right:
        st.markdown(f"#### Rubric: {evaluation.rubric_title}")
        _review_form(session, evaluation, numbers)


def review_page() -> None:
    st.title("Review queue", anchor=False)
    st.caption("Students' finished conversations with your clients. Check the evaluator's scores against the "
               "transcript, change any you disagree with, and release them to the student.")
    show_flash()
    show = st.radio("Show", list(SHOW), horizontal=True, key=state.REVIEW_SHOW)
    sessions = api_call(state.api().list_sessions, status="ended", limit=500)
    summaries = api_call(state.api().list_evaluations, limit=500)
    if sessions is None or summaries is None:
        return
    evaluations = {item.session_id: item for item in summaries}
    listed = queue(sessions, evaluations, SHOW[show])
    kept = still_open(sessions, listed, state.review_choice.get())
    if not listed and kept is None:
        has_items(listed, empty="Nothing waiting here. Conversations appear once a student ends one.")
        return
    if listed:
        st.dataframe(pd.DataFrame(queue_rows(listed, evaluations)), hide_index=True, column_config={
            "Ended": when_column(),
            "Approximate": st.column_config.CheckboxColumn(help="Scored by rules rather than an AI reader",
                                                           width="small")})
    else:
        st.caption("Nothing else waiting here.")
    zone = viewer_zone()
    labels = {s.id: session_label(s, zone) for s in listed}
    if kept is not None:  # just reviewed: gone from the list above, still open below until the teacher moves on
        labels[kept.id] = f"{session_label(kept, zone)} · {feedback_status(evaluations.get(kept.id)).lower()}"
        st.caption(f"#{kept.id} is {feedback_status(evaluations.get(kept.id)).lower()}, so it has left "
                   f"“{show}”; it stays open below until you choose another.")
    by_id = {s.id: s for s in [*listed, *([kept] if kept else [])]}
    chosen_id = pick("Open a conversation", labels, state.review_choice)
    if chosen_id is not None:
        _open(by_id[chosen_id], evaluated=chosen_id in evaluations)
