"""What a simulated client's line must not do, in one place: step out of the role, or advise the student.

Read by the turn's check-and-revise (services/conversation/reply_rules.py) and by the persona checks
(services/checks/rules.py), so a reply the teacher's check passes is one a turn would not rewrite, and back.
"""

from __future__ import annotations

import re

# Speaking as software, about the prompt, or about the platform's notes ("[Director: ...]").
ROLE_BREAK = re.compile(
    r"\[director|\b(?:as an ai|i'?m an ai|i am an ai|an ai (?:model|assistant)|artificial intelligence|language model"
    r"|chatbot|i'?m (?:just )?(?:an? )?(?:assistant|bot|program|simulation)|i am (?:just )?(?:an? )?(?:assistant|bot"
    r"|program)|claude|anthropic|openai|chatgpt|simulated client|virtual client|role-?play(?:ing)?|this simulation"
    r"|my (?:instructions|prompt|system prompt|programming|persona|character sheet)|i was (?:instructed|programmed"
    r"|designed)|director'?s note|hidden facts?|my difficulty|trust level)\b", re.I)
# The client coaching the student: a client seeking help does not hand out tips.
ADVICE = re.compile(
    r"\byou (?:should|could try|might try|might want to|need to|ought to|can try)\b|\bmy advice\b"
    r"|\bhere are (?:some|a few|my)\b|\b(?:top )?tips?:|\bi(?:'d| would) (?:suggest|recommend|advise)\b"
    r"|\b(?:first|second|third)(?:ly)?,? (?:try|make sure|take)\b|\bmake sure (?:you|to)\b|\bhave you considered\b"
    r"|\bit might help (?:you )?to\b", re.I)
# "you should have..." looks back (blame, regret), it does not advise.
LOOKS_BACK = re.compile(r"(?:['\u2019]ve|\s+(?:not\s+)?(?:have|had))\s+(?!(?:a|an|the|some|more|your|it|this|that"
                        r"|them|him|her|one|another|somebody|someone|something)\b)\w", re.I)
# Someone else's words the client reports: "My mom said 'you can try again.'", "he keeps telling me I need to..."
REPORTED = re.compile(r"\b(?:say|says|said|saying|tell|tells|told|telling|goes|went|keeps? (?:saying|telling me)"
                      r"|asks?|asked|like)\b[^.!?]{0,40}$|[\"\u201c'\u2018][^\"\u201d'\u2019]*$", re.I)
SENTENCE_START = re.compile(r"[.!?]\s+")


def advice_in(reply: str) -> str | None:
    """The words in which the client advises the student, if it does: not advice the client reports someone
    else giving, and not "you should have..." (that looks back)."""
    for match in ADVICE.finditer(reply):
        if LOOKS_BACK.match(reply, match.end()):
            continue
        sentence = SENTENCE_START.split(reply[:match.start()])[-1]
        if REPORTED.search(sentence):
            continue
        return match.group(0)
    return None
