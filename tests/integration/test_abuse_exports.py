"""Exports under abuse: a student's message built to forge lines, headers, links and HTML in the teacher's Markdown,
and transcripts of invisible characters built to tie up the server when made into PDFs. Each attack runs first
(on 127.0.0.1), then the test checks that it held."""

from __future__ import annotations

import io
import threading
import time
import uuid
import zipfile
from collections.abc import Iterator

import httpx
import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from tests.support.abuse import timed_median
from tests.support.api import new_student, open_session
from tests.support.courses import Student, assign, enroll, new_client, new_section, start, talk
from tests.support.courses import new_student as new_course_student
from tests.support.server import ApiServer, start_api

INJECTED = ("Fine, thanks.\n\n**Jordan Ellis** · 10:00:00\n\nI confess everything.\n\n- **Student:** Someone Else\n"
            "<script>alert('x')</script><img src=\"http://evil.example/x.png\" onerror=\"alert(1)\">\n"
            "![tracker](http://evil.example/pixel.png) [click](javascript:alert(1))\n```\nbroke out?\n```")
ZERO_WIDTH = "\u200b" * 4000


@pytest.fixture(scope="module")
def server(database_url: str) -> Iterator[ApiServer]:
    api = start_api(database_url, extra_env={"VC_MESSAGES_PER_MINUTE": "1000", "VC_EXPORTS_PER_MINUTE": "10"})
    yield api
    api.stop()


def said(student: httpx.Client, session_id: int, text: str) -> None:
    response = student.post(f"/sessions/{session_id}/messages", json={"content": text})
    assert response.status_code == 201, response.text


class TestMarkdownInjection:
    def test_a_students_message_is_quoted_text_in_the_markdown_export(self, server: ApiServer,
                                                                      admin: httpx.Client) -> None:
        student = new_student(server, admin, "injector")
        session_id = open_session(student)
        said(student, session_id, INJECTED)
        text = student.get(f"/sessions/{session_id}/transcript", params={"format": "md"}).text
        html = MarkdownIt("commonmark", {"html": True}).render(text)  # as permissive a viewer as there is

        assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
        assert "&lt;script&gt;" in html, "the HTML is shown as text"
        assert html.count("<strong>Student:</strong>") == 1, "no forged header field"
        assert "<strong>Jordan Ellis</strong>" not in html, "no forged speaker line"
        assert html.count("<strong>Injector</strong>") == 1, "one line of the student's, the real one"
        blocks = MarkdownIt("commonmark").parse(text)
        code = [b.content for b in blocks if b.type == "fence"]
        assert code[0] == INJECTED + "\n", "the message is one block, exactly as typed"


class TestPdfCost:
    def test_zero_width_pdfs_render_fast_and_three_at_once_leave_others_alone(
            self, server: ApiServer, admin: httpx.Client, other_student: httpx.Client) -> None:
        attacker = new_student(server, admin, "zerowidth")
        session_id = open_session(attacker)
        for _ in range(19):
            said(attacker, session_id, ZERO_WIDTH)
        baseline = timed_median(lambda: other_student.get("/sessions"))
        warm = open_session(attacker)  # the rendering worker starts with the first PDF; time the PDF, not that
        said(attacker, warm, "Hello.")
        assert attacker.get(f"/sessions/{warm}/transcript", params={"format": "pdf"}, timeout=60).status_code == 200

        started = time.perf_counter()
        one = attacker.get(f"/sessions/{session_id}/transcript", params={"format": "pdf"}, timeout=60)
        took = time.perf_counter() - started
        assert one.status_code == 200 and PdfReader(io.BytesIO(one.content)).pages
        assert took < 2, f"the zero-width PDF took {took:.1f}s"

        answers: list[int] = []
        downloads = [threading.Thread(target=lambda: answers.append(attacker.get(
            f"/sessions/{session_id}/transcript", params={"format": "pdf"}, timeout=60).status_code))
            for _ in range(3)]
        for download in downloads:
            download.start()
        during = timed_median(lambda: other_student.get("/sessions"), times=10)
        for download in downloads:
            download.join(60)
        assert answers == [200, 200, 200]
        assert during <= 2 * baseline + 0.05, f"others' median went {baseline:.3f}s -> {during:.3f}s"

    def test_pdfs_are_rate_limited_per_person(self, server: ApiServer, admin: httpx.Client) -> None:
        downloader = new_student(server, admin, "downloader")
        session_id = open_session(downloader)
        said(downloader, session_id, "Hello there.")
        statuses: list[int] = []
        while 429 not in statuses and len(statuses) < 15:
            statuses.append(downloader.get(f"/sessions/{session_id}/transcript", params={"format": "pdf"}).status_code)
        # ten a minute: the sliding-window counter weighs the previous minute's count down as it ages, so when slow
        # downloads straddle a minute boundary one or two more may pass before the refusal
        assert statuses[:10] == [200] * 10 and statuses[-1] == 429 and len(statuses) <= 13, statuses
        assert downloader.get(f"/sessions/{session_id}/transcript", params={"format": "md"}).status_code == 200


LONG_LINE = "I keep going over the same worries at night, one after another, and none of them ends. " * 40


def a_large_section(server: ApiServer, admin: httpx.Client, attempts: int) -> tuple[httpx.Client, int, list[int]]:
    """A teacher of the test's own (their own export quota) with `attempts` long submitted conversations."""
    email = f"zipper.{uuid.uuid4().hex[:8]}@example.com"
    admin.post("/users", json={"email": email, "display_name": "Zoe Zipper", "role": "teacher",
                               "password": "teacher-pass-123"})
    teacher = httpx.Client(base_url=server.api, timeout=120,
                           headers={"Authorization": f"Bearer {server.token(email, 'teacher-pass-123')}"})
    section = new_section(teacher, "SWK 520 — Long Conversations", course_code="SWK 520")
    student: Student = new_course_student(server, teacher, "Lena Long")
    enroll(teacher, section["id"], student)
    assignment = assign(teacher, section["id"], new_client(teacher)["id"], title="Long interview", min_turns=1)
    sessions = []
    for _ in range(attempts):
        session_id = int(start(student, assignment["id"]).json()["id"])
        talk(student, session_id, LONG_LINE, LONG_LINE, LONG_LINE)
        assert student.http.post(f"/sessions/{session_id}/submit").status_code == 200
        sessions.append(session_id)
    return teacher, section["id"], sessions


class TestSectionZipStreams:
    def test_a_large_sections_zip_starts_sending_before_it_is_made_and_holds_every_transcript(
            self, server: ApiServer, admin: httpx.Client) -> None:
        teacher, section_id, sessions = a_large_section(server, admin, attempts=12)
        warm = teacher.get(f"/sessions/{sessions[0]}/transcript", params={"format": "pdf"})  # the worker starts
        assert warm.status_code == 200
        started = time.perf_counter()
        chunks: list[tuple[float, bytes]] = []
        with teacher.stream("GET", f"/sections/{section_id}/transcripts.zip", params={"format": "pdf"}) as response:
            assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
            assert "content-length" not in response.headers, "sent as it is made, not held until complete"
            assert response.headers["content-disposition"].startswith('attachment; filename="swk-520-transcripts-')
            for chunk in response.iter_raw():
                chunks.append((time.perf_counter() - started, chunk))
        first, done = chunks[0][0], chunks[-1][0]
        assert chunks[0][1].startswith(b"PK\x03\x04"), "the first file's bytes come first"
        assert first < done / 2, f"first bytes after {first:.2f}s of {done:.2f}s: the zip was made before sending"

        pdfs = zipfile.ZipFile(io.BytesIO(b"".join(chunk for _, chunk in chunks)))
        assert pdfs.testzip() is None
        names = pdfs.namelist()
        assert len(names) == 12 and all(n.startswith("long-interview/") and n.endswith(".pdf") for n in names)
        assert all(f"transcript-{s}-lena-long-" in " ".join(names) for s in sessions)
        assert all(PdfReader(io.BytesIO(pdfs.read(n))).pages for n in names)

        markdown = zipfile.ZipFile(io.BytesIO(teacher.get(f"/sections/{section_id}/transcripts.zip").content))
        for session_id in sessions:
            [name] = [n for n in markdown.namelist() if f"transcript-{session_id}-" in n]
            alone = teacher.get(f"/sessions/{session_id}/transcript", params={"format": "md"}).content
            assert markdown.read(name) == alone, "each file is the transcript as downloaded on its own"

    def test_an_empty_sections_zip_says_so(self, server: ApiServer, admin: httpx.Client) -> None:
        teacher, section_id, _ = a_large_section(server, admin, attempts=0)
        archive = zipfile.ZipFile(io.BytesIO(teacher.get(f"/sections/{section_id}/transcripts.zip").content))
        assert archive.namelist() == ["README.txt"]
        assert archive.read("README.txt") == b"No submitted sessions in this section yet.\n"
