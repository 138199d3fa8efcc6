"""Files and large bodies as responses: downloads with their Content-Disposition, and pre-serialised JSON."""

from __future__ import annotations

from fastapi import Response

from backend.schemas.base import Schema
from backend.services.courses.files import ExportFile


def download(file: ExportFile) -> Response:
    return Response(content=file.content, media_type=file.media_type,
                    headers={"Content-Disposition": file.disposition})


def json_body(model: Schema) -> Response:
    """A large response serialised once by pydantic in Rust, instead of being validated again by the route."""
    return Response(content=model.model_dump_json(), media_type="application/json")
