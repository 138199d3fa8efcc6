"""Faces for the two people in a conversation: the client's initials and the interviewer's, never a robot."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape

CLIENT_COLOUR = "#5f7d74"  # muted green-grey: a person, not a product
INTERVIEWER_COLOUR = "#3d6aa2"


@dataclass(frozen=True)
class Speakers:
    """Who is talking: the simulated client and the student (or the teacher testing the client)."""

    client: str
    interviewer: str

    @classmethod
    def of(cls, session: object) -> Speakers:
        return cls(client=str(getattr(session, "client_name", "") or ""),
                   interviewer=str(getattr(session, "user_display_name", "") or ""))


def initials(name: str) -> str:
    """'Nadia Haddad' -> 'NH', 'Mei-Ling Chen' -> 'MC', 'Rowan' -> 'R'."""
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    if not words:
        return "?"
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


@lru_cache(maxsize=512)
def initials_avatar(name: str, colour: str) -> str:
    """A round badge with the initials, as SVG (Streamlit renders an SVG string as the avatar image)."""
    text = escape(initials(name))
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
            f'<circle cx="32" cy="32" r="32" fill="{colour}"/>'
            f'<text x="32" y="41" font-family="Helvetica, Arial, sans-serif" font-size="26" font-weight="600" '
            f'fill="#ffffff" text-anchor="middle">{text}</text></svg>')


def avatar_for(role: str, speakers: Speakers | None) -> str:
    """The client's badge for its replies, the interviewer's for their lines; a person icon when unnamed."""
    if role == "assistant":
        return initials_avatar(speakers.client, CLIENT_COLOUR) if speakers and speakers.client else ":material/person:"
    if speakers and speakers.interviewer:
        return initials_avatar(speakers.interviewer, INTERVIEWER_COLOUR)
    return ":material/person_edit:"
