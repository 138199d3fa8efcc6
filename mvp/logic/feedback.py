"""Feedback as plain values the pages draw: metric cards with their bands, line numbers, progress rows."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace
from typing import Any

from mvp.client.api_client import ApiClient
from mvp.client.feedback_models import Benchmark, Evaluation, EvaluationSummary
from mvp.client.models import Message

PENDING_WAIT_S = 20.0  # a submitted attempt's evaluation runs in the background: wait this long for it
PENDING_POLL_S = 1.0

STANDING_TEXT = {"good": ("Good", "green"), "fair": ("Fair", "orange"), "below_fair": ("Below fair", "red")}
CODE_COLOURS = {
    "open_question": "blue", "closed_question": "gray", "simple_reflection": "green",
    "complex_reflection": "green", "affirm": "violet", "seek_collaboration": "violet",
    "emphasize_autonomy": "violet", "giving_information": "gray", "persuade": "red",
    "persuade_with_permission": "orange", "confront": "red",
}
APPROXIMATE_NOTE = "Approximate: scored by rules, not by an AI reader; treat the scores as a rough guide."


@dataclass(frozen=True)
class MetricCard:
    label: str
    value: str
    help: str
    benchmark: Benchmark | None = None
    bands: str = ""  # "fair 50 % · good 70 %"


def score_text(value: float | None) -> str:
    """A score as '7.5', or '—' when the API sent none."""
    return "—" if value is None else f"{value:g}"


def _ratio(value: Any) -> str:
    return "—" if value is None else f"{float(value):.1f} : 1"


def _percent(value: Any) -> str:
    return "—" if value is None else f"{float(value):.0f} %"


# (metric, label, how to write it, what it means)
CARDS: tuple[tuple[str, str, Any, str], ...] = (
    ("reflection_to_question_ratio", "Reflections per question", _ratio,
     "How many reflections you made for each question you asked. Listening shows in reflections."),
    ("percent_open_questions", "Open questions", _percent,
     "The share of your questions that invited the client to answer in their own words."),
    ("percent_complex_reflections", "Complex reflections", _percent,
     "The share of your reflections that added meaning or feeling to what the client said."),
    ("percent_mi_adherent", "MI-consistent moves", _percent,
     "Affirming, seeking collaboration and supporting autonomy, against advising without permission and "
     "confronting."),
)


_SECOND_PERSON = {"you": "they", "You": "They", "your": "their", "Your": "Their", "you're": "they're",
                  "You're": "They're", "you've": "they've", "You've": "They've", "yours": "theirs",
                  "yourself": "themselves", "Yourself": "Themselves"}
_SECOND_PERSON_WORD = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _SECOND_PERSON), key=len, reverse=True))
                                 + r")\b")


def for_teacher(text: str) -> str:
    """Feedback written to the student, said about them instead ("you added meaning" -> "they added meaning"), for
    the teacher's review screen: the teacher is not the one who spoke."""
    return _SECOND_PERSON_WORD.sub(lambda match: _SECOND_PERSON[match.group(0)], text)


def metric_cards(evaluation: Evaluation, *, teacher: bool = False) -> list[MetricCard]:
    """The four benchmarked metrics, then talk share and turns (MITI sets no bands for those); `teacher` words them
    about the student rather than to them."""
    metrics = evaluation.metrics or {}
    cards = []
    for name, label, write, meaning in CARDS:
        bench = evaluation.benchmarks.get(name)
        bands = f"fair {write(bench.fair)} · good {write(bench.good)}" if bench else ""
        source = f" Bands from {bench.source}." if bench else ""
        cards.append(MetricCard(label, write(metrics.get(name)), meaning + source, bench, bands))
    share = metrics.get("student_talk_share")
    cards.append(MetricCard("Your share of the talk", _percent(None if share is None else 100 * share),
                            "The share of all words that were yours; the client should do most of the talking."))
    cards.append(MetricCard("Your messages", str(metrics.get("student_turns", 0)), "Messages you sent."))
    if teacher:
        cards = [replace(card, label=card.label.replace("Your ", "Student's ").replace("Student's messages",
                                                                                       "Student messages"),
                         help=for_teacher(card.help)) for card in cards]
    return cards


def standing_badge(bench: Benchmark | None) -> tuple[str, str]:
    """The text and colour of a metric's standing against its bands."""
    if bench is None:
        return "", "gray"
    if bench.standing is None:
        return "Not enough to tell", "gray"
    return STANDING_TEXT.get(bench.standing, (str(bench.standing).replace("_", " ").capitalize() or "Unknown", "gray"))


def student_line_numbers(messages: list[Message]) -> dict[int, int]:
    """Message id -> 1, 2, 3... for the student's own lines, so feedback can say "your line 3"."""
    return {message.id: number for number, message in
            enumerate((m for m in messages if m.role == "user"), start=1)}


def facts_found(evaluation: Evaluation) -> tuple[int, int]:
    return sum(fact.disclosed for fact in evaluation.hidden_facts), len(evaluation.hidden_facts)


def disclosed_in(evaluation: Evaluation) -> dict[int, list[str | None]]:
    """Client message id -> the hidden facts it let out."""
    found: dict[int, list[str | None]] = {}
    for fact in evaluation.hidden_facts:
        if fact.disclosed and fact.message_id is not None:
            found.setdefault(fact.message_id, []).append(fact.fact)
    return found


def progress_rows(evaluations: list[EvaluationSummary]) -> list[dict[str, Any]]:
    """One row per evaluated conversation, oldest first, with the metrics a chart follows over time."""
    rows = []
    for number, item in enumerate(sorted(evaluations, key=lambda e: e.session_id), start=1):  # ids grow with time
        metrics = item.metrics or {}
        rows.append({
            "#": number, "Conversation": item.started_at, "Client": item.client_name,
            "Open questions (%)": metrics.get("percent_open_questions"),
            "Complex reflections (%)": metrics.get("percent_complex_reflections"),
            "Reflections per question": metrics.get("reflection_to_question_ratio"),
            "Hidden facts uncovered": f"{item.hidden_facts_disclosed} of {item.hidden_facts_total}"
            if item.hidden_facts_total else "—",
            "Score": "—" if item.total_score is None else f"{item.total_score:g} / {score_text(item.max_score)}",
            "Approximate": item.approximate,
        })
    return rows


def long_series(rows: list[dict[str, Any]], columns: list[str]) -> list[dict[str, Any]]:
    """The rows as (conversation number, series, value) points for a chart with one line per metric."""
    return [{"#": row["#"], "Client": row["Client"], "Metric": column, "Value": row[column]}
            for row in rows for column in columns if row[column] is not None]


def wait_for_evaluation(client: ApiClient, session_id: int, wait_s: float = PENDING_WAIT_S) -> Evaluation:
    """The session's evaluation, run now if there is none; one already running elsewhere (a submission's, in the
    background) is waited for a little, so the page opens on the feedback rather than on "not ready yet"."""
    evaluation = client.evaluate(session_id)
    deadline = time.monotonic() + wait_s
    while evaluation.status == "pending" and time.monotonic() < deadline:
        time.sleep(PENDING_POLL_S)
        evaluation = client.evaluation(session_id)
    return evaluation
