"""Path parameters shared by the routes: ids stay within the database's integer range."""

from typing import Annotated

from fastapi import Path

MAX_ID = 2**31 - 1
NO_NUL = r"^[^\x00]*$"

ClientId = Annotated[int, Path(ge=1, le=MAX_ID, description="A client's id")]
SessionId = Annotated[int, Path(ge=1, le=MAX_ID, description="A session's id")]
