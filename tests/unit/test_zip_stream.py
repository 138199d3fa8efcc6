"""The section zip as it streams: every entry in order, cheaper files past the deadline or when the pool is busy
(said in a README), and a busy pool at the very start refused before any byte."""

from __future__ import annotations

import asyncio
import io
import zipfile

import pytest

from backend.core.errors import ServerBusy
from backend.services.courses.zip_stream import Entry, Outcome, started, stream_zip


def entry(name: str, *, busy: bool = False) -> Entry:
    async def costly() -> bytes:
        if busy:
            raise ServerBusy("busy")
        return f"PDF of {name}".encode()

    async def cheap() -> bytes:
        return f"Markdown of {name}".encode()

    return Entry(path=f"a/{name}.pdf", render=costly, cheap_path=f"a/{name}.md", cheap=cheap)


def readme(outcome: Outcome, count: int) -> str | None:
    return "cheaper: " + ",".join(outcome.cheapened) if outcome.cheapened else None


def archive(entries: list[Entry], deadline_s: float = 60) -> tuple[list[bytes], zipfile.ZipFile]:
    async def collect() -> list[bytes]:
        return [chunk async for chunk in await started(stream_zip(entries, deadline_s=deadline_s, readme=readme))]

    chunks = asyncio.run(collect())
    return chunks, zipfile.ZipFile(io.BytesIO(b"".join(chunks)))


def test_each_entry_is_sent_as_its_own_chunk_and_the_archive_is_whole() -> None:
    chunks, made = archive([entry("one"), entry("two"), entry("three")])
    assert len(chunks) == 4, "three entries, then the central directory"
    assert made.testzip() is None
    assert made.namelist() == ["a/one.pdf", "a/two.pdf", "a/three.pdf"]
    assert made.read("a/two.pdf") == b"PDF of two"


def test_past_the_deadline_the_rest_are_markdown_and_a_readme_says_which() -> None:
    _, made = archive([entry("one"), entry("two")], deadline_s=-1)
    assert made.namelist() == ["a/one.md", "a/two.md", "README.txt"]
    assert made.read("README.txt") == b"cheaper: one.md,two.md"


def test_a_busy_pool_after_the_start_makes_that_file_markdown() -> None:
    _, made = archive([entry("one"), entry("two", busy=True), entry("three")])
    assert made.namelist() == ["a/one.pdf", "a/two.md", "a/three.pdf", "README.txt"]


def test_a_busy_pool_at_the_start_is_refused_before_any_byte() -> None:
    with pytest.raises(ServerBusy):
        archive([entry("one", busy=True), entry("two")])
