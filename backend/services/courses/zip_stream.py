"""A zip written as it is sent: one entry rendered, compressed and handed out at a time, never the whole archive in
memory. zipfile writes to a sink that cannot seek, so each entry carries its sizes after its data."""

from __future__ import annotations

import time
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass

import anyio

from backend.core.errors import ServerBusy


class _Sink:
    """What zipfile writes to: the bytes since the last take (no seek, no tell: zipfile counts for itself)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        out, self._parts = b"".join(self._parts), []
        return out


@dataclass(frozen=True)
class Entry:
    """One file of the archive: its path, and how to make its content (`cheap` past the deadline or when busy)."""

    path: str
    render: Callable[[], Awaitable[bytes]]
    cheap_path: str
    cheap: Callable[[], Awaitable[bytes]]


@dataclass
class Outcome:
    """What the archive left as a cheaper file, said in a README at its end."""

    cheapened: list[str]


async def stream_zip(entries: Sequence[Entry], *, deadline_s: float, readme: Callable[[Outcome, int], str | None]
                     ) -> AsyncIterator[bytes]:
    """Each entry rendered (the costly way until `deadline_s` from the start, or while the rendering pool takes it),
    deflated in a worker thread and sent; the central directory last."""
    sink, deadline, outcome = _Sink(), time.monotonic() + deadline_s, Outcome(cheapened=[])
    archive = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED)  # type: ignore[arg-type]

    def add(path: str, content: bytes) -> bytes:
        info = zipfile.ZipInfo(path, date_time=time.gmtime()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, content)
        return sink.take()

    for index, entry in enumerate(entries):
        path, content = entry.path, None
        if time.monotonic() <= deadline:
            try:
                content = await entry.render()
            except ServerBusy:
                if index == 0:
                    raise  # nothing sent yet: a plain 503 with Retry-After
        if content is None:
            path, content = entry.cheap_path, await entry.cheap()
            if entry.cheap_path != entry.path:
                outcome.cheapened.append(entry.cheap_path.rsplit("/", 1)[-1])
        yield await anyio.to_thread.run_sync(add, path, content)
    note = readme(outcome, len(entries))
    if note is not None:
        yield await anyio.to_thread.run_sync(add, "README.txt", note.encode("utf-8"))

    def finish() -> bytes:
        archive.close()
        return sink.take()

    yield await anyio.to_thread.run_sync(finish)


async def started(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """The stream with its first chunk made already: what fails at the start (a busy pool) fails before any byte
    is sent, as a plain error answer."""
    first = await anext(chunks)

    async def rest() -> AsyncIterator[bytes]:
        yield first
        async for chunk in chunks:
            yield chunk

    return rest()
