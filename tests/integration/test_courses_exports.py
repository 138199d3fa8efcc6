"""What a teacher carries out of the platform: the gradebook CSV for the LMS, and transcripts as files."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile

import httpx
from pypdf import PdfReader

from tests.support.courses import Course, assign, hours, new_client, new_course, start, talk
from tests.support.feedback import evaluation_when_ready
from tests.support.server import ApiServer

MANDARIN = "我不知道怎么办"
LINES = ("Hello Mei-Ling, I'm Diego. What brings you in today?",
         f"You said “{MANDARIN}” — you don't know what to do. Tell me more?")


def submitted_course(server: ApiServer, teacher: httpx.Client) -> tuple[Course, dict, int]:
    course = new_course(server, teacher)
    assignment = assign(teacher, course.section["id"], course.client["id"], title="Engagement — first visit",
                        due_at=hours(48))
    session_id = start(course.first, assignment["id"]).json()["id"]
    talk(course.first, session_id, *LINES)
    assert course.first.http.post(f"/sessions/{session_id}/submit").status_code == 200
    return course, assignment, session_id


class TestGradebook:
    def test_the_csv_has_the_lms_columns_and_one_row_per_student(self, server: ApiServer,
                                                                 teacher: httpx.Client) -> None:
        course, assignment, session_id = submitted_course(server, teacher)
        score = evaluation_when_ready(teacher, session_id)["total_score"]  # submitting started the evaluation
        later = assign(teacher, course.section["id"], course.client["id"], title="=HYPERLINK(\"x\")",
                       due_at=hours(-1))
        response = teacher.get(f"/sections/{course.section['id']}/gradebook.csv")
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert response.headers["content-disposition"].startswith('attachment; filename="swk-510-gradebook.csv"')
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
        # Columns run due soonest first; a title that would be a spreadsheet formula is quoted as text.
        assert rows[0] == ["Student Name", "Student ID", "SIS Login ID", "Section",
                           f"'=HYPERLINK(\"x\") ({later['id']})", f"Engagement — first visit ({assignment['id']})"]
        body = {row[0]: row for row in rows[1:]}
        assert body["Diego Ramírez"] == ["Diego Ramírez", str(course.first.id), course.first.email,
                                         "SWK 510 — Motivational Interviewing", "missed", f"{score:g}"]
        assert body["Mei-Ling Chen"][4:] == ["missed", "not_started"]
        assert len(rows) == 3

    def test_an_empty_section_still_has_its_header(self, server: ApiServer, teacher: httpx.Client) -> None:
        section = teacher.post("/sections", json={"name": "Empty"}).json()
        rows = list(csv.reader(io.StringIO(teacher.get(f"/sections/{section['id']}/gradebook.csv").text)))
        assert rows == [["Student Name", "Student ID", "SIS Login ID", "Section"]]


class TestTranscripts:
    def test_markdown_names_who_the_client_the_assignment_and_every_timed_line(
        self, server: ApiServer, teacher: httpx.Client
    ) -> None:
        course, assignment, session_id = submitted_course(server, teacher)
        response = teacher.get(f"/sessions/{session_id}/transcript", params={"format": "md",
                                                                             "tz": "America/Chicago"})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/markdown")
        assert "attachment;" in response.headers["content-disposition"]
        text = response.text
        assert text.startswith(f"# Transcript: Diego Ramírez with {course.client['name']}")
        assert f"- **Assignment:** {assignment['title']} (attempt 1)" in text
        assert "- **Section:** SWK 510 — Motivational Interviewing" in text
        assert "CST" in text or "CDT" in text, "times are in the zone asked for"
        for line in LINES:
            assert line in text
        assert text.count("**Diego Ramírez** · ") == 2 and text.count(f"**{course.client['name']}** · ") == 2

    def test_csv_parses_back_to_one_row_per_message(self, server: ApiServer, teacher: httpx.Client) -> None:
        course, _, session_id = submitted_course(server, teacher)
        response = course.first.http.get(f"/sessions/{session_id}/transcript", params={"format": "csv"})
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
        assert [r["role"] for r in rows] == ["student", "client", "student", "client"]
        assert rows[1]["text"].strip() and rows[2]["text"] == LINES[1]
        assert {r["speaker"] for r in rows} == {"Diego Ramírez", course.client["name"]}
        assert rows[0]["sent_at"].endswith("+00:00")

    def test_the_pdf_opens_and_reads_like_the_conversation(self, server: ApiServer, teacher: httpx.Client) -> None:
        _, _, session_id = submitted_course(server, teacher)
        response = teacher.get(f"/sessions/{session_id}/transcript", params={"format": "pdf"})
        assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.content))
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        assert "Transcript: Diego Ramírez with" in text
        assert "Engagement — first visit" in text and "Mei-Ling" in text
        assert "“" in text and "”" in text, "curly quotes survive"
        assert MANDARIN in text.replace(" ", ""), "the client's Mandarin is drawn, not replaced"

    def test_unknown_formats_and_zones_are_refused(self, server: ApiServer, teacher: httpx.Client) -> None:
        _, _, session_id = submitted_course(server, teacher)
        assert teacher.get(f"/sessions/{session_id}/transcript", params={"format": "docx"}).status_code == 422
        for name in ("Mars/Olympus", "America"):  # "America" is a folder of zones on disk, not a zone
            zone = teacher.get(f"/sessions/{session_id}/transcript", params={"tz": name})
            assert zone.status_code == 422 and "Unknown time zone" in zone.json()["detail"]

    def test_the_zip_holds_every_submitted_session_one_file_each(self, server: ApiServer,
                                                                 teacher: httpx.Client) -> None:
        course, assignment, session_id = submitted_course(server, teacher)
        second = start(course.second, assignment["id"]).json()["id"]
        talk(course.second, second, "Hi, I'm Mei-Ling from the practicum.")
        course.second.http.post(f"/sessions/{second}/submit")
        unsubmitted = assign(teacher, course.section["id"], course.client["id"], title="Not yet")
        start(course.first, unsubmitted["id"])
        response = teacher.get(f"/sections/{course.section['id']}/transcripts.zip")
        assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        names = sorted(archive.namelist())
        assert len(names) == 2 and all(n.startswith("engagement-first-visit/") and n.endswith(".md") for n in names)
        assert any(f"transcript-{session_id}-diego-ramirez-" in n for n in names)
        texts = [archive.read(n).decode("utf-8") for n in names]
        assert any(LINES[1] in t for t in texts) and any("I'm Mei-Ling from the practicum." in t for t in texts)
        pdfs = zipfile.ZipFile(io.BytesIO(teacher.get(f"/sections/{course.section['id']}/transcripts.zip",
                                                      params={"format": "pdf"}).content))
        assert all(PdfReader(io.BytesIO(pdfs.read(n))).pages for n in pdfs.namelist())


class TestSectionTeachersReachTheirSectionsSessions:
    def test_a_client_from_the_admin_still_leaves_the_sessions_with_the_sections_teacher(
        self, server: ApiServer, teacher: httpx.Client, admin: httpx.Client
    ) -> None:
        course = new_course(server, teacher)
        admins_client = new_client(admin, name=f"Admin's Client {uuid.uuid4().hex[:4]}")
        given = admin.post(f"/sections/{course.section['id']}/assignments", json={
            "client_id": admins_client["id"], "title": "Given by the admin", "instructions": ""}).json()
        session_id = start(course.first, given["id"]).json()["id"]
        assert teacher.get(f"/sessions/{session_id}").status_code == 200
        assert teacher.get(f"/sessions/{session_id}/transcript").status_code == 200
