"""Files as responses: the bytes, their media type, and a Content-Disposition that names the download."""

from __future__ import annotations

from fastapi import Response
from fastapi.responses import StreamingResponse

from backend.services.courses.files import ExportFile, StreamedFile


def download(file: ExportFile) -> Response:
    return Response(content=file.content, media_type=file.media_type,
                    headers={"Content-Disposition": file.disposition})


def streamed_download(file: StreamedFile) -> StreamingResponse:
    """Sent as it is made: no Content-Length, and no proxy buffering that would hold it back."""
    return StreamingResponse(file.chunks, media_type=file.media_type,
                             headers={"Content-Disposition": file.disposition, "X-Accel-Buffering": "no"})
