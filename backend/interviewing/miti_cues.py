"""The wording that marks each MITI 4.2.1 behaviour, as patterns over normalised text (see words.normalise).

Cues name what a student says, not a particular client: they are meant to generalise across interviews.
Each list is read by miti.py in a fixed order (confront before anything, advice before questions, ...).
"""

from __future__ import annotations

import re


def first_match(pattern: re.Pattern[str], text: str) -> str | None:
    """The text of the pattern's first match, or None."""
    match = pattern.search(text)
    return match.group(0) if match else None


def words(*patterns: str) -> re.Pattern[str]:
    """One pattern matching any of the alternatives as whole words."""
    return re.compile(r"(?<![\w'])(?:" + "|".join(patterns) + r")(?![\w'])")


YOU_ARE = r"you(?:'re| are)"
YOU_HAVE = r"you(?:'ve| have)"

# Not MITI behaviours: greetings, introductions, courtesy, minimal encouragers, generic praise, sympathy.
FILLER = re.compile(
    r"(?:(?:(?:hi|hello|hey|good (?:morning|afternoon|evening)|welcome)(?: there)?(?:,? [a-z.]+(?: [a-z]+)?)?"
    r"|(?:thanks|thank you) (?:so much )?for (?:coming|being here|making (?:the|this) time)(?: in| here)?(?: today)?"
    r"|nice to meet you|come (?:on )?in(?: and (?:take|have) a seat)?|(?:please )?(?:take|have) a seat"
    r"|take your time|take care|see you(?: next (?:week|time))?|bye|goodbye|no problem(?: at all)?|of course"
    r"|no worries|(?:that's|that is|it's|it is) (?:okay|ok|fine|alright|all right|fair|understandable)"
    r"|okay|ok|alright|right|sure|yes|yeah|mm+|mm-hmm|mhm|uh-huh|uh huh|hmm+|i see|got it|go on|and\?*"
    r"|(?:very |really |so )?(?:good|great|awesome|excellent|wonderful|fantastic|amazing|nice|cool|perfect)"
    r"|well done|good (?:job|work|for you)|congratulations|congrats"
    r"|(?:thank you|thanks)(?: (?:so much|for (?:telling|sharing|saying)(?: (?:me|that|this|with me))*))?"
    r"|(?:that's|that is|what) (?:really |so )?(?:great|good|wonderful|fantastic|amazing|awesome) (?:news|to hear)"
    r"|i'm (?:so |really |very )?sorry(?: to hear that| for your loss| about that)?"
    r"|i'd be (?:glad|happy) to|i'm (?:glad|happy) (?:you came|you're here)"
    r"|(?:it|that)(?:'s| is| was| wasn't| isn't)(?: not)? your fault|don't worry(?: about (?:it|that))?"
    r"|(?:it'll|it will|you'll|you will|everything will|everything's going to) be (?:okay|ok|fine|alright|all right)"
    r")[\s,.!?-]*(?:and |so )?)+"
)
INTRO = re.compile(
    r"^(?:(?:hi|hello|hey|good (?:morning|afternoon|evening))(?: [a-z.]+)*, )?"
    r"(?:my name is|i'm|i am|this is) [a-z]+(?:,| and)?(?: (?:i'm|i am))?"
    r"(?: (?:a|an|the) [a-z -]*(?:student|intern|worker|counsell?or|trainee|therapist|advisor|adviser))?"
    r"(?: (?:here )?(?:at|with|from) (?:the )?[a-z ]+)?[.!]?$"
)

CONFRONT = words(
    r"(?:are|r) you (?:sure|serious|kidding)(?: about that)?",
    r"do you (?:really|honestly|seriously) (?:think|believe|expect)",
    r"be honest with me", r"^(?:just )?be honest", r"come on(?! in)",
    r"(?:that's|that is|this is) (?:not true|a lie|ridiculous|controlling|abuse|irresponsible|selfish|crazy|nonsense)",
    r"is abuse", r"(?:controlling|abusive) behaviou?r",
    rf"{YOU_ARE} (?:just |only )?(?:in denial|making excuses|lying|drug seeking"
    r"|being (?:lazy|selfish|dramatic|childish))",
    r"making excuses", r"in denial", r"drug seeking", rf"{YOU_ARE} only \d+", r"you don't know what",
    r"why would you", r"then why", r"how do you know (?:you(?:'re| are)?|that)", r"what's the difference", r"why wait",
    r"just a couple", r"giv(?:e|ing) (?:them|him|her|people) a reason", r"(?:has|have) a point", r"maybe if you",
    r"if you were (?:fine|honest|serious|really)", r"wouldn't have (?:sent|been|happened)", r"(?:did|do) call",
    r"well,? you did", r"(?:is|are) never (?:okay|ok|acceptable|alright)", r"illegal",
    rf"{YOU_ARE} (?:just )?brushing", r"don't say that", r"avoiding it won't",
    r"you (?:have|need) to (?:see|admit|accept|recogni[sz]e|face|realis|realiz)\w* (?:that|it)",
    r"(?:it's|it is|that's) (?:all )?your (?:own )?fault", rf"{YOU_ARE} wrong", r"how could you",
    r"what did you expect", r"you should(?:n't| not)? have", r"what were you thinking", r"grow up", r"get over it",
    r"stop (?:whining|complaining|making excuses)", r"what's wrong with you", r"wrong about (?:that|this|it|him|her)",
)

AFFIRM = words(
    r"(?:it |that |this )?(?:takes|took|showed|shows|says|said) (?:real |a lot of |so much |some )?"
    r"(?:courage|guts|strength|patience|dedication|determination|commitment|effort|bravery|honesty)",
    r"(?:that|it) (?:shows|says) (?:how much you|a lot about you)", r"shows real",
    r"proud of (?:yourself|you)", rf"{YOU_HAVE} (?:really |clearly )?(?:worked|tried) (?:really |so )?hard",
    r"(?:a lot of|so much|real) (?:effort|work|care)", r"putting in the work", r"paid off",
    r"(?:that's|that is|it's) (?:a |an )?(?:really |real |great |good )*(?:skill|strength|instinct|start|step)",
    r"good (?:instinct|start|first step)", r"that's not nothing", r"came up with (?:it |that |this )?yourself",
    r"you (?:followed through|kept going|kept at it|didn't give up|haven't given up|showed up|still showed up)",
    r"sticking (?:with|to) it", r"you haven't (?:wasted|missed)", r"taught yourself",
    r"(?:wasn't|isn't|can't be|not) easy to (?:say|share|talk|tell|admit)",
    rf"(?:you|{YOU_ARE}) [a-z ]*(?:really|so|very) well",
    r"kept (?:your|the) (?:family|kids|household|home) (?:afloat|going|together)",
    rf"{YOU_ARE} (?:really |so |clearly |incredibly |very |obviously )?(?:a |an )?(?:really |incredibly |very )?"
    r"(?:determined|resourceful|strong|devoted|persistent|brave|courageous|committed|caring|capable|dedicated"
    r"|hardworking|hard-working|thoughtful|creative|loving|good (?:dad|mum|mom|father|mother|parent|friend))",
    rf"{YOU_HAVE} been (?:really |so |very )?(?:persistent|determined|resourceful|brave|strong|honest)",
)

AUTONOMY = words(
    r"(?:it's|that's|it is|that is|is) (?:completely |entirely |totally |really |absolutely |all )?"
    r"(?:up to you|your (?:call|choice|decision|business|life)(?: to make)?)",
    r"your (?:decision|choice|call) to make", r"only you can", r"you (?:get to|can|will) (?:decide|choose)",
    r"you decide", r"you choose", rf"{YOU_ARE} (?:the one who (?:decides|knows|chooses)|in charge|in control"
    r"|the best judge|free to|in the driver's seat)", r"driver's seat", r"the best judge",
    r"you (?:don't|do not) have to", r"unless you (?:choose|want|decide)", r"only talk about what you",
    r"whenever you like", r"voluntary", r"wherever (?:feels right|you (?:like|want))", r"if and when",
    r"you know what you can (?:handle|manage)", r"you can (?:tell me|let me know|say) if (?:it|this|that)",
)

SEEK = words(
    r"(?:would|will|is) (?:it|that) (?:be )?(?:okay|ok|alright|all right)", r"is it (?:okay|ok|alright|all right)",
    r"(?:can|could|may) i (?:share|tell|offer|give|mention|ask|suggest|make|run|check)", r"do you mind if",
    r"would you (?:like|want) (?:to hear|me to|some|to talk|to know|to look)", r"would (?:it|that) help (?:if|to)",
    r"if (?:that|it) would help", r"if you're open to", r"i can (?:tell you|share|go through)",
    r"what would you like to (?:focus|talk|work|start|get|cover|do)", r"where would you like to (?:start|begin)",
    r"what (?:do|did) you (?:think|make) of (?:that|this|it|those)", r"^what do you think\?",
    r"how does (?:that|this) sound", r"how would (?:that|this) (?:sit|sound|feel)",
    r"does (?:that|this) sound (?:like|okay|ok|right)", r"which of (?:those|these)", r"would you rather",
    r"(?:figure|work|think|sort|look|plan)\w* (?:it |this |that |things )?(?:out |through )?together",
    r"heads together", r"together(?:,)? we", r"decide together",
    r"you know (?:your \w+|yourself|you|this|it|him|her|them) better than", r"you've got the experience",
    rf"{YOU_ARE} the expert", r"we can decide",
)

ADVICE = words(
    r"you (?:really |just |honestly |definitely |seriously )?(?:should|ought to|must|need to|have to|'ve got to"
    r"|got to|gotta|can't (?:keep|be|let|go on|carry on|do this))", r"you'd better", r"you(?:'d| would) be better off",
    rf"{YOU_ARE} going to have to",
    r"have you (?:tried|thought about|thought of|considered|looked into)", r"why don't you", r"why not",
    r"what if you", r"how about (?:you|trying)",
    r"i(?:'d| would)? (?:really |strongly )?(?:suggest|recommend|advise|encourage)",
    r"my (?:suggestion|advice|recommendation)",
    r"it (?:would|might|could) be (?:good|best|a good idea|worth|helpful|smart)",
    r"the best thing", r"if i were you", r"it might help (?:to|if)", r"you might want to",
    r"you could (?:try|always|just|call|go|ask|look|start|talk)",
    r"one (?:thing|option|idea)(?: that)? (?:is|might|would|could)",
    r"(?:some|many|a lot of|most|other) (?:\w+ )?(?:people|parents|students|folks|clients)(?: in [a-z ]+)?"
    r" (?:find|look at|try)",
    r"worth (?:trying|a try|looking)", r"i'd start", r"start by", r"(?:will|would) (?:make|help) you (?:feel|get)",
    r"never a good idea", r"(?:would be|is) a (?:huge |big |terrible )?mistake", r"won't know unless",
    r"nothing to lose", r"perfect solution", r"makes? (?:sleep|it|things|everything) worse", r"not all \w+",
    r"actually (?:makes|helps|causes|works)", r"(?:might|could|would) (?:help|protect|work for) you",
    r"(?:things?|what) (?:that )?(?:helps?|works?) (?:for )?(?:a lot of|many|most|some) people",
    r"you(?:'ll| will) (?:get|end up|lose|be) (?:fired|sick|evicted|hurt|arrested|kicked out|worse)",
)
# A sentence that opens with an instruction ("Call the hotline", "Don't take the loan").
IMPERATIVE = re.compile(
    r"^(?:(?:so|and|just|maybe|please|honestly),? )*(?:try|call|go|get|make sure|stop|book|ask|join|quit|avoid"
    r"|consider|remember|listen|put|keep|write|find|talk to|see a|contact|apply|think about|don't (?:take|do|go|let"
    r"|give|quit|stop|sign|drink|skip|tell|move))\b"
)
# Suggestions that survive question form; other advice cues inside a wh-question are part of the question.
QUESTION_ADVICE = words(
    r"have you (?:tried|thought about|thought of|considered|looked into)", r"why don't you", r"why not",
    r"what if you", r"how about (?:you|trying)", r"(?:do|don't) you think you (?:should|need to|ought to|could try)",
)
NOT_ADVICE = words(
    r"you should (?:receive|get|hear|expect) (?:a |an |the |your )?(?:letter|call|reply|response|answer|decision"
    r"|notice|email|text|confirmation|result)", r"you should hear back", r"proud of",
    r"you don't have to", r"you have to (?:decide|choose)",
)

# Permission for advice: the client asked for it or agreed to hear it, or the student leaves the choice open.
CLIENT_ASKS = words(
    r"what (?:should|do|can|could) i (?:do|say|try)", r"what would you do", r"should i", r"what do you think i should",
    r"(?:any|some) (?:tips|advice|ideas|suggestions)", r"tell me what to do", r"(?:can|could) you help me",
    r"do you think i (?:should|can|could)", r"what do i (?:do|need to do)", r"if you were me", r"in my place",
)
CLIENT_AGREES = re.compile(r"^(?:yes|yeah|yep|sure|okay|ok|alright|go ahead|please)\b[^?]{0,30}$")
HEDGE = words(
    r"see what you think", r"you(?:'d| would)? know better", r"you know (?:\w+ )?better than", r"take what fits",
    r"leave the rest", r"(?:might|may) have better ideas", r"you can decide", r"up to you", r"if it's helpful",
    r"if that's helpful",
    r"(?:since|as) you(?:'re| are)? ask(?:ed|ing)?", r"you asked", r"what do you think\?", r"how would that sit",
    r"does that sound like", r"which of those", r"if any", r"may or may not", r"happy to share",
    r"based on what you've said",
)

# Stems that announce a reflection whatever follows.
REFLECTION_STEM = re.compile(
    r"^(?:(?:so|and|okay|well|mm|hmm|right),? )*(?:it sounds like|sounds like|it seems|seems like|it feels like"
    r"|it's like|part of you|on (?:the )?one hand|what i'm hearing|i'm hearing|i hear|i get the sense"
    r"|i(?:'m)? wonder(?:ing)? if you|i imagine|i guess you|that must|it must|must be|that sounds|this sounds"
    r"|that's (?:a lot|so much|really hard|hard|tough)|so you)\b"
)
# Openings that usually reflect, when what follows is about the client's own words.
WEAK_STEM = re.compile(r"^(?:(?:so|and|okay|well|mm|hmm|right),? )*(?:you|your|like|even with|since|being|getting"
                       r"|there's|so there's)\b")
STUDENT_SELF = re.compile(r"^(?:(?:so|and|okay|well),? )*(?:i|i'm|i've|i'll|i'd|we|we're|we'll|we've|my|our|let me)\b")
INFORMATION = words(
    r"(?:is|are) open", r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend", r"\d+%|\d+",
    r"free", r"confidential", r"referr\w*|refer you", r"centre|center|clinic|service|hotline|helpline|office"
    r"|programme|program|course|food bank|pantry|shelter|fund|court|judge|hearing|case plan|guideline|letter"
    r"|appointment|sessions?|minutes|caseworker|application|process",
    r"(?:many|most|some|a lot of|lots of) (?:people|students|parents|men|women|folks|engineers|clients)",
    r"(?:is|are) (?:very |really |quite )?common", r"one of the most", r"can (?:make|cause|help|give|be|take|charge)",
    r"usually", r"typically", r"a [a-z ]+ is a",
)
STUDENT_FEELS = words(r"i(?:'m| am| feel| was) (?:\w+ )?(?:worried|concerned|afraid|scared)")
SECOND_PERSON = words(r"you|your|you're|you've|you'd|you'll|yourself")
PRONOUN = words(r"i|i'm|i've|you|you're|you've|your|he|she|they|we|him|her|them|his|their|my")

QUESTION_REQUEST = re.compile(
    r"^(?:(?:so|and|okay|well),? )*(?:tell me|say more|help me understand|describe|walk me through|talk to me about"
    r"|i'd (?:like|love) to hear|i wonder (?:what|how|why|whether)|i'm wondering (?:what|how|why|whether)|share)\b"
)
WH_WORD = re.compile(r"(?:^|, |\b(?:so|and|but|okay|then) |in )(what|how|why|where|when|who|whom|which|whose)\b")
AUX_START = re.compile(
    r"^(?:(?:so|and|but|okay|ok|well|then|now|also),? )*(?:do|does|did|are|is|was|were|have|has|had|can|could|will"
    r"|would|should|shall|may|might|am|isn't|aren't|don't|doesn't|didn't|haven't|hasn't|won't|wouldn't|can't"
    r"|couldn't|any|anything|anyone|anybody)\b"
)
INVITATION = re.compile(r"^(?:could|can|would|will) you (?:tell|say|describe|share|talk|help me understand|walk"
                        r"|explain|give me a sense)\b")
# Question words that ask for a short fact, judged where the question starts ("What happens when..." is open).
CLOSED_WH = re.compile(
    r"(?:how (?:many|much|old|often|long|far|soon)|what time|what year|what day|what age|which|who|whom|whose|when"
    r"|what(?:'s| is) (?:your|his|her|their) (?:name|age|date|address|number)"
    r"|where (?:do|does|did) [a-z ]*live|where (?:is|are) (?:he|she|they|it))\b"
)
SCALE = words(r"on a scale", r"out of (?:10|ten|5|five)")
