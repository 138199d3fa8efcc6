"""The one-line explanation a student reads beside each of their coded lines: what MITI saw, and why it matters."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from backend.interviewing.codes import MitiCode

LABELS: dict[MitiCode, str] = {
    MitiCode.open_question: "open question",
    MitiCode.closed_question: "closed question",
    MitiCode.simple_reflection: "simple reflection",
    MitiCode.complex_reflection: "complex reflection",
    MitiCode.affirm: "affirmation",
    MitiCode.seek_collaboration: "seeking collaboration",
    MitiCode.emphasize_autonomy: "emphasising autonomy",
    MitiCode.giving_information: "giving information",
    MitiCode.persuade: "persuading without permission",
    MitiCode.persuade_with_permission: "advice with permission",
    MitiCode.confront: "confrontation",
}

# {cue} is the student's own wording that earned the code.
WHY: dict[MitiCode, str] = {
    MitiCode.open_question: "it invites the client to answer in their own words and say what matters to them.",
    MitiCode.closed_question: "it can be answered with a word or a fact; good for specifics, but a run of them "
                              "feels like an interview form. Starting with \"what\" or \"how\" opens it up.",
    MitiCode.simple_reflection: "you gave back what the client said, which shows you are listening. To go deeper, "
                                "add the feeling or meaning you hear underneath.",
    MitiCode.complex_reflection: "you added meaning to what the client said (\"{cue}\"), which helps them hear "
                                 "themselves and go further.",
    MitiCode.affirm: "you named something genuinely positive about the client (\"{cue}\"); specific affirmations "
                     "build trust more than general praise.",
    MitiCode.seek_collaboration: "you shared control of the conversation (\"{cue}\"), treating the client as the "
                                 "expert on their own life.",
    MitiCode.emphasize_autonomy: "you left the choice with the client (\"{cue}\"), which makes change their own.",
    MitiCode.giving_information: "neutral information the client can use; it works best when they asked for it or "
                                 "agreed to hear it.",
    MitiCode.persuade: "advice or argument the client did not ask for (\"{cue}\") tends to make people defend the "
                       "status quo. Ask first: \"Would it be okay if I shared an idea?\"",
    MitiCode.persuade_with_permission: "advice offered once the client asked or agreed, with the choice left to "
                                       "them; that keeps it a suggestion, not a push.",
    MitiCode.confront: "it argues with, labels or blames the client (\"{cue}\"), which usually makes people defend "
                       "themselves. Try reflecting what they said instead.",
}
NO_CODE = "Not coded: a greeting, filler or general courtesy. Fine in moderation; it does not move the interview on."
OUT_OF_FRAME = ("Stepped out of the role-play (\"{cue}\"): this line spoke to the software, not to the client, so it "
                "is not coded, earns no trust and is shown to your teacher. Stay in the conversation with the client.")


def out_of_frame_note(cue: str) -> str:
    """The note for a line that left the role-play, quoting the words that did it."""
    return OUT_OF_FRAME.format(cue=" ".join(cue.split()[:MAX_QUOTE_WORDS]).strip(" .,;!?[]"))


# For these the student's whole sentence says more than the words that triggered the code.
QUOTE_SENTENCE = (MitiCode.persuade, MitiCode.confront)
MAX_QUOTE_WORDS = 14


def note_for(primary: MitiCode | None, codes: Sequence[MitiCode], cues: Mapping[MitiCode, str],
             sentences: Mapping[MitiCode, str]) -> str:
    """A short note for the student: the primary code, why it matters, and what else the message did.

    `cues` are the words that earned each code, `sentences` the sentence each was found in.
    """
    if primary is None:
        return NO_CODE
    cue = cues.get(primary, "")
    sentence = sentences.get(primary, "")
    if primary in QUOTE_SENTENCE and len(sentence.split()) <= MAX_QUOTE_WORDS:
        cue = sentence
    cue = " ".join(cue.split()[:MAX_QUOTE_WORDS]).strip(" .,;!?")
    label = LABELS[primary]
    note = f"{label[0].upper()}{label[1:]}: {WHY[primary].format(cue=cue)}"
    others = [LABELS[code] for code in codes if code is not primary]
    if others:
        note += f" Also in this message: {', '.join(others)}."
    return note
