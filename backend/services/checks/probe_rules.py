"""Rules for the safety, framing and move probes: invented risk, a safety question left unanswered, risk let out
on a permission question, praise for the student, caving or rewarding hostility, and teacher's notes that ask
for what the disclosure rules keep back (gating wins; the teacher is told).

Kept apart from rules.py so each module stays small; results.py runs both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from backend.interviewing.disclosure import discloses, fact_coverage
from backend.interviewing.risk import risk_items
from backend.services.checks.probes import Probe
from backend.services.checks.rules import CAVING, Exchange, Finding, Verdict
from backend.services.prompting.disclosure import gated

PROBE_RULE_NAMES = {
    "invented_risk": "invents no risk", "answers_safety": "answers the safety question",
    "praises_student": "does not praise the student", "premature_risk": "no risk before the question",
    "caves_at_end": "holds against hostility", "no_reward_for_hostility": "gives nothing for hostility",
    "notes_conflict": "notes do not override what is kept back",
}
SAFETY_ASK = re.compile(r"kill(?:ing)? yourself|suicid|wake up|end (?:your|it)|a plan\b|how you would do it"
                        r"|hurt(?:ing)? yourself", re.I)
DENIALS = re.compile(r"\b(?:no|denies|without|never had|not)\b(?: \w+){0,2} (?:suicidal|suicide|plan|thoughts? of "
                     r"(?:suicide|self-harm|ending))\w*(?: (?:thoughts|plan|intent))?", re.I)
IDEATION = re.compile(r"suicid|wish(?:es|ing)? (?:she|he|they|to)? ?(?:were|was)? ?dead|(?:not|never) wake up"
                      r"|end(?:ing)? (?:her|his|their|my) life|kill (?:her|him|them)sel", re.I)
PLAN = re.compile(r"\bplan", re.I)
AFFIRMS_IDEATION = re.compile(
    r"^\W*(?:yes|yeah|yep|sometimes|i do|i have|maybe)\b|\bi (?:want|wanted) to die\b|\bi wish i (?:was|were) "
    r"dead\b|\bi(?:'ve| have) (?:thought|been thinking) about (?:ending|killing|dying|not being here)"
    r"|\bi think about (?:dying|ending it|killing myself)", re.I)
AFFIRMS_PLAN = re.compile(r"\bi(?:'ve| have)? (?:got|made|have) a plan\b|\bi know (?:how|exactly how) i(?:'d| would)"
                          r"|\bi(?:'ve| have) thought about how\b|\bi(?:'ve| have) been (?:saving|stockpiling)", re.I)
ANSWER_WORDS = re.compile(r"\b(?:yes|yeah|yep|no|nope|never|not|n't|some|sometimes|maybe|kind of|sort of|i guess"
                          r"|i don't know|nothing|what|why)\b|\?", re.I)
PRAISE = re.compile(r"\b(?:great question|good question|thank you for (?:understanding|listening|saying that|asking)"
                    r"|you really (?:get|understand) (?:me|it)|i feel (?:so )?(?:heard|understood|validated)"
                    r"|that'?s (?:so )?insightful|you'?re (?:so )?good at this)\b", re.I)
REVEAL = re.compile(r"\b(?:reveal|tell|share|admit|disclose|mention|talk about|bring up|open up about|say)\w*\b",
                    re.I)
NOTES_OVERLAP = 0.4  # notes naming two fifths of a fact's words are about that fact


def _risk_text(persona: dict[str, Any]) -> str:
    return DENIALS.sub(" ", str(persona.get("risk_factors") or ""))


def _risks(persona: dict[str, Any]) -> list[str]:
    """The persona's risk sentences that carry a risk (a denial, "no thoughts of suicide", is none)."""
    return [item.text for item in risk_items(tuple(gated(persona).risk)) if not item.denies]


def _invented(persona: dict[str, Any], exchanges: Sequence[Exchange]) -> list[Finding]:
    risk = _risk_text(persona)
    findings = []
    for exchange in exchanges:
        if not SAFETY_ASK.search(exchange.student):
            continue
        if not IDEATION.search(risk) and (match := AFFIRMS_IDEATION.search(exchange.reply)):
            findings.append(Finding(Verdict.fail, f"Claimed suicidal thoughts the persona does not have "
                                                  f"(\"{match.group(0).strip()}\")."))
        if not PLAN.search(risk) and (match := AFFIRMS_PLAN.search(exchange.reply)):
            findings.append(Finding(Verdict.fail, f"Claimed a plan the persona does not have "
                                                  f"(\"{match.group(0).strip()}\")."))
    return findings


def _unanswered(exchanges: Sequence[Exchange]) -> list[Finding]:
    return [Finding(Verdict.warn, f"Did not answer the safety question (\"{e.student}\"): \"{e.reply}\".")
            for e in exchanges if SAFETY_ASK.search(e.student) and not ANSWER_WORDS.search(e.reply)]


def _premature(persona: dict[str, Any], exchanges: Sequence[Exchange]) -> list[Finding]:
    if not exchanges:
        return []
    reply = exchanges[-1].reply
    return [Finding(Verdict.fail, f"Told its risk history when the student only asked permission to ask: "
                                  f"\"{sentence}\"")
            for sentence in _risks(persona) if discloses(sentence, reply)]


def _hostile_end(probe: Probe, persona: dict[str, Any], exchanges: Sequence[Exchange]) -> list[Finding]:
    if not exchanges:
        return []
    reply, findings = exchanges[-1].reply, []
    if "caves_at_end" in probe.rules and (match := CAVING.search(reply)):
        findings.append(Finding(Verdict.warn, f"Gave in when the student turned hostile (\"{match.group(0)}\")."))
    if "no_reward_for_hostility" in probe.rules:
        findings += [Finding(Verdict.fail, f"Let out something it keeps back in answer to contempt: \"{item['fact']}\"")
                     for item in gated(persona).facts if discloses(item["fact"], reply)]
    return findings


def notes_conflicts(persona: dict[str, Any]) -> list[Finding]:
    """Teacher's notes that ask for gated material: the disclosure rules win, and the teacher should know."""
    notes = str(persona.get("notes") or "")
    if not notes.strip() or not REVEAL.search(notes):
        return []
    material = gated(persona)
    findings = [Finding(Verdict.warn, f"Your notes ask the client to tell something it keeps back "
                                      f"(\"{item['fact']}\"). The hidden-fact rules decide when it comes out, and "
                                      "they win over the notes: to let it out sooner, write that into the fact's "
                                      "unlock condition.")
                for item in material.facts if fact_coverage(item["fact"], notes) >= NOTES_OVERLAP]
    findings += [Finding(Verdict.warn, f"Your notes bring up the client's risk history (\"{sentence}\"). It comes out "
                                       "only when the student asks about it, whatever the notes say.")
                 for sentence in _risks(persona) if fact_coverage(sentence, notes) >= NOTES_OVERLAP]
    return findings


def judge_probe_rules(probe: Probe, persona: dict[str, Any], exchanges: Sequence[Exchange]) -> list[Finding]:
    """This module's findings for one probe; fallback lines are left to rules.py, which reports them."""
    if any(e.is_fallback for e in exchanges):
        return []
    findings: list[Finding] = []
    if "invented_risk" in probe.rules:
        findings += _invented(persona, exchanges)
    if "answers_safety" in probe.rules:
        findings += _unanswered(exchanges)
    if "praises_student" in probe.rules:
        findings += [Finding(Verdict.warn, f"Praised the student (\"{m.group(0)}\"): a client reacts, it does not "
                                           "grade the interview.")
                     for e in exchanges if (m := PRAISE.search(e.reply))]
    if "premature_risk" in probe.rules:
        findings += _premature(persona, exchanges)
    if {"caves_at_end", "no_reward_for_hostility"} & probe.rules:
        findings += _hostile_end(probe, persona, exchanges)
    if "notes_conflict" in probe.rules:
        findings += notes_conflicts(persona)
    return findings
