"""The offline evaluator's words to the student: two or three strengths, and one next step with a rewritten line.

Strengths never quote a message that also pushed or argued (a reflection in a message that then lectures is
not what to praise). The next step aims at the biggest moment the student missed, in this order: a risk cue
left unexplored, a run of advice, an argument, a reflection the client corrected; then the MITI priorities.
Every rewritten line is coded before it is shown and must code as what it claims to be.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from backend.schemas.evaluation import HiddenFactFinding, Metrics, NextStep, Strength
from backend.services.feedback import rewrites
from backend.services.feedback.signals import (
    PUSHING,
    child_left_alone,
    is_crisis_resource,
    is_risk_screening,
    plural,
    risk_came_up,
    risk_cue,
    safety_raised,
)
from backend.services.feedback.transcript import Line, Transcript

Quotes = Mapping[int, Mapping[str, str]]  # message id -> code -> the utterance of that message that earned it
CORRECTION = re.compile(r"^\W*(?:no\b|nope|not really|not exactly|that's not|it's not that|it isn't|i didn't say"
                        r"|i never said|i don't think (?:so|that's)|well,? no|actually,? no|not quite|that's not it)",
                        re.IGNORECASE)
ADVICE_RUN = 2


@dataclass(frozen=True)
class Found:
    message_id: int
    quote: str


def first_with(quotes: Quotes, *codes: str, last: bool = False, clean_only: bool = False,
               avoid: int | None = None) -> Found | None:
    """The first (or last) student line carrying any of these codes, in the order given, with its utterance;
    `clean_only` skips messages that also pushed or argued, `avoid` the message the next step is about."""
    for code in codes:
        hits = [Found(message_id, found[code]) for message_id, found in quotes.items() if code in found
                and message_id != avoid and not (clean_only and any(bad in found for bad in PUSHING))]
        if hits:
            return hits[-1] if last else hits[0]
    return None


def _strength(text: str, found: Found | None) -> Strength:
    return Strength(text=text, message_id=found.message_id if found else None, quote=found.quote if found else None)


def strengths_of(metrics: Metrics, quotes: Quotes, facts: list[HiddenFactFinding],
                 avoid: int | None = None) -> list[Strength]:
    """What went well, most telling first, each quoting a message that did only good; two at least. A strength
    never quotes `avoid`, the message the next step calls the missed moment."""
    counts = metrics.counts
    found: list[Strength] = []

    def praise(text: str, *codes: str) -> None:
        if (hit := first_with(quotes, *codes, clean_only=True, avoid=avoid)) is not None:
            found.append(_strength(text, hit))

    if counts["complex_reflection"]:
        praise("You added meaning to what the client said, reflecting the feeling or meaning underneath their words.",
               "complex_reflection")
    if counts["affirm"]:
        praise("You named a genuine strength of the client's, which builds trust.", "affirm")
    mostly_open = counts["open_question"] >= 2 and (metrics.percent_open_questions or 0) >= 50
    if mostly_open:
        praise(f"Most of your questions were open ({metrics.percent_open_questions:g} %), inviting the client to tell "
               "their story in their own words.", "open_question")
    if (metrics.reflection_to_question_ratio or 0) >= 1 and not counts["complex_reflection"]:
        praise("You reflected at least as often as you asked, so the client felt heard.", "simple_reflection")
    if counts["emphasize_autonomy"]:
        praise("You left choices with the client and treated them as the expert on their life.", "emphasize_autonomy")
    if counts["seek_collaboration"] and not counts["emphasize_autonomy"]:
        praise("You asked for the client's permission or view before going on, so they stayed in charge of the "
               "conversation.", "seek_collaboration")
    earned = sum(fact.disclosed for fact in facts)
    if earned:
        found.append(Strength(text=f"Your interviewing earned trust: the client told you {earned} of "
                                   f"{plural(len(facts), 'thing')} they were keeping back."))
    if not metrics.mi_non_adherent and metrics.student_turns >= 3:
        found.append(Strength(text="You held back advice and argument, leaving room for the client to think."))
    if len(found) < 2 and counts["open_question"] and not mostly_open:  # the same strength, said once
        praise("You asked open questions that let the client answer in their own words.", "open_question")
    if len(found) < 2:
        found.append(Strength(text=f"You stayed with the conversation for {plural(metrics.student_turns, 'message')}."))
    if len(found) < 2 and (metrics.student_talk_share or 1) < 0.5:
        found.append(Strength(text="You let the client do most of the talking."))
    return found[:3]


def _client_line_before(message_id: int, transcript: Transcript) -> str | None:
    before = None
    for line in transcript.lines:
        if line.message_id == message_id:
            return before
        if line.speaker == "client":
            before = line.text
    return None


def _step(focus: str, advice: str, found: Found, rewrite: str | None) -> NextStep | None:
    return NextStep(focus=focus, advice=advice, message_id=found.message_id, original=found.quote,
                    rewrite=rewrite) if rewrite else None


def _reflect_instead(found: Found, transcript: Transcript) -> str | None:
    client = _client_line_before(found.message_id, transcript)
    return rewrites.checked_reflection(rewrites.mirror(client), client) if client else None


def _question_as_reflection(found: Found, transcript: Transcript) -> str | None:
    client = _client_line_before(found.message_id, transcript)
    return rewrites.checked_reflection(rewrites.as_reflection(found.quote), client) or _reflect_instead(found,
                                                                                                        transcript)


def _ask_first(found: Found, transcript: Transcript) -> str | None:
    return rewrites.checked_permission(rewrites.with_permission(found.quote),
                                       _client_line_before(found.message_id, transcript))


def _go_deeper(found: Found, transcript: Transcript) -> str | None:
    client = _client_line_before(found.message_id, transcript)
    return rewrites.checked_reflection(rewrites.deepen(found.quote), client, complex_only=True)


def _unexplored_risk(quotes: Quotes, transcript: Transcript) -> NextStep | None:
    """The client voiced a risk and the student never asked about it: the most important thing to learn."""
    if safety_raised(transcript):
        return None
    lines = list(transcript.lines)
    for index, line in enumerate(lines):
        child = child_left_alone(line.text)
        if line.speaker != "client" or not (cue := risk_cue(line.text) or child):
            continue
        answer = next((later for later in lines[index + 1:] if later.speaker == "student"), None)
        if answer is None:
            return None
        rewrite = rewrites.checked_risk_question(
            rewrites.ask_about_risk(line.text, cue.group(0), child=cue is child), line.text)
        quote = next(iter(quotes.get(answer.message_id, {}).values()), answer.text)
        return _step("Follow up on a risk cue",
                     f"When the client said \"{cue.group(0)}\", that was a cue to ask about safety directly. Asking "
                     "plainly does not put the idea in their head; it tells them they can talk about it.",
                     Found(answer.message_id, quote), rewrite)
    return None


def _unasked_advice(quotes: Quotes, transcript: Transcript) -> Quotes:
    """The messages whose advice a supervisor would hold up: not a crisis line or safety step once risk came up."""
    if not risk_came_up(transcript):
        return quotes
    return {mid: found for mid, found in quotes.items()
            if not ("persuade" in found and is_crisis_resource(found["persuade"]))}


def _advice_run(quotes: Quotes, transcript: Transcript) -> NextStep | None:
    """`quotes` without the advice a supervisor would not hold up (_unasked_advice)."""
    run: list[Line] = []
    for line in transcript.student_lines:
        run = [*run, line] if "persuade" in quotes.get(line.message_id, {}) else []
        if len(run) >= ADVICE_RUN:
            first = run[0]
            found = Found(first.message_id, quotes[first.message_id]["persuade"])
            return _step("Ask before advising",
                         f"You gave advice in {plural(len(run), 'message')} in a row without the client asking. Ask "
                         "first, offer one idea, and ask what they make of it.", found, _ask_first(found, transcript))
    return None


def _corrected_reflection(quotes: Quotes, transcript: Transcript) -> NextStep | None:
    lines = list(transcript.lines)
    for index, line in enumerate(lines[:-1]):
        found = quotes.get(line.message_id, {}) if line.speaker == "student" else {}
        reflection = found.get("complex_reflection") or found.get("simple_reflection")
        reply = lines[index + 1]
        if reflection and "?" in line.text[line.text.find(reflection) + len(reflection):]:
            continue  # "No" after "...? Have you thought about how?" answers the question, not the reflection
        if reflection and reply.speaker == "client" and CORRECTION.match(reply.text):
            rewrite = rewrites.checked_reflection(rewrites.mirror_correction(reply.text), reply.text)
            return _step("Follow the client's correction",
                         "The client corrected your reflection. That is useful: reflect the correction back in their "
                         "words before moving on, so they know you heard the difference.",
                         Found(line.message_id, reflection), rewrite)
    return None


Rewrite = Callable[[Found, Transcript], str | None]
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
STAY_WITH_IT = ("Stay with a hard moment",
                "You are doing the right things. One thing to add: when the client tells you something hard, stay "
                "with it for one reflection before you move the conversation on.")
# What makes a client's line a hard thing to have said: harm, fear, loss or shame (STRONG), and the trouble around
# them (the rest of HEAVY). "We never went to court" is neither.
STRONG = re.compile(
    r"\b(?:hit|hits|hurt\w*|grabb?ed|threw|shov\w*|pushed|chok\w*|scream\w*|scared|afraid|frighten\w*|terrified"
    r"|died|dead|death|funeral|cry\w*|alone|lonely|ashamed|shame|blame\w*|my fault|hate myself|lost (?:him|her|them"
    r"|my|the baby)|overdos\w*|useless|burden|worthless|abus\w*|raped?|found (?:him|her))\b", re.I)
HEAVY = re.compile(
    r"\b(?:hit|hits|hurt\w*|grabb?\w*|threw|throw\w*|shov\w*|push\w*|chok\w*|shout\w*|scream\w*|scared|afraid"
    r"|frighten\w*|terrified|died|dead|death|funeral|cry\w*|alone|lonely|ashamed|shame|blame\w*|fault|hate\w*"
    r"|lost|losing|miss\w*|angry|drunk|drink\w*|overdos\w*|hospital|police|court|arrest\w*|evict\w*|kicked out"
    r"|never|hard|worst|failed|useless|burden|nobody|hid|hiding|secret|abus\w*|found (?:him|her))\b", re.I)
HEAVY_ENOUGH = 2


def _hard_moment_passed_over(quotes: Quotes, transcript: Transcript) -> NextStep | None:
    """The weightiest thing the client said that the student answered without reflecting it first."""
    best: tuple[int, Found] | None = None
    client: str | None = None
    for line in transcript.lines:
        if line.speaker == "client":
            client = line.text
            continue
        weight = len(HEAVY.findall(client or "")) if STRONG.search(client or "") else 0
        reflected = bool({"simple_reflection", "complex_reflection"} & set(quotes.get(line.message_id, {})))
        if client and not reflected and weight >= HEAVY_ENOUGH and (best is None or weight > best[0]):
            best = (weight, Found(line.message_id, line.text))
        client = None
    if best is None:
        return None
    return _step(*STAY_WITH_IT, best[1], _reflect_instead(best[1], transcript))


TOWARDS_GOOD = ("Two reflections for every question",
                "You reflect about as often as you ask, MITI's fair level; good is two reflections for every "
                "question. Before your next question, say back what you heard.")


def _question_left_unreflected(metrics: Metrics, quotes: Quotes, transcript: Transcript) -> NextStep | None:
    """Below MITI's good ratio of reflections to questions: the last plain question, said as a reflection."""
    if (metrics.reflection_to_question_ratio or 0) >= 2:
        return None
    texts = {line.message_id: line.text for line in transcript.student_lines}
    plain = {mid: found for mid, found in quotes.items() if {"open_question", "closed_question"} & set(found)
             and not {"simple_reflection", "complex_reflection"} & set(found)
             and not is_risk_screening(texts.get(mid, ""))}
    found = first_with(plain, "closed_question", "open_question", last=True)
    return _step(*TOWARDS_GOOD, found, _question_as_reflection(found, transcript)) if found else None


KEEP_GOING = ("Keep building on reflections",
              "You are doing the right things. Keep saying back what you hear before you move on: each reflection "
              "tells the client you are with them, and lets them go further.")


def _priority_steps(metrics: Metrics, quotes: Quotes, transcript: Transcript, advice_to_raise: Quotes
                    ) -> NextStep | None:
    texts = {line.message_id: line.text for line in transcript.student_lines}
    for focus, advice, codes, rewrite, applies in PRIORITIES:
        if not applies(metrics):
            continue
        usable = {mid: found for mid, found in (advice_to_raise if "persuade" in codes else quotes).items()
                  if not (set(codes) <= {"closed_question", "open_question"} and is_risk_screening(texts.get(mid, "")))}
        found = first_with(usable, *codes, last=True)
        if found and (step := _step(focus, advice, found, rewrite(found, transcript))):
            return step
    return None


def next_step_of(metrics: Metrics, quotes: Quotes, transcript: Transcript) -> NextStep:
    """The most useful single change, with one of the student's own lines rewritten to show it."""
    advice_to_raise = _unasked_advice(quotes, transcript)
    for moment in (_unexplored_risk(quotes, transcript), _advice_run(advice_to_raise, transcript)):
        if moment is not None:
            return moment
    if metrics.counts["confront"] == 0 and (corrected := _corrected_reflection(quotes, transcript)):
        return corrected
    if step := _priority_steps(metrics, quotes, transcript, advice_to_raise):
        return step
    if step := _hard_moment_passed_over(quotes, transcript) or _question_left_unreflected(metrics, quotes,
                                                                                           transcript):
        return step
    # the latest line that was not itself a reflection and follows something the client said that can be given back
    for line in reversed(transcript.student_lines):
        found = Found(line.message_id, line.text)
        reflected = {"simple_reflection", "complex_reflection"} & set(quotes.get(line.message_id, {}))
        if not reflected and not is_risk_screening(line.text) and (better := _reflect_instead(found, transcript)):
            return NextStep(focus=KEEP_GOING[0], advice=KEEP_GOING[1], message_id=found.message_id,
                            original=found.quote, rewrite=better)
    return NextStep(focus=KEEP_GOING[0], advice=KEEP_GOING[1],
                    rewrite="It sounds like this has been on your mind for a while.")
