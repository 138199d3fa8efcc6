"""The load driver: students holding conversations at once, and what each of them saw.

`send_turn` sends one message (plain or streamed) and records the turn as the student experienced it; the
benchmarks' driver processes (bench/load.py) use it too. `enroll(...)` creates students through the admin
API and opens one session each; `drive(...)` lets them send turns back to back (plain and streamed,
alternating) until a deadline or a stop event; `conversation_problems` checks the database behind the
server against what the students were told.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from backend.core.security import create_access_token
from tests.support.server import query_db

STUDENT_PASSWORD = "student-pass-123"


@dataclass
class Student:
    index: int
    user_id: int
    token: str
    session_id: int

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Turn:
    """One attempted turn as the student experienced it."""

    student: int
    session_id: int
    streamed: bool
    content: str
    started: float
    seconds: float = 0.0
    status: int | None = None  # None: no HTTP answer at all (transport failure or our time bound)
    detail: str = ""
    message: dict[str, Any] | None = None  # the stored student message the API confirmed
    reply: dict[str, Any] | None = None  # the reply it delivered (201 body or the stream's `done`)
    stream_error: dict[str, Any] | None = None  # an SSE `error` event
    accepted_s: float = math.nan  # streams: seconds until the `message` event (the student message stored)
    first_delta_s: float = math.nan  # streams: seconds until the first text delta
    resent: bool = False  # the connection dropped before any answer and the turn was sent again, same key
    key: str = field(default_factory=lambda: uuid.uuid4().hex)  # its Idempotency-Key

    @property
    def accepted(self) -> bool:
        return self.message is not None

    @property
    def outcome(self) -> str:
        """The HTTP status, or what went wrong inside a 200 stream (`sse-error`, `sse-incomplete`)."""
        if self.stream_error is not None:
            return "sse-error"
        if self.streamed and self.status == 200 and self.reply is None:
            return "sse-incomplete"
        return str(self.status)

    @property
    def fallback(self) -> bool:
        return bool(self.reply and self.reply.get("is_fallback"))

    def describe(self) -> str:
        kind = "stream" if self.streamed else "plain"
        return f"student {self.student} session {self.session_id} {kind}: {self.status} {self.detail[:200]}"


@dataclass
class LoadReport:
    turns: list[Turn] = field(default_factory=list)

    @property
    def accepted(self) -> list[Turn]:
        return [t for t in self.turns if t.accepted]

    @property
    def server_errors(self) -> list[Turn]:
        return [t for t in self.turns if t.status is not None and t.status >= 500]

    @property
    def unanswered(self) -> list[Turn]:
        """Turns that were accepted but never got a reply (no 201 body, no `done`)."""
        return [t for t in self.turns if t.accepted and t.reply is None]

    def statuses(self) -> Counter[int | None]:
        return Counter(t.status for t in self.turns)

    def summary(self) -> str:
        fallbacks = sum(1 for t in self.turns if t.reply and t.reply["is_fallback"])
        times = sorted(t.seconds for t in self.turns) or [0.0]
        return (f"{len(self.turns)} turns, {len(self.accepted)} accepted, {fallbacks} fallbacks, "
                f"{sum(t.resent for t in self.turns)} resent after a dropped connection, "
                f"statuses {dict(self.statuses())}, seconds p50 {times[len(times) // 2]:.1f} "
                f"p95 {times[int(len(times) * 0.95)]:.1f} max {times[-1]:.1f}")


def _mint_token(user_id: int, secret: str) -> str:
    """Sign the token the login endpoint would hand out: logging 200 students in means 200 more argon2 runs."""
    return create_access_token(user_id=user_id, role="student", secret=secret, minutes=120)[0]


async def enroll(api: str, *, admin_token: str, secret: str, count: int, client_id: int,
                 concurrency: int = 8) -> list[Student]:
    """Create `count` students through POST /users (bounded: argon2 is slow) and open a session for each."""
    gate = asyncio.Semaphore(concurrency)
    tag = uuid.uuid4().hex[:6]
    admin = {"Authorization": f"Bearer {admin_token}"}

    async def one(client: httpx.AsyncClient, index: int) -> Student:
        async with gate:
            created = await client.post("/users", headers=admin, json={
                "email": f"load{index}.{tag}@example.com", "display_name": f"Load Student {index}",
                "role": "student", "password": STUDENT_PASSWORD,
            })
            assert created.status_code == 201, created.text
            user_id = created.json()["id"]
            token = _mint_token(user_id, secret)
            opened = await client.post("/sessions", headers={"Authorization": f"Bearer {token}"},
                                       json={"client_id": client_id})
            assert opened.status_code == 201, opened.text
            return Student(index, user_id, token, opened.json()["id"])

    async with httpx.AsyncClient(base_url=api, timeout=120) as client:
        return list(await asyncio.gather(*(one(client, i) for i in range(count))))


async def open_sessions(api: str, students: list[Student], *, client_id: int, concurrency: int = 20
                        ) -> list[Student]:
    """The same students in new sessions, so a test checks only the conversations it held."""
    gate = asyncio.Semaphore(concurrency)

    async def one(client: httpx.AsyncClient, student: Student) -> Student:
        async with gate:
            opened = await client.post("/sessions", headers=student.headers, json={"client_id": client_id})
            assert opened.status_code == 201, opened.text
            return replace(student, session_id=opened.json()["id"])

    async with httpx.AsyncClient(base_url=api, timeout=60) as client:
        return list(await asyncio.gather(*(one(client, s) for s in students)))


async def send_turn(client: httpx.AsyncClient, turn: Turn, headers: dict[str, str] | None = None) -> None:
    """Send the turn's message and record what came back; transport errors are left to the caller."""
    path = f"/sessions/{turn.session_id}/messages"
    body = {"content": turn.content}
    if not turn.streamed:
        response = await client.post(path, headers=headers, json=body)
        turn.status = response.status_code
        if response.status_code == 201:
            answer = response.json()
            turn.message, turn.reply = answer["message"], answer["reply"]
        else:
            turn.detail = response.text
        return
    async with client.stream("POST", path + "/stream", headers=headers, json=body) as response:
        turn.status = response.status_code
        if response.status_code != 200:
            turn.detail = (await response.aread()).decode(errors="replace")
            return
        event = "message"
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
                if event == "delta" and math.isnan(turn.first_delta_s):
                    turn.first_delta_s = time.monotonic() - turn.started
            elif line.startswith("data:") and event in ("message", "done", "error"):
                payload = json.loads(line[5:])  # the server sends each event's data on one line
                if event == "message":
                    turn.message, turn.accepted_s = payload, time.monotonic() - turn.started
                elif event == "done":
                    turn.reply = payload["reply"]
                else:
                    turn.stream_error, turn.detail = payload, json.dumps(payload)
        if turn.accepted and turn.reply is None and turn.stream_error is None:
            turn.detail = "the stream ended without `done` or `error`"


async def _student_loop(client: httpx.AsyncClient, student: Student, report: LoadReport, *, until: float,
                        stop: asyncio.Event, turn_bound_s: float, pause_after_failure_s: float) -> None:
    await asyncio.sleep((student.index % 20) * 0.02)  # spread the first wave a little
    number = 0
    while time.monotonic() < until and not stop.is_set():
        number += 1
        turn = Turn(student.index, student.session_id, streamed=(student.index + number) % 2 == 0,
                    content=f"Student {student.index}, turn {number}: how did that feel for you?",
                    started=time.monotonic())
        report.turns.append(turn)
        headers = {**student.headers, "Idempotency-Key": turn.key}
        try:
            async with asyncio.timeout(turn_bound_s):
                try:
                    await send_turn(client, turn, headers)
                except httpx.TransportError:
                    if turn.status is not None:
                        raise
                    # Dropped before any answer (a keep-alive race on a loaded 2-core box): a real client sends
                    # again with the same key and the API answers the one stored turn (exactly-once sends).
                    turn.resent = True
                    await send_turn(client, turn, headers)
        except TimeoutError:
            turn.status, turn.detail = None, f"no complete answer within {turn_bound_s:g}s"
        except httpx.HTTPError as exc:
            turn.status, turn.detail = None, f"{type(exc).__name__}: {exc}"
        turn.seconds = time.monotonic() - turn.started
        if turn.reply is None:
            await asyncio.sleep(pause_after_failure_s)


async def drive(api: str, students: list[Student], *, seconds: float, stop: asyncio.Event | None = None,
                turn_bound_s: float = 60.0, pause_after_failure_s: float = 0.3) -> LoadReport:
    """Every student sends turns back to back until `seconds` pass or `stop` is set; nothing runs unbounded."""
    report = LoadReport()
    stop = stop or asyncio.Event()
    # Idle connections are dropped well before uvicorn's 5 s keep-alive timeout, so a request never races the
    # server closing the connection it was sent on (a client-side ReadError that says nothing about the API).
    limits = httpx.Limits(max_connections=len(students) + 16, max_keepalive_connections=len(students) + 16,
                          keepalive_expiry=1.0)
    timeout = httpx.Timeout(turn_bound_s, connect=10.0)
    async with httpx.AsyncClient(base_url=api, timeout=timeout, limits=limits) as client:
        until = time.monotonic() + seconds
        await asyncio.gather(*(
            _student_loop(client, s, report, until=until, stop=stop, turn_bound_s=turn_bound_s,
                          pause_after_failure_s=pause_after_failure_s)
            for s in students
        ))
    return report


def stored(database_url: str, turns: list[Turn]) -> set[str]:
    """Which of these turns' student messages the database holds (for turns the API never confirmed)."""
    if not turns:
        return set()
    quoted = ",".join("'" + t.content.replace("'", "''") + "'" for t in turns)
    return {str(row[0]) for row in query_db(database_url, f"SELECT content FROM messages WHERE content IN ({quoted})")}


def conversation_problems(database_url: str, report: LoadReport, session_ids: list[int], *,
                          every_turn_answered: bool) -> list[str]:
    """What the database contradicts: gaps or duplicates, a wrong message_count, a confirmed message or reply
    that is missing or different, unanswered student messages (when every turn was answered), stray rows."""
    ids = ",".join(str(int(s)) for s in session_ids)
    rows = query_db(database_url, f"SELECT id, session_id, sequence, role FROM messages WHERE session_id IN ({ids})")
    contents = dict(query_db(database_url,
                             f"SELECT id, content FROM messages WHERE role = 'user' AND session_id IN ({ids})"))
    counts = {int(s): int(c) for s, c in query_db(database_url,
                                                  f"SELECT id, message_count FROM sessions WHERE id IN ({ids})")}
    stored = {int(i): (int(s), int(q), str(r)) for i, s, q, r in rows}
    contents = {int(i): str(c) for i, c in contents.items()}
    problems: list[str] = []
    by_session: dict[int, list[tuple[int, str]]] = {int(s): [] for s in session_ids}
    for session_id, sequence, role in stored.values():
        by_session[session_id].append((sequence, role))
    for session_id, lines in by_session.items():
        lines.sort()
        sequences = [q for q, _ in lines]
        if sequences != list(range(1, len(lines) + 1)):
            problems.append(f"session {session_id}: sequences are not 1..{len(lines)}: {sequences}")
        if counts.get(session_id) != len(lines):
            problems.append(f"session {session_id}: message_count {counts.get(session_id)} but {len(lines)} rows")
        roles = [r for _, r in lines]
        if every_turn_answered and roles != ["user", "assistant"] * (len(roles) // 2):
            problems.append(f"session {session_id}: turns do not alternate user/assistant: {roles}")
    for turn in report.accepted:
        message = turn.message
        assert message is not None
        found = stored.get(message["id"])
        if found != (turn.session_id, message["sequence"], "user") or contents.get(message["id"]) != turn.content:
            problems.append(f"confirmed message {message['id']} ({turn.describe()}) is stored as {found}")
        if turn.reply is not None:
            reply = turn.reply
            expected = (turn.session_id, message["sequence"] + 1, "assistant")
            if stored.get(reply["id"]) != expected:
                problems.append(f"delivered reply {reply['id']} is stored as {stored.get(reply['id'])}, "
                                f"expected {expected}")
    user_rows = sum(1 for _, _, r in stored.values() if r == "user")
    in_doubt = sum(1 for t in report.turns if not t.accepted and t.status in (None, 503))
    if not user_rows - in_doubt <= len(report.accepted) <= user_rows:
        problems.append(f"{user_rows} student messages stored but {len(report.accepted)} confirmed "
                        f"({in_doubt} turns in doubt)")
    return problems
