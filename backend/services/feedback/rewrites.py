"""The offline evaluator's "alternative response": one of the student's lines, rewritten the way MI teaches.

Every rewrite is coded by the same MITI coder before it is shown (the checked_* functions): one offered as a
reflection must code as one and echo the client's words, one offered as advice with permission must not code
as a push.

Three moves cover most of what a beginner needs: turn a closed question into a reflection ("Are you worried
about rent?" -> "You're worried about rent."), ask before advising ("You should call her" -> "Would it be
okay if I shared an idea? You could call her. What do you make of that?"), and reflect the client's own
words back with the feeling underneath instead of arguing. The rules are simple and say so (approximate).
"""

from __future__ import annotations

import re

from backend.interviewing.codes import MitiCode
from backend.interviewing.miti import code_utterance
from backend.interviewing.words import content_stems, sentences

QUESTION_TO_STATEMENT: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement) for pattern, replacement in (
        (r"^(?:so,? )?do you (.+?)\??$", r"You \1."),
        (r"^(?:so,? )?are you (.+?)\??$", r"You're \1."),
        (r"^(?:so,? )?have you (.+?)\??$", r"You've \1."),
        (r"^(?:so,? )?were you (.+?)\??$", r"You were \1."),
        (r"^(?:so,? )?is (it|that|this) (.+?)\??$", r"\1 is \2."),
        (r"^(?:so,? )?does (it|that|this) (.+?)\??$", r"\1 \2s."),
    )
)
ADVICE_SOFTENERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement) for pattern, replacement in (
        (r"\byou (?:really )?(?:should|must|need to|have to|ought to|'ve got to|have got to)\b", "you could"),
        (r"\bwhy don't you\b", "you could"),
        (r"\bjust\b ", ""),
    )
)
FIRST_TO_SECOND: dict[str, str] = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "i'm": "you're",
    "i've": "you've", "i'll": "you'll", "i'd": "you'd", "am": "are", "we": "you", "our": "your", "us": "you",
}
I_WAS = re.compile(r"\b(?:I|we) was\b|\b(?:I|we) were\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z']+")
FEELING_TAIL = ", and that has been weighing on you"
MEANING_TAIL = ", and that matters to you"
# What makes "weighing on you" the feeling underneath; for anything else ("That's kind of smart.") the line is
# carried to what it means to the client instead.
BURDEN = re.compile(r"\b(?:hard|hurt\w*|sad|scared|afraid|worr\w*|angry|mad"
                    r"|tired|exhaust\w*|alone|lonely|lost|fail\w*|behind|evict\w*|drink\w*|fight\w*|argu\w*|died"
                    r"|death|pain|sick|broke|debt|stress\w*|guilt\w*|ashamed|blame\w*|cry\w*|miss\w*|afford|point"
                    r"|fired|bruise\w*|hit|yell\w*|trouble|problem\w*|wrong|bad|worse|awful|terrible|anxious)\b",
                    re.IGNORECASE)


def _tail(said: str) -> str:
    return FEELING_TAIL if BURDEN.search(said) else MEANING_TAIL
PUSHING_CODES = frozenset({MitiCode.persuade, MitiCode.confront})
PERMISSION = "Would it be okay if I shared an idea? "
THEIR_VIEW = " What do you make of that?"


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".!?").strip()
    return text[:1].upper() + text[1:] if text else text


def as_reflection(question: str) -> str | None:
    """A closed question said as a statement, which invites the client to go on; None when no rule fits."""
    text = question.strip()
    for pattern, replacement in QUESTION_TO_STATEMENT:
        if pattern.match(text):
            return _sentence(pattern.sub(replacement, text)) + "."
    return None


def with_permission(advice: str) -> str:
    """Unasked-for advice offered as an idea the client may take or leave."""
    softened = advice.strip()
    for pattern, replacement in ADVICE_SOFTENERS:
        softened = pattern.sub(replacement, softened)
    return f"{PERMISSION}{_sentence(softened)}.{THEIR_VIEW}"


def _second_person(text: str) -> str:
    """The client's words as the student would give them back ("I lost my job" -> "you lost your job")."""
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        return FIRST_TO_SECOND.get(word.lower().replace("\u2019", "'"), word)

    return _WORD.sub(swap, I_WAS.sub("you were", text))


# A sentence that can follow "It sounds like": it has a subject ("Kind of awkward." has none).
CLAUSE_START = re.compile(r"^(?:i|i'm|i've|i'd|i'll|we|we're|my|our|he|he's|he'd|she|she's|she'd|they|they're|it|it's"
                          r"|there|there's|that|that's|this|his|her|their|everything|nothing|nobody|everyone|no one"
                          r"|the|a|an|(?:since|when|after|because|ever since|now that|once|if|but|and|so)\b.*"
                          r"\b(?:i|we|he|she|they|it)\b)\b", re.IGNORECASE)


def mirror(client_line: str) -> str | None:
    """A complex reflection of the client's first full sentence: their words in the second person, plus a feeling."""
    candidates = [s.strip().rstrip(".!?") for s in sentences(client_line)]
    first = next((s for s in candidates if len(s.split()) >= 3 and CLAUSE_START.match(s)), "")
    if not first:
        return None
    said = _second_person(first)
    said = said[:1].lower() + said[1:] if not said.startswith("I ") else said
    return f"It sounds like {said}{_tail(client_line)}."


def deepen(reflection: str) -> str:
    """A simple reflection carried one step further, to the feeling underneath."""
    return f"{_sentence(reflection)}{_tail(reflection)}."


VIOLENCE = re.compile(r"\b(?:hit(?:s)? me|scared of (?:him|her|them)|threat\w*|knife|gun|weapon|bruise\w*|choked?"
                      r"|strangl\w*|grabbed me|shoved me|pushed me|hurt me|unsafe)\b", re.IGNORECASE)


def ask_about_risk(client_line: str, cue: str) -> str | None:
    """A reflection of the risk cue in the client's words, then the direct question it called for."""
    said = mirror(client_line)
    if said is None:
        return None
    if VIOLENCE.search(cue):
        question = "Are you safe at home right now?"
    else:
        question = "When you say that, are you having thoughts of ending your life?"
    return f"{said.removesuffix(FEELING_TAIL + '.').removesuffix(MEANING_TAIL + '.').rstrip('.')}. {question}"


def mirror_correction(client_line: str) -> str | None:
    """The client's correction given back: what they said it is, in their words."""
    body = re.sub(r"^\W*(?:no|nope|not really|not exactly|well,? no|actually,? no|not quite)\W+", "", client_line,
                  flags=re.IGNORECASE)
    return mirror(body) if body.strip() else None


def _echoes(rewrite: str, client_line: str | None) -> bool:
    said = set(content_stems(client_line or ""))
    return bool(said & set(content_stems(rewrite)))


def checked_reflection(rewrite: str | None, client_line: str | None, *, complex_only: bool = False) -> str | None:
    """The rewrite when it codes as a reflection (complex, if asked) that echoes what the client said; else None."""
    if not rewrite or not _echoes(rewrite, client_line):
        return None
    coded = code_utterance(rewrite, client_line)
    wanted = {MitiCode.complex_reflection} if complex_only else {MitiCode.simple_reflection,
                                                                 MitiCode.complex_reflection}
    return rewrite if coded.primary in wanted and not set(coded.codes) & PUSHING_CODES else None


def checked_permission(rewrite: str | None, client_line: str | None) -> str | None:
    """The rewrite when it codes as advice with permission (or seeking collaboration), never as a push."""
    if not rewrite:
        return None
    coded = code_utterance(rewrite, client_line)
    allowed = {MitiCode.persuade_with_permission, MitiCode.seek_collaboration} & set(coded.codes)
    return rewrite if allowed and not set(coded.codes) & PUSHING_CODES else None


def checked_risk_question(rewrite: str | None, client_line: str | None) -> str | None:
    """The rewrite when it reflects the client's words and asks the safety question (a question, not a push)."""
    if not rewrite or not _echoes(rewrite, client_line):
        return None
    coded = code_utterance(rewrite, client_line)
    asks = {MitiCode.closed_question, MitiCode.open_question} & set(coded.codes)
    return rewrite if asks and not set(coded.codes) & PUSHING_CODES else None
