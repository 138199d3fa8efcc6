"""Simple or complex: a reflection is judged against what the client just said (MITI 4.2.1, E.4.e).

A simple reflection gives back what the client said, perhaps in other words, even when it names a strong
feeling ("You're furious about this."). A complex one adds substantial meaning: both sides of ambivalence, a
metaphor, what it means to the client, or a guess at what is underneath and unsaid ("This is the last straw
for you."). A new feeling word alone, sympathy ("That must be hard."), or one side ("Part of you wants a job.")
stays simple. When in doubt, simple: the manual's rule, and this judge's.
"""

from __future__ import annotations

import re

from backend.interviewing.miti.cues import words
from backend.interviewing.words import content_stems

FEELINGS = words(
    r"scared|afraid|frighten\w*|terrif\w*|fear\w*|worr\w+|anxious|nervous|panick\w*|angry|anger|furious|frustrat\w*|mad"
    r"|annoyed|irritated|resent\w*|bitter|sad|sadness|hurts?|hurting|lonely|loneliness|alone|isolated|ashamed|shame"
    r"|embarrass\w*|humiliat\w*|guilt\w*|overwhelm\w*|exhaust\w*|drained|worn out|tired|stuck|trapped|hopeless|helpless"
    r"|powerless|discourag\w*|defeat\w*|abandon\w*|betray\w*|reliev\w*|proud|torn|unsafe|upset\w*|stress\w*|lost"
    r"|confus\w*|desperate|rejected|unwanted|useless|numb|empty|depressed|down|low|heartbroken|devastated|grie\w*"
    r"|hard|difficult|painful|scary|tough|rough|awful|terrible",
)
# Both sides of ambivalence.
TWO_SIDED = words(
    r"part of you[^.?!]*(?:and|but|while|yet)[^.?!]*(?:another|other|part)", r"on (?:the )?one hand", r"on the other",
    r"and yet", r"at the same time", r"(?:and|but) also", r"(?:want|wants|wanted|like|likes|love|loves|need|needs)"
    r" [^.?!]*,? (?:but|and yet|yet|while) [^.?!]*(?:don't|doesn't|not|also|scared|afraid|worried|can't|won't|hard)",
    r"(?:don't|doesn't|not|can't) [^.?!]*,? (?:but|yet) [^.?!]*(?:also|still|part of you|want|wants|miss|misses|love|loves)",
    r"torn between", r"as well as", r"not only [^.?!]* but", r"(?:but|and) (?:at the same time|still)", r"pulled (?:in two|both ways|between)", r"both [^.?!]+ and [^.?!]+", r"mixed feelings",
    r"even though [^.?!]*,? (?:you|part|there's)", r"while [^.?!]*, (?:you|part)",
)
# Metaphor, image, idiom: the client's experience in a new picture.
METAPHOR = words(
    r"(?<!sounds )(?<!seems )(?<!feels )(?<!looks )(?<!sound )(?<!seem )(?<!feel )(?<!look )(?<!just )"
    r"like (?:a|an|you're|you are|being|living|walking|carrying|holding|trying to|someone|nobody)", r"as if", r"as though",
    r"last straw", r"walking on eggshells", r"on your shoulders", r"drowning", r"running on empty", r"stuck between",
    r"(?:hit|hitting|up against) a wall", r"in the dark", r"on the edge", r"holding (?:it all|everything|the whole|it) together",
    r"losing battle", r"end of your rope", r"treading water", r"rock and a hard place", r"spinning", r"a weight",
    r"(?:heavy|the) load", r"carrying (?:the weight|a lot|it all|this|that|so much|around)", r"on autopilot",
    r"in survival mode", r"keeping your head above water", r"holding your breath", r"waiting for the other shoe",
    r"on hold", r"frozen", r"a cage", r"a trap", r"a prison", r"an island", r"a shadow", r"a ghost", r"a storm", r"a fog",
    r"a roller ?coaster", r"a bottomless", r"a hole", r"the glue", r"the rock", r"tightrope", r"juggling",
    r"lifeline", r"safety net", r"on thin ice", r"time bomb", r"ticking",
    r"feels? like (?:a|an|the|keeping|losing|being|giving|you're being|your|his|her|their|an?)\b", r"(?:has|have) become",
    r"swallow\w*", r"come up for air", r"down there", r"(?:the|a) (?:whole )?shape of", r"a report card", r"flips",
    r"(?:weighs?|weighing) on", r"sit(?:s)? easily", r"gets? a vote", r"on the receiving end", r"came home with you",
    r"hold your ground", r"in the quiet", r"the loudest", r"your place", r"stand in", r"heavy weight",
    r"(?:a|such a|the) (?:\w+ )?weight (?:on|to carry|you)",
)
# Meaning, values, identity: what it is about for the client.
MEANING = words(
    r"matters? (?:so much |a lot |most |deeply )?to you", r"(?:so |really |very )?important to you", r"means (?:a lot|a great deal"
    r"|so much|everything|the world) to you", r"who you are", r"(?:the )?kind of (?:person|parent|mother|father|mom|dad|man"
    r"|woman|son|daughter|wife|husband|friend|grandmother|grandfather)", r"the (?:mother|father|parent|person|man|woman|mom"
    r"|dad) you (?:want|wanted|hope|are trying) to be", r"what you value", r"your values", r"you (?:value|treasure)",
    r"care (?:so |really )?(?:deeply|so much|a lot) about", r"your (?:identity|sense of (?:yourself|who)|pride|dignity)",
    r"how you see yourself", r"what it says about you", r"(?:a sign|proof) (?:that|of)", r"(?:a|your) (?:way of|way to)",
)
# A guess at what is underneath: beyond what was said.
INFERENCE = words(
    r"underneath", r"deep down", r"really (?:about|want|wanted|afraid|scared|worried|mean|matters|need)", r"more than (?:just )?",
    r"not (?:just|only|simply)\b", r"(?:it's )?less (?:that|about)", r"(?:and )?more (?:that|about) you", r"i imagine",
    r"part of you [^.?!]*because", r"maybe (?:some|a little|not|even|that's)", r"makes? it feel", r"(?:is|was) supposed to be",
    r"what you(?:'d| would) give", r"anything to (?:hear|have|see)", r"what (?:scares|worries|bothers|hurts|frightens|upsets|angers) you (?:most|more"
    r"|the most|is)", r"the (?:real|hardest|worst|scariest|biggest) (?:part|thing|fear|worry)", r"(?:and|so|but) now you(?:'re| are)"
    r" (?:wondering|questioning|afraid|worried|not sure|scared|starting)", r"you(?:'re| are) (?:wondering|questioning) (?:whether|if)",
    r"no wonder", r"(?:it )?makes sense that you", r"maybe (?:part|what|there's|you(?:'re| are) (?:afraid|scared|worried|not|also))", r"i wonder if (?:you|part|it|there's)",
    r"i get the sense (?:that )?", r"almost like", r"without (?:anyone|anybody|someone)", r"(?:nobody|no one) (?:sees|gets|understands"
    r"|notices|believes|listens|knows|asks|cares|is)", r"alone in (?:this|that|it)", r"on your own with", r"carrying (?:the|this|that)"
    r" (?:thought|guilt|shame|blame|feeling|fear)", r"the thought that", r"you keep (?:telling|asking|blaming|beating|replaying|going"
    r" back)", r"blam(?:e|ing) yourself", r"feel responsible", r"hold yourself responsible", r"you(?:'re| are) (?:the one|left)"
    r" (?:holding|picking|carrying)", r"(?:if|once) you (?:stop|let go|admit|say it)", r"it's (?:easier|safer|harder) to",
    r"(?:easier|safer|harder) (?:than|to)", r"what (?:that|this|it) (?:would|might) mean", r"(?:losing|lose) (?:yourself|a part"
    r"|who you)", r"in a way", r"for the first time", r"(?:still|already) (?:grieving|waiting|hoping|holding on)",
    r"(?:you|you've|you have) (?:lost|given up) (?:so much|a lot|more than)", r"(?:can't|cannot) (?:trust|count on|rely on)",
    r"(?:let|letting) (?:yourself|your guard)", r"you(?:'re| are) (?:protecting|bracing|waiting for|hoping that)",
    r"worth (?:fighting|it)", r"letting (?:\w+ ){0,2}down", r"(?:failing|let down|a failure|a burden)", r"on the line", r"at stake", r"(?:the|a) (?:price|cost) (?:of|you)",
)
COMPLEX_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("both sides", TWO_SIDED), ("an image", METAPHOR), ("what it means to them", MEANING),
    ("what is underneath", INFERENCE),
)
LONG_REFLECTION_WORDS = 18  # a long reflection mostly in new words goes beyond what was said
NEW_WORDS_SHARE = 0.5


def complexity_cue(reflection: str, client_line: str | None) -> str | None:
    """The words that make a reflection complex, or None when it is simple.

    `reflection` is cleaned text; `client_line` the client's line before. A cue the client already used (they
    said "part of me", or "the last straw") adds nothing and does not count.
    """
    said = set(content_stems(client_line or ""))
    for _name, pattern in COMPLEX_CUES:
        for match in pattern.finditer(reflection):
            stems = {stem for stem in content_stems(match.group(0)) if stem not in {"not", "like"}}
            if stems and stems <= said:
                continue
            return match.group(0)
    new = added_words(reflection, client_line)
    total = len(content_stems(reflection))
    if client_line and len(reflection.split()) >= LONG_REFLECTION_WORDS and total and len(new) / total >= NEW_WORDS_SHARE:
        return " ".join(new[:4])
    return None


def added_words(reflection: str, client_line: str | None) -> list[str]:
    """The reflection's content words that the client did not say (all of them when there is no client line)."""
    said = set(content_stems(client_line or ""))
    return [stem for stem in content_stems(reflection) if stem not in said]
