"""Hints that allude without telling: a client who is not ready says there is more, in their own words, without
any of the words that would give the hidden thing away (a hint is not the first half of a disclosure)."""

from __future__ import annotations

import random
import re

from backend.interviewing.words import content_stems

# What the hidden thing is about, and how a person circles round it without naming it.
ALLUSIONS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\b(?:hit|grab\w*|shov\w*|push\w*|chok\w*|strangl\w*|threat\w*|hurt|bruis\w*|slap\w*|wrist|throat"
                r"|afraid of|scared of|violent|temper)\b", re.I),
     ("Things at home aren't always... calm.", "He's not always the way he seems to other people.",
      "There are nights I'd rather not talk about.")),
    (re.compile(r"\b(?:drink\w*|alcohol|beer|wine|vodka|drunk|pills|drugs?|using|high|weed|vape\w*|smok\w*)\b", re.I),
     ("I lean on some things more than I should, to get through.", "Evenings are when it gets... harder to say no.",
      "I've got my ways of getting to sleep. Let's leave it at that.")),
    (re.compile(r"\b(?:money|rent|debt|owe\w*|loan|savings|paid|pay\w*|bills?|evict\w*|behind|credit|bank|cash"
                r"|sold|sell)\b", re.I),
     ("Things are tighter than I let on.", "There's a number I keep not looking at.",
      "I've been juggling things nobody knows about.")),
    (re.compile(r"\b(?:job|work\w*|fired|laid off|boss|shift|hours|quit)\b", re.I),
     ("The days don't look like they used to.", "There's something about my days I haven't told anyone.",
      "I'm not where people think I am, most of the time.")),
    (re.compile(r"\b(?:son|daughter|kids?|children|child|baby|grand\w+)\b", re.I),
     ("It's the young ones I think about most, lately.", "Some of it is about family. I'm not ready for that part.",
      "There's someone at home I worry about more than I say.")),
    (re.compile(r"\b(?:husband|wife|partner|boyfriend|girlfriend|marriage|married|divorce\w*|ex)\b", re.I),
     ("Home is... complicated.", "It's not as simple at home as I made it sound.",
      "There's more to us than people see.")),
    (re.compile(r"\b(?:doctor|hospital|diagnos\w*|sick|ill\w*|cancer|heart|sugar|insulin|medic\w*|pain|fall|fell)\b",
                re.I),
     ("My body's been telling me things I don't want to hear.", "There was a visit I haven't told anyone about.",
      "Health stuff. I'd rather not go into it yet.")),
    (re.compile(r"\b(?:court|police|arrest\w*|charge\w*|probation|judge|lawyer|custody|cps|case)\b", re.I),
     ("There's some paperwork hanging over me.", "It's not just what's on the form. There's more to it.",
      "Some of it is official. I don't like talking about that side.")),
)
GENERIC = ("There's more to it than that. I'm just... not there yet.", "There's something else. Not today, maybe.",
           "It's not the whole story. I know that.", "I'm not ready to go into the rest of it.")


def allusion(fact: str, rng: random.Random, avoid: str = "") -> str:
    """A line that says there is more without any content word of the fact (or of `avoid`, what was said)."""
    banned = set(content_stems(fact))
    options = [line for pattern, lines in ALLUSIONS if pattern.search(fact) for line in lines]
    safe = [line for line in options + list(GENERIC) if not set(content_stems(line)) & banned]
    fresh = [line for line in safe if line.lower() not in avoid] or safe or list(GENERIC)
    themed = [line for line in fresh if line in options]
    return rng.choice(themed or fresh)
