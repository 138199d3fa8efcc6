"""What a streamed Claude reply is billed and says, read from the API's own event types."""

from __future__ import annotations

from typing import Any

import pytest
from anthropic.types import (
    MessageDeltaUsage,
    RawContentBlockDeltaEvent,
    RawMessageDeltaEvent,
    RawMessageStartEvent,
    TextDelta,
)

from backend.llm.base import ProviderError, TokenUsage
from backend.llm.claude.stream import StreamedMessage

START = {"type": "message_start", "message": {
    "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-haiku-4-5", "content": [],
    "stop_reason": None, "stop_sequence": None,
    "usage": {"input_tokens": 40, "output_tokens": 1, "cache_creation_input_tokens": 4400,
              "cache_read_input_tokens": 0}}}


def _delta(text: str) -> RawContentBlockDeltaEvent:
    return RawContentBlockDeltaEvent(type="content_block_delta", index=0,
                                     delta=TextDelta(type="text_delta", text=text))


def _end(**usage: Any) -> RawMessageDeltaEvent:
    return RawMessageDeltaEvent(type="message_delta", delta={"stop_reason": "end_turn", "stop_sequence": None},
                                usage=MessageDeltaUsage(**usage))


def _fold(*events: Any) -> tuple[StreamedMessage, list[str]]:
    message, shown = StreamedMessage(), []
    for event in events:
        if text := message.add(event):
            shown.append(text)
    return message, shown


def test_the_reply_is_the_deltas_in_order_billed_with_the_final_output_count() -> None:
    message, shown = _fold(RawMessageStartEvent.model_validate(START), _delta("I guess "), _delta("it's fine."),
                           _end(output_tokens=7))
    reply = message.reply()
    assert shown == ["I guess ", "it's fine."] and reply.text == "I guess it's fine."
    assert reply.usage == TokenUsage(input_tokens=40, output_tokens=7, cache_creation_input_tokens=4400)
    assert (reply.model, reply.stop_reason) == ("claude-haiku-4-5", "end_turn")


def test_counts_repeated_in_the_final_event_replace_the_opening_ones_and_absent_ones_keep_them() -> None:
    message, _ = _fold(RawMessageStartEvent.model_validate(START), _delta("Okay."),
                       _end(output_tokens=3, input_tokens=42, cache_read_input_tokens=None))
    assert message.reply().usage == TokenUsage(input_tokens=42, output_tokens=3, cache_creation_input_tokens=4400)


def test_a_stream_cut_off_after_it_began_reports_what_was_billed_so_far() -> None:
    message, shown = _fold(RawMessageStartEvent.model_validate(START), _delta("Well"))
    assert shown == ["Well"]
    assert message.billed == TokenUsage(input_tokens=40, output_tokens=1, cache_creation_input_tokens=4400)
    assert StreamedMessage().billed is None  # nothing billed before message_start


@pytest.mark.parametrize("events", [(), (RawMessageStartEvent.model_validate(START), _end(output_tokens=1))])
def test_no_message_or_no_text_is_a_bad_response(events: tuple[Any, ...]) -> None:
    message, _ = _fold(*events)
    with pytest.raises(ProviderError) as refused:
        message.reply()
    assert refused.value.kind == "bad_response"
