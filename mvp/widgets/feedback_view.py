"""Drawing an evaluation: metric cards against the MITI bands, coded lines, hidden facts, coaching and scores."""

from __future__ import annotations

import streamlit as st

from mvp.client.feedback_models import CODE_LABELS, CriterionResult, Evaluation
from mvp.client.models import Message
from mvp.logic.feedback import (
    APPROXIMATE_NOTE,
    CODE_COLOURS,
    disclosed_in,
    facts_found,
    for_teacher,
    metric_cards,
    score_text,
    standing_badge,
    student_line_numbers,
)
from mvp.widgets.avatars import Speakers, avatar_for
from mvp.widgets.chat import out_of_frame_badge, reply_labels
from mvp.widgets.formatting import as_text
from mvp.widgets.screen_reader import said_label


def evaluation_notices(evaluation: Evaluation) -> None:
    """Say plainly how this evaluation was made: by the rules (approximate) and, if so, why."""
    if evaluation.fallback_reason:
        st.warning(evaluation.fallback_reason, icon=":material/warning:")
    if evaluation.approximate:
        st.info(evaluation.approximate_note or APPROXIMATE_NOTE, icon=":material/rule:")
        st.badge("Approximate", icon=":material/rule:", color="orange")


def metric_panel(evaluation: Evaluation, *, teacher: bool = False) -> None:
    cards = metric_cards(evaluation, teacher=teacher)
    for row in range(0, len(cards), 3):
        for column, card in zip(st.columns(3), cards[row:row + 3], strict=False):
            with column.container(border=True):
                st.metric(card.label, card.value, help=card.help)
                text, colour = standing_badge(card.benchmark)
                if text:
                    st.badge(text, color=colour)  # type: ignore[arg-type]
                if card.bands:
                    st.caption(card.bands.capitalize())


def code_chips(codes: list[str]) -> None:
    with st.container(horizontal=True):
        for code in codes:
            st.badge(CODE_LABELS.get(code, code), color=CODE_COLOURS.get(code, "gray"))  # type: ignore[arg-type]


def coded_transcript(messages: list[Message], evaluation: Evaluation, speakers: Speakers | None, *,
                     show_facts: bool, teacher: bool = False) -> None:
    """The conversation with MITI code chips and a note on each of the student's lines (written to the student,
    or with `teacher` about them: "Student line 2", "they added meaning")."""
    numbers = student_line_numbers(messages)
    facts = disclosed_in(evaluation)
    for message in messages:
        role = "user" if message.role == "user" else "assistant"
        with st.chat_message(role, avatar=avatar_for(role, speakers)):
            said_label(role, speakers)
            if role == "user":
                st.caption(f"{'Student line' if teacher else 'Your line'} {numbers[message.id]}")
            st.markdown(as_text(message.content))
            coded = evaluation.coded(message.id) if role == "user" else None
            if coded is not None and coded.out_of_frame:
                out_of_frame_badge()
            if coded is not None:
                if coded.codes:
                    code_chips(coded.codes)
                st.caption(for_teacher(coded.note) if teacher else coded.note)
            if role == "assistant":
                reply_labels(message)
                for fact in facts.get(message.id, []):
                    st.badge("Shared a hidden fact" + (f": {fact}" if show_facts and fact else ""),
                             icon=":material/key:", color="violet")


def hidden_facts_panel(evaluation: Evaluation, client_name: str) -> None:
    found, total = facts_found(evaluation)
    if not total:
        return
    first = client_name.split()[0] if client_name else "The client"
    st.markdown(f"**Hidden facts uncovered: {found} of {total}**")
    st.progress(found / total)
    for fact in evaluation.hidden_facts:
        if fact.disclosed:
            st.markdown(f"- :material/key: {fact.fact}")
        elif fact.fact:  # staff see what stayed hidden and what would have earned it
            unlock = f" _(earned by: {fact.unlock})_" if fact.unlock else ""
            st.markdown(f"- :material/lock: {fact.fact}{unlock}")
    if found < total:
        st.caption(f"{first} kept {total - found} thing{'s' if total - found != 1 else ''} back. Reflections of "
                   "feeling and patience are what usually earn them.")


def strengths_panel(evaluation: Evaluation, numbers: dict[int, int]) -> None:
    st.subheader("What went well", anchor=False)
    for strength in evaluation.strengths:
        st.markdown(f":material/check_circle: {strength.text}")
        if strength.quote and strength.message_id in numbers:
            st.caption(f"Your line {numbers[strength.message_id]}: “{strength.quote}”")


def next_step_panel(evaluation: Evaluation, numbers: dict[int, int]) -> None:
    step = evaluation.next_step
    if step is None:
        return
    st.subheader(f"Next time: {step.focus.lower()}", anchor=False)
    st.write(step.advice)
    if step.original:
        where = f"your line {numbers[step.message_id]}" if step.message_id in numbers else "you"
        st.markdown(f"**You said** ({where}):")
        st.markdown(f"> {as_text(step.original)}")
    st.markdown("**You could try:**")
    st.success(step.rewrite, icon=":material/lightbulb:")


def _criterion(item: CriterionResult, numbers: dict[int, int]) -> None:
    """One score. Where the teacher changed it, their score and word lead, and the evaluator's reason is shown
    as what it is: superseded (small and grey), never as the verdict that contradicts the score above it."""
    with st.container(border=True, key=f"criterion_{item.key}"):
        if item.score is None:
            st.markdown(f"**{item.title}** — not assessed (not counted in the total)")
        else:
            st.markdown(f"**{item.title}** — {score_text(item.score)} / {score_text(item.max_score)}")
        st.caption(item.level)
        if item.teacher_comment:
            st.info(f"**Your teacher:** {item.teacher_comment}", icon=":material/comment:")
        if item.overridden:
            st.caption(f"Your teacher set this score; the evaluator had given {score_text(item.original_score)}. "
                       f"Its reason, superseded: ~~{item.rationale.strip()}~~" if item.rationale.strip() else
                       f"Your teacher set this score; the evaluator had given {score_text(item.original_score)}.")
            return
        st.write(item.rationale)
        for evidence in item.evidence:
            where = f"Line {numbers[evidence.message_id]}" if evidence.message_id in numbers else "You"
            st.caption(f"{where}: “{evidence.quote}”")


def scores_panel(evaluation: Evaluation, numbers: dict[int, int]) -> None:
    """The rubric scores once the reader may see them, else why not yet."""
    st.subheader(f"Scores: {evaluation.rubric_title}", anchor=False)
    if evaluation.scores_withheld or evaluation.criteria is None:
        st.info("Your teacher will release your scores after reviewing this conversation. Your codes, metrics and "
                "next step are above.", icon=":material/hourglass_top:")
        return
    if evaluation.total_score is not None:
        st.metric("Total", f"{score_text(evaluation.total_score)} / {score_text(evaluation.max_score or 100)}")
    review = evaluation.teacher_review
    if review and review.comment:
        st.info(f"**Your teacher:** {review.comment}", icon=":material/school:")
    for item in evaluation.criteria:
        _criterion(item, numbers)
