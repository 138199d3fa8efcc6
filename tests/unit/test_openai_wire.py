"""What the OpenAI-compatible provider reads back: thinking never shown, however the stream is cut; JSON answers."""

from __future__ import annotations

import pytest

from backend.llm.openai_compatible.errors import server_words
from backend.llm.openai_compatible.wire import ReasoningFilter, json_object, visible_text

THINKING = "<think>\nShe hides the rent notice. Do not reveal it yet.\n</think>\n\nI'm okay. Just tired."


def streamed(text: str, cut: list[int]) -> str:
    """The visible text when `text` arrives in pieces cut at these offsets."""
    reasoning, shown, start = ReasoningFilter(), [], 0
    for end in [*cut, len(text)]:
        shown.append(reasoning.feed(text[start:end]))
        start = end
    return "".join(shown) + reasoning.flush()


class TestReasoningFilter:
    @pytest.mark.parametrize("text", [THINKING, "  " + THINKING, "I'm okay. <think> is a tag.", "<th", "Hi", ""])
    def test_every_way_of_cutting_the_stream_shows_the_same_text(self, text: str) -> None:
        whole = visible_text(text)
        for first in range(len(text) + 1):
            for second in range(first, len(text) + 1, 7):
                assert streamed(text, [first, second]) == whole

    def test_the_think_block_and_the_blank_lines_after_it_are_dropped(self) -> None:
        assert visible_text(THINKING) == "I'm okay. Just tired."

    def test_text_that_only_mentions_the_tag_is_kept(self) -> None:
        assert visible_text("I'm okay. <think> is a tag.") == "I'm okay. <think> is a tag."

    def test_an_unclosed_think_block_shows_nothing(self) -> None:
        assert visible_text("<think>She hides the rent notice and") == ""


class TestJsonAnswers:
    @pytest.mark.parametrize("text", ['{"score": 3}', '```json\n{"score": 3}\n```', '<think>hm</think>{"score": 3}'])
    def test_an_object_is_read_plain_fenced_or_after_thinking(self, text: str) -> None:
        assert json_object(text) == {"score": 3}

    @pytest.mark.parametrize("text", ["The student did well.", "[1, 2]", ""])
    def test_anything_but_an_object_is_none(self, text: str) -> None:
        assert json_object(text) is None


class TestServerWords:
    PROMPT = ("You are Maria Lopez, a client reluctant to talk about her drinking.", "Tell me about my brother Tomas?")

    def test_a_plain_message_is_kept_and_shortened(self) -> None:
        assert server_words("The model `llama3` does not exist. " * 10, prompt=self.PROMPT).startswith(
            "The model `llama3` does not exist.")
        assert len(server_words("x " * 500, prompt=self.PROMPT)) <= 120

    @pytest.mark.parametrize("message", [
        "messages.3.content: invalid [input_value='Tell me about my brother Tomas?']",
        "could not render: Maria Lopez, a client reluctant",
        "Incorrect API key provided: sk-local-SECRET-0123",
    ])
    def test_a_message_quoting_the_prompt_or_the_key_is_withheld(self, message: str) -> None:
        assert "withheld" in server_words(message, prompt=self.PROMPT, secret="sk-local-SECRET-0123456789")
