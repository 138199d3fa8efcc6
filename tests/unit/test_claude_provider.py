"""ClaudeProvider through the real anthropic SDK over real HTTP, against the fake Messages API."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from backend.llm.base import ChatTurn, ConversationRequest, LLMReply, ProviderError
from backend.llm.claude.provider import ClaudeProvider
from tests.support.fake_anthropic import FakeAnthropicServer

API_KEY = "sk-ant-test-SECRET-0123456789"
MODEL = "claude-haiku-4-5"
SYSTEM = "You are Maria Lopez, 34, a client who is reluctant to talk about her drinking. " * 20
PRIVATE = "my brother Tomas"


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


def conversation(*texts: str, max_tokens: int = 200) -> ConversationRequest:
    """A request whose turns alternate user/assistant, starting with the student."""
    turns = [ChatTurn(role="user" if i % 2 == 0 else "assistant", content=t) for i, t in enumerate(texts)]
    return ConversationRequest(
        persona={"name": "Maria"}, system_blocks=(SYSTEM,), messages=turns, max_tokens=max_tokens
    )


THREE_TURNS = conversation("Hi Maria, how was your week?", "Fine. Busy.", f"Tell me about {PRIVATE}?")


async def collect(claude: ClaudeProvider, request: ConversationRequest) -> tuple[list[str], LLMReply]:
    items = [item async for item in claude.stream(request)]
    *deltas, reply = items
    assert isinstance(reply, LLMReply)
    assert all(isinstance(d, str) for d in deltas)
    return deltas, reply  # type: ignore[return-value]


def assert_safe(err: ProviderError) -> None:
    """The message names no secret and no prompt text."""
    for text in (err.message, str(err), repr(err)):
        assert API_KEY not in text and "SECRET" not in text
        assert PRIVATE not in text and "Maria" not in text


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

    @pytest.mark.asyncio
    async def test_error_event_mid_stream_is_overloaded(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider
    ) -> None:
        fake.script([{"behavior": "stream_error", "stream_error_after": 2}])
        deltas: list[str] = []
        with pytest.raises(ProviderError) as caught:
            async for item in provider.stream(THREE_TURNS):
                deltas.append(item)  # type: ignore[arg-type]
        assert len(deltas) == 2
        assert caught.value.kind == "overloaded"
        assert caught.value.usage is not None and caught.value.usage.cache_creation_input_tokens > 0
        assert_safe(caught.value)

    @pytest.mark.asyncio
    async def test_failure_before_the_first_delta(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider
    ) -> None:
        fake.script(["overloaded"])
        with pytest.raises(ProviderError) as caught:
            await collect(provider, THREE_TURNS)
        assert (caught.value.kind, caught.value.status_code) == ("overloaded", 529)


class TestRetries:
    @pytest.mark.asyncio
    async def test_sdk_retries_overloaded_then_succeeds(self, fake: FakeAnthropicServer) -> None:
        fake.script(["overloaded", "ok"])
        claude = provider_for(fake, max_retries=2)
        try:
            reply = await claude.complete(THREE_TURNS)
        finally:
            await claude.aclose()
        assert reply.text and fake.request_count == 2

    @pytest.mark.asyncio
    async def test_overloaded_every_time(self, fake: FakeAnthropicServer) -> None:
        fake.set_default("overloaded")
        claude = provider_for(fake, max_retries=2)
        try:
            with pytest.raises(ProviderError) as caught:
                await claude.complete(THREE_TURNS)
        finally:
            await claude.aclose()
        assert (caught.value.kind, caught.value.status_code) == ("overloaded", 529)
        assert fake.request_count == 3
        assert_safe(caught.value)

    @pytest.mark.asyncio
    async def test_retry_after_is_honoured(self, fake: FakeAnthropicServer) -> None:
        fake.script([{"behavior": "rate_limited", "retry_after": 1}, "ok"])
        claude = provider_for(fake, max_retries=1)
        started = time.monotonic()
        try:
            await claude.complete(THREE_TURNS)
        finally:
            await claude.aclose()
        assert time.monotonic() - started >= 0.95
        assert fake.request_count == 2

    @pytest.mark.asyncio
    async def test_rate_limited_reports_retry_after(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider
    ) -> None:
        fake.script([{"behavior": "rate_limited", "retry_after": 7}])
        with pytest.raises(ProviderError) as caught:
            await provider.complete(THREE_TURNS)
        assert (caught.value.kind, caught.value.retry_after, caught.value.status_code) == (
            "rate_limited",
            7.0,
            429,
        )


class TestFailures:
    @pytest.mark.asyncio
    @pytest.mark.parametrize(
        ("behavior", "kind"),
        [("server_error", "server"), ("auth_error", "auth"), ("bad_request", "bad_request")],
    )
    async def test_status_errors(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider, behavior: str, kind: str
    ) -> None:
        fake.script([behavior])
        with pytest.raises(ProviderError) as caught:
            await provider.complete(THREE_TURNS)
        assert caught.value.kind == kind
        assert "request req_" in caught.value.message
        assert_safe(caught.value)

    @pytest.mark.asyncio
    async def test_hang_times_out(self, fake: FakeAnthropicServer) -> None:
        fake.set_default("hang")
        claude = provider_for(fake, max_retries=0, timeout_s=0.5)
        started = time.monotonic()
        try:
            with pytest.raises(ProviderError) as caught:
                await claude.complete(THREE_TURNS)
        finally:
            await claude.aclose()
        assert caught.value.kind == "timeout"
        assert time.monotonic() - started < 2
        assert_safe(caught.value)

    @pytest.mark.asyncio
    @pytest.mark.parametrize("variant", ["invalid_json", "wrong_shape"])
    @pytest.mark.parametrize("streaming", [False, True])
    async def test_malformed_body_is_bad_response(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider, variant: str, streaming: bool
    ) -> None:
        fake.set_default("malformed", malformed=variant)
        with pytest.raises(ProviderError) as caught:
            if streaming:
                await collect(provider, THREE_TURNS)
            else:
                await provider.complete(THREE_TURNS)
        assert caught.value.kind == "bad_response"
        assert_safe(caught.value)

    @pytest.mark.asyncio
    @pytest.mark.parametrize("streaming", [False, True])
    async def test_empty_reply_is_bad_response(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider, streaming: bool
    ) -> None:
        fake.set_default(reply_text="")
        with pytest.raises(ProviderError) as caught:
            if streaming:
                await collect(provider, THREE_TURNS)
            else:
                await provider.complete(THREE_TURNS)
        assert caught.value.kind == "bad_response"
        assert caught.value.usage is not None and caught.value.usage.input_tokens > 0

    @pytest.mark.asyncio
    async def test_roles_out_of_order_are_a_bad_request(
        self, fake: FakeAnthropicServer, provider: ClaudeProvider
    ) -> None:
        turns = [ChatTurn(role="user", content="Hi"), ChatTurn(role="user", content="Hello?")]
        request = ConversationRequest(persona={}, system_blocks=(SYSTEM,), messages=turns)
        with pytest.raises(ProviderError) as caught:
            await provider.complete(request)
        assert (caught.value.kind, caught.value.status_code) == ("bad_request", 400)

    @pytest.mark.asyncio
    async def test_refused_connection(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        claude = ClaudeProvider(
            api_key=API_KEY, model=MODEL, base_url=f"http://127.0.0.1:{port}", max_retries=0
        )
        try:
            with pytest.raises(ProviderError) as caught:
                await claude.complete(THREE_TURNS)
        finally:
            await claude.aclose()
        assert caught.value.kind == "connection"
        assert_safe(caught.value)


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
