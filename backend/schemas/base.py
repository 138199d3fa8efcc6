"""The pydantic base every API shape shares: reads ORM objects, trims stray whitespace, refuses NUL characters."""

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; larger ones are refused as input, not looked up


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: Any) -> Any:
        """PostgreSQL cannot store U+0000 in text; refuse it up front with a 422 instead of failing later."""
        if isinstance(data, dict) and _has_nul(data):
            raise ValueError("text must not contain NUL characters (U+0000)")
        return data
