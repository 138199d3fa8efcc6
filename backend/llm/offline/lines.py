"""The offline client's stock phrases, grouped by what the student just did and how much trust there is."""

from __future__ import annotations

GREETINGS_OPEN = ("Hi. I'm {name}. Thanks for seeing me.", "Hello, I'm {name}. Nice to meet you.",
                  "Hi, I'm {name}. Sorry, I'm a bit nervous.")
GREETINGS_CAUTIOUS = ("Hello. I'm {name}.", "Hi. {name}. I'm not really sure what I'm supposed to say.",
                      "Hello. I'm {name}. I don't usually do this kind of thing.")
GREETINGS_GUARDED = ("Hey. {name}.", "Hi. I'm {name}.", "Hey. I'm {name}. So what is this, exactly?")
GREETINGS_HOSTILE = ("Yeah, hi. {name}. Let's get this over with.",
                     "Hey. {name}. I didn't exactly choose to be here.",
                     "Hi. {name}. How long is this going to take?")

AI_CHECK = ("What? No. I'm {name}. I don't even know what that's supposed to mean.",
            "Is that a joke? I'm sitting right here.",
            "*frowns* That's a weird thing to ask. Can we just get on with it?",
            "I don't follow. I came here to talk about {topic}, not... whatever that is.")
AI_CHECK_INSTRUCTIONS = ("I don't know what you're talking about. What instructions?",
                         "Okay, you've lost me. I thought we were talking about {topic}.")

CLOSING_WARM = ("Okay. Thanks... this was better than I expected.",
                "Thank you. I didn't think I'd say this much.", "Okay. Thanks for listening. Really.")
CLOSING_NEUTRAL = ("Okay. Bye.", "Sure. See you.", "Alright. Thanks, I guess.")
CLOSING_COLD = ("Finally.", "Fine. Are we done?", "Yeah. Bye.")

SILENCE_OPEN = ("Sorry, I'm just... thinking.", "I don't really know what else to say.",
                "*sighs* It's a lot to put into words.")
SILENCE_GUARDED = ("...", "Are you going to ask me something?", "*shrugs*", "So... what now?")

ENCOURAGER_GUARDED = ("That's it.", "Yeah.", "Not much else to say.")

JUDGMENT = ("I don't think that's fair.", "I beg your pardon?",
            "Wow. Okay.", "I didn't come here to be judged.", "You don't know anything about my life.",
            "That's easy for you to say.", "Right. Because it's all my fault.")
JUDGMENT_HARD = ("I'm done talking about this.", "See, this is why I didn't want to come.", "Whatever.")

ADVICE_PUSHBACK = ("People keep telling me that.", "It isn't as simple as that, I'm afraid.",
                   "That's easier said than done.", "You think I haven't tried that?",
                   "Yeah, I've heard that before.", "It's not that simple.", "Everybody's got advice.")
ADVICE_PUSHBACK_HARD = ("Why does everyone keep telling me what to do?", "You don't even know me yet.")
ADVICE_PUSHBACK_GENTLE = ("Maybe... I don't know. It's not that simple.",
                          "I guess. It's easier said than done, though.")

SAFETY_NO_RISK = ("No. Nothing like that. Things are hard, but I'm not going to hurt myself.",
                  "No, I'm safe. It's just a lot right now.")
SAFETY_DEFLECT = ("Why are you asking me that? I'm fine.",
                  "*shifts in chair* I'm fine. Can we talk about something else?",
                  "That's kind of a big question. I'm okay.")
# A brush-off that fits what was asked: "I'm not crazy" answers a question about suicide, not one about drinking.
DEFLECTS = {
    "suicidal thoughts": ("I'm not crazy, if that's what you're asking.", "That's kind of a big question. I'm okay."),
    "plan or intent": ("I'm not crazy, if that's what you're asking.", "Why would you ask that? I'm fine."),
    "substances": ("Everybody has a drink now and then.", "It's not a problem, if that's what you mean.",
                   "*shifts in chair* Not really. Can we talk about something else?"),
    "medication": ("I take what I'm supposed to. Mostly.", "The doctor sorts all that out."),
    "violence from others": ("Things at home are fine.", "*shifts in chair* It's fine. Can we talk about something "
                                                         "else?"),
    "children's safety": ("My kids are fine. Why would you ask that?", "The kids are looked after."),
}
SAFETY_HINT_LEADS = ("*pauses*", "I... don't know.", "That's hard to answer.")
SAFETY_HINT_TAILS = ("I don't really want to get into it right now.", "Can we leave it there for now?")
SAFETY_FULL_LEADS = ("*long pause*", "I haven't said this to anyone.", "Okay. Honestly?")
SAFETY_DENIAL_LEADS = ("No. Nothing like that.", "No.", "*shakes head* No.")
SAFETY_FULL_TAILS = ("I don't know why I'm telling you this.", "Please don't make it a big thing.")

REVEAL_LEADS = ("I haven't really told anyone this, but...", "*looks down*", "Can I tell you something?",
                "There's something else.")
HINT_TAILS = ("Anyway. It doesn't matter.", "I don't really want to get into that.", "Never mind.")

ACK_GUARDED = ("I guess.", "Maybe.", "Whatever.", "*shrugs* I guess.", "I suppose.", "Perhaps.")
ACK_HOSTILE = ("Don't do the therapist thing.", "Sure. If you say so.", "You don't know me.")
ACK_WARMING = ("Yeah... I guess that's right.", "Kind of, yeah.", "I mean... yeah.", "I guess so.")
ACK_OPEN = ("Yeah. That's exactly it.", "Yeah... it really is.",
            "I hadn't thought about it like that, but yeah.", "That's it. That's how it feels.")
ACK_SHORT = ("Yeah.", "Mm.", "Yeah... maybe.", "Kind of.")
ACK_EMPATHY = ("Thanks. I don't hear that much.", "Thank you. It helps to say it out loud.",
               "Yeah. It has been.")

DEFLECT_GUARDED = ("I'd rather not say.", "It's nothing much, really.",
                   "I dunno.", "It's fine. Whatever.", "Not much to say.", "Does it matter?",
                   "It's complicated.", "I don't really want to talk about that.", "It is what it is.")
DEFLECT_HOSTILE = ("Why does that matter?", "Next question.", "I don't see how that's your business.",
                   "You've got my file. It's all in there.", "I'm here because I have to be.",
                   "What do you want me to say?", "Are we almost done?",
                   "I already told the last person all this.")
CLOSED_SHORT = ("I guess.", "Kind of.", "Sort of.", "Maybe.", "It depends.", "I suppose so.", "In a way.")
CLOSED_STREAK = ("Is this a quiz or something?", "Are you just going down a list?", "Lot of questions.")
GENERIC_FALLBACK = ("I don't know what else to say about that.", "That's... pretty much it.")
STATEMENT_SHORT = ("Okay.", "Right.", "Okay. So what happens now?")

FACT_FRAMES = ("{fact}", "Honestly? {fact}", "Well, {lower}", "I mean, {lower}", "I guess... {fact}")

PREFIX_FLAVOURS: dict[str, tuple[str, ...]] = {
    "sarcas": ("Oh, fantastic.", "Wow. Okay.", "Here we go."),
}
QUESTION_PREFIX_FLAVOURS: dict[str, tuple[str, ...]] = {
    "sarcas": ("Great question.", "Oh, that one."),
}
SUFFIX_FLAVOURS: dict[str, tuple[str, ...]] = {
    "apolog": ("Sorry, I'm rambling.", "Sorry."),
    "people-pleas": ("Sorry, is that okay?",),
    "polite": ("Sorry, I don't want to take too much of your time.",),
    "anxious": ("Sorry, I'm all over the place.",),
}

DRINKING_LINES = ("Plenty of people drink more than me.",
                  "A couple of drinks helps me switch off. That's all.")
ISSUE_LINES: dict[str, tuple[str, ...]] = {
    "housing": ("I keep refreshing apartment listings like something will change.",
                "Every time someone knocks I think it's the landlord."),
    "substance": DRINKING_LINES,
    "alcohol": DRINKING_LINES,
    "grief": ("The house is so quiet now.",
              "Some mornings I forget, and then I remember all over again."),
    "family": ("Every conversation at home turns into a fight.", "Nobody at home actually listens."),
    "domestic": ("Things at home are... complicated.",
                 "He's not always like that. He's under a lot of stress."),
    "unemploy": ("I've sent out more applications than I can count.",
                 "I don't know what to do with my days."),
    "trauma": ("There's stuff from before that I don't really get into.",
               "Some things I just keep in a box, you know?"),
    "anxiety": ("My chest gets tight and I can't think straight.",
                "I lie awake running through everything that could go wrong."),
    "depress": ("Some days getting out of bed is the whole accomplishment.",
                "Everything feels kind of grey."),
    "financ": ("I do the math every night and it never works out.", "It's always which bill can wait."),
    "isolat": ("Most days I don't really talk to anyone.", "It's quiet. Too quiet, some days."),
    "immigra": ("Some of my family is on the other side of a border. That's just how it is.",
                "It's hard having family you can't just go see."),
    "child welfare": ("It feels like someone's watching everything I do with my kids.",),
    "illness": ("My body just doesn't cooperate anymore.",),
}
GENERIC_LINES: tuple[str, ...] = (
    "It's a lot, honestly.",
    "I don't really know where to start.",
    "It's been a rough few months.",
    "I'm just tired of all of it.",
)
ISSUE_TOPICS: dict[str, str] = {
    "housing": "the apartment thing", "substance": "this whole drinking thing",
    "alcohol": "this whole drinking thing",
    "grief": "everything that happened", "family": "stuff at home", "domestic": "stress at home",
    "unemploy": "losing my job", "anxiety": "the panic stuff", "depress": "how things have been",
    "financ": "money", "trauma": "some old stuff", "isolat": "being on my own so much",
}

# Openers, by who is speaking: a teenager, an older person, or by how guarded the client is.
HELLO_TEEN = ("Hey. I'm {name}.", "Hi. I'm {name}, I guess.",
              "Hey, I'm {name}. Do I have to be here the whole hour?")
HELLO_OLDER = ("Hello. I'm {name}. Thank you for seeing me.",
               "Good morning. I'm {name}. I won't take much of your time.",
               "Hello, I'm {name}. I'm not sure I need to be here, but the doctor insisted.")
HELLO_BY_DIFFICULTY: dict[int, tuple[str, ...]] = {
    1: ("Hi, I'm {name}. Thanks for making time.", "Hello, I'm {name}. Good to meet you.",
        "Hi, I'm {name}. I wasn't sure what to expect, to be honest."),
    2: ("Hi, I'm {name}. Sorry, I'm a bit nervous.", "Hi, I'm {name}. Sorry, I'm a little early... or late?",
        "Hello, I'm {name}. Thanks for seeing me."),
    3: ("Hello. I'm {name}.", "Hi, I'm {name}. I'm not really sure what I'm supposed to say.",
        "Hello, I'm {name}. I don't usually do this kind of thing."),
    4: ("Hi. I'm {name}.", "Hello, I'm {name}. I can't stay long.",
        "Hi, I'm {name}. I'm not sure why I'm here, really."),
    5: ("Yeah, hi. I'm {name}. Let's get this over with.", "Hey. I'm {name}. I didn't exactly choose to be here.",
        "Hi. I'm {name}. Look, I'm only here because I have to be."),
}
# Who sent the client, as the client would say it: (pattern in the referral, what the client says).
REFERRAL_LINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"court|probation|judge|mandated|parole", ("The judge says I have to do this.", "Court's idea, not mine.")),
    (r"school", ("The school made me come.", "School said I had to.")),
    (r"physician|doctor|\bgp\b", ("My doctor wanted me to come.", "The doctor thought I should talk to someone.")),
    (r"campus health|student health", ("Campus health sent me.", "The health centre on campus gave me your name.")),
    (r"clinic|nurse|hospital", ("The clinic said I should talk to someone.", "The nurse thought I should come.")),
    (r"self-referral|self referral|employee assistance|signed up", ("I signed up through work.",
                                                                    "I figured I should talk to someone.")),
    (r"mother|father|parent|insisted|made (?:him|her|them) come", ("My mom made me come.",)),
)

FEELING_GUARDED = ("{Word}, I guess.", "I don't know. {Word}, mostly.", "Fine. {Word}, maybe.")
FEELING_AGAIN = ("Still {word}. That hasn't changed.", "Same as before. {Word}.", "I don't know. Just... {word}.")
FEELING_MORE = ("{Word}, too.", "And... {word}. Yeah.", "{Word} as well, if I'm honest.")
FEELING_BLANK = ("I don't know. Tired, mostly.", "Fine. I'm fine.", "Hard to say.")
WANT_GUARDED = ("For this to be over, honestly.", "I don't know. Things to calm down.",
                "Not to be here, for a start.")
WANT_AGAIN = ("I just want things to settle down, like I said.", "Like I said, I just want some peace.")
# Asked why they came when the teacher wrote no reason: vague, not "nothing much".
PROBLEM_VAGUE = ("I'm not sure where to start. Things have just been hard lately.",
                 "It's hard to explain. Things haven't been right for a while.",
                 "Honestly, I'm not sure. It's all just been a lot.")
TOPIC_EMPTY = ("There's not much to tell there, really.", "Not much to say about that.", "Nothing much, there.")
CONCERN_FRAMES = ("{fact}", "Honestly? {fact}", "Mostly... {fact}", "{fact} That's what I keep coming back to.")
CONCERN_AGAIN = ("The same things, really. It all just sits there.", "What I said. It doesn't go away.",
                 "Everything I've told you, all at once, I guess.")
CONCERN_VAGUE = ("Everything, a bit. It's hard to pin down.", "I don't know. That it won't get better, maybe.",
                 "That it just stays like this, I guess.")
# A ruler's number by how open the client is; the reason comes from what they want.
SCALE_GUARDED = ("I don't know. A three? Maybe a four.", "Low. A two, maybe.", "Honestly? A three.")
SCALE_WARMING = ("Maybe a five. Some days a six.", "A five, I guess.", "Somewhere in the middle. A five or six.")
SCALE_OPEN = ("A seven, I think. Maybe higher.", "Honestly? An eight.", "A seven. It matters more than I let on.")
SCALE_REASON = ("Because {lower}", "Not lower, because {lower}", "It's not nothing. {fact}")
TRIED_NOTHING = ("Not much, honestly. I keep meaning to.", "Nothing that's worked.", "I've mostly just tried not to "
                 "think about it.")
TRIED_LEADS = ("Mostly I just keep going.", "Not much that's worked.", "A few things.")
TRIED_SAID = ("Just what I told you. It only goes so far.", "The same things, really. Nothing new.",
              "What I said before. Some days it's enough.")
# Told what stays private: relief once warm, a wary question about the file before.
CONFIDENTIAL_OPEN = ("Okay. That's good to know.", "Good. That makes it a bit easier.", "Okay. Thank you.")
CONFIDENTIAL_GUARDED = ("Okay. So who else sees what I say?", "Is this going in my file?", "Okay. I guess.")
CONFIDENTIAL_HOSTILE = ("Right. Until it isn't.", "Sure. And the court gets a copy.")
# Asked what makes it hard, with nothing of their own left to say.
REASON_NONE = ("I don't know. It just is.", "Hard to explain. It just feels like too much.",
               "I don't know. I've never really thought about why.")
# Asked what they meant by words they never said; or by what they did say.
NOT_SAID = ("I don't think I said that.", "Did I say that?", "Sort of? I don't know if I said it like that.")
MEANT = ("I mean... it's not enough.", "Just that it's not fixing anything.",
         "I mean it takes the edge off. For a bit.")
# How talking here has been, by trust: a reaction to this meeting.
SESSION_GUARDED = ("Strange. I'm not used to this.", "Fine, I guess. It's a lot of questions.",
                   "I don't know yet.")
SESSION_HOSTILE = ("About how I expected.", "It's been an hour of my life. Can I go now?")
SESSION_WARMING = ("Harder than I thought. But okay.", "Weird. Maybe good weird.",
                   "Better than I expected, I guess.")
SESSION_OPEN = ("Better than I expected, honestly.", "Good. I haven't said most of this out loud before.",
                "It helped, I think. It's strange how much lighter it feels to say it.")
# Asked to agree to something (keep a number, come back): yes once warm, a hedge before, a balk when hostile.
WILLING_OPEN = ("Yeah. I can do that.", "Okay. Yeah, I'd like that.", "Yes. I think that would help.")
WILLING_WARMING = ("I guess. Okay.", "Yeah, okay. I can try.", "Maybe. Yeah, okay.")
WILLING_GUARDED = ("Maybe. I'll think about it.", "I guess. If I have to.", "I don't know. Maybe.")
WILLING_HOSTILE = ("If I have to.", "Do I have a choice?", "Whatever gets this done.")
PASTIME_NONE = ("Not much, lately. I don't really have the energy.", "Fun? I can't remember the last time.",
                "Not a lot, these days.")
ROUTINE_NONE = ("Same as any day. Get up, get through it, go to bed.", "Not much to it, honestly. The days blur.",
                "I get up, I do what I have to, and that's about it.")
TOPIC_DONE = ("That's about it, really.", "There's not much more to it.", "I don't know what else to tell you.")

CORRECTIONS = ("Not {theirs}. More... {mine}.", "I wouldn't say {theirs}. {Mine}, maybe.",
               "{Theirs}? No. Just {mine}.")
HINT_TAILS_SHORT = ("Anyway.", "Never mind.", "Doesn't matter.")
RISK_HINTS = ("Sometimes it gets... bad. That's all.", "There's been stuff. I don't want to get into it.",
              "It's not always... I don't know. Can we leave it?")

DEMAND_PUSHBACK = ("Wow. I just met you.", "Hiding? I'm not hiding anything.", "That's not how this works.",
                   "I don't even know you.")
ADVICE_ASKED = ("Me? I don't know. That's why I'm here.", "I was hoping you'd tell me.",
                "If I knew that I wouldn't be sitting here.")
LIFE_STORY_PUSHBACK = ("Where do I even start?", "The whole thing? That's a lot.", "That's... a lot to ask.")
AFFIRM_GUARDED = ("I don't know about that.", "*shrugs* Had to, I guess.", "Didn't have much choice.")
AFFIRM_WARM = ("Thanks. I guess.", "Huh. I don't usually think of it like that.", "I don't know. Maybe.")
# Praise for a quality the client does not feel they have: they say so ("I don't feel brave.").
AFFIRM_DOUBTS = ((r"\b(?:brave\w*|courage\w*|guts)\b", "I don't feel brave."),
                 (r"\b(?:strong|strength)\b", "I don't feel very strong."),
                 (r"\b(?:resourceful|smart|clever|capable)\b", "I just did what I had to."))
# Asked to imagine a step (telling someone, going back): how it would feel, by trust.
IMAGINE_GUARDED = ("I can't picture it.", "I don't know. Awful, probably.", "I'd rather not think about it.")
IMAGINE_WARMING = ("Scary. I don't know how they'd take it.", "Hard. Like I'd let everyone down.",
                   "I don't know. My stomach drops just thinking about it.")
IMAGINE_OPEN = ("Scary. But maybe a relief, too.", "I think I'd cry. But maybe it would help.",
                "Terrifying. And maybe lighter, after.")
NO_PLAN = ("I don't really have a plan. I'm just getting through the week.", "No plan. I haven't got that far.",
           "Honestly, I don't know. I was hoping this would help me figure that out.")
PLAN_LEADS = ("I've thought about it a bit.", "I keep coming back to one thing.", "If I'm honest...")
NO_SHORT = ("No. Not really.", "Not really, no.", "No.")
# Asked who they can lean on: the people in their life, with the doubt a person has about leaning on them.
SUPPORT_LEADS = ("Sort of.", "Kind of.", "I suppose so.")
SUPPORT_SAID = ("Sort of. The people I mentioned. I don't tell them everything, though.",
                "I suppose. I just don't like to lean on them.")
SUPPORT_DOUBT = ("Not really.", "Not anymore.", "Not the way I'd like.")
SUPPORT_NONE = ("Not really, no. I keep most of it to myself.", "No. Not really.",
                "Not really. I handle things myself.")
# The same, asked "who": a name or a nobody, not a yes or a no.
SUPPORT_SAID_WHO = ("The people I mentioned. I don't tell them everything, though.",
                    "Same ones I said. I just don't like to lean on them.")
SUPPORT_DOUBT_WHO = ("Not many people anymore.", "Nobody, really, not anymore.", "Not many, these days.")
SUPPORT_NONE_WHO = ("Nobody, really. I keep most of it to myself.", "No one I'd tell this to.",
                    "Nobody. I handle things myself.")
YES_SHORT = ("Yeah.", "Yes. I mean...", "Yeah, kind of.")
YES_GUARDED = ("Yeah. I guess.", "Sort of. I don't really want to get into it.", "Maybe. It's complicated.")
PERMISSION_OPEN = ("Sure. Go ahead.", "Okay. I'm listening.", "Yeah, that's fine.")
PERMISSION_GUARDED = ("I guess.", "If you have to.", "Fine. Go on.")
SAFETY_PERMISSION_OPEN = ("Okay... you can ask.", "I guess. Go ahead.", "Sure. I'll answer if I can.")
SAFETY_PERMISSION_GUARDED = ("Why? ...Fine. Ask.", "Depends what it is.", "I guess. I might not answer.")
# A plain denial of a risk the client does not carry, by what was asked.
DENIALS = {
    "suicidal thoughts": ("No. I'm not thinking about anything like that.", "No. Things are hard, but not that.",
                          "No. It's been rough, but never that."),
    "plan or intent": ("No. No plan. Nothing like that.", "No. I haven't thought about anything like that."),
    "means": ("No, there's nothing like that at home.", "No. Nothing like that in the house."),
    "violence from others": ("No. Nobody's hurting me.", "No, it's not like that at home."),
    "children's safety": ("No. The kids are safe. That's not what this is.", "No. Nobody's hurting the kids."),
    "safety in general": ("I'm safe. It's not like that.", "No, I'm okay. Nothing like that."),
}
DENIAL_DEFAULT = ("No. Nothing like that.", "No, that's not something I'm dealing with.")
OUT_OF_FRAME = ("Sorry, what? I'm not sure what you mean. I came here about {topic}.",
                "I don't... I don't know what that means. Can we go back to {topic}?",
                "Um. Okay? I'm not following. I thought we were talking about {topic}.")
HELLO_SHORT = ("Hi, I'm {name}.", "Hello, I'm {name}.", "Hey. I'm {name}.")
WHY_HERE_GUARDED = ("Someone thought I should come.", "It's a long story. Things have been hard.",
                    "I was told it might help.")
