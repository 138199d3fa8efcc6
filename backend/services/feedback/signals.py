"""Rubric scores from the metrics, for the offline evaluator: each criterion is read as one interviewing skill.

A criterion is matched to a skill by its key, else by words in its title and description (a teacher's own
rubric works too); each skill turns the session's figures into a share of the scale (0 = lowest level,
1 = top) using the MITI fair/good thresholds where MITI has them, and names the codes whose lines are its
evidence. Anything unmatched is scored on overall MI consistency. Approximate by design, and labelled so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from backend.interviewing.hidden import SAFETY_QUESTION, asks_about_safety
from backend.schemas.evaluation import Metrics
from backend.schemas.rubric import RubricCriterion
from backend.services.feedback.analysis import disclosed_facts
from backend.services.feedback.transcript import Transcript

RISK_CUE = re.compile(
    r"\b(?:hurt (?:myself|me)|harm|suicid\w*|kill|die|dying|dead|end (?:it|things)|no point|can't go on|hit(?:s)? "
    r"me|scared of (?:him|her|them)|pills|overdose|unsafe|threat\w*|knife|gun|weapon|bruise\w*)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """A skill's verdict: the share of the scale reached, the codes whose lines are evidence, and why."""

    share: float
    evidence_codes: tuple[str, ...]
    rationale: str
    evidence_pattern: re.Pattern[str] | None = None


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _bands(value: float | None, cuts: tuple[float, float, float]) -> float:
    """0, 1/3, 2/3 or 1 as the value passes each cut."""
    if value is None:
        return 0.0
    return sum(value >= cut for cut in cuts) / 3


def _questions(metrics: Metrics, transcript: Transcript) -> Reading:
    counts = metrics.counts
    asked = counts["open_question"] + counts["closed_question"]
    if not asked:
        return Reading(1 / 3, (), "You asked no questions, so the client had little invitation to tell their story.")
    share = _bands(metrics.percent_open_questions, (25.0, 50.0, 70.0))
    return Reading(share, ("open_question", "closed_question"),
                   f"{counts['open_question']} of your {plural(asked, 'question')} "
                   f"{'was' if counts['open_question'] == 1 else 'were'} open ({metrics.percent_open_questions:g} %); "
                   "MITI counts 50 % as fair and 70 % as good.")


def _reflections(metrics: Metrics, transcript: Transcript) -> Reading:
    counts = metrics.counts
    reflections = counts["simple_reflection"] + counts["complex_reflection"]
    if not reflections:
        return Reading(0.0, (), "You made no reflections: the client's words were not given back to them.")
    ratio, complex_share = metrics.reflection_to_question_ratio or 0.0, metrics.percent_complex_reflections or 0.0
    share = 1 / 3
    if ratio >= 1 and complex_share > 0:
        share = 2 / 3
    if ratio >= 2 and complex_share >= 50:
        share = 1.0
    return Reading(share, ("complex_reflection", "simple_reflection"),
                   f"{plural(reflections, 'reflection')} to "
                   f"{plural(counts['open_question'] + counts['closed_question'], 'question')} (R:Q {ratio:g}; MITI "
                   f"fair 1, good 2), {complex_share:g} % of them complex (fair 40 %, good 50 %).")


def _advice(metrics: Metrics, transcript: Transcript) -> Reading:
    counts = metrics.counts
    pushed = counts["persuade"] + counts["confront"]
    if pushed:
        share = 1 / 3 if pushed == 1 else 0.0
        return Reading(share, ("persuade", "confront"),
                       f"You advised, argued or confronted {plural(pushed, 'time')} without the client asking or "
                       "agreeing.")
    supportive = counts["emphasize_autonomy"] + counts["persuade_with_permission"] + counts["seek_collaboration"]
    share = 1.0 if supportive else 2 / 3
    return Reading(share, ("emphasize_autonomy", "persuade_with_permission", "seek_collaboration"),
                   "You gave no advice or argument without permission" + (
                       f", and left choices with the client {plural(supportive, 'time')}." if supportive else "."))


def _safety(metrics: Metrics, transcript: Transcript) -> Reading:
    # The same test the simulated client applies before it answers a safety question: asked, not only mentioned.
    asked = [line for line in transcript.student_lines if asks_about_safety(line.text)]
    cues = [line for line in transcript.client_lines if RISK_CUE.search(line.text)]
    if asked:
        share = 1.0 if len(asked) > 1 or cues else 2 / 3
        return Reading(share, (), f"You asked about safety directly {plural(len(asked), 'time')}.",
                       evidence_pattern=SAFETY_QUESTION)
    if cues:
        return Reading(0.0, (), "The client mentioned a possible risk, and you did not explore it.")
    return Reading(2 / 3, (), "No risk cues came up in this conversation, so safety was not tested.")


def _engagement(metrics: Metrics, transcript: Transcript) -> Reading:
    counts = metrics.counts
    turns = max(metrics.student_turns, 1)
    warm = counts["simple_reflection"] + counts["complex_reflection"] + counts["affirm"]
    share = _bands(warm / turns, (0.2, 0.4, 0.6))
    if metrics.mi_non_adherent >= 2:
        share = max(0.0, share - 1 / 3)
    facts = disclosed_facts(transcript)
    earned = sum(fact.disclosed for fact in facts)
    if facts and earned * 2 >= len(facts):
        share = min(1.0, share + 1 / 3)
    return Reading(share, ("complex_reflection", "affirm", "simple_reflection"),
                   f"{warm} of your {plural(metrics.student_turns, 'message')} reflected or affirmed the client"
                   + (f"; {metrics.mi_non_adherent} advised or argued without being asked"
                      if metrics.mi_non_adherent else "")
                   + (f"; the client shared {earned} of {plural(len(facts), 'hidden fact')}"
                      if facts else "") + ".")


def _mi_consistency(metrics: Metrics, transcript: Transcript) -> Reading:
    readings = [_questions(metrics, transcript), _reflections(metrics, transcript), _advice(metrics, transcript)]
    share = sum(reading.share for reading in readings) / len(readings)
    return Reading(share, ("complex_reflection", "open_question", "affirm", "persuade"),
                   "Scored on overall MI consistency: " + " ".join(reading.rationale for reading in readings))


Skill = Callable[[Metrics, Transcript], Reading]
SKILLS: tuple[tuple[re.Pattern[str], Skill], ...] = (
    (re.compile(r"safety|risk|harm|crisis", re.IGNORECASE), _safety),
    (re.compile(r"advice|persua|confront|righting|premature|directive", re.IGNORECASE), _advice),
    (re.compile(r"reflect|listen", re.IGNORECASE), _reflections),
    (re.compile(r"question", re.IGNORECASE), _questions),
    (re.compile(r"empath|engag|rapport|warm|relationship", re.IGNORECASE), _engagement),
)


def read_criterion(criterion: RubricCriterion, metrics: Metrics, transcript: Transcript) -> Reading:
    """The skill a criterion names (its key first, then its wording), read from the session's figures."""
    for text in (criterion.key, f"{criterion.title} {criterion.description}"):
        for pattern, skill in SKILLS:
            if pattern.search(text):
                return skill(metrics, transcript)
    return _mi_consistency(metrics, transcript)


def score_for(criterion: RubricCriterion, share: float) -> int:
    """The level nearest to that share of the way from the lowest score to the highest."""
    target = criterion.min_score + share * (criterion.max_score - criterion.min_score)
    return min((level.score for level in criterion.levels), key=lambda score: (abs(score - target), -score))
