"""The offline evaluator's words to the student: two or three strengths, and one next step with a rewritten line."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from backend.schemas.evaluation import HiddenFactFinding, Metrics, NextStep, Strength
from backend.services.feedback import rewrites
from backend.services.feedback.signals import plural
from backend.services.feedback.transcript import Transcript

Quotes = Mapping[int, Mapping[str, str]]  # message id -> code -> the sentence of that message that earned it


@dataclass(frozen=True)
class Found:
    message_id: int
    quote: str


def first_with(quotes: Quotes, *codes: str, last: bool = False) -> Found | None:
    """The first (or last) student line carrying any of these codes, in the order given, with its sentence."""
    for code in codes:
        hits = [Found(message_id, found[code]) for message_id, found in quotes.items() if code in found]
        if hits:
            return hits[-1] if last else hits[0]
    return None


def _strength(text: str, found: Found | None) -> Strength:
    return Strength(text=text, message_id=found.message_id if found else None, quote=found.quote if found else None)


def strengths_of(metrics: Metrics, quotes: Quotes, facts: list[HiddenFactFinding]) -> list[Strength]:
    """What went well, most telling first; always two at least, however short the conversation."""
    counts = metrics.counts
    found: list[Strength] = []
    if counts["complex_reflection"]:
        found.append(_strength("You added meaning to what the client said, reflecting the feeling or meaning "
                               "underneath their words.", first_with(quotes, "complex_reflection")))
    if counts["affirm"]:
        found.append(_strength("You named a genuine strength of the client's, which builds trust.",
                               first_with(quotes, "affirm")))
    if counts["open_question"] >= 2 and (metrics.percent_open_questions or 0) >= 50:
        found.append(_strength(f"Most of your questions were open ({metrics.percent_open_questions:g} %), inviting "
                               "the client to tell their story in their own words.",
                               first_with(quotes, "open_question")))
    if (metrics.reflection_to_question_ratio or 0) >= 1 and not counts["complex_reflection"]:
        found.append(_strength("You reflected at least as often as you asked, so the client felt heard.",
                               first_with(quotes, "simple_reflection")))
    if counts["emphasize_autonomy"] or counts["seek_collaboration"]:
        found.append(_strength("You left choices with the client and treated them as the expert on their life.",
                               first_with(quotes, "emphasize_autonomy", "seek_collaboration")))
    earned = sum(fact.disclosed for fact in facts)
    if earned:
        found.append(Strength(text=f"Your interviewing earned trust: the client told you {earned} of "
                                   f"{plural(len(facts), 'thing')} they were keeping back."))
    if not metrics.mi_non_adherent and metrics.student_turns >= 3:
        found.append(Strength(text="You held back advice and argument, leaving room for the client to think."))
    if len(found) < 2 and counts["open_question"]:
        found.append(_strength("You asked open questions that let the client answer in their own words.",
                               first_with(quotes, "open_question")))
    if len(found) < 2:
        found.append(Strength(text=f"You stayed with the conversation for {plural(metrics.student_turns, 'message')}."))
    if len(found) < 2 and (metrics.student_talk_share or 1) < 0.5:
        found.append(Strength(text="You let the client do most of the talking."))
    return found[:3]


Rewrite = Callable[[Found, Transcript], str | None]


def _client_line_before(message_id: int, transcript: Transcript) -> str | None:
    before = None
    for line in transcript.lines:
        if line.message_id == message_id:
            return before
        if line.speaker == "client":
            before = line.text
    return None


def _reflect_instead(found: Found, transcript: Transcript) -> str | None:
    client = _client_line_before(found.message_id, transcript)
    return rewrites.mirror(client) if client else None


def _question_as_reflection(found: Found, transcript: Transcript) -> str | None:
    return rewrites.as_reflection(found.quote) or _reflect_instead(found, transcript)


def _ask_first(found: Found, transcript: Transcript) -> str | None:
    return rewrites.with_permission(found.quote)


def _go_deeper(found: Found, transcript: Transcript) -> str | None:
    return rewrites.deepen(found.quote)


# (focus, advice, the codes whose line is rewritten, the rewrite, whether the metrics call for it)
PRIORITIES: tuple[tuple[str, str, tuple[str, ...], Rewrite, Callable[[Metrics], bool]], ...] = (
    ("Reflect instead of arguing",
     "When the client pushes back, give their view back to them instead of arguing: people hear themselves "
     "better when they are not defending.", ("confront",), _reflect_instead, lambda m: m.counts["confront"] > 0),
    ("Ask before advising",
     "Hold your advice until the client asks or agrees to hear it, and leave the choice with them.",
     ("persuade",), _ask_first, lambda m: m.counts["persuade"] > 0),
    ("Open up your questions",
     "Try saying a closed question as a reflection, or start it with \"what\" or \"how\": the client then "
     "tells you what matters to them.", ("closed_question",), _question_as_reflection,
     lambda m: m.counts["closed_question"] > 0 and (m.percent_open_questions or 0) < 50),
    ("Reflect more than you ask",
     "Aim for at least one reflection for every question (MITI's fair level; two is good): say back what you "
     "heard before asking the next thing.", ("closed_question", "open_question"), _question_as_reflection,
     lambda m: (m.reflection_to_question_ratio or 0) < 1 and m.counts["open_question"] + m.counts["closed_question"]),
    ("Go deeper with complex reflections",
     "Add the feeling or meaning you hear underneath the client's words: complex reflections help the client "
     "go further than repeating does.", ("simple_reflection",), _go_deeper,
     lambda m: m.counts["simple_reflection"] > 0 and (m.percent_complex_reflections or 0) < 50),
)
KEEP_GOING = ("Keep building on reflections",
              "You are doing the right things; next time, reflect the feeling under the client's words a little "
              "earlier in the conversation.")


def next_step_of(metrics: Metrics, quotes: Quotes, transcript: Transcript) -> NextStep:
    """The most useful single change, with one of the student's own lines rewritten to show it."""
    for focus, advice, codes, rewrite, applies in PRIORITIES:
        found = first_with(quotes, *codes, last=True)
        if applies(metrics) and found and (better := rewrite(found, transcript)):
            return NextStep(focus=focus, advice=advice, message_id=found.message_id, original=found.quote,
                            rewrite=better)
    lines = transcript.student_lines
    last = Found(lines[-1].message_id, lines[-1].text) if lines else None
    better = _reflect_instead(last, transcript) if last else None
    return NextStep(focus=KEEP_GOING[0], advice=KEEP_GOING[1], message_id=last.message_id if last and better else None,
                    original=last.quote if last and better else None,
                    rewrite=better or "It sounds like this has been on your mind for a while.")
