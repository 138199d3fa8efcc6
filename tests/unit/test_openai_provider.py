"""OpenAICompatibleProvider through the real openai SDK over real HTTP, against the fake chat-completions server.

What every HTTP provider does alike (retries, timeouts, malformed bodies) is in test_provider_contract.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from backend.llm.base import ChatTurn, ProviderError, StructuredRequest
from backend.llm.openai_compatible.provider import OpenAICompatibleProvider
from tests.support.conversations import SYSTEM, THREE_TURNS, answer, assert_safe, collect, conversation
from tests.support.fake_openai import FakeOpenAIServer

API_KEY = "sk-local-SECRET-0123456789"
MODEL = "llama3.1:8b"
SCORE_SCHEMA = {"type": "object", "required": ["score", "reason"], "properties": {
    "score": {"type": "integer", "minimum": 1, "maximum": 5}, "reason": {"type": "string"}}}


@pytest.fixture
def fake() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(served_model=MODEL) as server:
        yield server


@asynccontextmanager
async def provider_for(fake: FakeOpenAIServer, **kwargs: Any) -> AsyncIterator[OpenAICompatibleProvider]:
    """A provider for this fake, closed afterwards; `model` and SDK settings as given."""
    local = OpenAICompatibleProvider(base_url=fake.v1_url, **{"model": MODEL, "max_retries": 0, **kwargs})
    try:
        yield local
    finally:
        await local.aclose()


@pytest.fixture
async def provider(fake: FakeOpenAIServer) -> AsyncIterator[OpenAICompatibleProvider]:
    async with provider_for(fake) as local:
        yield local


def judge(**kwargs: Any) -> StructuredRequest:
    return StructuredRequest(system_prompt="Score the student's empathy.", tool_name="record_score",
                             tool_description="Record the score and why.", schema=SCORE_SCHEMA,
                             messages=[ChatTurn(role="user", content="Student: That sounds hard.")], **kwargs)


class TestCompletion:
    async def test_returns_text_usage_and_model(self, provider: OpenAICompatibleProvider) -> None:
        reply = await provider.complete(THREE_TURNS)
        assert "Tell me about my brother Tomas" in reply.text
        assert (reply.model, reply.provider, reply.stop_reason) == (MODEL, "openai_compatible", "stop")
        assert reply.usage.input_tokens > 300 and reply.usage.output_tokens > 0
        assert reply.usage.estimated is False

    async def test_sends_the_system_prompt_first_and_the_turn_note_after_the_students_words(
        self, fake: FakeOpenAIServer, provider: OpenAICompatibleProvider
    ) -> None:
        await provider.complete(conversation("Hello?", turn_note="(She is a little more open now.)"))
        [sent] = fake.requests
        body = sent["body"]
        assert (body["model"], body["max_tokens"]) == (MODEL, 200)
        assert body["messages"] == [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": "Hello?\n\n(She is a little more open now.)"},
        ]
        assert "stream" not in body and "stream_options" not in body

    async def test_a_local_server_without_a_key_gets_no_authorization_header(
        self, fake: FakeOpenAIServer, provider: OpenAICompatibleProvider
    ) -> None:
        await provider.complete(THREE_TURNS)
        headers = fake.requests[0]["headers"]
        assert "authorization" not in headers and "openai-organization" not in headers

    async def test_a_configured_key_is_sent_as_a_bearer_token(self, fake: FakeOpenAIServer) -> None:
        fake.set_default(api_key=API_KEY)
        async with provider_for(fake, api_key=API_KEY) as local:
            assert (await local.complete(THREE_TURNS)).text
        assert fake.requests[0]["headers"]["authorization"].startswith("Bearer sk-lo")

    async def test_a_prefix_cache_hit_is_counted_as_cache_read_not_input(
        self, fake: FakeOpenAIServer, provider: OpenAICompatibleProvider
    ) -> None:
        fake.set_default(prefix_caching=True)
        first = await provider.complete(THREE_TURNS)
        second = await provider.complete(THREE_TURNS)
        assert first.usage.cache_read_input_tokens == 0
        assert second.usage.cache_read_input_tokens == first.usage.input_tokens
        assert second.usage.input_tokens == 0

    @pytest.mark.parametrize("streaming", [False, True])
    async def test_missing_usage_is_estimated_and_flagged(
        self, fake: FakeOpenAIServer, provider: OpenAICompatibleProvider, streaming: bool
    ) -> None:
        reported = await provider.complete(THREE_TURNS)
        fake.set_default(send_usage=False)
        estimated = await answer(provider, THREE_TURNS, streaming)
        assert estimated.usage.estimated is True and reported.usage.estimated is False
        # the estimate lands near what the server would have counted
        assert estimated.usage.input_tokens == pytest.approx(reported.usage.input_tokens, rel=0.35)
        assert estimated.usage.output_tokens == pytest.approx(reported.usage.output_tokens, rel=0.35)

    @pytest.mark.parametrize("streaming", [False, True])
    async def test_a_reasoning_models_thinking_is_never_shown(
        self, fake: FakeOpenAIServer, provider: OpenAICompatibleProvider, streaming: bool
    ) -> None:
        fake.set_default(think="She hides the rent notice; she must not say so yet.", reply_text="I'm fine.")
        if streaming:
            deltas, reply = await collect(provider, THREE_TURNS)
            assert "".join(deltas) == reply.text
        else:
            reply = await provider.complete(THREE_TURNS)
        assert reply.text == "I'm fine."
        assert reply.usage.output_tokens > 10  # the thinking was generated, and counts

    async def test_thinking_that_never_ends_is_a_bad_response(
        self, fake: FakeOpenAIServer, provider: OpenAICompatibleProvider
    ) -> None:
        fake.set_default(reply_text="<think>She hides the rent notice and")
        with pytest.raises(ProviderError) as caught:
            await collect(provider, THREE_TURNS)
        assert caught.value.kind == "bad_response"
        assert "rent notice" not in caught.value.message


class TestStreaming:
    async def test_deltas_join_to_the_final_text_and_usage_comes_in_the_last_chunk(
        self, fake: FakeOpenAIServer, provider: OpenAICompatibleProvider
    ) -> None:
        fake.set_default(chunks=6)
        deltas, reply = await collect(provider, THREE_TURNS)
        assert len(deltas) == 6 and "".join(deltas) == reply.text
        body = fake.requests[0]["body"]
        assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
        fake.reset()
        completed = await provider.complete(THREE_TURNS)
        assert reply.usage == completed.usage and reply.usage.estimated is False
        assert (reply.model, reply.stop_reason) == (MODEL, "stop")

class TestRetries:
    async def test_rate_limited_names_openais_error_type_and_code(self, fake: FakeOpenAIServer,
                                                                  provider: OpenAICompatibleProvider) -> None:
        fake.script([{"behavior": "rate_limited", "retry_after": 7}])
        with pytest.raises(ProviderError) as caught:
            await provider.complete(THREE_TURNS)
        assert "HTTP 429 requests rate_limit_exceeded" in caught.value.message


class TestFailures:
    async def test_a_model_the_server_does_not_serve_says_so(self, fake: FakeOpenAIServer) -> None:
        async with provider_for(fake, model="llama3") as local:
            with pytest.raises(ProviderError) as caught:
                await local.complete(THREE_TURNS)
        assert caught.value.kind == "bad_request"
        assert "The model `llama3` does not exist" in caught.value.message

    async def test_a_wrong_key_is_an_auth_error_that_does_not_repeat_the_key(self, fake: FakeOpenAIServer) -> None:
        fake.set_default(api_key="sk-the-right-one")
        async with provider_for(fake, api_key=API_KEY) as local:
            with pytest.raises(ProviderError) as caught:
                await local.complete(THREE_TURNS)
        assert (caught.value.kind, caught.value.status_code) == ("auth", 401)
        assert_safe(caught.value)

    async def test_an_error_that_quotes_the_prompt_is_logged_without_it(
        self, fake: FakeOpenAIServer, provider: OpenAICompatibleProvider
    ) -> None:
        fake.script(["echo_error"])
        with pytest.raises(ProviderError) as caught:
            await provider.complete(THREE_TURNS)
        assert caught.value.kind == "bad_request"
        assert "withheld" in caught.value.message
        assert_safe(caught.value)

class TestStructured:
    async def test_a_json_schema_response_format_is_filled_in(
        self, fake: FakeOpenAIServer, provider: OpenAICompatibleProvider
    ) -> None:
        reply = await provider.complete_structured(judge())
        assert reply.data == {"score": 1, "reason": "A short answer."}
        assert (reply.provider, reply.model, reply.usage.estimated) == ("openai_compatible", MODEL, False)
        body = fake.requests[0]["body"]
        assert body["response_format"] == {"type": "json_schema", "json_schema": {
            "name": "record_score", "description": "Record the score and why.", "schema": SCORE_SCHEMA}}
        assert body["messages"][0] == {"role": "system", "content": "Score the student's empathy."}
        assert "tools" not in body

    async def test_a_forced_function_call_is_read_back(self, fake: FakeOpenAIServer) -> None:
        fake.set_default(structured_answer={"score": 4, "reason": "Reflected the feeling."})
        async with provider_for(fake, structured_output="tools") as local:
            reply = await local.complete_structured(judge())
        assert reply.data == {"score": 4, "reason": "Reflected the feeling."}
        body = fake.requests[0]["body"]
        assert body["tool_choice"] == {"type": "function", "function": {"name": "record_score"}}
        assert body["tools"][0]["function"]["parameters"] == SCORE_SCHEMA
        assert "response_format" not in body

    async def test_fenced_json_from_a_server_that_ignores_the_format_is_accepted(
        self, fake: FakeOpenAIServer, provider: OpenAICompatibleProvider
    ) -> None:
        fake.set_default(reply_text='```json\n{"score": 2, "reason": "Closed questions."}\n```', send_usage=False)
        reply = await provider.complete_structured(judge())
        assert reply.data == {"score": 2, "reason": "Closed questions."}
        assert reply.usage.estimated is True

    async def test_prose_instead_of_the_answer_is_a_bad_response(
        self, fake: FakeOpenAIServer, provider: OpenAICompatibleProvider
    ) -> None:
        fake.set_default(reply_text="The student did well overall.")
        with pytest.raises(ProviderError) as caught:
            await provider.complete_structured(judge())
        assert caught.value.kind == "bad_response" and "record_score" in caught.value.message
        assert caught.value.usage is not None

    async def test_another_model_can_be_asked(self, fake: FakeOpenAIServer) -> None:
        fake.set_default(served_model=None)
        async with provider_for(fake) as local:
            reply = await local.complete_structured(judge(model="qwen2.5:14b"))
        assert reply.model == "qwen2.5:14b" == fake.requests[0]["body"]["model"]


class TestFakeOverHttp:
    """The fake's HTTP side, which the API server under test drives from another process."""

    def test_control_endpoints_and_the_wire_format(self, fake: FakeOpenAIServer) -> None:
        body = {"model": MODEL, "messages": [{"role": "user", "content": "Hi"}], "stream": True,
                "stream_options": {"include_usage": True}}
        with httpx.Client(base_url=fake.base_url) as http:
            assert http.post("/_fake/script", json={"behaviors": ["overloaded", "ok"]}).json() == {"queued": 2}
            assert http.post("/_fake/config", json={"reply_text": "Hm."}).json()["reply_text"] == "Hm."
            assert http.post("/_fake/config", json={"nonsense": 1}).status_code == 400
            refused = http.post("/v1/chat/completions", json=body)
            assert refused.status_code == 503 and refused.json()["error"]["type"] == "server_error"
            streamed = http.post("/v1/chat/completions", json=body).text
            assert streamed.rstrip().endswith("data: [DONE]")
            assert '"usage": {"prompt_tokens"' in streamed.split("data: ")[-2]  # the chunk before [DONE]
            recorded = http.get("/_fake/requests").json()
            assert recorded["count"] == 2 and recorded["requests"][0]["body"] == body
            assert http.post("/_fake/reset").json() == {"ok": True}
            assert http.get("/_fake/requests").json() == {"count": 0, "requests": []}

    @pytest.mark.parametrize(("change", "status", "code"), [
        ({"messages": []}, 400, None),
        ({"messages": [{"role": "assistant", "content": "Hi"}]}, 400, None),
        ({"max_tokens": 0}, 400, None),
        ({"stream_options": {"include_usage": True}}, 400, None),
        ({"response_format": {"type": "json_schema", "json_schema": {}}}, 400, None),
        ({"model": "gpt-4o"}, 404, "model_not_found"),
    ])
    def test_rejects_what_a_real_server_rejects(self, fake: FakeOpenAIServer, change: dict[str, Any], status: int,
                                                code: str | None) -> None:
        body = {"model": MODEL, "messages": [{"role": "user", "content": "Hi"}], **change}
        response = httpx.post(f"{fake.v1_url}/chat/completions", json=body)
        assert response.status_code == status
        assert response.json()["error"]["code"] == code
