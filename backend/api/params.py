"""Path and query parameters shared by the routes: ids stay within the database's integer range."""

from typing import Annotated

from fastapi import Path

from backend.schemas.base import MAX_ID

NO_NUL = r"^[^\x00]*$"

ClientId = Annotated[int, Path(ge=1, le=MAX_ID, description="A client's id")]
SessionId = Annotated[int, Path(ge=1, le=MAX_ID, description="A session's id")]
RubricId = Annotated[int, Path(ge=1, le=MAX_ID, description="A rubric's id")]
