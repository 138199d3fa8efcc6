"""The pydantic base every API shape shares: reads ORM objects and trims stray whitespace."""

from pydantic import BaseModel, ConfigDict


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, str_strip_whitespace=True)
