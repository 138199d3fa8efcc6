"""The persona form's inner life (Patient-Ψ): what the client believes, tells themselves and does to cope, and
how they talk, which sets how long replies run. All optional; none of it is ever said as written."""

from __future__ import annotations

from typing import Any

import streamlit as st

CONVERSATIONAL_STYLES: dict[str, str] = {
    "": "Not set (the communication style decides)",
    "plain": "Plain: says what is asked, in a few sentences",
    "upset": "Upset: short, sharp, the feeling shows more than the facts",
    "verbose": "Verbose: says more than asked, details and asides",
    "reserved": "Reserved: less than asked; the student has to work for it",
    "tangent": "Tangent: drifts to side stories before answering",
    "pleasing": "Pleasing: agrees on the surface, plays things down",
}
MAX_COPING = 6
HELP = {
    "core_belief": "What the client believes about themselves deep down (\"If I need help, I'm a burden\"). It "
                   "colours their reactions; the client never says it as written.",
    "automatic_thought": "The thought that comes when it gets hard (\"I'm wasting their time\").",
    "coping_strategies": "How the client gets by, good or bad: one per entry, up to six. Keep what the client "
                         "keeps back out of these: it belongs in the hidden facts.",
    "conversational_style": "How the client talks. It sets how long replies run: verbose says more, reserved "
                            "less.",
}


def inner_life_fields(key: str, base: Any) -> dict[str, Any]:
    """The four fields as the API takes them."""
    values: dict[str, Any] = {}
    st.markdown("#### Inner life (optional)")
    st.caption("Shapes how the client reacts; never recited to the student.")
    cols = st.columns(2)
    values["core_belief"] = cols[0].text_input("Core belief", base.core_belief, max_chars=200,
                                               help=HELP["core_belief"], key=f"{key}_core_belief")
    values["automatic_thought"] = cols[1].text_input("Automatic thought", base.automatic_thought, max_chars=200,
                                                     help=HELP["automatic_thought"], key=f"{key}_automatic_thought")
    values["coping_strategies"] = st.multiselect(
        "Coping strategies", list(base.coping_strategies), default=list(base.coping_strategies),
        accept_new_options=True, max_selections=MAX_COPING, help=HELP["coping_strategies"],
        key=f"{key}_coping", placeholder="Type a strategy and press Enter")
    styles = list(CONVERSATIONAL_STYLES)
    current = base.conversational_style if base.conversational_style in CONVERSATIONAL_STYLES else ""
    values["conversational_style"] = st.selectbox(
        "Conversational style", styles, index=styles.index(current), format_func=CONVERSATIONAL_STYLES.get,
        help=HELP["conversational_style"], key=f"{key}_style")
    return values
