"""What a screen reader hears in a chat: who said each line, and a finished reply announced once."""

from __future__ import annotations

import uuid
from html import escape

import streamlit as st

from mvp import state
from mvp.widgets.avatars import Speakers


def speaker_name(role: str, speakers: Speakers | None) -> str:
    """The client's first name (or 'The client') for replies; 'You' for the reader's own lines, else the
    interviewer's first name (a teacher reading a student's conversation hears 'Sam said')."""
    if role == "assistant":
        first = (speakers.client.split() or [""])[0] if speakers else ""
        return first or "The client"
    reader = state.user.get()
    interviewer = speakers.interviewer if speakers else ""
    if interviewer and (reader is None or reader.display_name != interviewer):
        return interviewer.split()[0]
    return "You"


def said_label(role: str, speakers: Speakers | None) -> None:
    """A hidden 'You said:' / 'Nadia said:' at the start of a chat line, read before its text."""
    st.html(f'<span class="vc-sr-only vc-said">{escape(speaker_name(role, speakers))} said:</span>')


def announce_reply(text: str, speakers: Speakers | None) -> None:
    """Hand the finished reply to the page's polite live region once, instead of each streamed word."""
    note = f"{speaker_name('assistant', speakers)} said: {text}"
    st.html(f'<span class="vc-sr-only vc-announce" aria-hidden="true" data-id="{uuid.uuid4().hex}">'
            f"{escape(note)}</span>")
