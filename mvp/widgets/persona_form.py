"""The teacher's persona form: every field, with help on what makes a believable client, validated before sending."""

from __future__ import annotations

from typing import Any

import streamlit as st

from mvp import state
from mvp.client.models import Client
from mvp.logic.validation import persona_problems
from mvp.widgets.hidden_facts import hidden_facts_editor
from mvp.widgets.inner_life import inner_life_fields

DIFFICULTY_LEVELS: dict[int, tuple[str, str]] = {
    1: ("Open", "Forthcoming; shares feelings readily and opens up after a little warmth. Good for first interviews."),
    2: ("Hesitant", "Mostly open but hesitant on painful topics; shares more after a few good reflections."),
    3: ("Cautious", "Answers what is asked and little more until the student shows sustained empathy."),
    4: ("Guarded", "Short answers, downplays and deflects; opens only after repeated accurate empathy."),
    5: ("Resistant", "Mistrustful and pushes back; tests whether the student stays patient and non-judgmental."),
}

SUGGESTED_TRAITS: tuple[str, ...] = (
    "guarded", "warm", "proud", "anxious", "sarcastic", "talkative", "withdrawn", "polite", "distrustful",
    "humorous", "irritable", "self-critical", "optimistic", "tearful", "defensive", "people-pleasing",
)

HELP: dict[str, str] = {
    "name": "The name the client goes by. Students see it on the client card.",
    "age": "Age shapes vocabulary, life stage and what the client worries about.",
    "gender": "How the client describes their gender, in their words (e.g. woman, man, non-binary).",
    "pronouns": "e.g. she/her, he/him, they/them.",
    "race_ethnicity": "Be specific (\"Puerto Rican, second generation\") rather than broad labels.",
    "socioeconomic_status": "Work, income and housing in a phrase: it drives many of the client's worries.",
    "student_brief": "What the student reads before the interview, like a referral note. Students see this; "
                     "keep the hidden material out of it.",
    "issues": "Pick from the list or type your own and press Enter. Two or three focused issues make a "
              "clearer practice case than a long list.",
    "presenting_problem": "Why the client is here today, in their own framing (which may not be the real issue).",
    "background_story": "History that explains how they react: family, work, past help-seeking, key events.",
    "personality_traits": "2 to 5 traits. Mix strengths with difficulties (\"proud, funny, distrustful\") so the "
                          "client feels like a person, not a problem.",
    "communication_style": "How they talk: short answers or tangents, humour, slang, silences. Words like "
                           "\"talkative\" let replies run a little longer.",
    "emotional_state": "How they feel walking in today, and what they show versus hide.",
    "difficulty": "How guarded the client is. The levels are described below the slider.",
    "risk_factors": "Safety concerns the student should notice and assess (self-harm, violence, neglect). The "
                    "client only mentions them when asked directly or with strong rapport. Leave empty if none.",
    "goals": "What the client wants from the meeting, which may differ from what the student thinks they need.",
    "cultural_context": "Beliefs, language, faith, community and identity that matter in this conversation.",
    "notes": "Extra instructions for the simulation (sent to the model, never shown to students).",
    "is_published": "Published clients appear on students' practice page. You can unpublish at any time.",
}

SHORT_FIELDS = ("gender", "pronouns", "race_ethnicity", "socioeconomic_status")
STORY_FIELDS = ("presenting_problem", "background_story", "emotional_state", "communication_style")
HIDDEN_FIELDS = ("risk_factors", "goals", "cultural_context", "notes")
LABELS = {
    "race_ethnicity": "Race / ethnicity", "socioeconomic_status": "Socioeconomic status",
    "student_brief": "Brief for students", "presenting_problem": "Presenting problem",
    "background_story": "Background story", "communication_style": "Communication style",
    "emotional_state": "Emotional state today",
    "risk_factors": "Risk factors", "cultural_context": "Cultural context", "notes": "Notes for the simulation",
}


def label(field: str) -> str:
    return LABELS.get(field, field.replace("_", " ").capitalize())


def difficulty_label(level: int) -> str:
    return f"{level} · {DIFFICULTY_LEVELS[level][0]}"


def persona_form(client: Client | None, vocabulary: list[str], *, form_key: str) -> dict[str, Any] | None:
    """Render the form; return the persona fields when saved and valid, else None.

    Not an st.form: once a save found problems, the list is re-checked as the teacher edits and goes away as
    soon as everything is fixed, instead of lingering until the next press of the button.
    """
    base = client or Client(id=0, name="", age=35)
    key = f"{form_key}_{base.id}"
    values: dict[str, Any] = {}
    with st.container(border=True, key=key):
        st.markdown("#### Who the client is")
        cols = st.columns([3, 1])
        values["name"] = cols[0].text_input("Name *", base.name, max_chars=120, help=HELP["name"], key=f"{key}_name")
        values["age"] = int(cols[1].number_input("Age *", min_value=5, max_value=110, value=int(base.age),
                                                 help=HELP["age"], key=f"{key}_age"))
        cols = st.columns(4)
        for col, field in zip(cols, SHORT_FIELDS, strict=True):
            values[field] = col.text_input(label(field), getattr(base, field), max_chars=200, help=HELP[field],
                                           key=f"{key}_{field}")
        values["student_brief"] = st.text_area(label("student_brief"), base.student_brief, max_chars=4000,
                                               help=HELP["student_brief"], key=f"{key}_student_brief",
                                               placeholder="Referred by her GP after missing work...")
        issue_options = list(dict.fromkeys([*vocabulary, *base.issues]))
        values["issues"] = st.multiselect("Issues", issue_options, default=base.issues, accept_new_options=True,
                                          max_selections=12, help=HELP["issues"], key=f"{key}_issues",
                                          placeholder="Choose or type issues")

        st.markdown("#### Story and manner")
        values["personality_traits"] = st.multiselect(
            "Personality traits * (2–5)", list(dict.fromkeys([*SUGGESTED_TRAITS, *base.personality_traits])),
            default=base.personality_traits, accept_new_options=True, max_selections=5,
            help=HELP["personality_traits"], key=f"{key}_traits", placeholder="Choose or type 2 to 5 traits")
        for field in STORY_FIELDS:
            values[field] = st.text_area(label(field), getattr(base, field), max_chars=4000, help=HELP[field],
                                         key=f"{key}_{field}", height=100)
        values["difficulty"] = st.select_slider("Difficulty", options=list(DIFFICULTY_LEVELS),
                                                value=int(base.difficulty), format_func=difficulty_label,
                                                help=HELP["difficulty"], key=f"{key}_difficulty")
        st.caption("  \n".join(f"**{difficulty_label(level)}** — {text}"
                               for level, (_, text) in DIFFICULTY_LEVELS.items()))
        values.update(inner_life_fields(key, base))

        st.markdown("#### What the student has to earn")
        st.caption("What the client shares only once they trust the student. The simulation holds each fact back "
                   "until it is earned, so this is where the learning happens.")
        values["hidden_facts"] = hidden_facts_editor(key, base.hidden_facts)
        for field in HIDDEN_FIELDS:
            values[field] = st.text_area(label(field), getattr(base, field), max_chars=4000, help=HELP[field],
                                         key=f"{key}_{field}", height=90)
        values["is_published"] = st.checkbox("Published for students", base.is_published,
                                             help=HELP["is_published"], key=f"{key}_published")
        submitted = st.button("Save client" if client else "Create client", type="primary",
                              icon=":material/save:", key=f"{key}_save")
    if submitted:
        state.persona_checked.set(key)
    if state.persona_checked.get() != key:
        return None
    problems = persona_problems(values)
    if problems:
        st.error("Please fix these before saving:\n\n" + "\n".join(f"- {p}" for p in problems))
        return None
    values["hidden_facts"] = [item for item in values["hidden_facts"] if item["fact"]]
    return values if submitted else None
