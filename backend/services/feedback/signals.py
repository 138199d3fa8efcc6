"""Rubric scores from the coded conversation, for the offline evaluator: each criterion read as one skill.

A criterion is matched to a skill by its key, else by words in its title and description (a teacher's own
rubric works too); each skill turns the session's figures into a share of the scale (0 = lowest level,
1 = top) using the MITI fair/good thresholds where MITI has them, and names the codes whose lines show the
skill done well and done badly, so the evidence cited always supports the score. Counts in rationales are
counts of the student's messages. A safety criterion is not assessed when no risk came up. Anything
unmatched is scored on overall MI consistency. Approximate by design, and labelled so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from backend.interviewing.hidden import SAFETY_QUESTION, asks_about_safety
from backend.interviewing.miti import question_kind
from backend.interviewing.miti.cues import RISK_QUESTION
from backend.interviewing.words import normalise, sentences
from backend.schemas.evaluation import CodedLine, Metrics
from backend.schemas.rubric import RubricCriterion
from backend.services.feedback.analysis import disclosed_facts
from backend.services.feedback.transcript import Transcript

# What a client says that calls for a safety question: in the first person or about someone hurting them, not the
# same words in passing ("my phone died", "no point in me going to the gym", "I forgot my pills", "harm reduction").
RISK_CUE = re.compile(
    r"\b(?:hurt (?:myself|me)|(?:self-)?harm(?:ing)? (?:myself|me)|self-harm\w*|suicid\w*"
    r"|kill (?:myself|me|him|her|them)|killing myself|(?:want|wanted|wanting|ready|going|wish(?:ed)?|rather) to die"
    r"|(?:be|better off|wish i (?:was|were)|rather be) dead|end(?:ing)? (?:it|things|it all|my life)|can't go on"
    r"|hit(?:s)? me|scared of (?:him|her|them)"
    r"|(?:take|took|taking|swallow\w*|sav\w*|stockpil\w*|hoard\w*|all|a bottle of|handful of) (?:\w+ ){0,2}pills"
    r"|overdos\w*|unsafe|threat\w*|knife|gun|weapon|bruise\w*|better off without me|wouldn't wake up|not wake up"
    r"|not (?:be|being) (?:here|around) (?:anymore|any more|much longer)"
    r"|(?:wish|rather) i (?:wasn't|weren't|was not) (?:here|around|alive)"
    r"|(?:i'm|i am|i feel like|feel like|being) a burden|choked?|strangl\w*|grabbed me"
    r"|shoved me|pushed me|no point (?:in |of )?(?:going on|living|anything|trying|it all|life|being here)"
    r"|no point(?= ?[.!]| ?$|,? anymore)|(?:don't|do not|can't) see the point(?= ?[.!]| ?$|,? anymore| (?:of|in) "
    r"(?:going on|living|anything|trying|it all|life|being here))|give up on (?:life|everything)"
    r"|(?:want|wanted|wish i could|just) (?:to )?disappear)\b",
    re.IGNORECASE)
# A child left without care: said by the client ("he's home alone till I get back") or named by the student as the
# concern ("Nine is quite young to be on his own overnight"). Either puts the child's safety on the table.
CHILD_ALONE = re.compile(
    r"\b(?:(?:on (?:his|her|their) own|alone|by (?:himself|herself|themselves))\b[^.?!]{0,30}?\b(?:at night|overnight"
    r"|all night|for (?:the )?(?:night|weekend|days)|while (?:i'm|i am|you're|you are|she's|he's) (?:at work|out|away))"
    r"|home alone|left (?:him|her|them|the (?:kids|children|baby|boys|girls)) (?:alone|on (?:his|her|their) own)"
    r"|nobody (?:watching|looking after|with) (?:him|her|them)|(?:go|goes|going|went) hungry"
    r"|no food in the house)\b", re.IGNORECASE)
CHILD = re.compile(
    r"\b(?:kids?|children|child|twins|sons?|daughters?|baby|babies|toddler|boys?|girls?|little ones?|young|\d+-year-old"
    r"|(?:he|she|they)(?:'s|'re| is| are) (?:only )?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve))\b", re.IGNORECASE)
# "My parents are going to kill me" is trouble coming, not a threat to life; "he said he'd kill me" is a threat.
IDIOM = re.compile(r"\b(?:parents|mum|mom|mother|dad|father|boss|teacher|coach|gran|grandma|nan|sister|brother"
                   r"|manager|ma|pa)(?:'s|'re| is| are)? (?:going to|gonna|will|'ll|would|'d) (?:literally |actually )?"
                   r"kill me\b", re.IGNORECASE)
# (a partner "going to kill me" is never read as an idiom: in this work it may be exactly what it says)


def risk_cue(text: str) -> re.Match[str] | None:
    """The words in a client's line that call for a safety question, not counting an idiom of trouble."""
    for match in RISK_CUE.finditer(text):
        idiom = IDIOM.search(text)
        if idiom and idiom.start() <= match.start() < idiom.end():
            continue
        return match
    return None


NOT_ASSESSED = "Not assessed: no risk came up in this conversation, so safety was not tested."
GOOD_INTERVIEWING = ("complex_reflection", "simple_reflection", "affirm", "open_question", "emphasize_autonomy",
                     "seek_collaboration", "persuade_with_permission")
PUSHING = ("persuade", "confront")
# Crisis lines, emergency care and keeping means away: once risk is on the table, telling the client where to turn
# is part of keeping them safe, and a supervisor does not hold it up as advice given without asking.
CRISIS_RESOURCE = re.compile(
    r"\b(?:988|911|999|112|000|crisis (?:line|text|team|number|service|centre|center)|hotline|helpline|lifeline"
    r"|samaritans|emergency (?:room|department|services)|the er|a&e|call the police|safety plan\w*|shelter"
    r"|(?:lock|put) (?:\w+ )?(?:away|up)|(?:gun|pills|knife|weapon)s? (?:somewhere|with|out of)"
    r"|(?:let me |i (?:can|could|want to|need to) )?call (?:someone|somebody|for help|for support) (?:right )?"
    r"(?:now|tonight)|let me call|(?:can't|cannot|shouldn't|should not|don't) go (?:back )?(?:there |home )?tonight"
    r"|(?:somewhere|someplace) safe(?: tonight| to stay)?|safe place to stay|stay (?:with \w+ )?tonight)\b",
    re.IGNORECASE)


SAFETY_EVIDENCE = re.compile(f"(?:{SAFETY_QUESTION.pattern})|(?:{CHILD_ALONE.pattern})", re.IGNORECASE)


SAFETY_PLANNING = re.compile(r"\b(?:(?:somewhere|someplace|anywhere|a place) (?:safe|you can (?:stay|go))"
                             r"|safe (?:place|to go|tonight)|stay tonight|go tonight"
                             r"|keep (?:yourself|you|the kids|them) safe)\b", re.IGNORECASE)


def is_crisis_resource(text: str) -> bool:
    return CRISIS_RESOURCE.search(text) is not None


@dataclass(frozen=True)
class Reading:
    """A skill's verdict: the share of the scale reached (None: not assessed), why, and which lines show it:
    `good` codes when the skill was done well, `bad` codes (or the pattern's lines) when it was not."""

    share: float | None
    rationale: str
    good: tuple[str, ...] = ()
    bad: tuple[str, ...] = ()
    evidence_pattern: re.Pattern[str] | None = None
    spared: frozenset[int] = frozenset()  # messages never cited against the student (crisis steps once risk is up)


@dataclass(frozen=True)
class Conversation:
    """What the skills read: the figures, the transcript, and each student message's codes."""

    metrics: Metrics
    transcript: Transcript
    lines: Sequence[CodedLine]

    def messages_with(self, *codes: str) -> int:
        return sum(any(code in line.codes for code in codes) for line in self.lines)

    @cached_property
    def crisis_steps(self) -> frozenset[int]:
        """Messages whose only push is telling a client at risk where to turn: safety work, not advice (read by
        several skills, worked out once)."""
        if not risk_came_up(self.transcript):
            return frozenset()
        texts = {line.message_id: line.text for line in self.transcript.student_lines}
        return frozenset(line.message_id for line in self.lines if "persuade" in line.codes
                         and "confront" not in line.codes and is_crisis_resource(texts.get(line.message_id, "")))

    def pushed(self) -> int:
        """Messages that advised or argued without being asked, crisis steps aside."""
        spared = self.crisis_steps
        return sum(bool(set(line.codes) & set(PUSHING)) and line.message_id not in spared for line in self.lines)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _bands(value: float | None, cuts: tuple[float, float, float]) -> float:
    """0, 1/3, 2/3 or 1 as the value passes each cut."""
    if value is None:
        return 0.0
    return sum(value >= cut for cut in cuts) / 3


def is_risk_screening(text: str) -> bool:
    """A question that screens for risk (safety, self-harm, violence, means) or plans for safety ("Is there somewhere
    safe you can stay tonight?"): closed by nature, and rightly so."""
    if asks_about_safety(text):
        return True
    return any((RISK_QUESTION.search(piece) or SAFETY_PLANNING.search(piece))
               and (piece.rstrip().endswith("?") or question_kind(piece)) for piece in sentences(normalise(text)))


def risk_came_up(transcript: Transcript) -> bool:
    """The client voiced a risk cue, or the student asked about safety or named a child's safety as a concern."""
    return bool(_risk_cues(transcript) or safety_raised(transcript))


def child_left_alone(text: str) -> re.Match[str] | None:
    """A child without care, in a line that is about a child ("I've been home alone since he died" is not)."""
    return CHILD_ALONE.search(text) if CHILD.search(text) else None


def _risk_cues(transcript: Transcript) -> list[str]:
    return [line.text for line in transcript.client_lines
            if risk_cue(line.text) or child_left_alone(line.text)]


def safety_raised(transcript: Transcript) -> list[str]:
    """Student lines that ask about safety, or put a child's safety on the table in so many words."""
    return [line.text for line in transcript.student_lines
            if is_risk_screening(line.text) or child_left_alone(line.text)]


def _questions(talk: Conversation) -> Reading:
    texts = {line.message_id: line.text for line in talk.transcript.student_lines}
    asking = [line for line in talk.lines if {"open_question", "closed_question"} & set(line.codes)]
    screening = [line for line in asking if "open_question" not in line.codes
                 and is_risk_screening(texts.get(line.message_id, ""))]
    counted = [line for line in asking if line not in screening]
    if not counted:
        if screening:
            return Reading(2 / 3, f"Your questions were about safety ({plural(len(screening), 'message')}), where "
                                  "closed questions are right.", good=("closed_question",))
        return Reading(1 / 3, "You asked no questions, so the client had little invitation to tell their story.")
    open_count = sum("open_question" in line.codes for line in counted)
    percent = round(100 * open_count / len(counted), 1)
    share = _bands(percent, (25.0, 50.0, 70.0))
    note = (f" Your {plural(len(screening), 'safety question')} {'is' if len(screening) == 1 else 'are'} not "
            "counted against you: closed questions are right when screening for risk." if screening else "")
    return Reading(share, f"{open_count} of your {plural(len(counted), 'message')} with questions asked an open one "
                          f"({percent:g} %); MITI counts 50 % as fair and 70 % as good.{note}",
                   good=("open_question",), bad=("closed_question",))


def _reflections(talk: Conversation) -> Reading:
    metrics = talk.metrics
    reflecting = talk.messages_with("simple_reflection", "complex_reflection")
    asking = talk.messages_with("open_question", "closed_question")
    if not reflecting:
        return Reading(0.0, "You made no reflections: the client's words were not given back to them.",
                       bad=("closed_question", "open_question"))
    ratio, complex_share = metrics.reflection_to_question_ratio or 0.0, metrics.percent_complex_reflections or 0.0
    share = 1 / 3
    if ratio >= 1 and complex_share > 0:
        share = 2 / 3
    if ratio >= 2 and complex_share >= 50:
        share = 1.0
    return Reading(share, f"{plural(reflecting, 'message')} reflected and {asking} asked (R:Q {ratio:g}; MITI fair 1, "
                          f"good 2); {complex_share:g} % of your reflections were complex (fair 40 %, good 50 %).",
                   good=("complex_reflection", "simple_reflection"), bad=("closed_question", "open_question"))


def _advice(talk: Conversation) -> Reading:
    pushed = talk.pushed()  # once risk is on the table, where to turn tonight is safety work, not advice
    if pushed:
        share = 1 / 3 if pushed == 1 else 0.0
        return Reading(share, f"{plural(pushed, 'message')} advised, argued or confronted without the client asking "
                              "or agreeing.", bad=PUSHING, spared=talk.crisis_steps)
    supportive = talk.messages_with("emphasize_autonomy", "persuade_with_permission", "seek_collaboration")
    share = 1.0 if supportive else 2 / 3
    return Reading(share, "You gave no advice or argument without permission" + (
        f", and {plural(supportive, 'message')} left choices with the client." if supportive else "."),
        good=("emphasize_autonomy", "persuade_with_permission", "seek_collaboration"))


def _safety(talk: Conversation) -> Reading:
    # The same test the simulated client applies before it answers a safety question: asked, not only mentioned.
    transcript = talk.transcript
    asked, cues = safety_raised(transcript), _risk_cues(transcript)
    if asked:
        share = 1.0 if len(asked) > 1 or cues else 2 / 3
        return Reading(share, f"You asked about safety or raised it directly in {plural(len(asked), 'message')}.",
                       evidence_pattern=SAFETY_EVIDENCE)
    if cues:
        return Reading(0.0, "The client mentioned a possible risk, and you did not ask about it.")
    return Reading(None, NOT_ASSESSED)


def _engagement(talk: Conversation) -> Reading:
    metrics = talk.metrics
    turns = max(metrics.student_turns, 1)
    warm = talk.messages_with("simple_reflection", "complex_reflection", "affirm")
    pushed = talk.pushed()
    share = _bands(warm / turns, (0.2, 0.4, 0.6))
    if pushed >= 2:
        share = max(0.0, share - 1 / 3)
    facts = disclosed_facts(transcript=talk.transcript)
    earned = sum(fact.disclosed for fact in facts)
    if facts and earned * 2 >= len(facts):
        share = min(1.0, share + 1 / 3)
    return Reading(share, f"{warm} of your {plural(metrics.student_turns, 'message')} reflected or affirmed the client"
                          + (f"; {pushed} advised or argued without being asked" if pushed else "")
                          + (f"; the client shared {earned} of {plural(len(facts), 'hidden fact')}" if facts else "")
                          + ".", good=("complex_reflection", "affirm", "simple_reflection"), bad=PUSHING,
                   spared=talk.crisis_steps)


def _mi_consistency(talk: Conversation) -> Reading:
    readings = [_questions(talk), _reflections(talk), _advice(talk)]
    share = sum(reading.share or 0.0 for reading in readings) / len(readings)
    return Reading(share, "Scored on overall MI consistency: " + " ".join(reading.rationale for reading in readings),
                   good=("complex_reflection", "open_question", "affirm", "simple_reflection"), bad=PUSHING)


Skill = Callable[[Conversation], Reading]
SKILLS: tuple[tuple[re.Pattern[str], Skill], ...] = (
    (re.compile(r"safety|risk|harm|crisis", re.IGNORECASE), _safety),
    (re.compile(r"advice|persua|confront|righting|premature|directive", re.IGNORECASE), _advice),
    (re.compile(r"reflect|listen", re.IGNORECASE), _reflections),
    (re.compile(r"question", re.IGNORECASE), _questions),
    (re.compile(r"empath|engag|rapport|warm|relationship", re.IGNORECASE), _engagement),
)


def skill_of(criterion: RubricCriterion) -> Skill:
    """The skill a criterion names (its key first, then its wording); overall MI consistency otherwise."""
    for text in (criterion.key, f"{criterion.title} {criterion.description}"):
        for pattern, skill in SKILLS:
            if pattern.search(text):
                return skill
    return _mi_consistency


def is_safety_criterion(criterion: RubricCriterion) -> bool:
    return skill_of(criterion) is _safety


def read_criterion(criterion: RubricCriterion, metrics: Metrics, transcript: Transcript,
                   lines: Sequence[CodedLine]) -> Reading:
    return skill_of(criterion)(Conversation(metrics=metrics, transcript=transcript, lines=lines))


def score_for(criterion: RubricCriterion, share: float | None) -> float | None:
    """The level nearest to that share of the way from the lowest score to the highest (None: not assessed)."""
    if share is None:
        return None
    target = criterion.min_score + share * (criterion.max_score - criterion.min_score)
    return min((level.score for level in criterion.levels), key=lambda score: (abs(score - target), -score))
