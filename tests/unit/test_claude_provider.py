"""ClaudeProvider through the real anthropic SDK over real HTTP, against the fake Messages API.

What every HTTP provider does alike (retries, timeouts, malformed bodies) is in test_provider_contract.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from backend.llm.claude.provider import ClaudeProvider
from tests.support.conversations import PRIVATE, SYSTEM, THREE_TURNS, collect, conversation
from tests.support.fake_anthropic import FakeAnthropicServer

API_KEY = "sk-ant-test-SECRET-0123456789"
MODEL = "claude-haiku-4-5"


@pytest.fixture
def fake() -> Iterator[FakeAnthropicServer]:
    with FakeAnthropicServer() as server:
        yield server


def provider_for(fake: FakeAnthropicServer, **kwargs: Any) -> ClaudeProvider:
    return ClaudeProvider(api_key=API_KEY, model=MODEL, base_url=fake.base_url, **kwargs)


@pytest.fixture
async def provider(fake: FakeAnthropicServer) -> AsyncIterator[ClaudeProvider]:
    claude = provider_for(fake, max_retries=0)
    yield claude
    await claude.aclose()


class TestCompletion:
    @pytest.mark.asyncio
    async def test_returns_text_usage_and_model(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider
    ) -> None:
        reply = await provider.complete(THREE_TURNS)
        assert "Tell me about my brother Tomas" in reply.text
        assert (reply.model, reply.provider, reply.stop_reason) == (MODEL, "anthropic", "end_turn")
        usage = reply.usage
        assert usage.output_tokens > 0 and usage.cache_creation_input_tokens > 0
        assert usage.input_tokens > 0 and usage.cache_read_input_tokens == 0

    @pytest.mark.asyncio
    async def test_sends_model_max_tokens_roles_and_cached_system(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider
    ) -> None:
        await provider.complete(THREE_TURNS)
        [sent] = fake.requests
        body = sent["body"]
        assert (body["model"], body["max_tokens"]) == (MODEL, 200)
        assert [m["role"] for m in body["messages"]] == ["user", "assistant", "user"]
        assert body["system"] == [{"type": "text", "text": SYSTEM, "cache_control": {"type": "ephemeral"}}]
        marked = [i for i, m in enumerate(body["messages"]) if "cache_control" in m["content"][-1]]
        assert marked == [1]  # the prefix before the student's newest message
        assert "stream" not in body
        assert sent["headers"]["authorization"].startswith("Bearer sk-an")

    @pytest.mark.asyncio
    async def test_single_message_only_caches_the_system_prompt(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider
    ) -> None:
        await provider.complete(conversation("Hello?"))
        body = fake.requests[0]["body"]
        assert "cache_control" not in body["messages"][0]["content"][0]

    @pytest.mark.asyncio
    async def test_identical_prefix_is_read_from_cache(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider
    ) -> None:
        first = await provider.complete(THREE_TURNS)
        second = await provider.complete(THREE_TURNS)
        assert second.usage.cache_read_input_tokens == first.usage.cache_creation_input_tokens > 0
        assert second.usage.cache_creation_input_tokens == 0
        assert second.usage.input_tokens == first.usage.input_tokens
        for sent in fake.requests:
            body = sent["body"]
            blocks = body["system"] + [b for m in body["messages"] for b in m["content"]]
            assert sum("cache_control" in b for b in blocks) == 2

    @pytest.mark.asyncio
    async def test_next_turn_reads_the_previous_prefix(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider
    ) -> None:
        first = await provider.complete(THREE_TURNS)
        texts = [
            "Hi Maria, how was your week?",
            "Fine. Busy.",
            f"Tell me about {PRIVATE}?",
            first.text,
            "Go on.",
        ]
        second = await provider.complete(conversation(*texts))
        assert second.usage.cache_read_input_tokens == first.usage.cache_creation_input_tokens
        assert second.usage.cache_creation_input_tokens > 0  # the two newer turns


class TestStreaming:
    @pytest.mark.asyncio
    async def test_deltas_join_to_the_final_text(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider
    ) -> None:
        fake.set_default(chunks=6)
        deltas, reply = await collect(provider, THREE_TURNS)
        assert len(deltas) == 6
        assert "".join(deltas) == reply.text
        assert fake.requests[0]["body"]["stream"] is True

    @pytest.mark.asyncio
    async def test_final_usage_matches_the_json_reply(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider
    ) -> None:
        _, streamed = await collect(provider, THREE_TURNS)
        fake.reset()
        completed = await provider.complete(THREE_TURNS)
        assert streamed.usage == completed.usage
        assert streamed.usage.output_tokens > 1 and streamed.usage.cache_creation_input_tokens > 0
        assert (streamed.model, streamed.stop_reason) == (MODEL, "end_turn")


class TestFakeOverHttp:
    """The fake's HTTP side, which the API server under test and the benchmarks drive from other processes."""

    def test_control_endpoints(self, fake: FakeAnthropicServer) -> None:
        with httpx.Client(base_url=fake.base_url) as http:
            assert http.post(
                "/_fake/script", json={"behaviors": ["overloaded", {"behavior": "ok"}]}
            ).json() == {"queued": 2}
            assert (
                http.post("/_fake/config", json={"latency": 0.01, "reply_text": "Hm."}).json()["latency"]
                == 0.01
            )
            assert http.post("/_fake/config", json={"nonsense": 1}).status_code == 400
            body = {"model": MODEL, "max_tokens": 10, "messages": [{"role": "user", "content": "Hi"}]}
            headers = {"x-api-key": API_KEY}
            assert http.post("/v1/messages", json=body, headers=headers).status_code == 529
            assert http.post("/v1/messages", json=body, headers=headers).json()["content"][0]["text"] == "Hm."
            recorded = http.get("/_fake/requests").json()
            assert recorded["count"] == 2 and recorded["requests"][0]["body"] == body
            assert API_KEY not in str(recorded)
            assert http.post("/_fake/reset").json() == {"ok": True}
            assert http.get("/_fake/requests").json() == {"count": 0, "requests": []}

    @pytest.mark.parametrize(
        ("change", "status", "error_type"),
        [
            ({"messages": []}, 400, "invalid_request_error"),
            ({"messages": [{"role": "assistant", "content": "Hi"}]}, 400, "invalid_request_error"),
            ({"max_tokens": None}, 400, "invalid_request_error"),
            (
                {"system": [{"type": "text", "text": "x", "cache_control": {"type": "ephemeral"}}] * 5},
                400,
                "invalid_request_error",
            ),
            ({}, 401, "authentication_error"),
        ],
    )
    def test_rejects_what_the_real_api_rejects(
        self, fake: FakeAnthropicServer, change: dict[str, Any], status: int, error_type: str
    ) -> None:
        body = {"model": MODEL, "max_tokens": 10, "messages": [{"role": "user", "content": "Hi"}], **change}
        headers = {} if status == 401 else {"x-api-key": API_KEY}
        response = httpx.post(f"{fake.base_url}/v1/messages", json=body, headers=headers)
        assert response.status_code == status
        assert response.json()["error"]["type"] == error_type
