"""Rewrites third-person persona notes as things the client could say, so offline replies use real facts."""

from __future__ import annotations

import re
from typing import Any

from backend.llm.offline.feelings import PLAIN
from backend.llm.offline.framing import plain_speech, prepare, speakable
from backend.llm.offline.lines import GENERIC_LINES, ISSUE_LINES, ISSUE_TOPICS
from backend.llm.offline.register import stance_of

ADVERBS = (
    "also|always|never|often|still|sometimes|rarely|hardly|barely|usually|only|just|now|even|really|"
    "already|recently|quietly|privately|secretly|mostly|probably|finally|actually|constantly|ever"
)
IRREGULAR_AFTER_I = {
    "is": "am", "are": "am", "were": "was", "has": "have", "does": "do", "doesn't": "don't",
    "isn't": "am not", "aren't": "am not", "hasn't": "haven't", "weren't": "wasn't",
}
COMMON_VERBS: tuple[str, ...] = (
    "sleep", "leave", "drink", "work", "live", "miss", "feel", "want", "need", "say", "think", "know",
    "get", "go", "keep", "try", "worry", "avoid", "talk", "call", "eat", "cry", "blame", "hide",
    "spend", "pay", "owe", "use", "refuse", "deny", "believe", "hope", "wish", "love", "hate", "like",
    "see", "take", "make", "give", "tell", "ask", "visit", "watch", "check", "sit", "stay", "wake",
    "skip", "turn", "become", "seem", "look", "hear", "cook", "care", "help", "shut", "push", "lie",
    "fall", "read", "write", "play", "run", "walk", "drive", "come", "set", "send", "struggle",
    "apologise", "apologize", "answer", "change", "defend", "choose", "open", "speak", "switch", "slip",
    "text", "value", "bristle", "minimise", "minimize", "laugh", "joke", "share", "depend", "rely",
    "fear", "dread", "wonder", "manage", "panic", "freeze", "shake", "cope", "admit", "pretend",
    "insist", "smile", "coach", "study", "attend", "own", "mumble", "roll",
)
OBJECT_FOLLOWERS = {
    "and", "or", "but", "to", "from", "with", "for", "at", "in", "on", "about", "that", "when", "because",
    "if", "as", "up", "out", "off", "down", "back", "again", "too", "alone", "anymore", "like", "so", "into",
    "over", "since", "after", "before", "while", "until", "the", "a", "an", "this", "every", "more", "much",
    "against", "around", "through", "by", "of", "under", "toward", "towards", "once",
}
LOWERABLE_STARTS = {
    "My", "The", "It", "Since", "Some", "A", "An", "Last", "Every", "Most", "Officially", "Privately", "For",
    "If", "There", "This", "That", "When", "After", "Before", "Once", "Money", "Things", "Nobody", "Nothing",
    "Everything", "Everyone", "Everybody", "Sometimes",
}
SUBJECT_SLOTS = (
    r"(^|[,;:]\s+|\b(?:and|but|so|when|because|since|after|before|if|until|while|though|that|where)\s+)"
)
CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:who|which|that|because|when|while|after|before|since|and|but|so|if|like|to)\b")
LABEL_PREFIX = re.compile(r"^[A-Z][A-Za-z' -]{2,40}:\s+")


def _third_person(verb: str) -> str:
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


CONJOINED_VERBS = {_third_person(verb): verb for verb in COMMON_VERBS} | IRREGULAR_AFTER_I


def _base_form(word: str) -> str:
    """`works` -> `work` after "I"; leaves past tenses, modals and anything not ending in -s alone."""
    lower = word.lower()
    if lower in IRREGULAR_AFTER_I:
        return IRREGULAR_AFTER_I[lower]
    if lower in {"was", "is", "has", "does", "this", "thus", "always", "ss"} or not lower.endswith("s"):
        return word
    if lower.endswith(("ss", "us", "is")):
        return word
    if lower.endswith("ies") and len(lower) > 4:
        return word[:-3] + "y"
    if lower.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return word[:-2]
    return word[:-1]


def pronoun_forms(persona: dict[str, Any]) -> tuple[str, str, str, str] | None:
    """Subject, object, possessive and reflexive pronouns for the persona, from pronouns or gender."""
    text = f"{persona.get('pronouns') or ''} {persona.get('gender') or ''}".lower()
    if re.search(r"\bthey\b|non-?binary", text):
        return ("they", "them", "their", "themselves|themself")
    if re.search(r"\bshe\b|\bher\b|woman|female|girl", text):
        return ("she", "her", "her", "herself")
    if re.search(r"\bhe\b|\bhim\b|\bman\b|male|boy", text):
        return ("he", "him", "his", "himself")
    return None


def _names(persona: dict[str, Any]) -> list[str]:
    full = str(persona.get("name") or "").strip()
    parts = full.split()
    names = [full] + ([parts[0]] if len(parts) > 1 else []) if full else []
    if len(parts) > 1:
        names += [f"(?:Mr|Mrs|Ms|Miss|Mx)\\.? {parts[-1]}"]
    return [re.escape(n) if "(?:" not in n else n for n in names]


def _subject_earlier_in_clause(text: str, position: int) -> bool:
    """True when the persona ("I") is already the clause's subject, so "him" there means someone else."""
    start = max((m.end() for m in CLAUSE_BREAK.finditer(text, 0, position)), default=0)
    return re.search(r"\bI\b", text[start:position]) is not None


# A sentence about anyone ("a man who cannot provide for his family has failed them") keeps its pronouns.
GENERIC_SUBJECT = re.compile(r"\b(?:a|any|every|no|a real|a good) (?:man|woman|mother|father|mum|mom|dad|parent|"
                             r"husband|wife|son|daughter|grandmother|grandfather|girl|boy)\b(?![^.;]*\bI\b)[^.;]*$",
                             re.I)


def _object_pronouns(text: str, obj: str, possessive: str) -> str:
    """"told her" -> "told me", "her wrist" -> "my wrist", but "he misses him" keeps "him"."""

    def replace(match: re.Match[str]) -> str:
        word, following = match.group(1), match.group(2)
        if word.lower() == possessive and GENERIC_SUBJECT.search(text[max(0, match.start() - 60):match.start()]):
            return match.group(0)  # "a man who cannot provide for his family": anyone's family, not mine
        is_object = word.lower() == obj and (word.lower() != possessive or not following
                                              or following.lower() in OBJECT_FOLLOWERS)
        if not is_object:
            return "my" + match.group(0)[len(word):]
        if _subject_earlier_in_clause(text, match.start()):
            return match.group(0)
        return "me" + match.group(0)[len(word):]

    return re.sub(rf"\b({obj}|{possessive})\b(?:\s+([A-Za-z']+))?", replace, text, flags=re.I)


def first_person(sentence: str, persona: dict[str, Any]) -> str:
    """Rewrite "Maria lost her job" as "I lost my job"; simple rules, good enough for short spoken lines."""
    text = LABEL_PREFIX.sub("", sentence.strip())
    names = _names(persona)
    if names:
        alternatives = "|".join(names)
        text = re.sub(rf"\b(?:{alternatives})'s\b", "my", text)
        text = re.sub(rf"{SUBJECT_SLOTS}(?:{alternatives})\b", lambda m: f"{m.group(1)}I", text)
        text = re.sub(rf"\b(?:{alternatives})\b", "me", text)
    forms = pronoun_forms(persona)
    if forms:
        subject, obj, possessive, reflexive = forms
        text = re.sub(rf"\b(?:{reflexive})\b", "myself", text, flags=re.I)
        text = re.sub(rf"\b{subject}'s been\b", "I've been", text, flags=re.I)
        text = re.sub(rf"\b{subject}'(?:s|re)\b", "I'm", text, flags=re.I)
        text = re.sub(rf"\b{subject}\b", "I", text, flags=re.I)
        text = _object_pronouns(text, obj, possessive)
    text = re.sub(rf"\bI((?:\s+(?:{ADVERBS}))?)\s+([A-Za-z']+)",
                  lambda m: f"I{m.group(1)} {_base_form(m.group(2))}", text)
    if re.search(r"\bI\b", text):
        text = re.sub(rf"\b(and|but|or)((?:\s+(?:{ADVERBS}))?)\s+([a-z']+)\b",
                      lambda m: f"{m.group(1)}{m.group(2)} {CONJOINED_VERBS.get(m.group(3), m.group(3))}",
                      text)
    text = re.sub(r"\bI and my\b", "me and my", text)
    return _tidy(text)


CONTRACTIONS = (
    (r"\bI am not\b", "I'm not"), (r"\bI am\b", "I'm"), (r"\bI do not\b", "I don't"),
    (r"\bI have not\b", "I haven't"), (r"\bI did not\b", "I didn't"), (r"\bI cannot\b", "I can't"),
    (r"\bI will not\b", "I won't"), (r"\bI was not\b", "I wasn't"), (r"\bI have been\b", "I've been"),
    (r"\bit is\b", "it's"), (r"\bdoes not\b", "doesn't"),
)


def _tidy(text: str) -> str:
    for pattern, replacement in CONTRACTIONS:
        text = re.sub(pattern, replacement, text)
    text = text.strip()
    if text and text[-1] not in ".!?'\"":
        text += "."
    return text[:1].upper() + text[1:]


LONG_SENTENCE_WORDS = 24


def _breath(piece: str) -> list[str]:
    """A run-on sentence ("..., and ..., and ...") as the shorter sentences a person would say it in."""
    if len(piece.split()) <= LONG_SENTENCE_WORDS:
        return [piece]
    parts = [part.strip(" ,.") for part in re.split(r",\s+(?:and|but|so)\s+", piece) if part.strip(" ,.")]
    return [part[:1].upper() + part[1:] + "." for part in parts]


def split_sentences(text: str) -> list[str]:
    """Sentences and semicolon clauses, each short enough to say aloud."""
    text = re.sub(r"^\s*(?:[-*\u2022]|\d+[.)])\s+", "", (text or "").strip(), flags=re.M)  # bullet lists
    text = re.sub(r"(?<![.!?])\s*\n+\s*", ". ", text)  # a line break ends a note as a full stop would
    pieces = re.split(r"(?:(?<=[.!?])|(?<=[.!?]['\"]))\s+(?=[A-Z'\"(])|;\s+", text.strip())
    return [part for piece in pieces if len(piece.strip()) > 3 for part in _breath(piece.strip())]


FIRST_PERSON_WORD = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|my|me|myself|we|our|us)\b")
MOODS = frozenset({"proud", "lonely", "sad", "angry", "numb", "flat", "tired", "anxious", "hopeful", "low",
                   "restless", "irritable", "tearful", "quiet", "scared", "afraid", "calm", "detached"})
PAST_FORMS = frozenset({"lost", "left", "divorced", "married", "separated", "widowed", "moved", "raised", "born",
                        "diagnosed", "referred", "arrested", "evicted", "fired", "laid", "grew", "went", "got"})


# A case note's event without a verb ("Fall at home in October", "Overdose in 2022") is something the client had.
EVENT_NOUNS = frozenset({"fall", "stroke", "overdose", "accident", "car", "heart", "seizure", "miscarriage",
                         "breakdown", "relapse", "hospitalisation", "hospitalization", "operation", "surgery"})
VERB_AFTER = re.compile(r"\b(?:is|was|were|are|has|had|have|happened|left|made|caused|led)\b", re.I)


def _fragment(sentence: str, key: str) -> str | None:
    """Case-note fragments made sayable ("Wants to sleep" -> "I want to sleep"), or None when they cannot be."""
    first, _, rest = sentence.partition(" ")
    word = first.strip(",.;:").lower()
    lowered = sentence[:1].lower() + sentence[1:]
    if word in CONJOINED_VERBS and word != CONJOINED_VERBS[word]:  # "Speaks French at home."
        return f"I {CONJOINED_VERBS[word]} {rest}".strip()
    if key == "goals" and word == "to":  # "To stay in her own home."
        return f"I want {lowered}"
    if key == "emotional_state" and (word in PLAIN or word.endswith("ed") or word in MOODS):
        return f"I'm {lowered}"  # "Overwhelmed, guilty about..." is how the client feels
    if FIRST_PERSON_WORD.search(sentence):
        return sentence
    if key == "goals":  # "Respite care a few hours a week." is what the client wants
        return f"I want {lowered}"
    if word[:1].isdigit() or word in PAST_FORMS:  # "Divorced 2019", "2 kids with ex-wife": a chart, not speech
        return None
    if word in EVENT_NOUNS and not VERB_AFTER.search(rest):  # "Fall at home in October." happened to the client
        return f"I had {'an' if word[0] in 'aeiou' else 'a'} {lowered}"
    return sentence


def say(sentence: str, persona: dict[str, Any], key: str = "") -> str | None:
    """One sentence of the teacher's as the client would say it, or None when it is not something to say."""
    first_name = (str(persona.get("name") or "").split() or [""])[0]
    spoken = plain_speech(first_person(prepare(sentence, first_name), persona))
    fixed = _fragment(spoken, key)
    return speakable(_tidy(unchart(fixed))) if fixed else None


CHART_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:I )?would never act(?: on (?:it|them|that|those thoughts))?\b", re.I),
     "I'd never actually do anything"),
    (re.compile(r"\bno (?:plan or intent|plan, no intent|plan/intent)\b", re.I), "I haven't planned anything"),
    (re.compile(r"\bdenies (?:any )?", re.I), "I don't have "),
    (re.compile(r"\bpassive (?:SI|suicidal ideation)\b", re.I), "sometimes I wish I didn't wake up"),
    (re.compile(r"\bsuicidal ideation\b", re.I), "thoughts of ending it"),
    (re.compile(r"\b(?:I have |I've got )?no suicidal thoughts\b", re.I), "I'm not thinking about ending it"),
    (re.compile(r"\bturns? hopeless\b", re.I), "get pretty hopeless"),
    (re.compile(r"\bmeans restriction\b", re.I), "getting rid of things"),
    (re.compile(r"\bprotective factors?\b", re.I), "what keeps me going"),
)


def unchart(sentence: str) -> str:
    """Clinical chart phrasing said the way a person would say it."""
    for pattern, replacement in CHART_PHRASES:
        sentence = pattern.sub(replacement, sentence)
    return sentence


def spoken_sentences(persona: dict[str, Any], key: str) -> list[str]:
    """A persona field as first-person sentences the client could say, without the teacher's framing."""
    spoken = (say(sentence, persona, key) for sentence in split_sentences(str(persona.get(key) or "")))
    return [sentence for sentence in spoken if sentence]


def lower_start(sentence: str) -> str:
    """Lowercase the first word when it is an ordinary word, so the sentence can follow "I mean,"."""
    first, _, rest = sentence.partition(" ")
    root = re.sub(r"[^A-Za-z].*", "", first)  # "It's," -> "It"
    return f"{first.lower()} {rest}" if root in LOWERABLE_STARTS and root != "I" else sentence


def partly(sentence: str, min_words: int = 8) -> str:
    """A longer sentence only begun, trailing off; a short one said whole."""
    return first_clause(sentence) if len(sentence.split()) >= min_words else sentence


def first_clause(sentence: str, min_words: int = 4) -> str:
    """The start of a sentence, trailing off, for a disclosure the client only half makes."""
    text = sentence.rstrip(".!?")
    for boundary in re.finditer(r",\s+|\s+(?:and|but|because|so|which|when)\s+", text):
        if len(text[: boundary.start()].split()) >= min_words:
            return text[: boundary.start()].rstrip(" ,;:") + "..."
    return text.rstrip(" ,;:") + "..."


def issue_lines(persona: dict[str, Any]) -> list[str]:
    """First-person lines matching the persona's issues, then generic ones, for when the facts run out."""
    lines: list[str] = []
    for issue in persona.get("issues") or []:
        for key, options in ISSUE_LINES.items():
            if key in str(issue).lower():
                lines += [line for line in options if line not in lines]
    return lines + list(GENERIC_LINES)


def issue_topic(persona: dict[str, Any]) -> str:
    """How the client would casually name why they are here (a client in denial does not name the problem)."""
    if stance_of(persona) in ("denial", "mandated"):
        return "why they sent me here"
    for issue in persona.get("issues") or []:
        for key, phrase in ISSUE_TOPICS.items():
            if key in str(issue).lower():
                return phrase
    return "what's been going on"


def inner_lines(persona: dict[str, Any]) -> list[str]:
    """The client's inner life (Patient-Psi fields) as things they might let slip once they trust the student."""
    found: list[str] = []
    if thought := str(persona.get("automatic_thought") or "").strip().rstrip("."):
        found.append(f"There's this voice in my head that says {_run_on(thought)}.")
    if belief := str(persona.get("core_belief") or "").strip().rstrip("."):
        said = say(belief, persona) or belief
        found.append(f"Deep down I think {said[:1].lower() + said[1:].rstrip('.')}.")
    coping = [str(item).strip().rstrip(".") for item in persona.get("coping_strategies") or [] if str(item).strip()]
    if coping:  # the teacher writes "making a joke before anyone can judge her": the client says "judge me"
        found.append(f"What gets me through is {_run_on(first_person(coping[0], persona).rstrip('.'))}, mostly.")
    return found


def _run_on(text: str) -> str:
    """A sentence continued mid-line: its first letter lower-cased, except "I" ("says I messed this up")."""
    return text if re.match(r"I\b", text) else text[:1].lower() + text[1:]
