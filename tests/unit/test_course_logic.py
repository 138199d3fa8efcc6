"""The apps' course logic: addresses from what a teacher pastes or uploads, and picked times stored in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from mvp.client.course_models import Assignment
from mvp.logic.courses import (
    MAX_ENROLL_BATCH,
    RosterError,
    attempts_text,
    emails_from,
    to_utc,
    too_many_to_enroll,
)


def test_addresses_come_from_any_paste_and_any_csv_column_without_repeats() -> None:
    pasted = "ana@uni.edu, Bo Lindqvist <bo@uni.edu>;\n\n  ANA@uni.edu\nnot an address"
    roster = "Name,Email,Section\nDiego Ramírez,diego.ramirez@uni.edu,SWK 501\nMei-Ling,mei@uni.edu,SWK 501\n"
    assert emails_from(pasted, ("\ufeff" + roster).encode("utf-8")) == [
        "ana@uni.edu", "bo@uni.edu", "diego.ramirez@uni.edu", "mei@uni.edu"]
    assert emails_from("") == []


def test_a_csv_cell_with_a_name_and_an_address_gives_the_address_alone() -> None:
    roster = ('Student,Contact\n"Flores, Ana","Ana Flores <ana@uni.edu>"\nBo,bo@uni.edu; BO@uni.edu\n'
              "# comment <skip@uni.edu>,\n")
    assert emails_from("", roster.encode()) == ["ana@uni.edu", "bo@uni.edu"]


def test_a_csv_cell_over_the_field_limit_is_a_readable_error_not_a_crash() -> None:
    huge = '"' + "x" * 200_000 + '"\nana@uni.edu\n'
    with pytest.raises(RosterError, match="could not be read as a CSV roster"):
        emails_from("", huge.encode())


def test_more_addresses_than_the_api_takes_at_once_are_refused_before_sending() -> None:
    assert too_many_to_enroll([f"s{n}@uni.edu" for n in range(MAX_ENROLL_BATCH)]) is None
    message = too_many_to_enroll([f"s{n}@uni.edu" for n in range(MAX_ENROLL_BATCH + 1)])
    assert message is not None and f"{MAX_ENROLL_BATCH + 1} addresses" in message


def test_a_time_picked_in_the_viewers_zone_is_stored_as_that_moment_in_utc() -> None:
    assert to_utc(date(2027, 3, 2), time(17, 0), ZoneInfo("America/Chicago")) == datetime(2027, 3, 2, 23, 0,
                                                                                          tzinfo=UTC)


def test_attempts_read_as_a_student_would_say_them() -> None:
    limited = Assignment(id=1, section_id=1, title="t", client_id=1, max_attempts=2, attempts_used=1,
                         attempts_left=1)
    assert attempts_text(limited) == "1 of 2 attempts left"
    assert attempts_text(Assignment(id=1, section_id=1, title="t", client_id=1, attempts_used=3)) == \
        "Unlimited attempts (3 used)"


def test_the_apps_batch_limit_is_the_apis() -> None:
    from backend.schemas.section import MAX_BATCH

    assert MAX_ENROLL_BATCH == MAX_BATCH


def test_an_api_message_s_utc_moment_is_written_in_the_viewers_zone() -> None:
    from zoneinfo import ZoneInfo

    from mvp.widgets.formatting import local_times_in

    message = "This assignment was due on 04 Dec 2026, 23:59 UTC and does not accept late work."
    assert local_times_in(message, ZoneInfo("America/Chicago")) == (
        "This assignment was due on Fri 4 Dec 2026, 17:59 CST and does not accept late work.")
    assert local_times_in("No moment here.", ZoneInfo("Asia/Taipei")) == "No moment here."
