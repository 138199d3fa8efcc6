"""Rules on whether a reply is the person speaking: not the persona's description read aloud, not the client talked
about in the third person, and an answer (or a pointed dodge) to what the student asked.

These catch what a rule-based or small model does when it fails quietly: "How has all of this been for you?" ->
"Irritable underneath a polite surface." (the Emotional state field as a line of speech).
"""

from __future__ import annotations

import re
from typing import Any

from backend.interviewing.words import spoken_sentences, tokens
from backend.llm.persona import hidden_facts_of

# The persona's free-text fields, as the teacher's editor labels them.
FIELDS = {
    "student_brief": "Brief for students", "presenting_problem": "Presenting problem",
    "background_story": "Background story", "communication_style": "Communication style",
    "emotional_state": "Emotional state", "risk_factors": "Risk factors", "goals": "Goals",
    "cultural_context": "Cultural context", "notes": "Notes for the simulation",
    "socioeconomic_status": "Socioeconomic status", "race_ethnicity": "Race / ethnicity",
}
ECHO_WORDS = 4  # a sentence this long that is word for word a field's text is the field read out, not speech

# What an answer to each kind of probe question sounds like: its words, or a dodge (a real client may dodge).
ANSWERS: dict[str, re.Pattern[str]] = {
    "day_to_day": re.compile(
        r"\b(?:days?|daily|morning|mornings|nights?|evenings?|week\w*|sleep\w*|slept|awake|eat\w*|meals?|work\w*"
        r"|jobs?|school|home|house|tired|exhaust\w*|hard|harder|rough|tough|fine|okay|ok|alright|manag\w+|cop\w+"
        r"|getting by|struggl\w+|bad|worse|better|good|great|awful|terrible|heavy|busy|long|stress\w*|worr\w+"
        r"|anxious|scared|afraid|frightened|angry|mad|sad|lonely|alone|numb|on edge|irritab\w+|feel\w*|felt"
        r"|ashamed|shame|embarrass\w*|guilt\w*|hopeless|overwhelm\w*|upset|hurt\w*|down|low|depress\w*"
        r"|nervous|panic\w*|fear\w*|frustrat\w*|cry\w*|tears|drained|empty|lost"
        r"|been|same|nothing|everything|hell|mess|blur)\b", re.I),
    "what_matters": re.compile(
        r"\b(?:matters?|important|care|cares|want\w*|need\w*|hope\w*|wish\w*|love\w*|keep\w*|family|kids?"
        r"|children|son|daughter|wife|husband|partner|mum|mom|dad|mother|father|parents?|brother|sister"
        r"|friends?|job|work|home|house|health|safe\w*|money|future|respect|dignity|peace|freedom|faith|god"
        r"|church|myself|back to|again|alive|okay|normal|enough|get through)\b", re.I),
}
DODGE = re.compile(
    r"\b(?:i don'?t know|i dunno|dunno|not sure|no idea|who knows|hard to say|rather not|don'?t want to"
    r"|not (?:going|gonna) (?:to )?(?:talk|get into|go there)|none of your|why do you (?:want to )?(?:ask|know)"
    r"|next question|skip (?:that|it)|pass\b|can we not|whatever|doesn'?t matter)", re.I)
QUESTIONS = {"day_to_day": "how things are day to day", "what_matters": "what matters most to them"}
SELF_INTRODUCTION = re.compile(r"\b(?:i'?m|i am|name'?s|name is|call me|it'?s|this is|just)\s*,?\s*$", re.I)
SPOKEN_OF = (r"(?:'s\b|\s+(?:is|was|has|had|feels|felt|says|said|does|doesn'?t|did|didn'?t|can|can'?t|cannot|will"
             r"|won'?t|would|wouldn'?t|keeps|kept|tends|wants|wanted|needs|needed|seems|seemed|lost|lives|lived"
             r"|works|worked|comes|came|gets|got|speaks|talks|answers|mumbles|avoids|hides|thinks|thought)\b)")
THE_CLIENT = re.compile(r"\b(?:the|this) client\b", re.I)


def _field_texts(persona: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(label, words) of every text the teacher wrote about the client."""
    texts = [(label, str(persona.get(field) or "")) for field, label in FIELDS.items()]
    texts.append(("Personality traits", ", ".join(map(str, persona.get("personality_traits") or []))))
    texts += [("Hidden facts", item["fact"]) for item in hidden_facts_of(persona)]
    return [(label, tokens(text)) for label, text in texts if text.strip()]


def _within(run: list[str], words: list[str]) -> bool:
    size = len(run)
    return any(words[start:start + size] == run for start in range(len(words) - size + 1))


FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself"})


def in_first_person(sentence: str) -> bool:
    """A copied line in the first person is the teacher's own line spoken; without, it is the description read out."""
    return bool(FIRST_PERSON & set(tokens(sentence)))


def persona_read_out(persona: dict[str, Any], reply: str) -> list[tuple[str, str]]:
    """(the sentence, the field it copies) for each sentence of the reply that is a field's own words."""
    fields = _field_texts(persona)
    found = []
    for sentence in spoken_sentences(reply):
        run = tokens(sentence.strip("*"))
        if len(run) < ECHO_WORDS:
            continue
        label = next((label for label, words in fields if _within(run, words)), None)
        if label is not None:
            found.append((sentence.strip(), label))
    return found


def speaks_of_itself(persona: dict[str, Any], reply: str) -> str | None:
    """The words where the client talks about itself in the third person ("Nadia is tired", "the client"), or None."""
    if match := THE_CLIENT.search(reply):
        return match.group(0)
    full = str(persona.get("name") or "").strip()
    for name in dict.fromkeys(filter(None, [full, full.split(" ")[0] if full else ""])):
        for match in re.finditer(rf"\b{re.escape(name)}{SPOKEN_OF}", reply):
            before = reply[:match.start()].rsplit(".", 1)[-1]
            if not SELF_INTRODUCTION.search(before):
                return match.group(0)
    return None


def answers(kind: str, reply: str, persona: dict[str, Any]) -> bool:
    """Whether the reply speaks to the question (in its words or the persona's goals), or pointedly dodges it."""
    if DODGE.search(reply) or ANSWERS[kind].search(reply):
        return True
    if kind == "what_matters":
        goals = set(tokens(str(persona.get("goals") or ""))) - set(tokens("i he she they want wants to and the a"))
        return bool(goals & set(tokens(reply)))
    return False
