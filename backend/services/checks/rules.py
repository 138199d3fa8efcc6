"""Rule checks on a probe's replies: what can be judged without a model, so every provider gets a verdict.

Each rule returns findings (warn or fail, with the reason a teacher reads). The length rule follows the
persona block's own: one to four sentences for most clients (more as they warm), a short paragraph for a talkative one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from backend.interviewing.client_reply import ROLE_BREAK, advice_in
from backend.interviewing.disclosure import discloses
from backend.interviewing.risk import denies_risk
from backend.interviewing.words import spoken_sentences
from backend.llm.persona import is_verbose_persona, persona_difficulty
from backend.services.checks.probes import Probe
from backend.services.checks.speech import QUESTIONS, answers, in_first_person, persona_read_out, speaks_of_itself
from backend.services.prompting.disclosure import gated


class Verdict(StrEnum):
    passed = "pass"
    warn = "warn"
    fail = "fail"


SEVERITY = {Verdict.passed: 0, Verdict.warn: 1, Verdict.fail: 2}


def worst(verdicts: Sequence[Verdict]) -> Verdict:
    return max(verdicts, key=SEVERITY.__getitem__, default=Verdict.passed)


@dataclass(frozen=True, slots=True)
class Finding:
    verdict: Verdict
    reason: str


@dataclass(frozen=True, slots=True)
class Exchange:
    student: str
    reply: str
    is_fallback: bool = False
    ceiling: int = 0  # the most sentences the turn's director's note allowed (0: not known)


MARKDOWN = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+|\*\*|^#{1,6}\s|`", re.M)
THERAPIST = re.compile(
    r"\b(?:as your therapist|let'?s explore|how does that make you feel|what i'?m hearing|let'?s work on"
    r"|coping strateg\w+|self-care|it sounds like you(?:'re| are)? feeling)\b", re.I)
CAVING = re.compile(
    r"\b(?:you'?re right|you are right|i'?m sorry|i apologi[sz]e|thank you for (?:your honesty|being honest|saying)"
    r"|fair point|i deserve)\b", re.I)
STONEWALL_WORDS = 3

# (sentences, words) that pass; the warn band runs up to the second pair; beyond it, fail.
LENGTH = {False: ((4, 70), (5, 90)), True: ((5, 100), (6, 130))}  # a warming client says a little more


def _length(reply: str, verbose: bool, ceiling: int = 0) -> Finding | None:
    sentences, words = len(spoken_sentences(reply)), len(reply.split())
    (ok_s, ok_w), (warn_s, warn_w) = LENGTH[verbose]
    rule = "a short paragraph" if verbose else "one to four sentences"
    if sentences > warn_s or words > warn_w:
        return Finding(Verdict.fail, f"Too long for a first interview: {sentences} sentences, {words} words "
                                     f"(this client's rule is {rule}).")
    if sentences > ok_s or words > ok_w:
        return Finding(Verdict.warn, f"Longer than a real client would say: {sentences} sentences, {words} words.")
    if ceiling and sentences > ceiling:
        return Finding(Verdict.warn, f"Said more than this turn allowed: {sentences} sentences where the client's "
                                     f"style and trust allowed up to {ceiling}.")
    return None


def _first_turn_secrets(persona: dict[str, Any], reply: str) -> list[Finding]:
    material = gated(persona)
    found = [Finding(Verdict.fail, f"Gave away something it keeps back on the first turn: \"{item['fact']}\"")
             for item in material.facts if discloses(item["fact"], reply)]
    found += [Finding(Verdict.fail, f"Told its risk history on the first turn: \"{sentence}\"")
              for sentence in material.risk if not denies_risk(sentence) and discloses(sentence, reply)]
    return found


def _speech(probe: Probe, persona: dict[str, Any], turn: int, exchange: Exchange) -> list[Finding]:
    """Is this the person speaking: not their description read out, not themself in the third person, an answer?"""
    findings = []
    if "reads_persona" in probe.rules:
        for sentence, field in persona_read_out(persona, exchange.reply):
            if in_first_person(sentence):
                findings.append(Finding(Verdict.warn, f"Said the persona's {field} word for word: \"{sentence}\" "
                                                      "(a person rarely speaks like their file)."))
            else:
                findings.append(Finding(Verdict.fail, f"Read the persona's {field} aloud instead of speaking as "
                                                      f"the person: \"{sentence}\""))
    if "third_person" in probe.rules and (words := speaks_of_itself(persona, exchange.reply)):
        findings.append(Finding(Verdict.fail, f"Spoke about the client in the third person (\"{words}\") instead "
                                              "of as them."))
    kind = probe.asks[turn] if "answers" in probe.rules and turn < len(probe.asks) else None
    if kind is not None and not answers(kind, exchange.reply, persona):
        findings.append(Finding(Verdict.warn, f"Did not answer the student's question about {QUESTIONS[kind]} "
                                              f"(\"{exchange.student}\"): \"{exchange.reply}\""))
    return findings


def _per_reply(probe: Probe, persona: dict[str, Any], turn: int, exchange: Exchange) -> list[Finding]:
    reply, findings = exchange.reply, []
    if "role_break" in probe.rules and (match := ROLE_BREAK.search(reply)):
        findings.append(Finding(Verdict.fail, f"Stepped out of the role (\"{match.group(0)}\")."))
    if "length" in probe.rules and (finding := _length(reply, is_verbose_persona(persona), exchange.ceiling)):
        findings.append(finding)
    if "format" in probe.rules and MARKDOWN.search(reply):
        findings.append(Finding(Verdict.fail, "Answered with a list or formatting, not speech."))
    if "first_turn_secrets" in probe.rules and turn == 0:
        findings += _first_turn_secrets(persona, reply)
    if "advice" in probe.rules and (advice := advice_in(reply)):
        findings.append(Finding(Verdict.fail, f"Gave the student advice (\"{advice}\"): a client is not "
                                              "the expert."))
    if "therapist" in probe.rules and (match := THERAPIST.search(reply)):
        findings.append(Finding(Verdict.fail, f"Took on the therapist's role (\"{match.group(0)}\")."))
    findings += _speech(probe, persona, turn, exchange)
    if "caving" in probe.rules and (match := CAVING.search(reply)):
        findings.append(Finding(Verdict.warn, f"Gave in to a hostile student (\"{match.group(0)}\") instead of "
                                              "defending itself or shutting down."))
    return findings


def _whole(probe: Probe, persona: dict[str, Any], exchanges: Sequence[Exchange]) -> list[Finding]:
    replies = [e.reply for e in exchanges]
    findings = []
    facts = gated(persona).facts
    if "opens_too_fast" in probe.rules and facts and persona_difficulty(persona) >= 2:
        told = [item for item in facts if any(discloses(item["fact"], reply) for reply in replies)]
        if len(told) == len(facts):
            findings.append(Finding(Verdict.warn, f"Told everything it keeps back ({len(facts)} of {len(facts)}) "
                                                  f"within {len(replies)} turns: too fast for difficulty "
                                                  f"{persona_difficulty(persona)}."))
    if "stonewalls" in probe.rules and persona_difficulty(persona) <= 3 and replies and all(
            len(reply.split()) <= STONEWALL_WORDS for reply in replies):
        findings.append(Finding(Verdict.warn, "Never said more than a few words to a warm, skilled student."))
    return findings


def judge_by_rules(probe: Probe, persona: dict[str, Any], exchanges: Sequence[Exchange]) -> list[Finding]:
    """Every rule finding for one probe's conversation; fallback lines are reported, not judged."""
    if any(e.is_fallback for e in exchanges):
        return [Finding(Verdict.warn, "The AI service did not answer this probe (a standby line stood in); run "
                                      "the check again.")]
    findings = [f for turn, e in enumerate(exchanges) for f in _per_reply(probe, persona, turn, e)]
    return findings + _whole(probe, persona, exchanges)
