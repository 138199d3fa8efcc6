"""Migrations carry existing data forward and back, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from alembic import command
from backend.core.config import normalise_database_url
from backend.core.migrations import alembic_config
from tests.support.postgres import PostgresServer


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request: pytest.FixtureRequest, postgres_server: PostgresServer | None) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{Path(tempfile.mkdtemp(prefix='vc-mig-')) / 'migrate.db'}"
        return
    if postgres_server is None:
        pytest.skip("PostgreSQL is not available here")
    yield postgres_server.create_database()


def _run(url: str, sql: str) -> list[tuple[object, ...]]:
    """Plain SQL against the database, outside the app (SQLite through its driver, PostgreSQL through psql)."""
    if url.startswith("sqlite"):
        with create_engine(url).begin() as connection:
            rows = connection.execute(text(sql))
            return [tuple(row) for row in rows] if rows.returns_rows else []
    output = subprocess.run(["psql", url, "-At", "-c", sql], check=True, capture_output=True, text=True).stdout
    return [tuple(line.split("|")) for line in output.splitlines() if line]


def test_reveals_with_rapport_becomes_hidden_facts_and_back(empty_database: str) -> None:
    config = alembic_config(normalise_database_url(empty_database))
    command.upgrade(config, "0002")
    _run(empty_database, "INSERT INTO users (id, email, display_name, role, password_hash, is_active) "
                         "VALUES (1, 't@example.com', 'T', 'teacher', 'x', true)")
    _run(empty_database, "INSERT INTO clients (id, owner_id, name, age, gender, pronouns, race_ethnicity, "
                         "socioeconomic_status, student_brief, issues, presenting_problem, background_story, "
                         "personality_traits, communication_style, emotional_state, difficulty, "
                         "reveals_with_rapport, risk_factors, goals, cultural_context, notes, is_published) "
                         "VALUES (1, 1, 'Ana', 30, '', '', '', '', '', '[]', '', '', '[]', '', '', 3, "
                         "'She hides the rent notice. She sleeps in her car.', '', '', '', '', false)")
    command.upgrade(config, "head")
    facts = _run(empty_database, "SELECT hidden_facts FROM clients WHERE id = 1")[0][0]
    assert "She hides the rent notice." in str(facts) and "She sleeps in her car." in str(facts)
    command.downgrade(config, "0002")
    restored = _run(empty_database, "SELECT reveals_with_rapport FROM clients WHERE id = 1")[0][0]
    assert restored == "She hides the rent notice. She sleeps in her car."


def test_comments_written_for_the_teachers_records_become_private_notes(empty_database: str) -> None:
    config = alembic_config(normalise_database_url(empty_database))
    command.upgrade(config, "0003")
    _run(empty_database, "INSERT INTO users (id, email, display_name, role, password_hash, is_active) VALUES "
                         "(1, 't@example.com', 'T', 'teacher', 'x', true), (2, 's@example.com', 'S', 'student', 'x', "
                         "true)")
    _run(empty_database, "INSERT INTO clients (id, owner_id, name, age, gender, pronouns, race_ethnicity, "
                         "socioeconomic_status, student_brief, issues, presenting_problem, background_story, "
                         "personality_traits, communication_style, emotional_state, difficulty, risk_factors, goals, "
                         "cultural_context, notes, is_published) VALUES (1, 1, 'Ana', 30, '', '', '', '', '', '[]', "
                         "'', '', '[]', '', '', 3, '', '', '', '', false)")
    _run(empty_database, "INSERT INTO sessions (id, client_id, user_id, mode, status, persona_snapshot, provider, "
                         "model, message_count, input_tokens, output_tokens, cache_creation_tokens, "
                         "cache_read_tokens, cost_usd, started_at, last_activity_at) VALUES (1, 1, 2, 'practice', "
                         "'ended', '{}', 'offline', 'offline-simulator', 0, 0, 0, 0, 0, 0, '2026-01-05 10:00:00', "
                         "'2026-01-05 10:00:00')")
    _run(empty_database, "INSERT INTO feedback (session_id, author_id, rating, comment) "
                         "VALUES (1, 1, 2, 'Struggling; talk to her advisor')")
    command.upgrade(config, "0006")
    assert _run(empty_database, "SELECT comment, private_note FROM feedback") == [
        ("", "Struggling; talk to her advisor")]
def test_existing_calls_and_replies_count_as_reported_usage_and_the_flag_goes_back_out(empty_database: str) -> None:
    config = alembic_config(normalise_database_url(empty_database))
    command.upgrade(config, "0006")
    _run(empty_database, "INSERT INTO llm_calls (provider, model, input_tokens, output_tokens, cache_creation_tokens, "
                         "cache_read_tokens, cost_usd, latency_ms, outcome, streamed, purpose, day, created_at) "
                         "VALUES ('anthropic', 'claude-haiku-4-5', 10, 5, 0, 0, 0.001, 300, 'ok', false, "
                         "'conversation', '2026-12-01', '2026-12-01 10:00:00')")
    command.upgrade(config, "0007")
    assert [str(row[0]) for row in _run(empty_database, "SELECT usage_estimated FROM llm_calls")] in (["0"], ["f"])
    command.downgrade(config, "0006")
    assert _run(empty_database, "SELECT model, cost_usd FROM llm_calls") in ([("claude-haiku-4-5", 0.001)],
                                                                             [("claude-haiku-4-5", "0.001")])
    with pytest.raises((OperationalError, subprocess.CalledProcessError)):
        _run(empty_database, "SELECT usage_estimated FROM messages")


def test_courses_migration_counts_existing_student_turns_and_goes_back(empty_database: str) -> None:
    config = alembic_config(normalise_database_url(empty_database))
    command.upgrade(config, "0007")
    _run(empty_database, "INSERT INTO users (id, email, display_name, role, password_hash, is_active) "
                         "VALUES (1, 't@example.com', 'T', 'teacher', 'x', true)")
    _run(empty_database, "INSERT INTO clients (id, owner_id, name, age, gender, pronouns, race_ethnicity, "
                         "socioeconomic_status, student_brief, issues, presenting_problem, background_story, "
                         "personality_traits, communication_style, emotional_state, difficulty, hidden_facts, "
                         "risk_factors, goals, cultural_context, notes, is_published) "
                         "VALUES (1, 1, 'Ana', 30, '', '', '', '', '', '[]', '', '', '[]', '', '', 3, '[]', "
                         "'', '', '', '', false)")
    _run(empty_database, "INSERT INTO sessions (id, client_id, user_id, mode, status, started_at, persona_snapshot, "
                         "provider, model, message_count, input_tokens, output_tokens, cache_creation_tokens, "
                         "cache_read_tokens, cost_usd, last_activity_at) VALUES (1, 1, 1, 'test', 'ended', "
                         "'2026-11-01 10:00:00+00', '{}', 'offline', 'offline-simulator', 3, 0, 0, 0, 0, 0, "
                         "'2026-11-01 10:05:00+00')")
    for sequence, role in enumerate(("user", "assistant", "user"), start=1):
        _run(empty_database, "INSERT INTO messages (session_id, sequence, role, content, input_tokens, "
                             "output_tokens, cache_creation_tokens, cache_read_tokens, cost_usd, is_fallback, "
                             f"created_at) VALUES (1, {sequence}, '{role}', 'hi', 0, 0, 0, 0, 0, false, "
                             "'2026-11-01 10:01:00+00')")
    command.upgrade(config, "head")
    [(turns, free_practice)] = _run(empty_database, "SELECT student_turns, assignment_id IS NULL FROM sessions")
    assert int(turns) == 2, "the student's two messages are counted into the new column"
    assert str(free_practice) in ("1", "t", "True"), "a session from before courses stays free practice"
    command.downgrade(config, "0007")
    assert _run(empty_database, "SELECT count(*) FROM sessions")[0][0] in (1, "1")
    command.upgrade(config, "head")


def test_feedback_tables_arrive_with_the_default_rubric_and_leave_cleanly(empty_database: str) -> None:
    config = alembic_config(normalise_database_url(empty_database))
    command.upgrade(config, "0011")
    [(title, is_default, owner)] = _run(empty_database, "SELECT title, is_default, owner_id FROM rubrics")
    assert title == "Interviewing fundamentals" and str(is_default) in ("1", "t", "True") and owner in (None, "")
    assert [str(row[0]) for row in _run(empty_database, "SELECT count(*) FROM evaluations")] == ["0"]
    command.downgrade(config, "0011-1")
    tables = ("SELECT name FROM sqlite_master WHERE type = 'table'" if empty_database.startswith("sqlite")
              else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    assert not {"rubrics", "evaluations"} & {row[0] for row in _run(empty_database, tables)}
    command.upgrade(config, "head")


def test_trust_state_trajectory_and_checks_come_with_0010_and_go_with_its_downgrade(empty_database: str) -> None:
    config = alembic_config(normalise_database_url(empty_database))
    command.upgrade(config, "head")
    _run(empty_database, "INSERT INTO users (id, email, display_name, role, password_hash, is_active) "
                         "VALUES (1, 't@example.com', 'T', 'teacher', 'x', true)")
    _run(empty_database, "INSERT INTO clients (id, owner_id, name, age, gender, pronouns, race_ethnicity, "
                         "socioeconomic_status, student_brief, issues, presenting_problem, background_story, "
                         "personality_traits, communication_style, emotional_state, difficulty, hidden_facts, "
                         "risk_factors, goals, cultural_context, notes, is_published) VALUES (1, 1, 'Ana', 30, '', '', "
                         "'', '', '', '[]', '', '', '[]', '', '', 3, '[]', '', '', '', '', false)")
    _run(empty_database, "INSERT INTO sessions (id, client_id, user_id, mode, status, persona_snapshot, provider, "
                         "model, message_count, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, "
                         "cost_usd, started_at, last_activity_at, disclosure) VALUES (1, 1, 1, 'test', 'active', '{}', "
                         "'offline', 'offline-simulator', 0, 0, 0, 0, 0, 0, '2026-01-05 10:00:00', "
                         "'2026-01-05 10:00:00', '{\"trust\": \"warming\"}')")
    _run(empty_database, "INSERT INTO persona_checks (client_id, requested_by, provider, model, verdict, judged, "
                         "probes, persona_updated_at, cost_usd, created_at) VALUES (1, 1, 'offline', "
                         "'offline-simulator', 'pass', false, '[]', '2026-01-05 10:00:00', 0, '2026-01-05 10:00:00')")
    assert "warming" in str(_run(empty_database, "SELECT disclosure FROM sessions")[0][0])
    command.downgrade(config, "0008")
    tables = ("SELECT name FROM sqlite_master WHERE type = 'table'" if empty_database.startswith("sqlite")
              else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    assert "persona_checks" not in {row[0] for row in _run(empty_database, tables)}
    command.upgrade(config, "head")
    assert int(_run(empty_database, "SELECT COUNT(*) FROM sessions WHERE disclosure IS NULL")[0][0]) == 1


def test_lti_tables_arrive_with_0014_and_leave_with_its_downgrade(empty_database: str) -> None:
    config = alembic_config(normalise_database_url(empty_database))
    lti = {"lti_platforms", "lti_keys", "lti_login_states", "lti_codes", "lti_users", "lti_contexts",
           "lti_resource_links", "lti_deep_links", "lti_score_sends"}
    tables = ("SELECT name FROM sqlite_master WHERE type = 'table'" if empty_database.startswith("sqlite")
              else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    command.upgrade(config, "0014")
    assert lti <= {row[0] for row in _run(empty_database, tables)}
    command.downgrade(config, "0014-1")
    assert not lti & {row[0] for row in _run(empty_database, tables)}
    command.upgrade(config, "head")


def test_existing_clients_get_an_empty_inner_life_and_lose_it_on_the_way_back(empty_database: str) -> None:
    config = alembic_config(normalise_database_url(empty_database))
    command.upgrade(config, "0016-1")
    _run(empty_database, "INSERT INTO users (id, email, display_name, role, password_hash, is_active) "
                         "VALUES (1, 't@example.com', 'T', 'teacher', 'x', true)")
    _run(empty_database, "INSERT INTO clients (id, owner_id, name, age, gender, pronouns, race_ethnicity, "
                         "socioeconomic_status, student_brief, issues, presenting_problem, background_story, "
                         "personality_traits, communication_style, emotional_state, difficulty, hidden_facts, "
                         "risk_factors, goals, cultural_context, notes, is_published) VALUES (1, 1, 'Ana', 30, '', "
                         "'', '', '', '', '[]', '', '', '[]', '', '', 3, '[]', '', '', '', '', false)")
    command.upgrade(config, "0016")
    row = _run(empty_database, "SELECT core_belief, coping_strategies, automatic_thought, conversational_style "
                               "FROM clients WHERE id = 1")[0]
    assert (row[0], str(row[1]).replace(" ", ""), row[2], row[3]) == ("", "[]", "", "")
    command.downgrade(config, "0016-1")
    assert _run(empty_database, "SELECT name FROM clients WHERE id = 1")[0][0] == "Ana"
