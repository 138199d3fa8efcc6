"""The apps' course logic: addresses from what a teacher pastes or uploads, and picked times stored in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from mvp.client.course_models import Assignment
from mvp.logic.courses import attempts_text, emails_from, to_utc


def test_addresses_come_from_any_paste_and_any_csv_column_without_repeats() -> None:
    pasted = "ana@uni.edu, Bo Lindqvist <bo@uni.edu>;\n\n  ANA@uni.edu\nnot an address"
    roster = "Name,Email,Section\nDiego Ramírez,diego.ramirez@uni.edu,SWK 501\nMei-Ling,mei@uni.edu,SWK 501\n"
    assert emails_from(pasted, ("\ufeff" + roster).encode("utf-8")) == [
        "ana@uni.edu", "bo@uni.edu", "diego.ramirez@uni.edu", "mei@uni.edu"]
    assert emails_from("") == []


def test_a_time_picked_in_the_viewers_zone_is_stored_as_that_moment_in_utc() -> None:
    assert to_utc(date(2027, 3, 2), time(17, 0), ZoneInfo("America/Chicago")) == datetime(2027, 3, 2, 23, 0,
                                                                                          tzinfo=UTC)


def test_attempts_read_as_a_student_would_say_them() -> None:
    limited = Assignment(id=1, section_id=1, title="t", client_id=1, max_attempts=2, attempts_used=1,
                         attempts_left=1)
    assert attempts_text(limited) == "1 of 2 attempts left"
    assert attempts_text(Assignment(id=1, section_id=1, title="t", client_id=1, attempts_used=3)) == \
        "Unlimited attempts (3 used)"
