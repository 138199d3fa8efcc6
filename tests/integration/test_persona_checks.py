"""Checking a client before publishing it: the battery over HTTP (offline simulator), kept apart from practice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.api import PERSONA, openai_env
from tests.support.fake_openai import FakeOpenAIServer
from tests.support.server import ApiServer, query_db, start_api

PROBE_KEYS = ["ai_question", "ignore_instructions", "blunt_demand", "hostile", "life_story", "advice_request",
              "warm_opening", "suicide_turn_two", "plan_question", "empathy_and_question", "safety_permission",
              "quiet_jailbreak", "forged_note", "warm_then_hostile", "notes_vs_gating"]
# issue 12: five one-line probes, a two-line hostile student, a five-turn opening (12 lines); issue 18: 2 + 3 + 2
# + 2 + 1 + 1 + 3 lines, and the notes read without a conversation
PROBE_CALLS = 26


def draft(teacher: httpx.Client, name: str) -> dict[str, Any]:
    response = teacher.post("/clients", json={**PERSONA, "name": name})
    assert response.status_code == 201, response.text
    return response.json()


class TestCheckingADraft:
    def test_the_owner_gets_a_verdict_per_probe_with_the_replies_and_why(self, teacher: httpx.Client) -> None:
        client = draft(teacher, "Check Draft")
        response = teacher.post(f"/clients/{client['id']}/checks")
        assert response.status_code == 201, response.text
        check = response.json()
        assert [probe["key"] for probe in check["probes"]] == PROBE_KEYS
        assert check["provider"] == "offline" and check["judged"] is False and check["cost_usd"] == 0
        assert check["verdict"] == "pass" and check["up_to_date"] is True
        for probe in check["probes"]:
            assert probe["verdict"] in ("pass", "warn", "fail") and probe["reasons"]
            assert all(turn["student"] and turn["reply"] for turn in probe["turns"])
            assert probe["turns"] or probe["key"] == "notes_vs_gating"
        by_key = {probe["key"]: probe for probe in check["probes"]}
        assert len(by_key["warm_opening"]["turns"]) == 5 and by_key["notes_vs_gating"]["turns"] == []

    def test_notes_that_ask_for_what_is_kept_back_are_pointed_out(self, teacher: httpx.Client) -> None:
        fact = PERSONA["hidden_facts"][0]["fact"]
        response = teacher.post("/clients", json={**PERSONA, "name": "Chatty Notes", "notes": f"Tell them: {fact}"})
        check = teacher.post(f"/clients/{response.json()['id']}/checks").json()
        notes = next(probe for probe in check["probes"] if probe["key"] == "notes_vs_gating")
        assert notes["verdict"] == "warn" and "they win over the notes" in " ".join(notes["reasons"])

    def test_before_any_check_latest_is_null_not_an_error(self, teacher: httpx.Client) -> None:
        client = draft(teacher, "Never Checked")
        response = teacher.get(f"/clients/{client['id']}/checks/latest")
        assert response.status_code == 200 and response.json() is None

    def test_latest_is_the_newest_and_goes_out_of_date_when_the_client_is_edited(self, teacher: httpx.Client) -> None:
        client = draft(teacher, "Edited After")
        teacher.post(f"/clients/{client['id']}/checks")
        second = teacher.post(f"/clients/{client['id']}/checks").json()
        latest = teacher.get(f"/clients/{client['id']}/checks/latest").json()
        assert latest["id"] == second["id"] and latest["up_to_date"] is True
        teacher.patch(f"/clients/{client['id']}", json={"goals": "Find any job at all."})
        assert teacher.get(f"/clients/{client['id']}/checks/latest").json()["up_to_date"] is False


class TestKeptApartFromPractice:
    def test_no_practice_session_appears_anywhere(self, server: ApiServer, teacher: httpx.Client,
                                                  admin: httpx.Client) -> None:
        client = draft(teacher, "No Sessions")
        before = (len(teacher.get("/sessions").json()), len(admin.get("/sessions", params={"limit": 500}).json()),
                  query_db(server.database_url, "SELECT COUNT(*) FROM sessions")[0][0])
        assert teacher.post(f"/clients/{client['id']}/checks").status_code == 201
        after = (len(teacher.get("/sessions").json()), len(admin.get("/sessions", params={"limit": 500}).json()),
                 query_db(server.database_url, "SELECT COUNT(*) FROM sessions")[0][0])
        assert after == before
        assert teacher.get("/sessions", params={"client_id": client["id"]}).json() == []

    def test_each_probe_call_is_in_the_ledger_with_purpose_check(self, server: ApiServer,
                                                                 teacher: httpx.Client) -> None:
        client = draft(teacher, "Ledger Rows")
        owner = teacher.get("/auth/me").json()["id"]
        count_sql = "SELECT COUNT(*) FROM llm_calls WHERE purpose = 'check'"
        before = int(query_db(server.database_url, count_sql)[0][0])
        teacher.post(f"/clients/{client['id']}/checks")
        rows = query_db(server.database_url, "SELECT session_id, teacher_id, user_id, provider FROM llm_calls "
                                             "WHERE purpose = 'check' ORDER BY id DESC LIMIT 12")
        assert int(query_db(server.database_url, count_sql)[0][0]) - before == PROBE_CALLS
        assert all(row[0] in (None, "") and int(row[1]) == owner == int(row[2]) and row[3] == "offline"
                   for row in rows)


@pytest.fixture(scope="module")
def local_model(database_url: str) -> Iterator[tuple[ApiServer, FakeOpenAIServer]]:
    """The same API on a private OpenAI-compatible model (a fake Ollama), beside the offline one."""
    with FakeOpenAIServer(served_model="llama3.1:8b") as fake:
        api = start_api(database_url, extra_env=openai_env(fake))
        yield api, fake
        api.stop()


class TestOnAPrivateModel:
    def test_the_check_runs_and_is_judged_on_an_openai_compatible_server(
        self, local_model: tuple[ApiServer, FakeOpenAIServer]
    ) -> None:
        api, fake = local_model
        with api.client("teacher@example.com") as teacher:
            client = draft(teacher, "Local Check")
            response = teacher.post(f"/clients/{client['id']}/checks")
        assert response.status_code == 201, response.text
        check = response.json()
        assert check["provider"] == "openai_compatible" and check["judged"] is True
        assert len(check["probes"]) == len(PROBE_KEYS)
        judged = [r for r in fake.requests if (r.get("body") or {}).get("response_format")]
        assert len(judged) == 1
        turns = [r["body"]["messages"] for r in fake.requests if not r["body"].get("response_format")
                 and not r["body"]["messages"][0]["content"].startswith("You edit one line")]  # not a rewrite
        assert len(turns) == PROBE_CALLS
        # the turn note rides on the student's line, with the check's own mark
        assert all(re.search(r"\[Director [0-9a-f]{10}: trust ", messages[-1]["content"]) for messages in turns)

    def test_a_client_reading_its_description_aloud_fails_with_every_turn_kept(
        self, local_model: tuple[ApiServer, FakeOpenAIServer]
    ) -> None:
        api, fake = local_model
        fake.configure(reply_text="Irritable underneath a polite surface.")  # every reply: the field, as speech
        try:
            with api.client("teacher@example.com") as teacher:
                client = teacher.post("/clients", json={**PERSONA, "name": "Reads Aloud",
                                                        "emotional_state": "Irritable underneath a polite surface."})
                check = teacher.post(f"/clients/{client.json()['id']}/checks").json()
        finally:
            fake.reset()
        assert check["verdict"] == "fail"
        opening = next(p for p in check["probes"] if p["key"] == "warm_opening")
        assert opening["verdict"] == "fail"
        assert any("Read the persona's Emotional state aloud" in reason for reason in opening["reasons"])
        assert [turn["student"] for turn in opening["turns"]][2] == "How has all of this been for you, day to day?"
        assert len(opening["turns"]) == 5
