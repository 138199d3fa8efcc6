"""Hints that allude without telling: a client who is not ready says there is more, in their own words, without
any of the words that would give the hidden thing away (a hint is not the first half of a disclosure)."""

from __future__ import annotations

import random

from backend.interviewing.themes import themes_of
from backend.interviewing.words import content_stems

# How a person circles round each theme (backend.interviewing.themes) without naming the thing.
ALLUSIONS: dict[str, tuple[str, ...]] = {
    "how things are at home": ("Things at home aren't always... calm.", "He's not always the way he seems to other "
                               "people.", "There are nights I'd rather not talk about."),
    "what gets you through the evenings": ("I lean on some things more than I should, to get through.",
                                           "Evenings are when it gets... harder to say no.",
                                           "I've got my ways of getting to sleep. Let's leave it at that."),
    "money": ("Things are tighter than I let on.", "There's a number I keep not looking at.",
              "I've been juggling things nobody knows about."),
    "your days and your work": ("The days don't look like they used to.", "There's something about my days I "
                                "haven't told anyone.", "I'm not where people think I am, most of the time."),
    "the family": ("It's the young ones I think about most, lately.", "Some of it is about family. I'm not ready "
                   "for that part.", "There's someone at home I worry about more than I say."),
    "your relationship": ("Home is... complicated.", "It's not as simple at home as I made it sound.",
                          "There's more to us than people see."),
    "your health": ("My body's been telling me things I don't want to hear.", "There was a visit I haven't told "
                    "anyone about.", "Health stuff. I'd rather not go into it yet."),
    "something official hanging over you": ("There's some paperwork hanging over me.", "It's not just what's on "
                                            "the form. There's more to it.", "Some of it is official. I don't "
                                            "like talking about that side."),
}
GENERIC = ("There's more to it than that. I'm just... not there yet.", "There's something else. Not today, maybe.",
           "It's not the whole story. I know that.", "I'm not ready to go into the rest of it.")


def allusion(fact: str, rng: random.Random, avoid: str = "") -> str:
    """A line that says there is more without any content word of the fact (or of `avoid`, what was said)."""
    banned = set(content_stems(fact))
    options = [line for theme in themes_of(fact) for line in ALLUSIONS[theme]]
    safe = [line for line in options + list(GENERIC) if not set(content_stems(line)) & banned]
    fresh = [line for line in safe if line.lower() not in avoid] or safe or list(GENERIC)
    themed = [line for line in fresh if line in options]
    return rng.choice(themed or fresh)
