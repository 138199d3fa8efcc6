"""Files as responses: the bytes, their media type, and a Content-Disposition that names the download."""

from __future__ import annotations

from fastapi import Response

from backend.services.courses.files import ExportFile


def download(file: ExportFile) -> Response:
    return Response(content=file.content, media_type=file.media_type,
                    headers={"Content-Disposition": file.disposition})
