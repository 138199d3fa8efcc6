"""Plain-English text as comparable units: sentences, and the content words that carry a line's meaning.

Both the reflection judge ("did the student add meaning to what the client said?") and disclosure detection
("did the client say this hidden fact?") compare lines by content words, so they share one notion of a word:
lower case, digits for number words, irregular verbs to their base form, Snowball-stemmed, pronouns and
other function words dropped (so "She skips meals" and "I skip meals" meet on "skip", "meal").
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

import snowballstemmer

_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:mr|mrs|ms|dr|st|a\.m|p\.m|e\.g|i\.e|etc|vs)\.$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80",
    "ninety": "90", "hundred": "100",
}
# Words Snowball cannot bring to one stem: irregular verbs clients use about their lives, family words, negations.
IRREGULAR = {
    "slept": "sleep", "hid": "hide", "hidden": "hide", "told": "tell", "felt": "feel", "lost": "lose",
    "left": "leave", "kept": "keep", "went": "go", "gone": "go", "got": "get", "gotten": "get", "ate": "eat",
    "eaten": "eat", "drank": "drink", "drunk": "drink", "thought": "think", "bought": "buy", "paid": "pay",
    "said": "say", "saw": "see", "seen": "see", "took": "take", "taken": "take", "gave": "give",
    "given": "give", "came": "come", "made": "make", "found": "find", "fell": "fall", "hit": "hit",
    "hurt": "hurt", "broke": "break", "broken": "break", "spent": "spend", "sent": "send", "drove": "drive",
    "driven": "drive", "began": "begin", "begun": "begin", "stole": "steal", "stolen": "steal",
    "shook": "shake", "woke": "wake", "fought": "fight", "ran": "run", "sold": "sell", "lay": "lie",
    "lain": "lie", "died": "die", "dying": "die", "dead": "die", "death": "die",
    "children": "child", "kids": "child", "kid": "child", "mom": "mother", "mum": "mother",
    "mommy": "mother", "mummy": "mother", "ma": "mother", "dad": "father", "daddy": "father",
    "cannot": "not", "never": "not", "no": "not",
}
# Pronouns, auxiliaries, determiners, prepositions and chat filler: a block of text is easier to keep than a list.
FUNCTION_WORDS = frozenset("""
a about above after again against all am an and any are aren't as at be because been before being below
between both but by could couldn't did didn't do does doesn't doing don't down during each few for from
further had hadn't has hasn't have haven't having he he'd he'll he's her here hers herself him himself his
how i i'd i'll i'm i've if in into is isn't it it's its itself let's me more most my myself nor of off on
once only or other ought our ours ourselves out over own same she she'd she'll she's should shouldn't so
some such than that that's the their theirs them themselves then there there's these they they'd they'll
they're they've this those through to too under until up very was wasn't we we'd we'll we're we've were
weren't what what's when where which while who who's whom why will with would you you'd you'll you're
you've your yours yourself yourselves
s t d ll re ve m wo ca just really like um uh yeah okay ok oh well also even still maybe sort kind bit lot
actually honestly basically thing things stuff get gets getting got go goes going gonna wanna
can may might must shall will would could should
""".split())  # noqa: SIM905


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:  # type: ignore[name-defined]
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    """Snowball in pure Python is most of the coder's time, and every turn meets the same few thousand words."""
    return _stemmer().stemWord(word)


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, single spaces: the form every pattern in this package expects."""
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'").replace("\u2014", " - ")
    return re.sub(r"\s+", " ", text).strip().lower()


def sentences(text: str) -> list[str]:
    """A message as its sentences, keeping "Mr. Mensah" and "3 a.m." whole; each one a verbatim slice of `text`."""
    text = text or ""
    spans: list[tuple[int, int]] = []
    start = 0
    for brk in [*_SENTENCE_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        if spans and _ABBREVIATION.search(text[spans[-1][0]:spans[-1][1]]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        start = brk.end() if brk else len(text)
    return [piece for first, last in spans if (piece := text[first:last].strip())]


# Where spoken sentences end: . ! or ? before a capital, a quote or an action; an ellipsis is a pause inside one.
_SPOKEN_BREAK = re.compile(r"(?:(?<=[!?])|(?<=[^.]\.))\s+(?=[A-Z*\"'])")


def spoken_sentences(text: str) -> list[str]:
    """A reply as the sentences a listener hears ("Yeah... I guess." is one), for length rules on replies."""
    return [piece for piece in _SPOKEN_BREAK.split((text or "").strip()) if piece.strip()]


def tokens(text: str) -> list[str]:
    """Words in order, hyphenated and possessive forms split ("ex-boyfriend's" -> "ex", "boyfriend")."""
    clean = normalise(text).replace("-", " ").replace("'s ", " ").replace("n't", " not")
    words = _TOKEN.findall(clean.replace("a.m.", "am").replace("p.m.", "pm"))
    return [word.removesuffix("'s") for word in words]


def _compound_numbers(words: list[str]) -> list[str]:
    """ "fifty one" (from "fifty-one") as "51", so it meets the client's digits."""
    joined: list[str] = []
    for word in words:
        tens = NUMBER_WORDS.get(joined[-1], "") if joined else ""
        unit = NUMBER_WORDS.get(word, "")
        if tens.endswith("0") and len(tens) == 2 and len(unit) == 1:
            joined[-1] = str(int(tens) + int(unit))
        else:
            joined.append(word)
    return joined


def content_stems(text: str) -> list[str]:
    """The stems of the words that carry meaning, in order, repeats kept; function words and pronouns gone."""
    return list(_content_stems(text))


@lru_cache(maxsize=2048)
def _content_stems(text: str) -> tuple[str, ...]:
    """Memoised: a turn compares the same reply with every hidden fact, and the facts with every reply."""
    stems: list[str] = []
    for word in _compound_numbers(tokens(text)):
        word = NUMBER_WORDS.get(word, word)
        word = IRREGULAR.get(word, word)
        if word in FUNCTION_WORDS and word != "not":
            continue
        stems.append(word if word.isdigit() else _stem(word))
    return tuple(stems)


def negated_stems(text: str) -> set[str]:
    """The stems of the words negated right away ("I don't skip meals" -> {"skip"}; "not even my friend" -> {})."""
    words = tokens(text)
    return {stem for before, word in itertools.pairwise(words)
            if NUMBER_WORDS.get(before, IRREGULAR.get(before, before)) == "not" for stem in content_stems(word)}
