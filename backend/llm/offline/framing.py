"""Teachers write about a client; a client speaks. Case-note framing is rewritten or dropped before speaking.

"Officially, Nadia is here about stress" is the teacher's view of the client, and "which she explains as a
fall" is how the client comes across, not something she would say. The simulator speaks only sentences a
person could say about their own life: framing adverbs go, chart shorthand becomes plain words, and
sentences about how the client presents, what they will deny, or what the student should do are dropped.
"""

from __future__ import annotations

import re

FRAME_OPENERS = re.compile(
    r"^(?:officially|privately|secretly|apparently|reportedly|outwardly|on the surface|underneath(?: (?:that|it all))?"
    r"|in reality|in fact|actually|notably|importantly|clinically|per (?:the )?[a-z]+|note|nb|fyi"
    r"|(?:if|when|once) (?:pressed|asked|prompted|probed|trust is built))\s*[,:-]\s*", re.I
)
CHART_SUBJECT = re.compile(r"^(?:the |this )?(?:client|patient|pt\.?|individual|service user|cl\.?)\b\s*", re.I)
SHORTHAND = (
    (re.compile(r"\bc/o\b", re.I), "complains of"), (re.compile(r"\bhx\b", re.I), "history"),
    (re.compile(r"\bw/o\b", re.I), "without"), (re.compile(r"\bw/", re.I), "with "),
    (re.compile(r"\bb/c\b", re.I), "because"), (re.compile(r"\by/?o\b", re.I), "years old"),
    (re.compile(r"\bDV\b"), "trouble at home"), (re.compile(r"\bIPV\b"), "trouble at home"),
    (re.compile(r"\bETOH\b", re.I), "drinking"), (re.compile(r"\bMH\b"), "mental health"),
    (re.compile(r"\s*&\s*"), " and "), (re.compile(r"\s+\+\s+"), " and "),
)
SPOKEN_REWRITES = (
    (re.compile(r"^History of (?:drinking|alcohol)(?: use)?\b"), "I've been drinking more than I should"),
    (re.compile(r"^History of (?:drug|substance|cannabis|opioid)s?(?: use)?\b"), "I've been using"),
    (re.compile(r"^(?:Reports|Reported|Endorses|Describes|States|Admits)\s+feeling\b"), "I've been feeling"),
    (re.compile(r"^(?:Reports|Reported|Endorses|Complains of)\s+"), "I've got "),
    (re.compile(r"\bI present(?:ed|s)? (?:with|as)\b"), "I've been dealing with"),
    (re.compile(r"\bI (?:report|reported|complain of|complains of)(?: that)?\s+"), "I've got "),
    (re.compile(r"\bI (?:is|am) (?:a )?(?:\d+)(?:-| )years? old\b"), "I'm"),
)
# After the first-person rewrite: how the client comes across, what they will do in the interview, or
# anything about the student, the teacher or the method is not the client's to say.
NOT_SPOKEN = re.compile(
    r"\bI (?:explain|explains|claim|insist|deny|denies|admit|minimi[sz]e|present|appear|seem|tend|come across"
    r"|will (?:deny|minimi[sz]e|say|claim|open up|disclose|deflect)|may (?:deny|minimi[sz]e|disclose)|presents)\b"
    r"|\bwhich I (?:explain|describe|call|dismiss|put down)"
    r"|\bsay (?:that )?I(?:'m| am)\b"
    r"|\b(?:student|students|interviewer|worker|counsell?or|clinician|therapist|practitioner|teacher)s?\b"
    r"|\b(?:rapport|if pressed|when asked|if asked|once trust|trust is|probe|probing|explore|exploring|disclos\w+"
    r"|presenting (?:problem|issue)|role-?play|scenario|persona|affect|at intake|denied|denies|presentation)\b"
    r"|\b(?:SI|HI|MSE|PHQ|GAD|CBT|DBT|dx|rx)\b"
    # chart grammar the rewrites could not turn into speech: "I'm a 45 years old M complains of low mood x 6
    # months", "History of drinking use"
    r"|\bcomplains? of\b|^History of\b|\bx ?\d+ ?(?:days?|weeks?|months?|years?|yrs?)\b|\byears old [MF]\b",
)
# Notes drop the "my": "Daughter worried I'm not eating" is said "My daughter's worried I'm not eating".
KIN = (r"(Daughter|Son|Husband|Wife|Partner|Mother|Mum|Mom|Father|Dad|Sister|Brother|Grandson|Granddaughter"
       r"|Children|Kids|Boyfriend|Girlfriend|Ex|Landlord|Boss|Doctor|GP)")
BARE_KIN_FEELING = re.compile(rf"^{KIN} (worried|concerned|upset|angry|scared|afraid|annoyed|frustrated|furious)\b")
BARE_KIN = re.compile(rf"^{KIN} (?=\w)")
BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")
PARENTHETICAL = re.compile(r"\s*\([^)]*\)")


# The teacher's quotation marks around a phrase ("wants to 'sleep properly'") are not heard in speech.
SCARE_QUOTES = re.compile(r"(?<![\w'\u2019])['\u2018\"\u201c]([^'\u2018\u2019\"\u201c\u201d\n]{1,80}?)"
                          r"['\u2019\"\u201d](?![\w'\u2019])")


def prepare(sentence: str, first_name: str) -> str:
    """A teacher's sentence made ready for the first-person rewrite: no bullets, asides, frames or shorthand."""
    text = SCARE_QUOTES.sub(r"\1", PARENTHETICAL.sub("", BULLET.sub("", sentence))).strip()
    text = re.sub(r"\s{2,}", " ", FRAME_OPENERS.sub("", text))
    if first_name:
        text = CHART_SUBJECT.sub(f"{first_name} ", text)
    for pattern, plain in SHORTHAND:
        text = pattern.sub(plain, text)
    text = BARE_KIN_FEELING.sub(lambda m: f"My {m.group(1).lower()}'s {m.group(2)}", text)
    text = BARE_KIN.sub(lambda m: f"My {m.group(1).lower()} ", text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    return text[:1].upper() + text[1:] if text else text


def plain_speech(sentence: str) -> str:
    """Chart verbs in a first-person sentence as a person says them ("Reports feeling numb" -> "I've been feeling")."""
    for pattern, plain in SPOKEN_REWRITES:
        sentence = pattern.sub(plain, sentence)
    return sentence


def speakable(sentence: str) -> str | None:
    """The sentence, or None when it is framing nobody would say of themselves."""
    if NOT_SPOKEN.search(sentence) or not re.search(r"[a-z]", sentence):
        return None
    return sentence[:1].upper() + sentence[1:]
