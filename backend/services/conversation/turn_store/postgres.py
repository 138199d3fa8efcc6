"""The turn on PostgreSQL: three statements, each its own atomic round trip, straight on the asyncpg connection.

Reading (the person, the session, its history, a replayed key) is one SELECT; keeping the student's message is
one statement (a data-modifying CTE takes the next sequence from the session row and inserts in one go); storing
the reply is one more (totals and trust state, the reply, its ledger rows and the alert amounts). The statements
are prepared once per connection by asyncpg. JSON columns come back decoded by the codec SQLAlchemy installs.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import asyncpg

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

READ = f"""
SELECT u.is_active, u.display_name, u.role,
       s.id IS NOT NULL AS found, s.user_id AS holder_id, s.status, s.cost_usd, s.persona_snapshot, s.disclosure,
       c.name AS client_name, c.owner_id AS teacher_id,
       {RATING_AS_SEEN} AS rating,
       (SELECT json_agg(json_build_array(h.role, h.content) ORDER BY h.sequence)
          FROM (SELECT m.role, m.content, m.sequence FROM messages m WHERE m.session_id = s.id
                ORDER BY m.sequence DESC LIMIT $3) h) AS history,
       r.id AS replayed_id, r.content AS replayed_content, u.token_version, s.assignment_id,
       {ASSIGNMENT_OPEN} AS assignment_open, {STILL_ENROLLED} AS enrolled
FROM users u
LEFT JOIN sessions s ON s.id = $2
LEFT JOIN clients c ON c.id = s.client_id
LEFT JOIN messages r ON r.session_id = s.id AND r.idempotency_key = $4::varchar
WHERE u.id = $1
"""
ADD_STUDENT_MESSAGE = """
WITH next AS (
  UPDATE sessions SET message_count = message_count + 1, student_turns = student_turns + 1, last_activity_at = $3
  WHERE id = $1 AND status = 'active' RETURNING message_count)
INSERT INTO messages (session_id, sequence, role, content, input_tokens, output_tokens, cache_creation_tokens,
                      cache_read_tokens, cost_usd, latency_ms, is_fallback, provider, usage_estimated, created_at,
                      disclosure, idempotency_key, reply_to_id)
SELECT $1, next.message_count, 'user', $2::text, 0, 0, 0, 0, 0, NULL, false, NULL, false, $3, NULL, $4::varchar,
       NULL FROM next
RETURNING id, sequence
"""
STORE_REPLY = f"""
WITH totals AS (
  UPDATE sessions SET message_count = message_count + 1, input_tokens = input_tokens + $2,
         output_tokens = output_tokens + $3, cache_creation_tokens = cache_creation_tokens + $4,
         cache_read_tokens = cache_read_tokens + $5, cost_usd = cost_usd + $6, last_activity_at = $7,
         disclosure = $8
  WHERE id = $1 RETURNING {", ".join(SESSION_FIELDS)}),
reply AS (
  INSERT INTO messages (session_id, sequence, role, content, input_tokens, output_tokens, cache_creation_tokens,
                        cache_read_tokens, cost_usd, latency_ms, is_fallback, provider, usage_estimated, created_at,
                        disclosure, idempotency_key, reply_to_id)
  SELECT $1, totals.message_count, 'assistant', $9::text, $2, $3, $4, $5, $6, $10::integer, $11::boolean,
         $12::text, $13::boolean, $7, $14::jsonb, NULL, $15::integer
  FROM totals RETURNING id),
call AS (
  INSERT INTO llm_calls (session_id, user_id, teacher_id, provider, model, input_tokens, output_tokens,
                         cache_creation_tokens, cache_read_tokens, cost_usd, latency_ms, outcome, error, streamed,
                         day, created_at, purpose, usage_estimated)
  SELECT $1, $16::integer, $17::integer, $12, $18::varchar, $33::integer, $34::integer, $35::integer,
         $36::integer, $37::double precision, $10, $19::varchar, $20::text, $21::boolean, $22::date, $7,
         'conversation', $38::boolean WHERE $23::boolean
  RETURNING 1),
checked AS (
  INSERT INTO llm_calls (session_id, user_id, teacher_id, provider, model, input_tokens, output_tokens,
                         cache_creation_tokens, cache_read_tokens, cost_usd, latency_ms, outcome, error, streamed,
                         day, created_at, purpose, usage_estimated)
  SELECT $1, $16::integer, $17::integer, $12, $40::varchar, $41::integer, $42::integer, $43::integer,
         $44::integer, $45::double precision, $46::integer, $47::varchar, $48::text, false, $22::date, $7, 'check',
         $49::boolean WHERE $39::boolean
  RETURNING 1),
logged AS (
  INSERT INTO error_events (source, kind, message, context, session_id, user_id, created_at)
  SELECT 'llm', $24::varchar, $25::text, $26::jsonb, $1, $16, $7 WHERE $24 IS NOT NULL
  RETURNING 1)
SELECT totals.*, reply.id AS reply_id,
       CASE WHEN $27 THEN EXISTS (SELECT 1 FROM cost_alerts a WHERE a.dedupe_key = $28) END AS session_fired,
       CASE WHEN $29 AND NOT EXISTS (SELECT 1 FROM cost_alerts a WHERE a.dedupe_key = $30)
            THEN (SELECT coalesce(sum(l.cost_usd), 0) FROM llm_calls l WHERE l.user_id = $16 AND l.day = $22)
                 + CASE WHEN $23 THEN $6 ELSE 0 END END AS user_day,
       CASE WHEN $31 AND NOT EXISTS (SELECT 1 FROM cost_alerts a WHERE a.dedupe_key = $32)
            THEN (SELECT coalesce(sum(l.cost_usd), 0) FROM llm_calls l WHERE l.day = $22)
                 + CASE WHEN $23 THEN $6 ELSE 0 END END AS platform_day
FROM totals, reply
"""
FIRE_ALERT = """
INSERT INTO cost_alerts (scope, dedupe_key, subject_id, day, threshold_usd, amount_usd, message, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING
"""
STORED_TURN = f"""
SELECT m.id, m.sequence, m.content, m.created_at, r.id AS reply_id, r.sequence AS reply_sequence,
       r.content AS reply_content, r.input_tokens, r.output_tokens, r.cache_creation_tokens, r.cache_read_tokens,
       r.cost_usd AS reply_cost, r.latency_ms, r.is_fallback, r.provider, r.usage_estimated, r.created_at AS replied_at,
       r.disclosure AS reply_disclosure, {", ".join(f"s.{name} AS session_{name}" for name in SESSION_FIELDS)}
FROM messages m JOIN sessions s ON s.id = m.session_id LEFT JOIN messages r ON r.reply_to_id = m.id
WHERE m.id = $1 AND m.session_id = $2
"""


async def read(conn: asyncpg.Connection, *, user_id: int, session_id: int, history_limit: int,
               key: str | None) -> TurnContext:
    row = await conn.fetchrow(READ, user_id, session_id, history_limit, key)
    if row is None:
        return TurnContext(False, False, "", "", False, None, None, 0.0, {}, "", None, None, None, [], None)
    return TurnContext(
        user_found=True, user_active=bool(row["is_active"]), user_name=row["display_name"], user_role=row["role"],
        session_found=bool(row["found"]), holder_id=row["holder_id"], status=row["status"],
        cost_usd=float(row["cost_usd"] or 0), persona=decoded(row["persona_snapshot"]) or {},
        client_name=row["client_name"] or "", teacher_id=row["teacher_id"], feedback_rating=rating(row["rating"]),
        disclosure=decoded(row["disclosure"]),
        history=[Line(role, content) for role, content in decoded(row["history"]) or ()],
        replayed_id=row["replayed_id"], replayed_content=row["replayed_content"],
        token_version=int(row["token_version"] or 0), assignment_id=row["assignment_id"],
        assignment_open=row["assignment_open"] is None or bool(row["assignment_open"]),
        enrolled=row["enrolled"] is None or bool(row["enrolled"]),
    )


async def add_student_message(conn: asyncpg.Connection, *, session_id: int, content: str, key: str | None,
                              now: datetime) -> Any:
    """The stored message, or None when the session is no longer active."""
    try:
        row = await conn.fetchrow(ADD_STUDENT_MESSAGE, session_id, content, now, key)
    except asyncpg.UniqueViolationError as exc:
        raise DuplicateMessage from exc
    if row is None:
        return None
    return student_message(message_id=row["id"], session_id=session_id, sequence=row["sequence"], content=content,
                           now=now)


def _check_values(reply: ReplyToStore) -> tuple[Any, ...]:
    """The check row's parameters ($39-$49): whether there is one, then its columns."""
    check = reply.check
    if check is None:
        return (False, reply.model, 0, 0, 0, 0, 0.0, 0, "ok", None, False)
    usage = check.usage
    return (True, check.model, usage.input_tokens, usage.output_tokens, usage.cache_creation_input_tokens,
            usage.cache_read_input_tokens, check.cost_usd, check.latency_ms, check.outcome,
            (check.error or None) and check.error[:500], usage.estimated)


async def store_reply(conn: asyncpg.Connection, reply: ReplyToStore, keys: AlertKeys) -> StoredReply:
    usage, total = reply.usage, reply.total_usage
    outcome = "error" if reply.error_kind else "ok"
    try:
        row = await conn.fetchrow(
            STORE_REPLY, reply.session_id, total.input_tokens, total.output_tokens,
            total.cache_creation_input_tokens, total.cache_read_input_tokens, reply.total_cost, reply.now,
            json.dumps(reply.state), reply.text, reply.latency_ms, reply.is_fallback, reply.provider, total.estimated,
            json.dumps(reply.line), reply.answers, reply.user_id, reply.teacher_id, reply.model, outcome,
            (reply.error_message or None) and reply.error_message[:500], reply.streamed, reply.now.date(),
            reply.called_provider, reply.error_kind, (reply.error_message or reply.error_kind or "")[:500],
            json.dumps(error_context(reply)), keys.check_session, keys.session, keys.check_user_day, keys.user_day,
            keys.check_platform_day, keys.platform_day, usage.input_tokens, usage.output_tokens,
            usage.cache_creation_input_tokens, usage.cache_read_input_tokens, reply.cost_usd, usage.estimated,
            *_check_values(reply),
        )
    except asyncpg.UniqueViolationError as exc:
        raise ReplyAlreadyStored from exc
    totals = {name: row[name] for name in SESSION_FIELDS}
    totals["disclosure"] = decoded(totals["disclosure"])
    return StoredReply(
        reply=reply_message(reply, message_id=row["reply_id"], sequence=row["message_count"]), totals=totals,
        alert_amounts=alert_amounts(keys, float(row["cost_usd"]), row["user_day"], row["platform_day"],
                                    bool(row["session_fired"])),
    )


async def fire_alerts(conn: asyncpg.Connection, rows: list[dict[str, Any]]) -> None:
    for alert in rows:
        await conn.execute(FIRE_ALERT, alert["scope"], alert["dedupe_key"], alert["subject_id"], alert["day"],
                           alert["threshold_usd"], alert["amount_usd"], alert["message"], alert["created_at"])


async def stored_turn(conn: asyncpg.Connection, *, session_id: int, message_id: int) -> dict[str, Any] | None:
    """A student message, its reply (if stored yet) and the session: what a replayed send answers with."""
    row = await conn.fetchrow(STORED_TURN, message_id, session_id)
    if row is None:
        return None
    found = dict(row)
    found["reply_disclosure"] = decoded(found["reply_disclosure"])
    found["session_disclosure"] = decoded(found["session_disclosure"])
    return found
