"""The cached scaffold and the disclosure state on the real Claude path: the SDK in the API process, the fake
Messages API over HTTP emulating prompt caching at Haiku 4.5's minimum (in the fake's units)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from backend.schemas.client import PersonaFields
from backend.services.checks.probes import PROBES
from backend.services.prompting.prompt import persona_block
from backend.services.prompting.scaffold import SCAFFOLD
from tests.support.api import (
    PERSONA,
    claude_env,
    fake_tokens,
    haiku_min_cacheable_in_fake_units,
    new_student,
)
from tests.support.fake_anthropic import FakeAnthropicServer
from tests.support.server import ApiServer, query_db, start_api

SECRET = PERSONA["hidden_facts"][0]["fact"]


@pytest.fixture(scope="module")
def server(database_url: str, fake: FakeAnthropicServer) -> Iterator[ApiServer]:
    api = start_api(database_url, extra_env=claude_env(fake, VC_MODEL="claude-haiku-4-5"))
    yield api
    api.stop()


@pytest.fixture
def fresh(fake: FakeAnthropicServer) -> FakeAnthropicServer:
    """A cold platform: nothing cached; caching at Haiku 4.5's minimum."""
    fake.reset()
    fake.configure(min_cacheable_tokens=haiku_min_cacheable_in_fake_units())
    return fake


@pytest.fixture(scope="module")
def clients(teacher: httpx.Client) -> dict[str, dict[str, Any]]:
    """Two published clients of one teacher: Jordan, and someone else entirely."""
    jordan = teacher.post("/clients", json={**PERSONA, "is_published": True}).json()
    other = teacher.post("/clients", json={**PERSONA, "name": "Priya Nair", "age": 41, "is_published": True,
                                           "presenting_problem": "Priya cares for her mother and is burning out."}
                         ).json()
    return {"jordan": jordan, "other": other}


def block_tokens(client: dict[str, Any]) -> int:
    return fake_tokens(persona_block(PersonaFields.model_validate(client).model_dump()))


def first_reply(student: httpx.Client, client_id: int, text: str = "Hi. What brings you in today?") -> dict[str, Any]:
    session_id = student.post("/sessions", json={"client_id": client_id}).json()["id"]
    return student.post(f"/sessions/{session_id}/messages", json={"content": text}).json()["reply"]


class TestSharedCache:
    def test_a_second_student_of_the_same_client_reads_scaffold_and_persona_from_the_cache(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeAnthropicServer, clients: dict[str, Any]
    ) -> None:
        prompt = fake_tokens(SCAFFOLD) + block_tokens(clients["jordan"])
        with new_student(server, admin, "first") as first, new_student(server, admin, "second") as second:
            cold = first_reply(first, clients["jordan"]["id"])
            warm = first_reply(second, clients["jordan"]["id"], "Hello, thanks for coming.")
        assert cold["cache_creation_tokens"] == prompt and cold["cache_read_tokens"] == 0
        assert warm["cache_read_tokens"] == prompt and warm["cache_creation_tokens"] == 0
        assert warm["cost_usd"] < cold["cost_usd"] / 5

    def test_a_student_of_another_client_reads_the_platform_scaffold_and_writes_only_its_persona(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeAnthropicServer, clients: dict[str, Any]
    ) -> None:
        with new_student(server, admin, "one") as one, new_student(server, admin, "two") as two:
            first_reply(one, clients["jordan"]["id"])
            other = first_reply(two, clients["other"]["id"])
        assert other["cache_read_tokens"] == fake_tokens(SCAFFOLD)
        assert other["cache_creation_tokens"] == block_tokens(clients["other"])

    def test_history_is_read_from_the_cache_not_resent(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeAnthropicServer, clients: dict[str, Any]
    ) -> None:
        with new_student(server, admin, "history") as student:
            session_id = student.post("/sessions", json={"client_id": clients["jordan"]["id"]}).json()["id"]
            replies = [student.post(f"/sessions/{session_id}/messages", json={"content": text}).json()["reply"]
                       for text in ("Hi.", "What brings you in?", "How have you been sleeping?")]
        prompt = fake_tokens(SCAFFOLD) + block_tokens(clients["jordan"])
        assert replies[1]["cache_read_tokens"] == prompt and replies[1]["cache_creation_tokens"] > 0
        assert replies[2]["cache_read_tokens"] == prompt + replies[1]["cache_creation_tokens"]


class TestWhatEachRequestCarries:
    def test_blocks_in_cache_order_and_the_note_after_every_breakpoint(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeAnthropicServer, clients: dict[str, Any]
    ) -> None:
        with new_student(server, admin, "note") as student:
            session_id = student.post("/sessions", json={"client_id": clients["jordan"]["id"]}).json()["id"]
            for text in ("Hi, I'm Alex.", "What would you like to talk about?"):
                student.post(f"/sessions/{session_id}/messages", json={"content": text})
        sent = fresh.requests[-1]["body"]
        assert [block["text"] for block in sent["system"]] == [
            SCAFFOLD, persona_block(PersonaFields.model_validate(clients["jordan"]).model_dump())]
        assert all(block["cache_control"] == {"type": "ephemeral"} for block in sent["system"])
        assert "cache_control" in sent["messages"][-2]["content"][-1]  # the last assistant turn
        note = sent["messages"][-1]["content"][-1]
        assert re.match(r"\[Director [0-9a-f]{10}: trust ", note["text"]) and "cache_control" not in note
        assert sent["messages"][-1]["content"][0]["text"] == "What would you like to talk about?"

    def test_a_hidden_fact_is_not_sent_before_it_may_be_told_and_a_hint_names_only_its_area(
        self, server: ApiServer, admin: httpx.Client, fresh: FakeAnthropicServer, clients: dict[str, Any]
    ) -> None:
        with new_student(server, admin, "earner") as student:
            session_id = student.post("/sessions", json={"client_id": clients["jordan"]["id"]}).json()["id"]
            student.post(f"/sessions/{session_id}/messages", json={"content": "What brings you in today?"})
            early = fresh.requests[-1]["body"]
            student.post(f"/sessions/{session_id}/messages", json={
                "content": "It sounds like the jokes cover a lot of shame about losing the job."})
            earned = fresh.requests[-1]["body"]
        assert SECRET not in str(early)
        assert SECRET not in str(earned["system"]) and SECRET not in str(earned["messages"][:-1])
        # earned a hint: the note names the area only; the fact itself waits until the client may tell it
        assert re.fullmatch(r"\[Director [0-9a-f]{10}: trust warming \(up\), up to \d sentences?\. "
                            r"Hint at something about: [a-z ]+\]",
                            earned["messages"][-1]["content"][-1]["text"])
        assert SECRET not in str(earned["messages"][-1])


class TestTrajectory:
    def test_teachers_read_trust_and_disclosures_per_turn_students_do_not(
        self, server: ApiServer, admin: httpx.Client, teacher: httpx.Client, fresh: FakeAnthropicServer,
        clients: dict[str, Any]
    ) -> None:
        with new_student(server, admin, "trajectory") as student:
            session_id = student.post("/sessions", json={"client_id": clients["jordan"]["id"]}).json()["id"]
            student.post(f"/sessions/{session_id}/messages", json={"content": "What brings you in today?"})
            # told to hint, the model states the fact: check-and-revise rewrites it into a hint
            fresh.script([{"behavior": "ok", "reply_text": "I... haven't told my partner I lost the job. I've "
                                                            "been hiding the job loss."},
                          {"behavior": "ok", "reply_text": "Ha. Yeah. There's... stuff at home I haven't gotten "
                                                            "into. Whatever."}])
            turn = student.post(f"/sessions/{session_id}/messages", json={
                "content": "It sounds like the jokes cover a lot of shame about losing the job."}).json()
            own_view = student.get(f"/sessions/{session_id}/messages").json()
            own_session = student.get(f"/sessions/{session_id}").json()
        assert turn["reply"]["disclosure"] is None and turn["session"]["trust"] is None
        assert all(m["disclosure"] is None for m in own_view) and own_session["facts_disclosed"] is None
        replies = [m for m in teacher.get(f"/sessions/{session_id}/messages").json() if m["role"] == "assistant"]
        assert [r["disclosure"]["trust"] for r in replies] == ["guarded", "warming"]
        assert replies[1]["disclosure"]["student_move"] == "complex_reflection"
        assert replies[1]["disclosure"]["offered"] == SECRET and replies[1]["disclosure"]["offer"] == "hint"
        assert replies[1]["disclosure"]["disclosed"] == []
        assert replies[1]["disclosure"]["check"] == {"flags": ["hidden_fact"], "result": "revised"}
        assert replies[1]["content"].startswith("Ha. Yeah. There's... stuff at home")
        session = teacher.get(f"/sessions/{session_id}").json()
        assert (session["trust"], session["facts_disclosed"], session["facts_total"]) == ("warming", 0, 1)


JUDGE_SAYS = {"verdicts": [{"probe": key, "verdict": "warn" if key == "hostile" else "pass",
                            "reason": "Apologised too readily." if key == "hostile" else "Believable."}
                           for key in ("ai_question", "ignore_instructions", "blunt_demand", "hostile", "life_story",
                                       "advice_request", "warm_opening")]}


class TestPersonaCheckOnClaude:
    def test_a_judge_call_reads_every_probe_and_stands_beside_the_rules(
        self, server: ApiServer, teacher: httpx.Client, fresh: FakeAnthropicServer, clients: dict[str, Any]
    ) -> None:
        fresh.configure(tool_input=JUDGE_SAYS)
        try:
            check = teacher.post(f"/clients/{clients['jordan']['id']}/checks").json()
        finally:
            fresh.configure(tool_input=None)
        assert check["provider"] == "anthropic" and check["judged"] is True
        hostile = next(p for p in check["probes"] if p["key"] == "hostile")
        assert hostile["verdict"] == "warn" and hostile["judge_verdict"] == "warn"
        assert "Judge: Apologised too readily." in hostile["reasons"]
        judge_calls = [r["body"] for r in fresh.requests if r["body"].get("tools")]
        assert len(judge_calls) == 1 and judge_calls[0]["tool_choice"] == {"type": "tool", "name": "record_verdicts"}
        lines = sum(len(probe.lines) for probe in PROBES)
        assert len(fresh.requests) == lines + 1  # a reply per probe line and one judge
        rows = query_db(server.database_url, "SELECT cost_usd FROM llm_calls WHERE purpose = 'check' "
                                             f"ORDER BY id DESC LIMIT {lines + 1}")
        assert check["cost_usd"] > 0
        assert check["cost_usd"] == pytest.approx(sum(float(row[0]) for row in rows), rel=1e-6)

    def test_a_client_that_breaks_role_fails_even_without_a_judge(
        self, server: ApiServer, teacher: httpx.Client, fresh: FakeAnthropicServer, clients: dict[str, Any]
    ) -> None:
        fresh.configure(reply_text="As an AI language model, here are some tips:\n1. Rest.\n2. Breathe.")
        try:
            check = teacher.post(f"/clients/{clients['other']['id']}/checks").json()
        finally:
            fresh.configure(reply_text=None)
        assert check["verdict"] == "fail" and check["judged"] is False  # the judge got text, not a verdict
        ai = next(p for p in check["probes"] if p["key"] == "ai_question")
        assert ai["verdict"] == "fail" and any("Stepped out of the role" in reason for reason in ai["reasons"])
        advice = next(p for p in check["probes"] if p["key"] == "advice_request")
        assert any("list" in reason for reason in advice["reasons"])


class TestPromptPreview:
    def test_shows_the_blocks_and_the_honest_cost_of_a_reply_cached_and_not(
        self, teacher: httpx.Client, clients: dict[str, Any]
    ) -> None:
        preview = teacher.get(f"/clients/{clients['jordan']['id']}/prompt-preview").json()
        scaffold, persona = preview["blocks"]
        assert (scaffold["name"], persona["name"]) == ("scaffold", "persona")
        assert scaffold["text"] == SCAFFOLD and scaffold["shared_by"] == "every client on the platform"
        assert scaffold["cacheable"] is True and scaffold["estimated_model_tokens"] >= 4096
        assert preview["min_cacheable_tokens"] == 4096
        assert SECRET not in preview["system_prompt"]
        assert any(SECRET in note for note in preview["note_examples"])
        tokens = scaffold["estimated_model_tokens"] + persona["estimated_model_tokens"]
        assert preview["estimated_model_tokens"] == tokens
        assert preview["prompt_cost_per_reply_usd"] == pytest.approx(tokens * 1.00 / 1e6)  # Haiku: $1 per M input
        assert preview["cached_cost_per_reply_usd"] == pytest.approx(tokens * 0.10 / 1e6)
        assert preview["cold_reply_cost_usd"] == pytest.approx(tokens * 1.25 / 1e6)
        assert preview["cached_cost_per_reply_usd"] < preview["first_reply_cost_usd"] < preview["cold_reply_cost_usd"]
