"""Files the API hands out for download: a name, a media type, the bytes, and the Content-Disposition header."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backend.core.errors import InvalidInput


def attachment(filename: str) -> str:
    """`attachment` with an ASCII name every browser takes and the UTF-8 name for those that read it."""
    fallback = filename.encode("ascii", "ignore").decode() or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


@dataclass(frozen=True)
class ExportFile:
    filename: str
    media_type: str
    content: bytes

    @property
    def disposition(self) -> str:
        return attachment(self.filename)


@dataclass(frozen=True)
class StreamedFile:
    """A download sent as it is made (a section's zip): its bytes arrive chunk by chunk."""

    filename: str
    media_type: str
    chunks: AsyncIterator[bytes]

    @property
    def disposition(self) -> str:
        return attachment(self.filename)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A spreadsheet runs a cell starting with '=', '+', '-' or '@' as a formula: quote such a cell as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def slug(text: str, limit: int = 60) -> str:
    """'SWK 501 — Interviewing Skills' -> 'swk-501-interviewing-skills' (accents folded, safe in any filename)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:limit].rstrip("-") or "untitled"


def viewer_zone(name: str | None) -> ZoneInfo:
    """The reader's time zone for the times written into a file (UTC unless they name an IANA zone)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" names a folder of zones, not one
        raise InvalidInput(f"Unknown time zone {name!r}: use an IANA name such as Europe/Paris or "
                           "America/Chicago.") from None
