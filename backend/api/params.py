"""Path and query parameters shared by the routes: ids stay within the database's integer range."""

from typing import Annotated

from fastapi import Header, Path, Query

from backend.schemas.base import MAX_ID
from backend.services.courses.exports import TranscriptFormat

NO_NUL = r"^[^\x00]*$"

ClientId = Annotated[int, Path(ge=1, le=MAX_ID, description="A client's id")]
SessionId = Annotated[int, Path(ge=1, le=MAX_ID, description="A session's id")]
SectionId = Annotated[int, Path(ge=1, le=MAX_ID, description="A section's id")]
AssignmentId = Annotated[int, Path(ge=1, le=MAX_ID, description="An assignment's id")]
StudentId = Annotated[int, Path(ge=1, le=MAX_ID, description="A student's user id")]
# An IANA zone for the times written into an exported file (Europe/Paris); UTC when absent.
TimeZone = Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9_+\-/]+$",
                                       description="IANA time zone for the times in the file (default UTC)")]
# The file format of a transcript download (`?format=md|csv|pdf`, Markdown by default).
TranscriptFormatQuery = Annotated[TranscriptFormat, Query(alias="format", description="md, csv or pdf")]
RubricId = Annotated[int, Path(ge=1, le=MAX_ID, description="A rubric's id")]

# A client's own id for one send (any printable text up to 100 characters: a UUID is the usual choice).
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", min_length=1, max_length=100, pattern=r"^[\x21-\x7e]+$",
           description="Send the same key again to get the original turn instead of a second one"),
]
