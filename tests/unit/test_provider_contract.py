"""What every provider behind an HTTP API does alike, checked for Claude and for an OpenAI-compatible server:
the SDK's own retries and `retry-after`, timeouts, malformed and empty bodies, refused connections, failures
before and during a stream. Each runs the real SDK against its fake over real HTTP."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from backend.llm.base import ChatTurn, ConversationRequest, LLMProvider, ProviderError
from backend.llm.claude.provider import ClaudeProvider
from backend.llm.openai_compatible.provider import OpenAICompatibleProvider
from tests.support.conversations import SYSTEM, THREE_TURNS, answer, assert_safe, collect
from tests.support.fake_anthropic import FakeAnthropicServer
from tests.support.fake_http import FakeHttpServer
from tests.support.fake_openai import FakeOpenAIServer

API_KEY = "sk-test-SECRET-0123456789"


@dataclass
class Backend:
    """One provider and its fake; the fakes share behaviour names, the providers differ in a few figures."""

    fake: FakeHttpServer[Any]
    make: Callable[..., LLMProvider]
    overloaded_status: int  # Anthropic's 529, or the 503 of vLLM and load balancers
    mid_stream_kind: str  # Anthropic names its stream error `overloaded_error`; OpenAI's is a server_error

    @asynccontextmanager
    async def provider(self, **kwargs: Any) -> AsyncIterator[LLMProvider]:
        llm = self.make(**{"max_retries": 0, **kwargs})
        try:
            yield llm
        finally:
            await llm.aclose()


def _claude(base_url: str, **kwargs: Any) -> LLMProvider:
    return ClaudeProvider(api_key=API_KEY, model="claude-haiku-4-5", base_url=base_url, **kwargs)


def _local(base_url: str, **kwargs: Any) -> LLMProvider:
    return OpenAICompatibleProvider(api_key=API_KEY, model="llama3.1:8b", base_url=f"{base_url}/v1", **kwargs)


@pytest.fixture(params=["anthropic", "openai_compatible"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    if request.param == "anthropic":
        with FakeAnthropicServer() as fake:
            yield Backend(fake, lambda **kw: _claude(fake.base_url, **kw), 529, "overloaded")
    else:
        with FakeOpenAIServer() as fake:
            yield Backend(fake, lambda **kw: _local(fake.base_url, **kw), 503, "server")


class TestRetries:
    async def test_the_sdk_retries_an_overload_then_succeeds(self, backend: Backend) -> None:
        backend.fake.script(["overloaded", "ok"])
        async with backend.provider(max_retries=2) as llm:
            reply = await llm.complete(THREE_TURNS)
        assert reply.text and backend.fake.request_count == 2

    async def test_an_overload_every_time_gives_up_after_the_retries(self, backend: Backend) -> None:
        backend.fake.set_default("overloaded")
        async with backend.provider(max_retries=2) as llm:
            with pytest.raises(ProviderError) as caught:
                await llm.complete(THREE_TURNS)
        assert (caught.value.kind, caught.value.status_code) == ("overloaded", backend.overloaded_status)
        assert backend.fake.request_count == 3
        assert_safe(caught.value)

    async def test_retry_after_is_honoured(self, backend: Backend) -> None:
        backend.fake.script([{"behavior": "rate_limited", "retry_after": 1}, "ok"])
        started = time.monotonic()
        async with backend.provider(max_retries=1) as llm:
            await llm.complete(THREE_TURNS)
        assert time.monotonic() - started >= 0.95
        assert backend.fake.request_count == 2

    async def test_rate_limited_reports_retry_after(self, backend: Backend) -> None:
        backend.fake.script([{"behavior": "rate_limited", "retry_after": 7}])
        async with backend.provider() as llm:
            with pytest.raises(ProviderError) as caught:
                await llm.complete(THREE_TURNS)
        assert (caught.value.kind, caught.value.retry_after, caught.value.status_code) == ("rate_limited", 7.0, 429)


class TestFailures:
    @pytest.mark.parametrize(("behavior", "kind", "status"), [
        ("server_error", "server", 500), ("auth_error", "auth", 401), ("bad_request", "bad_request", 400),
    ])
    async def test_status_errors_name_the_kind_status_and_request(self, backend: Backend, behavior: str, kind: str,
                                                                  status: int) -> None:
        backend.fake.script([behavior])
        async with backend.provider() as llm:
            with pytest.raises(ProviderError) as caught:
                await llm.complete(THREE_TURNS)
        assert (caught.value.kind, caught.value.status_code) == (kind, status)
        assert "(request req_" in caught.value.message
        assert_safe(caught.value)

    async def test_a_hang_times_out(self, backend: Backend) -> None:
        backend.fake.set_default("hang")
        started = time.monotonic()
        async with backend.provider(timeout_s=0.5) as llm:
            with pytest.raises(ProviderError) as caught:
                await llm.complete(THREE_TURNS)
        assert caught.value.kind == "timeout"
        assert time.monotonic() - started < 2
        assert_safe(caught.value)

    @pytest.mark.parametrize("variant", ["invalid_json", "wrong_shape"])
    @pytest.mark.parametrize("streaming", [False, True])
    async def test_a_malformed_body_is_a_bad_response(self, backend: Backend, variant: str, streaming: bool) -> None:
        backend.fake.set_default("malformed", malformed=variant)
        async with backend.provider() as llm:
            with pytest.raises(ProviderError) as caught:
                await answer(llm, THREE_TURNS, streaming)
        assert caught.value.kind == "bad_response"
        assert_safe(caught.value)

    @pytest.mark.parametrize("streaming", [False, True])
    async def test_an_empty_reply_is_a_bad_response_that_keeps_its_usage(self, backend: Backend,
                                                                         streaming: bool) -> None:
        backend.fake.set_default(reply_text="")
        async with backend.provider() as llm:
            with pytest.raises(ProviderError) as caught:
                await answer(llm, THREE_TURNS, streaming)
        assert caught.value.kind == "bad_response"
        assert caught.value.usage is not None and caught.value.usage.input_tokens > 0

    async def test_roles_out_of_order_are_a_bad_request(self, backend: Backend) -> None:
        turns = [ChatTurn(role="user", content="Hi"), ChatTurn(role="user", content="Hello?")]
        async with backend.provider() as llm:
            with pytest.raises(ProviderError) as caught:
                await llm.complete(ConversationRequest(persona={}, system_blocks=(SYSTEM,), messages=turns))
        assert (caught.value.kind, caught.value.status_code) == ("bad_request", 400)

    async def test_a_refused_connection(self, backend: Backend) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        make = _claude if isinstance(backend.fake, FakeAnthropicServer) else _local
        llm = make(f"http://127.0.0.1:{port}", max_retries=0)
        try:
            with pytest.raises(ProviderError) as caught:
                await llm.complete(THREE_TURNS)
        finally:
            await llm.aclose()
        assert caught.value.kind == "connection"
        assert_safe(caught.value)


class TestStreamFailures:
    async def test_an_error_mid_stream_keeps_what_was_sent_and_what_it_cost(self, backend: Backend) -> None:
        backend.fake.script([{"behavior": "stream_error", "stream_error_after": 2}])
        deltas: list[str] = []
        async with backend.provider() as llm:
            with pytest.raises(ProviderError) as caught:
                async for item in llm.stream(THREE_TURNS):
                    deltas.append(item)  # type: ignore[arg-type]
        assert len(deltas) == 2
        assert (caught.value.kind, caught.value.status_code) == (backend.mid_stream_kind, None)
        assert caught.value.usage is not None and caught.value.usage.input_tokens > 0
        assert_safe(caught.value)

    async def test_a_failure_before_the_first_delta(self, backend: Backend) -> None:
        backend.fake.script(["overloaded"])
        async with backend.provider() as llm:
            with pytest.raises(ProviderError) as caught:
                await collect(llm, THREE_TURNS)
        assert (caught.value.kind, caught.value.status_code) == ("overloaded", backend.overloaded_status)
