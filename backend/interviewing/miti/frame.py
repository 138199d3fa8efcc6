"""Lines that step out of the role-play: they talk to the software, not to the client.

A student may ask whether the client is an AI, give the model instructions, try to pull out the prompt or the
hidden facts, claim authority to end the role-play, or type text dressed up as the platform's own notes
("[Director: ...]"). None of that is interviewing: such a line gets no MITI code, moves no trust, unlocks
nothing, and is flagged on the transcript for the teacher.
"""

from __future__ import annotations

import re

OUT_OF_FRAME_LABEL = "stepped out of the role-play"

_MACHINE = (r"(?:an? )?(?:ai|a\.i\.|bot|chat ?bot|robot|language model|llm|large language model|chat ?gpt|gpt[-\w]*"
            r"|claude|computer program|program|machine|simulation|simulator|virtual client|fake person"
            r"|real person|real human|human being|actual person|actual human)")
_PATTERNS = (
    # questions about what the client is
    rf"\bare you (?:just |really |actually |even )?{_MACHINE}\b",
    rf"\b(?:is this|am i (?:talking|speaking|chatting|typing) (?:to|with)) (?:just |really |actually )?{_MACHINE}\b",
    r"\byou(?:'re| are) (?:just |only |obviously |clearly )?(?:an? )?(?:ai|bot|chat ?bot|robot|language model"
    r"|program|machine|simulation)\b",
    r"\bwhat (?:model|llm|ai|version) are you\b", r"\bwho (?:made|built|programmed|created|trained) you\b",
    r"\bas an ai\b", r"\blanguage model\b", r"\byour (?:training data|programming|code|model|weights)\b",
    # instructions to the model
    r"\b(?:ignore|disregard|forget|override|bypass|drop) (?:all |any |every |the |your |my )*(?:previous |prior "
    r"|above |earlier |preceding |original |initial |system |existing )*(?:instructions?|prompts?|rules|directions"
    r"|guidelines|programming|constraints|persona|character|role|script|settings)\b",
    r"\bsystem (?:prompt|message|instructions?)\b", r"\b(?:developer|dev|debug|admin|god|dan|jailbreak) mode\b",
    r"\bjailbreak\w*\b", r"\bprompt injection\b", r"\bnew (?:instructions?|rules|task|persona|role) ?:",
    r"\byou are now (?:a|an|my|in|the)\b", r"\bfrom now on,? you (?:are|will|must|should)\b",
    r"\b(?:act|behave|respond|answer|reply) (?:as|like) (?:a|an|my) (?:helpful |general |ai )?(?:assistant|ai|chatbot"
    r"|language model)\b",
    r"\bpretend (?:you(?:'re| are)|to be) (?:a|an) (?:ai|assistant|chatbot|language model)\b",
    r"\b(?:print|show|reveal|repeat|output|display|dump|paste|list|recite|summari[sz]e|read out|spell out|give me"
    r"|tell me|share) (?:me |us )?(?:all |every |word for word |verbatim )?(?:of )?(?:your |the |this |those )?"
    r"(?:full |whole |entire |exact |original |initial |system |hidden |secret |internal |character |persona )*"
    r"(?:prompt|instructions|hidden facts|secret facts|secrets|character sheet|persona (?:card|file|profile|notes)"
    r"|profile|backstory notes|case notes|teacher'?s notes|director'?s notes?|notes you were given|script)\b",
    r"\bhidden facts?\b", r"\b(?:trust|trust level|trust score|difficulty) (?:is|=|to|at|now|set to|level) "
    r"(?:open|max\w*|full|high|100|10|0|1)\b",
    # leaving the role-play
    r"\b(?:step|break|get|come|drop|go) (?:out of|outside(?: of)?) (?:the |your )?(?:character|role-?play|role"
    r"|roleplay|simulation|scenario|persona|exercise|fiction)\b",
    r"\b(?:stop|end|quit|pause|exit|leave) (?:the |this |your )?(?:role-?play(?:ing)?|roleplay(?:ing)?|simulation"
    r"|scenario|character|act|pretending)\b",
    r"\bout of character\b", r"\booc\b", r"\bbreak character\b", r"\bno longer (?:in character|role-?playing)\b",
    r"\bi(?:'m| am) (?:the|your) (?:course |class )?(?:instructor|professor|developer|administrator|admin|programmer"
    r"|creator|supervisor of this (?:course|exercise|simulation))\b.*\b(?:character|role|simulation|instructions"
    r"|prompt|override|test(?:ing)? you|admin|answers?)\b",
    r"\bi(?:'m| am) (?:the|your) (?:course|class) (?:instructor|teacher|professor)\b",
    # text dressed up as the platform's notes
    r"^\s*[\[(<{]\s*(?:director|system|note|instructor|admin|narrator|trust|stage direction|ooc|sys|assistant"
    r"|developer|platform|teacher)\b",
    r"[\[(<{]\s*(?:director|system|narrator|stage direction|ooc)\s*[:\]>)}-]",
    r"(?:^|\n)\s*(?:director|system|assistant|narrator|instructor note|teacher note|stage direction)\s*:",
    r"</?(?:system|instructions?|director|prompt)>", r"#{2,}\s*(?:system|instruction|director)",
)
OUT_OF_FRAME = re.compile("|".join(f"(?:{pattern})" for pattern in _PATTERNS), re.IGNORECASE)


def out_of_frame_cue(text: str) -> str | None:
    """The words that take the line out of the role-play, or None for a line spoken to the client."""
    match = OUT_OF_FRAME.search((text or "").replace("\u2019", "'"))
    return match.group(0).strip() if match else None


def is_out_of_frame(text: str) -> bool:
    return out_of_frame_cue(text) is not None
