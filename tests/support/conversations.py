"""Provider-level test material: a conversation request, collecting a stream, and the no-leak check on errors."""

from __future__ import annotations

from backend.llm.base import ChatTurn, ConversationRequest, LLMProvider, LLMReply, ProviderError

SYSTEM = "You are Maria Lopez, 34, a client who is reluctant to talk about her drinking. " * 20
PRIVATE = "my brother Tomas"


def conversation(*texts: str, max_tokens: int = 200, turn_note: str = "") -> ConversationRequest:
    """A request whose turns alternate user/assistant, starting with the student."""
    turns = [ChatTurn(role="user" if i % 2 == 0 else "assistant", content=t) for i, t in enumerate(texts)]
    return ConversationRequest(persona={"name": "Maria"}, system_blocks=(SYSTEM,), messages=turns,
                               max_tokens=max_tokens, turn_note=turn_note)


THREE_TURNS = conversation("Hi Maria, how was your week?", "Fine. Busy.", f"Tell me about {PRIVATE}?")


async def collect(provider: LLMProvider, request: ConversationRequest) -> tuple[list[str], LLMReply]:
    """A streamed reply's text deltas and the final LLMReply that must close it."""
    items = [item async for item in provider.stream(request)]
    *deltas, reply = items
    assert isinstance(reply, LLMReply)
    assert all(isinstance(d, str) for d in deltas)
    return deltas, reply  # type: ignore[return-value]


async def answer(provider: LLMProvider, request: ConversationRequest, streaming: bool) -> LLMReply:
    return (await collect(provider, request))[1] if streaming else await provider.complete(request)


def assert_safe(err: ProviderError) -> None:
    """The message names no secret (every test key contains SECRET) and no prompt text."""
    for text in (err.message, str(err), repr(err)):
        assert "SECRET" not in text
        assert PRIVATE not in text and "Maria" not in text
