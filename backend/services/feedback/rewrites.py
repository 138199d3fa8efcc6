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
from backend.interviewing.miti.segment import without_fillers
from backend.interviewing.words import content_stems, sentences
from backend.services.feedback.signals import risk_cue

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
# Discourse markers before the clause ("Honestly, this whole thing is pointless.") are not the client's point.
LEAD_IN = re.compile(r"^(?:(?:honestly|well|look|yeah|yes|so|okay|ok|i mean|like|anyway|basically|um|uh|man"
                     r"|see|and|but|alright|right|also|plus|wow|oh|since you asked|now)\b[,.]?\s+)+", re.IGNORECASE)
SUGGESTION = re.compile(r"\byou (?:could|might|can|may want to)\b|^(?:try|maybe try)\b", re.IGNORECASE)
ADVICE_SOFTENERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement) for pattern, replacement in (
        (r"\byou (?:really )?(?:should|must|need to|have to|ought to|'ve got to|have got to)\b", "you could"),
        (r"^(?:have|did) you (?:ever )?tried\b", "you could try"),
        (r"^(?:have|did) you (?:ever )?(?:thought about|considered)\b", "you could consider"),
        (r"\bwhy don't you\b", "you could"),
        (r"\bjust\b ", ""),
    )
)
FIRST_TO_SECOND: dict[str, str] = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "i'm": "you're",
    "i've": "you've", "i'll": "you'll", "i'd": "you'd", "am": "are", "we": "you", "our": "your", "us": "you",
    "we're": "you're", "we've": "you've", "we'd": "you'd", "we'll": "you'll", "ours": "yours",
    "ourselves": "yourselves",
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
                    r"|fired|bruise\w*|hit|yell\w*|trouble|problem\w*|wrong|bad|worse|awful|terrible|anxious"
                    r"|forgot|my fault|mistake|messed up|screwed up|let (?:him|her|them|everyone) down)\b",
                    re.IGNORECASE)


# A complaint about the situation ("this is a waste of time") is given back as the frustration it carries.
COMPLAINT = re.compile(r"\b(?:waste|pointless|no point|stupid|unfair|ridiculous|useless|a joke|nobody|no one|sick of"
                       r"|fed up|tired of|doesn't help|don't help|never listens?|doesn't listen|don't listen)\b",
                       re.IGNORECASE)
COMPLAINT_TAIL = ", and that has been frustrating"
# Harm someone did to the client, given back with the fear a person would feel.
HARMED = re.compile(r"\b(?:grabb?ed|hit|slapped|punched|kicked|shoved|pushed|choked|strangled|threw|throws|hurt|beat"
                    r"|threatened|raped|attacked|locked)\b[^.?!]*\b(?:me|my|at me|us|the kids|the children|wall"
                    r"|next to me)\b", re.IGNORECASE)
HARM_TAIL = ", and that must have been frightening"
# Not knowing the way forward is given back as being stuck, not as something that "matters".
STUCK = re.compile(r"\b(?:(?:don't|do not|didn't) know (?:how|what|where|why)|no idea|can't see (?:how|a way)|stuck"
                   r"|at a loss|can't figure|don't see how)\b", re.IGNORECASE)
STUCK_TAIL = ", and it's hard to see a way through"
CONDITION = re.compile(r"\b(?:\w+'d have to|would have to|would need to|\w+'d need to|only if|as long as)\b",
                       re.IGNORECASE)
CONDITION_TAIL = ", and that's what it would take"
SCARE = re.compile(r"\b(?:heart attack|stroke|cancer|side effects?|seizure|overdos\w*|dangerous"
                   r"|ended up in hospital)\b", re.IGNORECASE)
SCARE_TAIL = ", and that worries you"
TAILS = (FEELING_TAIL, MEANING_TAIL, COMPLAINT_TAIL, HARM_TAIL, STUCK_TAIL, CONDITION_TAIL, SCARE_TAIL)
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|myself|we|our|us)\b", re.IGNORECASE)


NEGATION_BEFORE = re.compile(r"\b(?:not|never|no|don't|didn't|doesn't|isn't|wasn't|aren't|won't|can't|without)\s+"
                             r"(?:\w+\s+)?$", re.IGNORECASE)


def _burden(said: str) -> bool:
    """A word of burden the client did not deny ("I'm not missing it" carries none)."""
    return any(NEGATION_BEFORE.search(said[:match.start()]) is None for match in BURDEN.finditer(said))


def _tail(said: str) -> str:
    if HARMED.search(said):  # "he grabbed my arm" does not "matter to you": it frightens
        return HARM_TAIL
    if STUCK.search(said):
        return STUCK_TAIL
    if CONDITION.search(said):  # "he'd have to stop drinking" is what it would take, not a weight
        return CONDITION_TAIL
    if SCARE.search(said):
        return SCARE_TAIL
    if _burden(said):
        return FEELING_TAIL
    return COMPLAINT_TAIL if COMPLAINT.search(said) else MEANING_TAIL


def _weight(sentence: str) -> int:
    """How much of the client is in a sentence: their own voice, and what weighs on them or what they object to."""
    return 2 * bool(FIRST_PERSON.search(sentence)) + 2 * bool(_burden(sentence) or COMPLAINT.search(sentence))
PUSHING_CODES = frozenset({MitiCode.persuade, MitiCode.confront})
PERMISSION = "Would it be okay if I shared an idea? "
THEIR_VIEW = " What do you make of that?"


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".!?").strip()
    return text[:1].upper() + text[1:] if text else text


def as_reflection(question: str) -> str | None:
    """A closed question said as a statement, which invites the client to go on; None when no rule fits."""
    text = question.strip()
    if re.search(r",? or (?:do|did|is|are|was|were|have|has|can|could|would|will|should)\b", text, re.I):
        return None  # "Do you think he hates you, or do you think he's just strict?" has no one statement in it
    for pattern, replacement in QUESTION_TO_STATEMENT:
        if pattern.match(text):
            return _sentence(pattern.sub(replacement, text)) + "."
    return None


def with_permission(advice: str) -> str | None:
    """Unasked-for advice offered as an idea the client may take or leave; None when the line is not a suggestion
    ("Suicide is a permanent solution to a temporary problem." is an argument: asking leave to make it is no
    better)."""
    softened = LEAD_IN.sub("", without_fillers(advice))
    for pattern, replacement in ADVICE_SOFTENERS:
        softened = pattern.sub(replacement, softened)
    softened = re.sub(r"\b(you could(?: try| consider)?),\s+", r"\1 ", softened)  # "consider, like, setting"
    softened = re.sub(r",\s+(?:and\s+)?(?:don't|do not|never)\b[^.?!]*[.?!]?$", "", softened)  # ", don't stop it"
    # a label in front ("That's domestic violence, and you could...") argues: the idea stands without it
    softened = re.sub(r"^(?:that's|that is|this is) [^,]{1,40},\s*(?:and\s+)?(?=you (?:could|might|can)\b)", "",
                      softened, flags=re.IGNORECASE)
    if not SUGGESTION.search(softened) or risk_cue(softened):
        return None
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


# Reported speech ("I said 'I'm sorry.'") cannot be given back in the second person without garbling who spoke.
QUOTED = re.compile(r"[\"\u201c\u201d]|(?:^|\s)'|'(?:\s|$)")
# A reflection that can be carried further: a clause with a subject ("Some people, not you." is not one).
REFLECTION_CLAUSE = re.compile(r"^(?:so,? |and |it sounds like |sounds like |it seems like )?(?:you|you're|you've|you'd"
                               r"|you'll|your|it|it's|that|that's|there's|this|he|he's|she|she's|they|they're|nobody"
                               r"|no one|everything|nothing)\b", re.IGNORECASE)


# A time or frequency word may come before the subject ("Sometimes I think about cutting down.").
ADVERBIAL = re.compile(r"^(?:sometimes|lately|recently|now|usually|mostly|really|still|even|at night|at times"
                       r"|every \w+|last \w+|some \w+|most \w+|this \w+)\s+", re.IGNORECASE)


# A finite verb, roughly: a common verb or auxiliary, a contraction, or a past tense ("His mum maybe." has none).
VERB = re.compile(r"\b(?:am|is|are|was|were|be|been|have|has|had|do|does|did|can|could|will|would|should|may|might"
                  r"|must|get|gets|got|go|goes|went|feel|feels|felt|think|thinks|thought|know|knows|knew|want|wants"
                  r"|need|needs|keep|keeps|kept|make|makes|made|say|says|said|tell|tells|told|take|takes|took|come"
                  r"|comes|came|see|sees|saw|try|tries|like|likes|love|loves|hate|hates|miss|misses|work|works"
                  r"|drink|drinks|drank|use|uses|live|lives|call|calls|let|lets|put|puts|pay|pays|paid|lose|loses"
                  r"|lost|leave|leaves|left|hit|hits|help|helps|happen|happens|sleep|sleeps|slept|eat|eats|ate"
                  r"|cry|cries|care|cares|mean|means|matter|matters|seem|seems|look|looks|sound|sounds)\b"
                  r"|'(?:s|re|m|ve|d|ll)\b|n't\b|\b[a-z]+ed\b", re.IGNORECASE)
# "If I stopped waking at three." is half a thought: a subordinate clause needs the main clause after its comma.
SUBORDINATE = re.compile(r"^(?:if|when|whenever|since|because|cause|'cause|after|before|once|unless|although|though"
                         r"|while|until)\b", re.IGNORECASE)


def _is_clause(sentence: str) -> bool:
    """A whole thought that can follow "It sounds like": a subject, a verb, and no dangling "if..." or "when..."."""
    if not (CLAUSE_START.match(sentence) or CLAUSE_START.match(ADVERBIAL.sub("", sentence))):
        return False
    verbs = len(VERB.findall(sentence))
    if SUBORDINATE.match(sentence) and "," not in sentence:
        return verbs >= 2  # "Since he died I can't sleep" has its main clause; "If I stopped drinking" does not
    return verbs >= 1


# An aside to the student that is not part of what the client says about themselves ("..., I told you").
ASIDE = re.compile(r",?\s*\b(?:i told you|i'm telling you|like i told you|you know|you see|i swear)\b[.!?]*$",
                   re.IGNORECASE)
# Words the client says to the student ("That's easy for you to say"): given back, "you" would mean the client.
TO_THE_STUDENT = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)


def mirror(client_line: str, *, risk: bool = False) -> str | None:
    """A complex reflection of the client's sentence most about themselves (their voice, what weighs on them, what
    they object to), in the second person, plus the feeling or meaning it carries."""
    said_plainly = [s for s in sentences(client_line) if not s.rstrip().endswith("?")]  # not "That I want...?"
    candidates = [ASIDE.sub("", LEAD_IN.sub("", without_fillers(s))).rstrip(".!?, ") for s in said_plainly]
    whole = [s for s in candidates if len(s.split()) >= 3 and _is_clause(s) and not QUOTED.search(s)
             and not TO_THE_STUDENT.search(s) and (risk or not risk_cue(s))]
    if not whole:
        return None
    chosen = max(whole, key=_weight)  # the first of the sentences most about the client, not the scene-setting
    said = _second_person(chosen)
    said = said[:1].lower() + said[1:] if not said.startswith("I ") else said
    return f"It sounds like {said}{_tail(chosen)}."


def deepen(reflection: str) -> str | None:
    """A simple reflection carried one step further, to the feeling underneath; None when it is not a whole clause."""
    if len(reflection.split()) < 4 or not REFLECTION_CLAUSE.match(reflection.strip()):
        return None
    return f"{_sentence(reflection)}{_tail(reflection)}."


VIOLENCE = re.compile(r"\b(?:hit(?:s)? me|scared of (?:him|her|them)|threat\w*|knife|gun|weapon|bruise\w*|choked?"
                      r"|strangl\w*|grabbed me|shoved me|pushed me|hurt me|unsafe)\b", re.IGNORECASE)


AT_HOME = re.compile(r"\b(?:home|house|husband|wife|partner|boyfriend|girlfriend|ex|dad|father|mum|mom|mother"
                     r"|stepdad|stepfather|brother|sister|he|she)\b", re.IGNORECASE)


def ask_about_risk(client_line: str, cue: str, *, child: bool = False) -> str | None:
    """A reflection of the risk cue in the client's words, then the direct question it called for (`child`: a
    child left without care, so who is with them)."""
    said = mirror(client_line, risk=True)
    if said is None:
        return None
    if child:
        question = "What happens if they need someone while you're out?"
    elif VIOLENCE.search(cue):
        at_home = AT_HOME.search(client_line)
        question = "Are you safe at home right now?" if at_home else "Are you safe right now?"
    else:
        question = "When you say that, are you having thoughts of ending your life?"
    for tail in TAILS:
        said = said.removesuffix(f"{tail}.")
    return f"{said.rstrip('.')}. {question}"


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
