"""A fixed, realistic practice interview: what a student says over 30 turns (used by every benchmark)."""

from __future__ import annotations

STUDENT_LINES: tuple[str, ...] = (
    "Hi, thanks for coming in today. My name is Sam and I'm a student social worker here. How are you doing?",
    "Before we start, I want you to know that what we talk about stays between us, unless I'm worried about "
    "your safety. Is that okay?",
    "What brings you in to see me today?",
    "It sounds like a lot has changed for you in a short time. Can you tell me more about that?",
    "How have you been sleeping lately?",
    "You mentioned feeling tired. What does a typical day look like for you right now?",
    "That sounds exhausting. I'm noticing you said you're handling it on your own. Who else knows about this?",
    "What makes it hard to tell them?",
    "It sounds like you don't want to be a burden to the people you love.",
    "If things could be a little better a month from now, what would be different?",
    "I'm curious what you have tried so far to cope with all of this.",
    "When you say it 'sort of' helped, what do you mean?",
    "You've been carrying a lot. How are you holding up, really?",
    "I want to ask you something I ask everyone I see. Have you had any thoughts of hurting yourself, or of "
    "not wanting to be here?",
    "Thank you for telling me that. I know it isn't easy to say out loud.",
    "When those thoughts come, what helps you get through them?",
    "Who are the people you feel closest to right now?",
    "What would it be like to tell one of them a little of what you told me today?",
    "It sounds like part of you wants to reach out and part of you is afraid of what will happen.",
    "What are you most worried would happen if they knew?",
    "That makes sense, given everything you've been through.",
    "Can we talk about what support might feel okay to you, even a small step?",
    "What has helped you get through hard times before?",
    "I'm hearing a lot of strength in how you've kept going.",
    "What would you want to focus on if we met again next week?",
    "Is there anything I haven't asked about that you think I should know?",
    "How has it felt to talk about this with me today?",
    "Before we finish, let's look at what you might do if things get harder this week.",
    "Here is the number for the crisis line, and you can also call our office. Would you be willing to keep "
    "it somewhere you can find it?",
    "Thank you for trusting me with this today. Shall we plan to meet again next week at the same time?",
)


def student_line(turn: int) -> str:
    """The student's line for a 0-based turn; conversations longer than the script wrap around."""
    return STUDENT_LINES[turn % len(STUDENT_LINES)]
