"""The wording that marks each MITI 4.2.1 behaviour, as patterns over cleaned text (see segment.clean).

Cues name what a student says, not a particular client or problem, so they generalise across interviews.
The coder reads them in a fixed order (coder.py): not coded, confront, seek collaboration, autonomy, affirm,
persuade, question, information, and what is left is a reflection or information by what it is about.
"""

from __future__ import annotations

import re


def words(*patterns: str) -> re.Pattern[str]:
    """One pattern matching any of the alternatives as whole words."""
    return re.compile(r"(?<![\w'])(?:" + "|".join(patterns) + r")(?![\w'])")


def first_match(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0) if match else None


YOU_ARE = r"you(?:'re| are)"
YOU_HAVE = r"you(?:'ve| have)"
LEAD = r"^(?:(?:so|and|but|okay|ok|well|now|look|listen|honestly|alright|right|yeah|see|then|also|just|or|like|i mean),? )*"

# --- not coded: greetings, courtesy, minimal encouragers, sympathy, reassurance, structuring, self-disclosure
FILLER = re.compile(
    r"(?:(?:(?:hi|hello|hey|good (?:morning|afternoon|evening)|welcome)(?: there| back)?(?:,? [a-z.]+(?: [a-z]+)?)?"
    r"|(?:thanks|thank you)(?: so much| very much)?(?: for (?:coming(?: in)?|being here|making (?:the|this) time"
    r"|your time|telling me|sharing(?: that)?|saying that|letting me know|that)(?: with me)?(?: today)?)?"
    r"|nice to meet you|come (?:on )?in|(?:please )?(?:take|have) a seat|take your time|take care|see you(?: \w+)?"
    r"|bye|goodbye|no problem|of course|no worries|sure|okay|ok|alright|all right|right|yes|yeah|yep|mm-hmm|mhm"
    r"|uh-huh|uh huh|hmm|i see|got it|gotcha|go on|and|so|well|wow|oh|ah|really|interesting|makes sense"
    r"|(?:that|it) makes sense|fair enough|that's fair|understood|i understand|i hear you|i get it|i know"
    r"|(?:very |really |so )?(?:good|great|awesome|excellent|wonderful|fantastic|amazing|nice|cool|perfect|fine)"
    r"|well done|good (?:job|work|for you)|congratulations|congrats"
    r"|(?:that's|that is|what) (?:really |so )?(?:great|good|wonderful|fantastic|amazing|awesome) (?:news|to hear)"
    r"|i'm (?:so |really |very |truly )?sorry(?: to hear (?:that|about \w+(?: \w+)?)| for your loss| about (?:that|\w+))?"
    r"|i'm (?:glad|happy) (?:you came(?: in)?|you're here|to hear (?:that|it))"
    r"|(?:it|that)(?:'s| is| was| wasn't| isn't)(?: not)? your fault|don't worry(?: about (?:it|that))?"
    r"|(?:it'll|it will|you'll|you will|everything will|everything's going to|it's going to) be (?:okay|ok|fine|alright)"
    r"|(?:that's|that is|it's|it is) (?:okay|ok|fine|alright|all right|understandable|normal|completely normal)"
    r"|let's (?:see|start|begin|get started)|where were we|anyway|so yeah"
    r")[\s,.!?-]*)+"
)
INTRO = re.compile(
    r"^(?:(?:hi|hello|hey|good (?:morning|afternoon|evening))(?: [a-z.]+)*,? )?"
    r"(?:my name is|i'm|i am|this is|name's) [a-z]+(?: [a-z]+)?(?:,| and)?(?: (?:i'm|i am|i'll be|i will be))?"
    r"(?: (?:a|an|the|your) [a-z -]*(?:student|intern|worker|counsell?or|trainee|therapist|advisor|adviser|nurse"
    r"|navigator|officer|coordinator|clinician))?(?: (?:here )?(?:at|with|from|for) (?:the )?[a-z' ]+)?[.!]?$"
)
STRUCTURING = words(
    r"(?:today|in this session|this time) (?:we(?:'ll| will| are going to|'re going to)|i(?:'d| would) like to)",
    r"we have (?:about |around )?\d+ minutes", r"we(?:'ve| have) got (?:about )?\d+ minutes",
    r"(?:before we (?:start|begin|finish|wrap up)|to start (?:us )?off|let me (?:explain|tell you) (?:how|what) (?:this|we))",
    r"(?:i'm|i am) going to (?:ask you (?:a few|some)|take (?:a few )?notes)", r"let me (?:just )?(?:ask you a few|grab)",
    r"(?:we(?:'ll| will) )?(?:meet|see you) (?:again )?(?:next|on) \w+", r"(?:same time|next session|next week|our next appointment)",
    r"let's (?:schedule|book|set up) (?:another|a follow)",
)
SELF_DISCLOSURE = re.compile(
    r"^(?:i (?:remember|know) (?:when|what it's like)|when i was|i(?:'ve| have) (?:been there|had|lost|gone through|been"
    r" through)|i (?:had|lost|went through|used to)|my (?:own )?(?:mom|mum|dad|mother|father|brother|sister|wife|husband"
    r"|partner|son|daughter|family|grandmother|grandfather|friend))\b"
)

# --- confront: arguing, blaming, shaming, labelling, sarcasm, doubting honesty, in any form
CONFRONT = words(
    r"why (?:didn't|wouldn't|haven't|hasn't|couldn't|can't|won't|weren't|aren't|would|on earth|the hell|in the world)"
    r" (?:you|he|she|they)", r"why did you (?:even|let|wait|bother|ever|keep|think it was)", r"why do you (?:keep|always|even)",
    r"why are you (?:still|even|always)", r"how could you", r"what were you thinking", r"what did you (?:expect|think would)",
    r"what's wrong with you", r"(?:are|r) you (?:serious|kidding|joking)", r"you can't be serious",
    r"^come on", r"oh please", r"yeah,? right", r"give me a break", r"get real", r"grow up", r"get over it",
    r"(?:that's|that is|this is|it's) (?:just |all |simply )?(?:not true|a lie|ridiculous|an excuse|excuses|nonsense"
    r"|crazy|denial|on you|irresponsible|selfish|not okay|not ok|not acceptable|unacceptable|pathetic|a cop-out"
    r"|not a plan|not an answer|not good enough|not how (?:it|this) works|not what (?:you said|happened)|a stretch"
    r"|no way to)",
    rf"{YOU_ARE} (?:just |only |clearly |obviously |totally )?(?:in denial|making excuses|lying|kidding yourself"
    r"|fooling yourself|minimi[sz]ing|exaggerating|overreacting|being (?:lazy|selfish|dramatic|childish|ridiculous"
    r"|defensive|paranoid|naive|stubborn|irresponsible|difficult|unreasonable|dishonest))",
    r"in denial", r"making excuses", r"kidding yourself", r"fooling yourself", r"and you know it", r"let's be honest",
    r"be honest with (?:me|yourself)", r"^(?:just )?be honest", r"i don't believe (?:you|that|for a second)",
    r"you don't (?:really )?expect me to believe", r"you (?:have|need) to (?:admit|accept|face|own|take responsibility)",
    r"that's on you", r"(?:it's|it is|that's|that is) (?:all |really )?your (?:own )?fault", r"you brought (?:this|it) on",
    rf"{YOU_ARE} (?:the one who|wrong)", r"you were wrong", r"(?:is|isn't|is not|won't|will not|doesn't|does not) (?:going to )?cut it",
    r"kind of isn't", r"not going to cut it", r"how's that (?:working|worked) out", r"who do you think",
    r"do you (?:really|honestly|seriously|actually) (?:think|believe|expect|want me)", r"you(?:'re| are) only \d+",
    r"if you (?:really|truly|actually) (?:cared|loved|wanted)", r"a (?:good|real|responsible) (?:parent|mother|father|mom|dad"
    r"|person|man|woman) would", r"most (?:parents|people|mothers|fathers|adults) (?:would|wouldn't|don't)",
    r"stop (?:whining|complaining|making excuses|blaming|feeling sorry)", r"you don't get to",
    r"(?:it's|it is|this is) not (?:that|very|so|exactly) (?:hard|difficult|complicated)", r"not rocket science",
    r"(?:it's|it is|this is) (?:that|so|pretty|really) (?:simple|easy)", r"no offen[cs]e", r"with all due respect",
    r"a long time to (?:let|wait|ignore|leave|sit)", r"long enough to", r"you let (?:it|things|this|that|them) (?:get|go|slide|happen)",
    r"you (?:chose|decided) to (?:drink|use|drive|hit|lie|ignore)", r"whose fault",
    r"just (?:a couple|one drink|the one)", r"i'm sure (?:it was|you (?:did|were|are|do))", r"sure you (?:are|do|did|will)",
    r"(?:have|has) a point", r"maybe if you", r"if you were (?:fine|honest|serious)", r"giv(?:e|ing) (?:them|him|her) a reason",
    r"what's the (?:difference|big deal)", r"then why", r"how do you know (?:that|you(?:'re| are)?)",
    r"you (?:obviously|clearly) (?:have|don't|aren't|can't|need|care)",
    r"(?:not|n't) (?:really |exactly )?(?:a good reason|a good excuse|a great (?:call|idea|plan)|a smart (?:move|call|idea)"
    r"|a good (?:call|idea|look)|the answer|really a plan|a plan)", r"wasn't (?:a |the )?(?:great|good|smart|wise|best)"
    r" (?:call|idea|choice|move|decision)", r"(?:pretty |kind of |really |rather )?(?:defeatist|negative|convenient|lazy"
    r"|selfish|immature|naive|childish) (?:way|time|excuse|attitude|thing|of you)", r"you can't (?:really )?expect",
    r"(?:get|got|have|with) an attitude", r"(?:that's|this is) (?:kind of |exactly |really )?(?:the|your) problem",
    r"(?:everybody|everyone) (?:loses|goes through|has to|deals with)", r"push through", r"suck it up",
    r"(?:is|are) still (?:alcohol|smoking|drinking|a drug|drugs|using|nicotine|sugar)", r"(?:what's|what is|which is)"
    r" more important", r"more important (?:to you )?than (?:your|her|his|their|the)",
    r"(?:doesn't|don't) (?:usually |just |normally )?(?:come|happen) (?:from|by)",
    r"(?:isn't|is not|won't|will not|doesn't|does not|aren't|can't)(?: really| exactly)? (?:going to |gonna )?(?:lower"
    r"|help|fix|change|work|solve)[^?]*, (?:is|does|will|did|was|are|can|won't|isn't) (?:it|that|he|she|they|you)\?",
    r"(?:isn't|is not|doesn't|does not|aren't|wasn't) (?:working|helping)[^?]*, (?:is|does|are|was) (?:it|that|they)",
    r"you (?:just )?(?:can't|won't|don't want to) (?:admit|see|accept|listen)", r"you always (?:say|do) that",
    r"(?:there you go|here we go) again", r"i(?:'m| am) just trying to help",
    # disputing and correcting what the client just said ("yes, but...", "that's actually a lot", "..., though")
    r"^(?:(?:yeah|yes|okay|ok|right|sure|well|i hear you|i get (?:it|that)|i know|i understand)[,.]? )+(?:but|though)[, ]+"
    r"(?:that's|that is|it's|it is|this is|it|he|she|they|there|honestly|i mean|the|a|nobody|no one|you (?:can't|don't|need"
    r"|have|shouldn't|still|really|can|know|just|were))",
    r"(?:that's|that is|it's|it is|this is) (?:actually|technically|still|kind of|really|literally) (?:a lot|too much|a pattern|abuse"
    r"|a problem|serious|dangerous|not|more|the problem|illegal|binge)", r"(?:that's|that is|it's|this is) (?:\w+ )?(?:abuse"
    r"|domestic violence|self[- ]harm|a pattern|financial abuse|coercive control|child abuse|neglect)\b",
    r"(?:that's|that is|it's|it is|this is|which is) not (?:strict|normal|okay|ok|funny|fine|discipline|love|how|really|true"
    r"|an excuse|a choice)", r"not really (?:an excuse|a plan|fine|okay|in a position|the point|a reason)",
    r"(?:in no|not (?:really )?in a) position to", r"it doesn't matter (?:what|who|how|if|whether)", r"no one(?:'s| is) saying",
    r"nobody(?:'s| is) saying", r"you shouldn't (?:think|feel|say|talk) (?:like|that)", r"are you sure (?:it|that|you|he|she)",
    r"why are you (?:defending|protecting|making excuses|covering|so)", r"(?:isn't|is not|won't|will not) (?:going to|gonna)"
    r" (?:ruin|kill|matter|care|help|fix|work|fly|hold up)", r"technically", r"(?:probably|more like) (?:more like )?\d+",
    r"(?:he's|she's|they're) not wrong", r"(?:doesn't|does not|don't) make it (?:safe|okay|ok|right|better|fine)",
    r", though[.!?]*$", r"\bthough,? (?:right|isn't it|don't you)", r"better than [^,.?!]+, right", r"what could go wrong",
    r"who cares (?:what|about)", r"you can't (?:judge|compare|blame|use that)", r"(?:is|are) a big deal,? though",
    r"you(?:'re| are) lucky (?:to be|you're|you are)", r"don't make me", r"what did you think (?:would|was going)",
    r"that(?:'s| is) (?:the|your) (?:real )?problem(?: right there)?", r"(?:so|and) whose fault",
    # discourse markers of disagreement: "..., though", "tho", "realistically", "to be fair", "still,"
    r"though\W*$", r"\btho\b", r"^(?:(?:well|okay|ok|yeah|but|um|so),? )*(?:realistically|to be fair|in fairness|actually|still),",
    r"(?:isn't|is not|isn't really|'s not) (?:an excuse|a good enough reason|a reason|legal|okay|normal|true|how)",
    r"(?:pretty|kind of|kinda|really) (?:bad|textbook|toxic|a lot|serious|dangerous|irresponsible|selfish)",
    r"(?:is|'s) (?:kinda |kind of |actually |still |really )?a lot\b", r"the math doesn't", r"doesn't add up",
    r"are you (?:being )?(?:straight|honest|sure)", r"did you not", r"you chose to", r"it(?:'s| is) true",
    r"matters? more than", r"more important than", r"how addicts", r"pretty sure (?:not|that's not)", r"not everyone",
    r"don't say that", rf"{YOU_ARE} not (?:a burden|overreacting|crazy|stupid|weak)", r"it kind of is", r"it is your",
    r"is stealing", r"stealing is", r"what if (?:he|she|they|the kids?|your \w+)(?:'d| had| was| were)",
    r"(?:okay|ok|yeah|right),? but\b", r"\bbut (?:honestly|realistically|seriously|come on)\b",
)
# "should have" blames the client unless the student is giving back the client's own thought or feeling.
SHOULD_HAVE = words(r"you should(?:n't| not)? have", r"you could have", r"you ought to have")
SELF_BLAME_FRAME = words(
    r"think(?:ing|s)?", r"thought", r"feel(?:ing|s)?", r"felt", r"believe", r"tell(?:ing)? yourself", r"told yourself",
    r"blam(?:e|ing) yourself", r"wonder(?:ing)?", r"ask(?:ing)? yourself", r"carry(?:ing)?", r"like", r"as if",
    r"sounds", r"part of you", r"worr(?:y|ied|ying)", r"wish(?:ing)?", r"keep", r"convinced", r"sense", r"hear",
    r"afraid", r"scared", r"guilt\w*", r"beat(?:ing)? yourself up", r"haunt\w*", r"replay\w*",
)

# --- seek collaboration: permission, the client's agenda, their view of what was said, their expertise
SEEK = words(
    r"(?:would|will|is) (?:it|that) be (?:okay|ok|alright|all right|fine)", r"is it (?:okay|ok|alright|all right) (?:if|with you|to)",
    r"(?:if|would) (?:it's|it is|that's) (?:okay|ok|alright|all right) (?:with you|if)",
    r"(?:can|could|may|might) i (?:share|tell you|offer|give you|mention|suggest|make a suggestion|run|check|ask you about"
    r"|talk (?:with|to) you about|go over|show you|throw out|put out|add)", r"do you mind if",
    r"would you (?:like|want|be (?:open|interested)) (?:to hear|me to|some|to talk|to know|to look|to go|in hearing"
    r"|to hear about|information|ideas|to think)", r"(?:are you|would you be) (?:open|interested) (?:to|in)",
    r"would (?:it|that) help (?:if|to)", r"i (?:have|'ve got) (?:some|a few) (?:ideas|information|thoughts|suggestions)"
    r"[a-z ,']*(?:if|would|can|want)",
    r"what would you like to (?:focus|talk|work|start|get|cover|do|come out|spend)", r"where would you like to (?:start|begin|go)",
    r"what do you want to (?:focus|talk|work|get out|cover)", r"how would you like to (?:use|spend|start)",
    r"what (?:would|might) (?:be|make) (?:most )?(?:helpful|useful) (?:for you )?(?:today|to (?:talk|focus|cover)|right now"
    r"|in our time|from)", r"what(?:'s| is) (?:most )?important (?:for us |to you )?to (?:talk|focus|cover)",
    r"what do you (?:think|make) (?:of|about) (?:that|this|those|these|what i|it|the idea|that idea|all that|all of that)",
    r"what do you think\W*$", r"what are your thoughts(?: on| about)? (?:that|this|those)?", r"how does (?:that|this|it) sound",
    r"how would (?:that|this|it) (?:sit|sound|feel|work|land)", r"does (?:that|this|any of that|any of this) (?:sound|fit|make"
    r" sense|seem|feel) (?:right|okay|ok|like|for you|to you)?", r"i(?:'d| would) (?:welcome|like|love) (?:your|to hear your)"
    r" (?:thoughts|take|opinion|view|ideas)", r"which of (?:those|these|them)", r"would you rather",
    r"what (?:fits|works) (?:best )?for you", r"what (?:parts?|bits?|pieces?) of (?:that|this|those)",
    r"(?:figure|work|think|sort|plan|look)\w* (?:it |this |that |things |something )?(?:out |through )?together",
    r"together,? we", r"we can (?:decide|figure|work (?:it|this) out)", r"heads together",
    r"you know (?:\w+ )?(?:better than (?:me|i|anyone|anybody)|best)", rf"{YOU_ARE} the expert",
    r"you know yourself (?:best|better)", r"what ideas do you have", r"what would you suggest",
)

# --- emphasize autonomy: choice and control with the client
AUTONOMY = words(
    r"(?:it's|that's|it is|that is|is) (?:\w+ )?(?:completely |entirely |totally |really |absolutely |all |mostly )?"
    r"(?:up to you|your (?:call|choice|decision|business|life|body|right))",
    r"(?:totally|entirely|completely|really|mostly|all|still) up to you", r"up to you",
    r"your (?:decision|choice|call) to make", r"(?:you|only you) (?:get to|can|will|are the one to|are free to|'re free to)"
    r" (?:decide|choose|make (?:that|this|the) (?:call|choice|decision))", r"only you (?:can|know)",
    r"(?:nobody|no one) (?:else )?can (?:decide|make (?:that|this|the) (?:choice|decision)|choose|do (?:that|this|it) for you|make you)",
    rf"{YOU_ARE} (?:the one who (?:decides|chooses|gets to)|in charge|in control|the boss|the best judge|free to)",
    r"you don't have to", r"you do not have to", r"(?:only|just) if you (?:want|choose|feel ready|decide|like|'re ready)",
    r"when(?:ever)? you(?:'re| are| feel) ready", r"if and when you", r"at your own pace", r"in your own time",
    r"whatever you (?:decide|choose|want)", r"(?:it's|it is) your life", r"in your hands",
    rf"{YOU_ARE} not (?:obligated|required|forced) to", r"nobody (?:can|is going to) force you", r"no one (?:can|is going to) force you",
    r"you (?:decide|choose)\b", r"you set the pace", r"you can (?:say no|stop|skip|pass|tell me to stop|leave it)",
    r"take what (?:fits|works|helps|is useful)", r"leave the rest", r"you can take (?:it|what) or leave",
    r"what happens (?:now|next|from here) is (?:\w+ )?(?:up to you|your (?:call|choice|decision)|in your hands)",
    r"(?:that|it)'s (?:yours|for you) to (?:decide|choose)", r"your (?:own )?(?:decision|choice)\b(?! to)",
)

# --- affirm: something genuinely positive about the client's effort, strengths or values
# Acknowledging what telling took ("I know it isn't easy to say out loud"): an affirmation, never a dispute.
HARD_TO_TELL = (r"i (?:know|can tell|can see|realise|realize) (?:that )?(?:it|that|this)(?: was|'s| is)? (?:isn't|wasn't"
                r"|is not|was not|not|can't have been|couldn't have been) (?:always |an )?easy(?: thing)? to (?:say|talk about"
                r"|share|tell|admit|put into words|bring up)")
ACKNOWLEDGES_TELLING = words(HARD_TO_TELL)
AFFIRM = words(
    r"(?:it|that|this|coming (?:here|in)|reaching out|asking for help|being here|telling me) (?:really |must have |must "
    r"|probably )?(?:takes|took|shows|showed|says|said|show|take) (?:\w+ ){0,3}(?:courage|guts|strength|patience|dedication"
    r"|determination|commitment|effort|bravery|honesty|love|care|resilience|insight|a lot of you)",
    r"(?:that's|that is|that was|it's|it was|what you did was|which is) (?:\w+ )?(?:so |really |very |incredibly |pretty )?"
    r"(?:resourceful|brave|courageous|impressive|admirable|thoughtful|wise|insightful|creative|remarkable|huge"
    r"|a (?:real |big |huge |great |good |important |significant |genuine |serious )?(?:strength|skill|step|achievement"
    r"|accomplishment|win|insight|act of love))",
    rf"{YOU_ARE} (?:\w+ ){{0,2}}(?:resourceful|brave|courageous|determined|persistent|resilient|committed|dedicated"
    r"|devoted|thoughtful|capable|a fighter|a survivor|someone who (?:cares|keeps|doesn't give up|shows up|takes)"
    r"|a (?:good|caring|loving|devoted|great) (?:mom|mum|dad|mother|father|parent|friend|son|daughter|grandmother"
    r"|grandfather|husband|wife|partner|worker|person))",
    rf"(?:{YOU_HAVE}|you) (?:still |really |clearly |somehow )?(?:managed to|kept (?:\w+ ){{0,2}}(?:going|afloat|together|safe"
    r"|fed|housed|clean|sober|working|in school|your job|a roof)|held (?:it|things|everything|the family|your family)"
    r" together|protected|taken care of|took care of|looked after|stood up (?:for|to)|survived|come a long way|gotten"
    r" through|got through|made it through|followed through|showed up|reached out|asked for help|kept at it|kept trying"
    r"|never (?:gave|given) up|not given up|haven't given up|didn't give up|put (?:so much|a lot|real) (?:work|effort|thought)"
    r"|been (?:so |really |incredibly )?(?:honest|open|brave|strong|patient|persistent|consistent|resourceful)"
    r"|worked (?:so |really |incredibly )?hard|tried (?:so |really )?hard|done (?:a lot|so much|everything you can)"
    r"|fought (?:so hard|for))",
    r"i (?:really )?(?:appreciate|admire|respect) (?:\w+ )?(?:your|you|that you|how you|how much)",
    r"i can (?:see|tell|hear) (?:how much|that) you (?:care|love|want|tried|are trying|'re trying|worked|mean|value)",
    r"(?:that |it )?says (?:a lot|something|so much) (?:good )?about you", r"(?:should|can) be proud",
    r"proud of (?:yourself|you)", r"that's not nothing", r"good (?:instincts?|thinking|call)", r"smart (?:move|thinking|call)",
    r"(?:thank you|thanks) for (?:being (?:so )?(?:honest|open|brave|candid))", r"(?:your|you have real|you have a lot of)"
    r" (?:strength|courage|resilience|determination)", r"you care (?:so much|a lot|deeply) about",
    r"(?:clearly|obviously) (?:love|care about) (?:them|him|her|your)",
    r"(?:takes|took|take|taking|took some|takes some) (?:real |a lot of |so much |some |such |a kind of )?(?:courage|guts|grit"
    r"|strength|bravery|nerve|honesty|commitment|determination|heart|something|work|backbone)",
    r"(?:that's|that is|it's|which is|that was|really|such) (?:\w+ )?(?:good|great|solid|smart|careful|real|thoughtful|wise"
    r"|creative|clever) (?:planning|problem[- ]solving|thinking|judgment|instincts?|choice|decision|move|step|idea|work"
    r"|parenting|self-care|insight)", r"(?:really |so |very )?considerate", r"(?:a )?(?:strong|brave|big|wise|good) thing to do",
    r"says (?:a lot|so much|something) about (?:you|how|who|what)",
    rf"(?:{YOU_HAVE}|you) (?:already |still |really |even )?(?:kept|been) (?:paying|getting up|showing up|going|trying|working"
    r" on|coming|fighting|looking after|taking care|calling|pushing|holding|doing your|making|finding|protecting|caring)",
    r"you found (?:your own|a|another) way", r"you know how to (?:do|handle|get|build|make|take)",
    rf"{YOU_ARE} (?:already )?(?:reaching for|fighting (?:hard|for)|working hard|doing (?:everything|what you can|the work)"
    r"|trying so hard|looking out for|protecting|taking (?:it|this) seriously)",
    r"i (?:like|love|appreciate|admire) (?:that|how|the way) you", r"you light up", r"you built", r"a lot of showing up",
    r"(?:took|takes|take) a lot\b", r"(?:which|that) (?:is|isn't|'s) not easy", r"(?:which|that)(?:'s| is) (?:no|not a) small thing",
    rf"{YOU_ARE} (?:a lot |way |so much )?(?:tougher|stronger|braver|smarter|wiser|more capable) than",
    rf"(?:{YOU_ARE}|that's|that is) (?:an? |the )?(?:involved|devoted|caring|loving|good|great|protective|thoughtful) (?:dad|mom|mum|father"
    r"|mother|parent|grandmother|grandfather|grandma|grandpa|son|daughter|friend)", r"(?:that's|that is) a (?:father|mother|dad"
    r"|mom|parent|man|woman|person|grandmother|grandfather) who", r"that says (?:a lot|so much|something)",
    rf"{YOU_ARE} (?:being )?(?:really |so |pretty |very )?(?:straight|honest|open|candid|upfront) (?:about|with)",
    r"i (?:really )?appreciate (?:that|it|you|how|the way)", r"(?:that's|that is|that was) (?:pretty |really |very )?(?:honest|brave"
    r"|mature|wise|smart|thoughtful|generous|kind) of you", rf"(?:{YOU_HAVE}|you) (?:already )?(?:thought (?:this|it|that) through"
    r"|pieced|worked out|figured out|got your own|been thinking about how to|been doing a lot|found)",
    rf"{YOU_ARE} already (?:thinking|planning|working|doing|taking|looking|reaching)", r"taking (?:this|it) seriously",
    r"you kept (?:your word|going|at it|trying|showing up|your promise)", r"comes through", r"your (?:loyalty|strength|courage"
    r"|commitment|determination|honesty|love) (?:to|for|comes|shows|is)", r"(?:that's|that is) (?:a )?(?:big deal|huge|a real"
    r" (?:plan|achievement|step))", r"a real plan", r"you(?:'ve| have) (?:come|gotten|got) (?:a long way|this far|so far)",
    r"(?:that's|that is) (?:a )?(?:good|great|smart|solid|real) (?:plan|idea|step|start|strategy)",
    r"(?:that's|that is|it's) (?:a lot of|real) (?:love|care|work|effort|strength)", r"you didn't (?:just )?(?:give up|quit"
    r"|walk away|stop)", r"you (?:still )?(?:made it|got here|came in|showed up)", r"you(?:'ve| have) already (?:worked out"
    r"|figured out|started|taken|made|done|been working)",
    # Acknowledging what the client did by telling, coming or trying anyway (MITI: affirms effort, not thanks alone).
    r"(?:thank you|thanks|i appreciate you) (?:so much )?for (?:being (?:so )?(?:straight|honest|open|candid|upfront|real)"
    r"|telling me the truth|trusting me|your honesty|saying (?:it|that) out loud)",
    r"(?:thank you|thanks) for (?:telling|sharing|saying)[^.?!]*(?:wasn't|isn't|not) easy",
    HARD_TO_TELL,
    r"you(?:'re| are) (?:saying|telling me|doing|talking about|facing) (?:it|this|that|them)[^.?!]{0,20} anyway",
    r"you (?:came|come|showed up|are here|'re here) (?:in |here |today )?anyway",
    rf"(?:{YOU_HAVE}|you) (?:already |clearly )?(?:shown|proven|proved) (?:that )?(?:you|yourself)",
    r"(?:that's|that is|which is) (?:a |quite a )?(?:record|track record|streak) (?:a lot of|most|many|that)",
)

# --- persuade: advice, suggestions, warnings and arguments for change (permission is judged for the whole turn)
_RISK_OBJECT = (r"(?:killing|hurting|harming|ending|suicide|taking your|dying|death|not (?:being|waking|wanting|living)"
                r"|doing (?:anything|something) to (?:yourself|hurt|harm|end|make)|how you (?:would|might|'d)|a (?:plan|method)"
                r"|ways? (?:to|of)|wanting to die|not wanting|self-harm|cutting|overdos|hurting (?:him|her|them|someone|the)"
                r"|what you would do if you (?:did|were)|where you would|when you would)")
ADVICE = words(
    r"you (?:really |just |honestly |definitely |seriously |absolutely |probably |still |also |both )?(?:should|ought to|must"
    r"|need to|have to|'ve got to|got to|gotta|better)(?! have\b)", r"you'd better", r"you(?:'d| would) be better off",
    rf"{YOU_ARE} going to (?:have|need) to", r"you(?:'ll| will) (?:need|want|have) to",
    r"i (?:really |just )?(?:want|need) you to(?! (?:tell|know|feel|share|say|talk|think about what))",
    r"i(?:'d| would)? (?:really |strongly |highly |definitely )?(?:suggest|recommend|advise|encourage|urge)",
    r"my (?:suggestion|advice|recommendation|strong advice|best advice)", r"if i were you", r"if i was you",
    r"i think you (?:should|need|ought|must|have to|'d be better)", r"the (?:best|only|smart|right|first|next) (?:thing|way|move"
    r"|option|choice|step) (?:to do |for you |you can do )?(?:is|would be|here|right now)",
    r"here's (?:the plan|what (?:you|we) (?:need to|should|are going to|'re going to|have to|can) do|what i want|what i'd do"
    r"|my advice|the thing)", r"the plan (?:is|will be|should be)", r"(?:our|your|the) (?:first|next) step (?:is|will be|should be)",
    r"what you need (?:is|to do|right now)", r"let's get you", r"(?:it's|it is) (?:really |so |very )?(?:important|essential"
    r"|critical|crucial|vital|necessary) (?:that you|for you to|you)", r"make sure (?:you|to|that you)", r"don't forget to",
    r"it (?:would|might|could|may) be (?:a good idea|best|wise|smart|better|helpful|worth|good) (?:if you|for you|to)",
    r"it (?:might|may|could|would) (?:help|be worth) (?:to|if you|you)", r"you (?:might|may) want to", r"you may need to",
    r"you could (?:try|always|just|call|go|ask|look|start|talk|get|use|see|contact|reach|join|apply|put|write|tell|move|stay"
    r"|leave|take|cut|switch|set|bring|make)", r"why (?:don't|not|wouldn't) you", r"why not (?:try|just|call|go|give|ask|start)",
    r"how about (?:you|trying|calling|going|if you|starting|getting|asking|cutting|taking|talking|we try)",
    r"what if you (?:tried|called|went|talked|just|got|asked|looked|started|stopped|cut|took|told|left|moved|joined)",
    r"wouldn't it be (?:better|easier|nice|good|great|smarter)", r"wouldn't you (?:rather|feel better|be better)",
    r"(?:do you (?:really )?want|you don't want) to (?:end up|lose|go back to|be (?:homeless|evicted|fired|arrested|on the"
    r" street|alone|in jail)|get (?:fired|evicted|arrested|sick|worse|hurt|kicked)|die|keep (?:living|going) like)",
    r"you(?:'ll| will|'re going to| are going to| could| might) (?:end up|lose (?:your|the|custody|everything)|get (?:fired"
    r"|evicted|arrested|sick|worse|hurt|kicked out)|be (?:homeless|evicted|on the street|dead|in jail|sorry)|regret)",
    r"(?:can|will|is going to|could|does|is) (?:really |seriously |slowly )?(?:harm|damage|hurt|kill|ruin|destroy|wreck|shorten)"
    r" (?:your|you)", r"(?:is|are) (?:really |so )?(?:bad|terrible|dangerous|harmful|toxic|poison) for (?:you|your)",
    r"(?:the|your) (?:kids|children|son|daughter|family) (?:need|deserve|deserves) (?:you to|better)",
    r"(?:it's|it is) (?:time|about time) (?:for you |you )?to", r"there's no (?:excuse|reason) (?:not to|for)",
    r"you can't (?:keep|let|go on|carry on|afford|just)", r"(?:nothing|not much) to lose", r"won't know (?:unless|until) you",
    r"(?:have|had) you (?:tried|considered|looked into|checked (?:out|into)|asked (?:about|for)|called|contacted|talked to"
    r"|reached out to|signed up|applied)",
    rf"(?:have|had|did) you (?:ever )?(?:thought|think) (?:about|of)(?! (?:{_RISK_OBJECT}|what|how|where|when|who|whether|why|which|if|it|that|this)\b)",
    rf"(?:would|will|could) you (?:consider|think about)(?! (?:{_RISK_OBJECT}|what|how|where|when|who|whether|why|which|if|it|that|this)\b)",
    r"(?:did|do) you (?:try|consider)(?= \w)",
    r"(?:some|many|a lot of|most|other|lots of) (?:\w+ )?(?:people|folks|parents|clients|families|women|men|smokers|drinkers|patients|caregivers)(?: [a-z ]+)? (?:find|say|have found|look at|try|use|go with|do well with)\b[^.?!]*\b(?:helps?|helpful|works?|cuts?|useful|makes? a (?:big )?difference|instead)", r"do you think you (?:should|need to|ought to|could try|might want)",
    r"some (?:people|folks|parents|clients|of my clients) (?:find|say|have found) (?:it )?(?:helpful|it helps|that)",
    r"(?:a lot of|many|most|other) (?:people|folks|parents|clients|women|men|families)(?: in your (?:situation|shoes|position))?"
    r" (?:find|have found|say|get|benefit) (?:it )?(?:helps|helpful|that \w+ing|really)",
    r"works? (?:really )?well for (?:a lot of|many|most) (?:people|folks)", r"(?:one|an) (?:option|idea|thing you could do) (?:is|would be)",
    r"you (?:really |just |honestly |definitely |probably |seriously )?(?:shouldn't|should not|can't keep|need to stop|have to stop)",
    r"you could (?:probably |definitely |easily |also )?(?:get|qualify|apply|save|use|ask|try|call)", r"the (?:easiest|safest|simplest"
    r"|smartest|quickest|fastest) (?:way|thing|option|move|fix)", r"(?:can|could|will|would) (?:literally |really |actually )?(?:stop"
    r"|harm|damage|hurt|kill|ruin|destroy|wreck|shorten|end) (?:your|you)", r"could get you (?:arrested|fired|evicted|hurt|killed|in trouble"
    r"|taken|charged|locked up)", r"(?:going to|gonna) (?:look|be|get) (?:a lot |way |much )?(?:worse|bad) for you",
    r"(?:you(?:'ve| have)|you(?:'ve)? got) (?:so much|a lot|everything) to live for", r"can wait", r"(?:this|that|it|your \w+)"
    r" (?:is|'s) (?:way |much |more )?more important", r"you can't (?:do this|do it|keep this up|handle this) (?:forever|alone|by yourself|on your own)",
    r"(?:would|will|could) you (?:at least |maybe |just |please )(?:think about|consider|try)", r"(?:a lot of|many|most|some|other)"
    r" (?:guys|dads|moms|men|women|people|folks|families|parents|vets|veterans|seniors) in your (?:spot|shoes|situation|position)",
    r"(?:please )?be careful", r"you(?:'d| would) (?:save|feel|sleep|be) (?:a ton|so much|a lot|better|healthier|safer)",
    r"(?:should|could|might) (?:really )?think about (?:getting|going|calling|quitting|cutting|stopping|moving|trying|using|taking|talking"
    r"|wearing|selling|giving|locking|leaving)", r"i (?:really )?think you (?:could|might|would) (?:try|benefit|use)",
)
# A sentence that opens with an instruction ("Call the hotline tonight.", "Don't sign anything.").
IMPERATIVE = re.compile(
    LEAD + r"(?:please,? )?(?:try(?! to remember)|call|go(?! on\b| ahead\b)|stop|quit|get(?! it\b)|book|join|avoid|consider"
    r"|put|keep(?! going| talking)|write|find|contact|apply|see a|see your|cut (?:down|back)|reach out|sign up|pack|text"
    r"|email|leave|move|start(?! wherever| with whatever| where)|use|drink|eat|exercise|walk|talk to (?:your|a|the|someone"
    r"|him|her|them)|ask (?:your|for|a|the|him|her|them)|tell (?:your|him|her|them|the|someone)|make (?:sure|an|a|the)"
    r"|remember to|think about (?:calling|getting|going|trying|using|talking|joining|moving|leaving|cutting|quitting|applying"
    r"|switching|asking|telling)|give (?:it|yourself|him|her|them|the)|don't (?!worry|be (?:sorry|afraid)|rush|feel|apologi)"
    r"|never|always|just (?:call|go|try|stop|tell|say|leave|get|ignore|do)|set (?:a|up|an)|throw|lock|hide|change your"
    r"|do (?:it|this|that|some)|let (?:him|her|them|the)|grab)\b"
)
NOT_ADVICE = words(
    r"you should (?:receive|get|hear|expect|have) (?:a |an |the |your |back )?(?:letter|call|reply|response|answer|decision"
    r"|notice|email|text|confirmation|result|it|news)", r"you should hear back", r"proud of", r"you don't have to",
    r"you have to (?:decide|choose)", r"you (?:need|have) to (?:feel ready|be ready|want)",
)
# "you think / feel / were told you should..." gives back the client's own pressure, it does not add to it.
ADVICE_FRAME = words(
    r"(?:you|everyone|they|people|he|she|your \w+) (?:\w+ )?(?:think|thinks|thought|feel|feels|felt|believe|believes"
    r"|told you|tell you|tells you|keep telling|keeps telling|say|says|said|expect|expects|know|knew|wonder|worry|worried"
    r"|wish|heard)", r"feel like", r"sounds like", r"part of you", r"pressure to", r"as if", r"supposed to",
    r"what do you think", r"what would", r"how do you", r"what (?:do|would) you",
    # a question asking the client for their own ideas: "What's one small thing you could try this week?"
    r"what(?:'s| is| are| would be)? (?:one|some|a few|the|any|other)(?: \w+)? (?:things?|steps?|ideas?|ways?|options?)",
    r"what else", r"how (?:could|might|would|can) you",
)

# --- questions
QUESTION_REQUEST = re.compile(
    LEAD + r"(?:tell me|say (?:a (?:little|bit) )?more|help me understand|describe|walk me through|talk to me about|fill me in"
    r"|i(?:'d| would) (?:like|love) to (?:hear|know|understand)|i(?:'m| am) (?:curious|interested) (?:about|what|how|why|to hear"
    r"|to know|whether|if)|i wonder(?:ed)? (?:what|how|why|where|when|who|whether|if)|i(?:'m| am| was) wondering"
    r" (?:what|how|why|where|when|who|whether|if|about)|share (?:with me|a bit|more)|let me ask(?: you)?"
    r"|i want to ask (?:you )?(?:about|what|how|whether|if)|i(?:'ve| have| need| want) (?:got )?to ask (?:you )?(?:about"
    r"|what|how|whether|if|something))\b"
)
CLOSED_REQUEST = re.compile(r"(?:wonder(?:ing|ed)?|curious|ask(?: you)?) (?:whether|if)\b")
WH_WORD = re.compile(r"(?:^|, |\b(?:so|and|but|okay|then|now|just|also) )(what|how|why|where|when|who|whom|which|whose)\b")
AUX_START = re.compile(
    LEAD + r"(?:do|does|did|are|is|was|were|have|has|had|can|could|will|would|should|shall|may|might|am|isn't|aren't"
    r"|don't|doesn't|didn't|haven't|hasn't|won't|wouldn't|can't|couldn't|any|anything|anyone|anybody|or)\b"
)
INVITATION = re.compile(LEAD + r"(?:could|can|would|will) you (?:tell|say|describe|share|talk|help me understand|walk|explain"
                        r"|give me a (?:sense|picture)|paint|fill me in|say more)\b")
CLOSED_WH = re.compile(
    r"(?:how (?:many|much|old|often|long|far|soon)|what time|what year|what day|what age|which|who|whom|whose|when"
    r"|what(?:'s| is) (?:your|his|her|their) (?:name|age|date|address|number)|where (?:do|does|did) [a-z ]*live"
    r"|where (?:is|are|was|were) (?:he|she|they|it|the))\b"
)
SCALE = words(r"on a scale", r"out of (?:10|ten|5|five|100)")
TAG_QUESTION = re.compile(r"(?:,|\s[-\u2013\u2014])\s*(?:is that right|is that correct|right|correct|or|or not|yeah|no"
                          r"|isn't it|is it|didn't you|don't you|aren't you|haven't you|wasn't it|weren't you"
                          r"|am i right|true|yes|did you|do you|are you|have you|was it|huh)\W*(?:\?|$)")
EITHER_OR = re.compile(r"\bor (?:is it|was it|are|do|did|would|has|have|is|was|more|less)\b|\b\w+ or \w+\?$")

# --- information: neutral facts, how services work, what is common, confidentiality, what the student can offer
INFORMATION = words(
    r"(?:many|most|some|a lot of|lots of|plenty of|other) (?:people|students|parents|men|women|folks|clients|families"
    r"|adults|kids|children|survivors|smokers|drinkers|patients|veterans|caregivers|seniors|older adults)",
    r"(?:is|are|it's) (?:very |really |quite |pretty |so |incredibly )?(?:common|normal|typical|usual|natural)",
    r"research|studies|study|evidence|statistic\w*|the data|the guidelines?|guidelines say|experts?|doctors (?:say|recommend)",
    r"(?:it|this|that|which) (?:usually|typically|often|generally|normally|can|may|tends to)",
    r"usually|typically|generally|on average|in general|per cent|percent|\d+ ?%",
    r"confidential\w*|mandated reporter|i (?:have|'d have|would have|am required|'m required) to (?:report|tell|let|share|call)",
    r"(?:the|our|this|a) (?:program|programme|service|shelter|hotline|helpline|clinic|court|law|agency|policy|office|centre"
    r"|center|group|class|course|hearing|judge|process|application|form|fund|benefit|voucher|assessment|investigation"
    r"|caseworker|worker|patch|gum|medication|medicine|dose|treatment|therapy|counsel\w*|appointment|program's|waitlist"
    r"|wait list|deadline|rule|requirement|order|plan|grant|insurance|medicaid|medicare|food bank|pantry)",
    r"there (?:is|are|'s) (?:a |an |some |several |a few |lots of |many |other |no )?(?:\w+ )?(?:program|programs|service"
    r"|services|option|options|resource|resources|group|groups|medication|medications|shelter|shelters|way|ways|help"
    r"|support|line|number|place|places|fund|benefit)", r"(?:we|i) (?:can|could|'ll|will|offer|have|run|provide)"
    r" (?:\w+ ){0,2}(?:refer|connect|help you (?:apply|find|with)|give you|get you|set up|arrange|provide|offer|look into"
    r"|contact)", r"(?:my|our) (?:job|role|office|agency|team) (?:is|here|will)",
    r"(?:alcohol|nicotine|smoking|drinking|cigarettes|vaping|cannabis|marijuana|opioids?|heroin|meth|cocaine|sugar|insulin"
    r"|exercise|stress|grief|trauma|depression|anxiety|sleep|caffeine|withdrawal|blood pressure|a1c|cholesterol|weight"
    r"|dementia|memory loss|the body|the brain|your body|your brain|the liver|your liver|the heart|your heart)"
    r" (?:is|are|can|causes?|increases?|raises?|affects?|makes?|works?|helps?|reduces?|lowers?|damages?|changes?|has|have"
    r"|stays?|takes?|leads?)",
    r"(?:when|once|if|after) (?:you|people|someone|a person) (?:stop|quit|drink|smoke|use|take|cut|start|drinks|smokes"
    r"|uses|takes|lose|lost|grieve|go through)", r"(?:it|that) (?:takes|lasts|costs|covers|means|works|depends)",
    r"(?:you|they|people) (?:can|could) (?:apply|get|call|request|ask for|qualify|access|use|bring|come|visit|sign up|receive)",
    rf"{YOU_ARE} (?:entitled|eligible|allowed|required|legally|protected)", r"you have (?:the|a) right",
    r"(?:by|under) (?:law|the law|state law)", r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|a\.?m\.?"
    r"|p\.?m\.?|\d+ (?:days|weeks|months|hours|minutes|dollars))", r"\$\d+", r"free of charge|no cost|for free|it's free",
    r"what (?:happens|that means|this means) is", r"the way (?:it|this|that) works", r"what we know",
    r"(?:is|are) (?:linked|associated|connected|related) (?:to|with)", r"(?:risk|risks|chance|chances) of",
    r"(?:in|from) my (?:experience|work|professional)", r"professional opinion",
)
STUDENT_SELF = re.compile(LEAD + r"(?:i|i'm|i've|i'll|i'd|we|we're|we'll|we've|my|our|let me|me)\b")
STUDENT_CONCERN = words(r"i(?:'m| am| feel| was) (?:\w+ )?(?:worried|concerned|afraid|scared|nervous)", r"i worry",
                        r"concerns? me", r"worries me", r"my (?:concern|worry)")
SECOND_PERSON = words(r"you|your|you're|you've|you'd|you'll|yourself")
THIRD_PARTY = words(r"he|she|they|him|her|them|his|their|he's|she's|they're|it")
GENERIC_SUBJECT = re.compile(LEAD + r"(?:(?:a lot of |many |most |some )?(?:people|folks|parents|kids|children|anyone|everyone"
                             r"|nobody|somebody|someone|grief|alcohol|nicotine|smoking|drinking|the|a|an|this kind|that kind"
                             r"|these|those|it's (?:common|normal|typical)|there's|there are|there is))\b")

# Stems that announce a reflection whatever follows.
REFLECTION_STEM = re.compile(
    LEAD + r"(?:it sounds like|sounds like|it sounds as if|it seems(?: like| as if)?|seems like|it feels like|it's like"
    r"|part of you|there's a part of you|on (?:the )?one hand|what i'm hearing|i'm hearing|i hear(?: you saying| that)?"
    r"|i can hear|i get the sense|i'm getting the sense|i sense|i imagine|i guess you|i can see (?:that|how|why)|i can tell"
    r"|i can only imagine|that must|it must|must be|that sounds|this sounds|sounds (?:really |so |pretty )?(?:hard|tough"
    r"|awful|scary|painful|frustrating|lonely|exhausting|overwhelming)|that's (?:a lot|so much|really hard|hard|tough"
    r"|rough|heavy)|so you|so for you|for you|if i'm hearing|if i understand|let me see if i|you're saying|you said"
    r"|what you're saying|in other words|so what you're|so it's|so there's|so that's|you mentioned|you've said)\b"
)
CLIENT_REFERENCE = re.compile(LEAD + r"(?:you|your|you're|you've|you'd|you'll|yourself|like|even (?:with|though|when)"
                              r"|since|being|getting|having|with|without|after|not|no|nobody|no one|none|still|now|all)\b")

# Permission for advice, judged from the client's line before the turn.
CLIENT_ASKS = words(
    r"what (?:should|do|can|could|would) i (?:do|say|try)", r"what would you do", r"should i", r"what do you (?:think|suggest"
    r"|recommend)", r"(?:any|some|your) (?:tips|advice|ideas|suggestions|recommendations)", r"tell me what to do",
    r"(?:can|could) you help me", r"do you think i (?:should|can|could|need)", r"what do i (?:do|need to do)",
    r"if you were me", r"in my (?:place|shoes)", r"what are my options", r"what can i do", r"how do i", r"is there anything",
    r"what (?:would|do) you (?:suggest|recommend|advise)", r"(?:i'm|i am) open to (?:ideas|suggestions|hearing)",
    # The client asks what is possible or what happens: what the student answers with is asked for.
    r"(?:can|could|should|would|will|do|does|is|are) (?:i|he|she|we|they|it|the \w+|my \w+)\b[^?]*\bor\b[^?]*\?",
    r"is there (?:a way|any way|anything|something|someone|somewhere|a place|a program)[^?]*\?",
    r"what (?:happens|would happen) (?:if|when|now|next)[^?]*\?", r"how (?:do|can|would|could) (?:i|we)\b[^?]*\?",
    r"i(?:'d| would) (?:like|love|appreciate) (?:to hear|some|your|any)", r"what are the options",
)
CLIENT_GRANTS = re.compile(
    r"^(?:\W*(?:yes|yeah|yep|yup|sure|okay|ok|alright|all right|fine|go ahead|please|i guess|i suppose|why not|of course"
    r"|absolutely|definitely|i'd like that|that would help|that'd help|sounds good|shoot|go for it|tell me|i'm listening"
    r"|what is it|like what|such as|i'm all ears|please do|i'd appreciate it|i don't mind|that's fine|it's fine|sure thing)"
    r"\b[\s,.!]*)+(?:[^?]{0,60})$"
)
EXPLICIT_GRANT = words(r"go ahead", r"tell me", r"i'm listening", r"what is it", r"like what", r"such as", r"please do",
                       r"i'd like (?:that|to hear)", r"i'm all ears", r"shoot", r"go for it", r"sure,? (?:tell|go|what)",
                       r"yes,? please", r"i'd appreciate", r"why not", r"i'm open", r"what do you (?:suggest|have|got)",
                       r"that would help", r"what ideas", r"let's hear")
# A client's line that asks to hear the student's ideas (not only agrees to something the student offered).
CLIENT_REQUESTS = words(r"tell me", r"what is it", r"like what", r"such as", r"what do you (?:suggest|have|got)",
                        r"what ideas", r"let's hear", r"i'd like to hear", r"i'm all ears", r"i'm listening", r"i'm open")
# "Don't tell me what's important": the words of a request, refused.
NEGATED = re.compile(r"(?:\b(?:don't|do not|never|stop|not|quit)\s+(?:\w+\s+)?)$")
# A permission request that offers information only: a yes to it does not cover a new "you should" (README).
INFORMATION_OFFER = words(
    r"(?:shared?|tell(?:ing)? you|give you|mention(?:ed)?|go over|explain(?:ed)?) (?:some |a (?:bit|little) (?:of |about )?"
    r"|a few )?(?:information"
    r"|info|facts|what (?:the|we|research|studies|doctors|i know)|the (?:guidelines|facts|numbers|research|results"
    r"|recommendations|limits)|how (?:it|this|that) works)",
    r"(?:would you like|do you want) (?:some |more )?(?:information|to know (?:more )?about)",
)
ADVICE_OFFER = words(r"suggest\w*", r"ideas?", r"advice", r"thoughts?", r"options", r"what (?:has|have|might|could) (?:worked"
                     r"|help)", r"what (?:other|some) (?:people|folks|families)")
DIRECTIVE = words(r"you (?:\w+ )?(?:should|need to|have to|must|gotta|'ve got to|got to)",
                  r"you(?:'re| are) (?:going|gonna) (?:to )?have to")


def said(pattern: re.Pattern[str], text: str) -> bool:
    """Whether the pattern occurs in `text` other than refused ("don't tell me...")."""
    return any(NEGATED.search(text[:match.start()]) is None for match in pattern.finditer(text))


CLIENT_REFUSES = words(r"no", r"not really", r"i don't (?:want|need|think so)", r"rather not", r"please don't", r"stop")
HEDGE = words(
    r"see what you think", r"you(?:'d| would)? know (?:\w+ )?better", r"take what fits", r"leave the rest", r"(?:might|may)"
    r" have better ideas", r"you can decide", r"up to you", r"if (?:it's|that's|it is|that is) (?:helpful|useful)",
    r"if (?:that|it|any of that|any of this) (?:fits|helps|works for you|sounds)", r"may or may not", r"might not (?:fit|work)"
    r" for you", r"for what it's worth", r"just an idea", r"only an idea", r"no pressure", r"your call", r"take it or leave it",
    r"you know (?:your|yourself|this|best)", r"i don't know if that(?:'s| is) (?:something|for you)",
    r"(?:see|tell me) (?:if|whether) (?:that|any of that)", r"not sure (?:if|whether) (?:that|it)(?:'s| is| would| fits)",
    r"i(?:'d| would) welcome your",
)
ASKS_PERMISSION = words(
    r"(?:would|will|is) (?:it|that) be (?:okay|ok|alright|all right|fine)", r"is it (?:okay|ok|alright|all right) (?:if|with you|to)",
    r"(?:can|could|may|might) i (?:share|tell you|offer|give you|mention|suggest|make a suggestion|run|throw out|put out)",
    r"do you mind if", r"would you (?:like|want|be (?:open|interested)) (?:to hear|me to|some|in hearing|to know|information"
    r"|ideas)", r"(?:are you|would you be) (?:open|interested) (?:to|in)", r"would (?:it|that) help (?:if|to)",
    r"i (?:have|'ve got) (?:some|a few) (?:ideas|information|thoughts|suggestions)",
)

# A question that screens for risk: thoughts, plans, intent or means of harm, by self or from others.
RISK_QUESTION = words(
    r"suicid\w*", r"kill(?:ing)? yourself", r"end(?:ing)? (?:your (?:own )?life|it all|things|it)", r"take your (?:own )?life",
    r"hurt(?:ing)? yourself", r"harm(?:ing)? yourself", r"self[- ]harm\w*", r"(?:want|wanted|wanting|wish|wishing) (?:to die|you were dead|you (?:would|wouldn't|could) (?:not )?(?:wake|die))",
    r"(?:not|wouldn't|would not|never) (?:wake up|be here|being here|be around)", r"better off (?:dead|without you)",
    r"thoughts? (?:of|about) (?:dying|death|suicide|ending|killing|hurting|not being)", r"(?:made|have|got|make) (?:a|any) plans?",
    r"how you would do it", r"(?:pills|gun|guns|firearm|weapon|rope|knife|means) (?:in the house|at home|saved|stored|you could)",
    r"(?:is|are) there (?:a |any )?(?:gun|guns|firearm|weapon)s?", r"access to (?:a |any )?(?:gun|firearm|weapon|pills|medication)",
    r"(?:hit|hurt|choked?|strangled?|threaten\w*|grabbed|pushed|shoved) you", r"hands? (?:around|on) your (?:neck|throat)",
    r"(?:are|do) you feel safe", r"safe (?:at home|to go home|tonight|right now)", r"afraid for your (?:life|safety)",
    r"(?:anyone|someone|anybody) (?:hurting|hitting|touching) (?:the kids|your kids|you|them)",
    r"taking (?:those|the|all|your) (?:pills|tablets|medication)",
)
