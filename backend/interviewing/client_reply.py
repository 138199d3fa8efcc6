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
