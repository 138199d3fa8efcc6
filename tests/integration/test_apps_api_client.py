"""The apps' HTTP client: every failure becomes one readable ApiError, and a streamed turn becomes typed events."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from mvp.client.api_client import ApiClient, ApiError
from mvp.client.models import ReplyDelta, ReplyDiscarded, ReplyDone, ReplyFailed, StudentMessageStored
from tests.support.postgres import free_port

MESSAGE = {"id": 1, "session_id": 7, "sequence": 1, "role": "user", "content": "Hi", "input_tokens": 0,
           "output_tokens": 0, "cache_creation_tokens": 0, "cache_read_tokens": 0, "cost_usd": 0.0,
           "latency_ms": None, "is_fallback": False, "provider": None, "created_at": "2026-11-25T08:00:00"}
REPLY = {**MESSAGE, "id": 2, "sequence": 2, "role": "assistant", "content": "Hello.", "input_tokens": 700,
         "output_tokens": 5, "cost_usd": 0.0007, "latency_ms": 900, "provider": "anthropic"}
SESSION = {"id": 7, "client_id": 3, "client_name": "Kwame Mensah", "user_id": 4, "user_display_name": "Sam",
           "mode": "practice", "status": "active", "started_at": "2026-11-25T08:00:00Z", "ended_at": None,
           "provider": "anthropic", "model": "claude-haiku-4-5", "message_count": 2, "input_tokens": 700,
           "output_tokens": 5, "cache_creation_tokens": 0, "cache_read_tokens": 0, "cost_usd": 0.0007,
           "last_activity_at": "2026-11-25T08:00:01Z", "feedback_rating": None, "added_later": "ignored"}
DONE = {"message": MESSAGE, "reply": REPLY, "provider": "anthropic", "session": SESSION}


def client_answering(handler: Callable[[httpx.Request], httpx.Response]) -> ApiClient:
    return ApiClient("http://api.test", token="token", transport=httpx.MockTransport(handler))


def sse(*events: tuple[str, object]) -> bytes:
    return "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events).encode()


def streaming(body: bytes) -> ApiClient:
    return client_answering(lambda _: httpx.Response(200, content=body,
                                                     headers={"content-type": "text/event-stream"}))


class TestErrors:
    def test_an_unreachable_server_is_named_with_a_hint(self) -> None:
        url = f"http://127.0.0.1:{free_port()}"
        with pytest.raises(ApiError) as caught:
            ApiClient(url).login("a@example.com", "password")
        assert caught.value.message == f"Cannot reach the Virtual Client server at {url}. Is it running?"

    def test_the_apis_own_detail_is_the_message(self) -> None:
        api = client_answering(lambda _: httpx.Response(
            409, json={"error": "conflict", "detail": "This conversation has ended."}))
        with pytest.raises(ApiError) as caught:
            api.send_message(7, "Hello?")
        assert (caught.value.message, caught.value.status, caught.value.code) == (
            "This conversation has ended.", 409, "conflict")

    def test_an_expired_sign_in_asks_to_sign_in_again(self) -> None:
        api = client_answering(lambda _: httpx.Response(401, json={"error": "unauthorized", "detail": "Bad token."}))
        with pytest.raises(ApiError) as caught:
            api.me()
        assert caught.value.message == "Bad token. Please sign in again."

    def test_a_rate_limit_carries_retry_after(self) -> None:
        api = client_answering(lambda _: httpx.Response(
            429, json={"error": "rate_limited", "detail": "Slow down."}, headers={"Retry-After": "17"}))
        with pytest.raises(ApiError) as caught:
            api.send_message(7, "Hi")
        assert caught.value.retry_after == 17 and caught.value.message == "Slow down."

    def test_a_proxy_error_page_still_reads_as_a_sentence(self) -> None:
        api = client_answering(lambda _: httpx.Response(502, text="<html>Bad Gateway</html>"))
        with pytest.raises(ApiError) as caught:
            api.list_clients()
        assert caught.value.message == "The server had a problem (HTTP 502). Please try again in a moment."


class TestResults:
    def test_sessions_become_dataclasses_and_ignore_new_fields(self) -> None:
        api = client_answering(lambda request: httpx.Response(200, json=[SESSION]))
        [session] = api.list_sessions(status="active")
        assert session.client_name == "Kwame Mensah" and session.is_active
        assert session.started_at is not None and session.started_at.tzinfo is not None

    def test_list_filters_travel_as_query_parameters(self) -> None:
        seen: list[httpx.URL] = []

        def handler(request: httpx.Request) -> httpx.Response:
            seen.append(request.url)
            return httpx.Response(200, json=[])

        client_answering(handler).list_sessions(status="ended", client_id=3)
        assert seen[0].params["status"] == "ended" and seen[0].params["client_id"] == "3"
        assert seen[0].path == "/api/v1/sessions"


class TestStreaming:
    def test_a_turn_streams_as_typed_events(self) -> None:
        body = sse(("message", MESSAGE), ("delta", {"text": "Hel"}), ("delta", {"text": "lo."}), ("done", DONE))
        events = list(streaming(body).stream_message(7, "Hi"))
        assert isinstance(events[0], StudentMessageStored)
        assert [e.text for e in events if isinstance(e, ReplyDelta)] == ["Hel", "lo."]
        assert isinstance(events[-1], ReplyDone) and events[-1].turn.reply.content == "Hello."

    def test_a_discard_and_an_error_event_are_passed_on(self) -> None:
        body = sse(("message", MESSAGE), ("delta", {"text": "I was"}), ("discard", {"reason": "interrupted"}),
                   ("error", {"error": "reply_not_stored", "detail": "Reload and try again."}))
        events = list(streaming(body).stream_message(7, "Hi"))
        assert isinstance(events[2], ReplyDiscarded)
        assert isinstance(events[3], ReplyFailed) and events[3].detail == "Reload and try again."

    def test_a_stream_cut_off_before_done_is_an_error(self) -> None:
        body = sse(("message", MESSAGE), ("delta", {"text": "Hel"}))
        with pytest.raises(ApiError, match="cut off"):
            list(streaming(body).stream_message(7, "Hi"))

    def test_a_refusal_before_streaming_is_a_plain_api_error(self) -> None:
        api = client_answering(lambda _: httpx.Response(
            429, json={"error": "rate_limited", "detail": "Too many messages."}, headers={"Retry-After": "30"}))
        with pytest.raises(ApiError) as caught:
            list(api.stream_message(7, "Hi"))
        assert caught.value.status == 429 and caught.value.retry_after == 30
