"""What a hidden fact is about, in words that do not give it away ("money", "how things are at home").

A client who may only hint knows the area, not the thing: the offline simulator circles round the theme, and the
Claude path's note names the theme instead of the fact, so a model that may only hint cannot say the fact either.
"""

from __future__ import annotations

import re

THEMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((theme, re.compile(pattern, re.I)) for theme, pattern in (
    ("how things are at home", r"\b(?:hit|grab\w*|shov\w*|push\w*|chok\w*|strangl\w*|threat\w*|hurt|bruis\w*|slap\w*"
                               r"|wrist|throat|afraid of|scared of|violent|temper)\b"),
    ("what gets you through the evenings", r"\b(?:drink\w*|alcohol|beer|wine|vodka|drunk|pills|drugs?|using|high|weed"
                                           r"|vape\w*|smok\w*)\b"),
    ("money", r"\b(?:money|rent|debt|owe\w*|loan|savings|paid|pay\w*|bills?|evict\w*|behind|credit|bank|cash|sold"
              r"|sell)\b"),
    ("your days and your work", r"\b(?:job|work\w*|fired|laid off|boss|shift|hours|quit)\b"),
    ("the family", r"\b(?:son|daughter|kids?|children|child|baby|grand\w+)\b"),
    ("your relationship", r"\b(?:husband|wife|partner|boyfriend|girlfriend|marriage|married|divorce\w*|ex)\b"),
    ("your health", r"\b(?:doctor|hospital|diagnos\w*|sick|ill\w*|cancer|heart|sugar|insulin|medic\w*|pain|fall"
                    r"|fell)\b"),
    ("something official hanging over you", r"\b(?:court|police|arrest\w*|charge\w*|probation|judge|lawyer|custody"
                                            r"|cps|case)\b"),
))
UNNAMED = "something you have not told anyone yet"


def themes_of(fact: str) -> list[str]:
    """Every theme the fact touches, most telling first."""
    return [theme for theme, pattern in THEMES if pattern.search(fact)]


def theme_of(fact: str) -> str:
    """The area a hint may name: the first theme the fact touches, or plainly that there is something."""
    return next(iter(themes_of(fact)), UNNAMED)
