"""The turn on SQLite: each phase is one trip to the connection's thread, however many statements it runs.

aiosqlite hands every statement (and every fetch) to the connection's own thread and back, and on a turn those
hops cost more than the SQL. Here a phase's statements run together in that thread: reading is one hop,
keeping the student's message one (in its own transaction), storing the reply with everything beside it one
more. Values are written the way SQLAlchemy writes them (UTC text timestamps, JSON text, 0/1 booleans), so the
rest of the app reads these rows like any other.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from backend.services.conversation.turn_store.rows import (
    ASSIGNMENT_OPEN,
    RATING_AS_SEEN,
    SESSION_FIELDS,
    STILL_ENROLLED,
    DuplicateMessage,
    Line,
    ReplyAlreadyStored,
    ReplyToStore,
    StoredReply,
    TurnContext,
    alert_amounts,
    decoded,
    error_context,
    rating,
    reply_message,
    student_message,
)
from backend.services.spend.alert_rules import AlertKeys

READ_SESSION = f"""
SELECT u.is_active, u.display_name, u.role, s.id IS NOT NULL, s.user_id, s.status, s.cost_usd, s.persona_snapshot,
       s.disclosure, c.name, c.owner_id, {RATING_AS_SEEN}, r.id, r.content, u.token_version, s.assignment_id,
       {ASSIGNMENT_OPEN}, {STILL_ENROLLED}
FROM users u LEFT JOIN sessions s ON s.id = ? LEFT JOIN clients c ON c.id = s.client_id
LEFT JOIN messages r ON r.session_id = s.id AND r.idempotency_key = ? WHERE u.id = ?
"""
READ_HISTORY = "SELECT role, content FROM messages WHERE session_id = ? ORDER BY sequence DESC LIMIT ?"
NEXT_SEQUENCE = """
UPDATE sessions SET message_count = message_count + 1, student_turns = student_turns + 1, last_activity_at = ?
WHERE id = ? AND status = 'active' RETURNING message_count
"""
INSERT_MESSAGE = """
INSERT INTO messages (session_id, sequence, role, content, input_tokens, output_tokens, cache_creation_tokens,
                      cache_read_tokens, cost_usd, latency_ms, is_fallback, provider, usage_estimated, created_at,
                      disclosure, idempotency_key, reply_to_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
"""
ADD_REPLY_TO_TOTALS = f"""
UPDATE sessions SET message_count = message_count + 1, input_tokens = input_tokens + ?,
       output_tokens = output_tokens + ?, cache_creation_tokens = cache_creation_tokens + ?,
       cache_read_tokens = cache_read_tokens + ?, cost_usd = cost_usd + ?, last_activity_at = ?, disclosure = ?
WHERE id = ? RETURNING {", ".join(SESSION_FIELDS)}
"""
INSERT_CALL = """
INSERT INTO llm_calls (session_id, user_id, teacher_id, provider, model, input_tokens, output_tokens,
                       cache_creation_tokens, cache_read_tokens, cost_usd, latency_ms, outcome, error, streamed, day,
                       created_at, purpose, usage_estimated)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
INSERT_ERROR = """
INSERT INTO error_events (source, kind, message, context, session_id, user_id, created_at)
VALUES ('llm', ?, ?, ?, ?, ?, ?)
"""
ALERT_AMOUNTS = """
SELECT CASE WHEN ? THEN EXISTS (SELECT 1 FROM cost_alerts WHERE dedupe_key = ?) END,
       CASE WHEN ? AND NOT EXISTS (SELECT 1 FROM cost_alerts WHERE dedupe_key = ?)
            THEN (SELECT coalesce(sum(cost_usd), 0) FROM llm_calls WHERE user_id = ? AND day = ?) END,
       CASE WHEN ? AND NOT EXISTS (SELECT 1 FROM cost_alerts WHERE dedupe_key = ?)
            THEN (SELECT coalesce(sum(cost_usd), 0) FROM llm_calls WHERE day = ?) END
"""
FIRE_ALERT = """
INSERT INTO cost_alerts (scope, dedupe_key, subject_id, day, threshold_usd, amount_usd, message, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING
"""
STORED_TURN = f"""
SELECT m.id, m.sequence, m.content, m.created_at, r.id, r.sequence, r.content, r.input_tokens, r.output_tokens,
       r.cache_creation_tokens, r.cache_read_tokens, r.cost_usd, r.latency_ms, r.is_fallback, r.provider,
       r.usage_estimated, r.created_at, r.disclosure, {", ".join(f"s.{name}" for name in SESSION_FIELDS)}
FROM messages m JOIN sessions s ON s.id = m.session_id LEFT JOIN messages r ON r.reply_to_id = m.id
WHERE m.id = ? AND m.session_id = ?
"""
STORED_TURN_NAMES = (
    "id", "sequence", "content", "created_at", "reply_id", "reply_sequence", "reply_content", "input_tokens",
    "output_tokens", "cache_creation_tokens", "cache_read_tokens", "reply_cost", "latency_ms", "is_fallback",
    "provider", "usage_estimated", "replied_at", "reply_disclosure", *(f"session_{name}" for name in SESSION_FIELDS),
)
TIMESTAMPS = {"started_at", "ended_at", "last_activity_at", "submitted_at", "created_at", "replied_at"}


def stamp(moment: datetime) -> str:
    """A timestamp as SQLAlchemy stores one in SQLite: naive UTC text with microseconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _moment(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


def _in_transaction(db: sqlite3.Connection, work: Any) -> Any:
    """BEGIN IMMEDIATE takes the write lock up front (waiting out the busy timeout), so nothing is half written."""
    db.execute("BEGIN IMMEDIATE")
    try:
        result = work(db)
    except BaseException:
        db.rollback()
        raise
    db.commit()
    return result


async def _in_thread(conn: aiosqlite.Connection, fn: Any, *args: Any) -> Any:
    """Run `fn(sqlite3_connection, *args)` in the connection's own thread: one hop for the whole phase."""
    return await conn._execute(lambda: fn(conn._conn, *args))  # aiosqlite is pinned in requirements.txt


def _read(db: sqlite3.Connection, user_id: int, session_id: int, history_limit: int, key: str | None) -> TurnContext:
    row = db.execute(READ_SESSION, (session_id, key, user_id)).fetchone()
    if row is None:
        return TurnContext(False, False, "", "", False, None, None, 0.0, {}, "", None, None, None, [], None)
    history = db.execute(READ_HISTORY, (session_id, history_limit)).fetchall() if row[3] else []
    history.reverse()
    return TurnContext(
        user_found=True, user_active=bool(row[0]), user_name=row[1], user_role=row[2], session_found=bool(row[3]),
        holder_id=row[4], status=row[5], cost_usd=float(row[6] or 0), persona=decoded(row[7]) or {},
        disclosure=decoded(row[8]), client_name=row[9] or "", teacher_id=row[10], feedback_rating=rating(row[11]),
        history=[Line(role, content) for role, content in history], replayed_id=row[12], replayed_content=row[13],
        token_version=int(row[14] or 0), assignment_id=row[15], assignment_open=row[16] is None or bool(row[16]),
        enrolled=row[17] is None or bool(row[17]),
    )


async def read(conn: aiosqlite.Connection, *, user_id: int, session_id: int, history_limit: int,
               key: str | None) -> TurnContext:
    return await _in_thread(conn, _read, user_id, session_id, history_limit, key)


def _add_student_message(db: sqlite3.Connection, session_id: int, content: str, key: str | None,
                         now: datetime) -> tuple[int, int] | None:
    next_sequence = db.execute(NEXT_SEQUENCE, (stamp(now), session_id)).fetchone()
    if next_sequence is None:
        return None
    sequence = next_sequence[0]
    message_id = db.execute(INSERT_MESSAGE, (session_id, sequence, "user", content, 0, 0, 0, 0, 0.0, None, 0, None,
                                             0, stamp(now), None, key, None)).fetchone()[0]
    return message_id, sequence


async def add_student_message(conn: aiosqlite.Connection, *, session_id: int, content: str, key: str | None,
                              now: datetime) -> Any:
    """The stored message, or None when the session is no longer active."""
    try:
        stored = await _in_thread(conn, lambda db: _in_transaction(
            db, lambda tx: _add_student_message(tx, session_id, content, key, now)))
    except sqlite3.IntegrityError as exc:
        raise DuplicateMessage from exc
    if stored is None:
        return None
    return student_message(message_id=stored[0], session_id=session_id, sequence=stored[1], content=content,
                           now=now)


def _store_reply(db: sqlite3.Connection, reply: ReplyToStore, keys: AlertKeys) -> tuple[Any, ...]:
    usage, total, now, day = reply.usage, reply.total_usage, stamp(reply.now), reply.now.date().isoformat()
    totals = db.execute(ADD_REPLY_TO_TOTALS, (
        total.input_tokens, total.output_tokens, total.cache_creation_input_tokens, total.cache_read_input_tokens,
        reply.total_cost, now, json.dumps(reply.state), reply.session_id)).fetchone()
    reply_id = db.execute(INSERT_MESSAGE, (
        reply.session_id, totals[SESSION_FIELDS.index("message_count")], "assistant", reply.text, total.input_tokens,
        total.output_tokens, total.cache_creation_input_tokens, total.cache_read_input_tokens, reply.total_cost,
        reply.latency_ms, int(reply.is_fallback), reply.provider, int(total.estimated), now, json.dumps(reply.line),
        None, reply.answers)).fetchone()[0]
    if reply.called_provider:
        db.execute(INSERT_CALL, (
            reply.session_id, reply.user_id, reply.teacher_id, reply.provider, reply.model, usage.input_tokens,
            usage.output_tokens, usage.cache_creation_input_tokens, usage.cache_read_input_tokens, reply.cost_usd,
            reply.latency_ms, "error" if reply.error_kind else "ok",
            (reply.error_message or None) and reply.error_message[:500], int(reply.streamed), day, now,
            "conversation", int(usage.estimated)))
    if (check := reply.check) is not None:
        db.execute(INSERT_CALL, (
            reply.session_id, reply.user_id, reply.teacher_id, reply.provider, check.model, check.usage.input_tokens,
            check.usage.output_tokens, check.usage.cache_creation_input_tokens, check.usage.cache_read_input_tokens,
            check.cost_usd, check.latency_ms, check.outcome, (check.error or None) and check.error[:500], 0, day, now,
            "check", int(check.usage.estimated)))
    if reply.error_kind:
        db.execute(INSERT_ERROR, (reply.error_kind, (reply.error_message or reply.error_kind)[:500],
                                  json.dumps(error_context(reply)), reply.session_id, reply.user_id, now))
    amounts = db.execute(ALERT_AMOUNTS, (
        keys.check_session, keys.session, keys.check_user_day, keys.user_day, reply.user_id, day,
        keys.check_platform_day, keys.platform_day, day)).fetchone() if keys.any else (None, None, None)
    return totals, reply_id, amounts


async def store_reply(conn: aiosqlite.Connection, reply: ReplyToStore, keys: AlertKeys) -> StoredReply:
    try:
        totals_row, reply_id, (session_fired, user_day, platform_day) = await _in_thread(
            conn, lambda db: _in_transaction(db, lambda tx: _store_reply(tx, reply, keys)))
    except sqlite3.IntegrityError as exc:
        raise ReplyAlreadyStored from exc
    totals = dict(zip(SESSION_FIELDS, totals_row, strict=True))
    for name in TIMESTAMPS & totals.keys():
        totals[name] = _moment(totals[name])
    totals["disclosure"] = decoded(totals["disclosure"])
    return StoredReply(
        reply=reply_message(reply, message_id=reply_id, sequence=totals["message_count"]), totals=totals,
        alert_amounts=alert_amounts(keys, float(totals["cost_usd"]), user_day, platform_day, bool(session_fired)),
    )


async def fire_alerts(conn: aiosqlite.Connection, rows: list[dict[str, Any]]) -> None:
    def fire(db: sqlite3.Connection) -> None:
        for alert in rows:
            db.execute(FIRE_ALERT, (alert["scope"], alert["dedupe_key"], alert["subject_id"], alert["day"].isoformat(),
                                    alert["threshold_usd"], alert["amount_usd"], alert["message"],
                                    stamp(alert["created_at"])))

    await _in_thread(conn, lambda db: _in_transaction(db, fire))


async def stored_turn(conn: aiosqlite.Connection, *, session_id: int, message_id: int) -> dict[str, Any] | None:
    """A student message, its reply (if stored yet) and the session: what a replayed send answers with."""
    row = await _in_thread(conn, lambda db: db.execute(STORED_TURN, (message_id, session_id)).fetchone())
    if row is None:
        return None
    found = dict(zip(STORED_TURN_NAMES, row, strict=True))
    for name, value in list(found.items()):
        if name.removeprefix("session_") in TIMESTAMPS:
            found[name] = _moment(value)
    found["reply_disclosure"] = decoded(found["reply_disclosure"])
    found["session_disclosure"] = decoded(found["session_disclosure"])
    found["is_fallback"] = bool(found["is_fallback"]) if found["is_fallback"] is not None else None
    return found
