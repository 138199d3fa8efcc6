"""Structured answers through the real anthropic SDK: the fake answers tool-use requests with a `tool_use` block."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace

import httpx
import pytest

from backend.llm.base import ChatTurn, ProviderError, StructuredRequest
from backend.llm.claude.provider import ClaudeProvider
from tests.support.fake_anthropic import FakeAnthropicServer

SCHEMA = {"type": "object", "required": ["verdict", "score", "quotes"], "properties": {
    "verdict": {"type": "string", "enum": ["good", "poor"]}, "score": {"type": "integer"},
    "quotes": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["message_id", "quote"],
                                                         "properties": {"message_id": {"type": ["integer", "null"]},
                                                                        "quote": {"type": "string"}}}}}}
REQUEST = StructuredRequest(system_prompt="You judge interviews.", messages=[ChatTurn("user", "Judge this.")],
                            tool_name="record_verdict", tool_description="Record the verdict.", schema=SCHEMA,
                            max_tokens=500, model="claude-haiku-4-5")


@pytest.fixture
def fake() -> Iterator[FakeAnthropicServer]:
    with FakeAnthropicServer() as server:
        yield server


@pytest.fixture
async def claude(fake: FakeAnthropicServer) -> AsyncIterator[ClaudeProvider]:
    provider = ClaudeProvider(api_key="sk-test", model="claude-sonnet-4-6", base_url=fake.base_url, max_retries=0)
    yield provider
    await provider.aclose()


async def test_a_scripted_tool_input_comes_back_as_the_answer_with_usage(claude: ClaudeProvider,
                                                                          fake: FakeAnthropicServer) -> None:
    fake.script([{"behavior": "ok", "tool_input": {"verdict": "good", "score": 4, "quotes": []}}])
    reply = await claude.complete_structured(REQUEST)
    assert reply.data == {"verdict": "good", "score": 4, "quotes": []}
    assert reply.provider == "anthropic" and reply.model == "claude-haiku-4-5"
    assert reply.usage.input_tokens > 0 and reply.usage.output_tokens > 0
    sent = fake.requests[-1]["body"]
    assert sent["tool_choice"] == {"type": "tool", "name": "record_verdict"}
    assert sent["tools"][0]["input_schema"] == SCHEMA and sent["model"] == "claude-haiku-4-5"


def test_the_answer_is_a_real_tool_use_block(fake: FakeAnthropicServer) -> None:
    fake.configure(tool_input={"verdict": "poor", "score": 1, "quotes": []})
    body = {"model": "claude-haiku-4-5", "max_tokens": 100, "messages": [{"role": "user", "content": "Judge."}],
            "tools": [{"name": "record_verdict", "input_schema": SCHEMA}],
            "tool_choice": {"type": "tool", "name": "record_verdict"}}
    message = httpx.post(f"{fake.base_url}/v1/messages", json=body, headers={"x-api-key": "k"}).json()
    [block] = message["content"]
    assert message["stop_reason"] == "tool_use"
    assert block["type"] == "tool_use" and block["name"] == "record_verdict" and block["id"].startswith("toolu_")
    assert block["input"] == {"verdict": "poor", "score": 1, "quotes": []}


async def test_a_model_that_ignores_the_tool_is_a_bad_response(claude: ClaudeProvider) -> None:
    with pytest.raises(ProviderError) as failed:  # nothing scripted: the fake answers in plain text
        await claude.complete_structured(REQUEST)
    assert failed.value.kind == "bad_response" and "did not fill in record_verdict" in failed.value.message


async def test_anything_the_test_scripts_is_passed_through_even_when_it_breaks_the_schema(
        claude: ClaudeProvider, fake: FakeAnthropicServer) -> None:
    fake.script([{"behavior": "ok", "tool_input": {"verdict": 7}}])
    assert (await claude.complete_structured(REQUEST)).data == {"verdict": 7}


async def test_a_broken_body_is_a_bad_response(claude: ClaudeProvider, fake: FakeAnthropicServer) -> None:
    fake.script(["malformed"])
    with pytest.raises(ProviderError) as failed:
        await claude.complete_structured(REQUEST)
    assert failed.value.kind == "bad_response"


async def test_a_tool_without_a_schema_is_refused_like_the_real_api(claude: ClaudeProvider) -> None:
    with pytest.raises(ProviderError) as failed:
        await claude.complete_structured(replace(REQUEST, schema="nope"))  # type: ignore[arg-type]
    assert failed.value.kind == "bad_request"


def test_forcing_a_tool_that_was_not_offered_is_refused(fake: FakeAnthropicServer) -> None:
    body = {"model": "claude-haiku-4-5", "max_tokens": 100, "messages": [{"role": "user", "content": "Judge."}],
            "tools": [{"name": "record_verdict", "input_schema": SCHEMA}], "tool_choice": {"type": "tool", "name": "x"}}
    response = httpx.post(f"{fake.base_url}/v1/messages", json=body, headers={"x-api-key": "k"})
    assert response.status_code == 400 and "tool_choice.name" in response.json()["error"]["message"]
