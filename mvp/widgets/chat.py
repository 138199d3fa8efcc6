"""The conversation view both the teacher's test chat and the student's practice chat use."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import streamlit as st

from mvp import state
from mvp.client.api_client import ApiError
from mvp.client.models import (
    Message,
    ReplyDelta,
    ReplyDiscarded,
    ReplyDone,
    ReplyFailed,
    Session,
    StreamEvent,
    Turn,
)
from mvp.state import UnsentMessage
from mvp.widgets.api_calls import show_error
from mvp.widgets.avatars import Speakers, avatar_for
from mvp.widgets.formatting import LOCAL_PROVIDER, as_text, cost, local_clock, local_time, tokens
from mvp.widgets.screen_reader import announce_reply, said_label
from mvp.widgets.timezone import viewer_zone

OFFLINE_NOTICE = ("Practice mode: replies come from the offline simulator, not Claude. They follow simple rules, "
                  "so they are good for trying the app, not for judging your interviewing.")
TEACHER_OFFLINE_NOTICE = ("Offline mode: replies come from the offline simulator, not Claude, so they do not reflect "
                          "this persona's real voice. Configure an Anthropic API key to test the real thing.")
PAST_FALLBACK_NOTICE = "Some replies in this conversation were standby lines sent while the AI service was down."
FALLBACK_NOTICE = ("The AI service is having trouble right now, so the client answered with a short standby line. "
                   "Your messages are saved; carry on or try again in a minute.")
UNFINISHED = "The reply did not finish. Send your message again: it will not be saved twice."
# Where a reply came from, by the provider name the API stores with it: (badge text, icon, colour, help).
PROVIDER_BADGES = {
    "anthropic": ("Claude", ":material/smart_toy:", "blue", "Answered by Claude (Anthropic)."),
    LOCAL_PROVIDER: ("Local model", ":material/dns:", "violet",
                          "Answered by the model your institution runs on its own OpenAI-compatible server."),
    "offline": ("Offline simulator", ":material/cloud_off:", "gray", None),
}


def usage_caption(message: Message) -> str:
    """'1,234 in · 56 out · 1,000 cached · $0.0012 · 0.8 s' for one reply; '≈' marks an estimate."""
    about = "≈" if message.usage_estimated else ""
    parts = [f"{about}{tokens(message.input_tokens)} in", f"{about}{tokens(message.output_tokens)} out"]
    if message.cache_read_tokens:
        parts.append(f"{tokens(message.cache_read_tokens)} cache read")
    if message.cache_creation_tokens:
        parts.append(f"{tokens(message.cache_creation_tokens)} cache write")
    if message.usage_estimated:
        parts.append("tokens estimated: the server reported none")
    parts.append(cost(message.cost_usd, message.provider))
    if message.latency_ms is not None:
        parts.append(f"{message.latency_ms / 1000:.1f} s")
    return " · ".join(parts)


TRUST_ARROWS = {"up": "↑", "down": "↓", "steady": "→"}
RISK_LABELS = {"brush_off": "brushed off", "hint": "admitted a little", "tell": "told one piece",
               "deny": "denied (not in the persona)"}
CHECK_RESULTS = {"revised": "rewritten", "kept": "kept (the rewrite failed)",
                 "safe_line": "replaced with a safe line"}


def trust_caption(disclosure: dict[str, Any]) -> str:
    """One line of the trust trajectory: 'Trust warming ↑ · student: complex reflection · disclosed: "…"'."""
    parts = [f"Trust {disclosure.get('trust', '?')} {TRUST_ARROWS.get(disclosure.get('direction', ''), '')}".strip()]
    if move := disclosure.get("student_move"):
        parts.append(f"student: {move.replace('_', ' ')}")
    if offered := disclosure.get("offered"):
        parts.append(f"{'could hint at' if disclosure.get('offer') == 'hint' else 'could tell'}: “{offered}”")
    if risk := disclosure.get("risk"):
        topic = f" ({disclosure['risk_topic']})" if disclosure.get("risk_topic") else ""
        parts.append(f"safety question{topic} {RISK_LABELS.get(risk, risk)}")
    if disclosed := disclosure.get("disclosed"):
        parts.append("disclosed: " + "; ".join(f"“{fact}”" for fact in disclosed))
    if check := disclosure.get("check"):
        flags = ", ".join(flag.replace("_", " ") for flag in check.get("flags") or [])
        parts.append(f"model's first reply flagged ({flags}): {CHECK_RESULTS.get(check.get('result'), '?')}")
    return " · ".join(parts)


def out_of_frame_badge() -> None:
    """Marks a student's line that stepped out of the role-play, for the teacher reading the transcript."""
    st.badge("Stepped out of the role-play", icon=":material/theater_comedy:", color="red",
             help="This line spoke to the software, not the client: it is not coded and earned nothing.")


def reply_labels(message: Message) -> None:
    """A badge that says plainly where a reply came from: Claude, a local model, the offline simulator, or a
    standby line because the AI was unavailable."""
    if message.is_fallback:
        st.badge("Fallback reply — the AI was unavailable", icon=":material/warning:", color="orange")
    elif badge := PROVIDER_BADGES.get(message.provider or ""):
        text, icon, color, explanation = badge
        st.badge(text, icon=icon, color=color, help=explanation)  # type: ignore[arg-type]


def render_message(message: Message, *, show_usage: bool = True, speakers: Speakers | None = None,
                   show_trust: bool = False) -> None:
    role = "user" if message.role == "user" else "assistant"
    with st.chat_message(role, avatar=avatar_for(role, speakers)):
        said_label(role, speakers)
        st.markdown(as_text(message.content))
        if message.out_of_frame:
            out_of_frame_badge()
        if message.role == "assistant":
            reply_labels(message)
            if show_trust and message.disclosure:
                st.caption(f":material/psychology: {trust_caption(message.disclosure)}")
            if show_usage:
                st.caption(usage_caption(message))


def render_transcript(messages: list[Message], *, show_usage: bool = True, empty_text: str = "",
                      speakers: Speakers | None = None, show_trust: bool = False) -> None:
    """The conversation; `show_trust` adds the client's trust trajectory under each reply (teachers)."""
    if not messages and empty_text:
        st.caption(empty_text)
    for message in messages:
        render_message(message, show_usage=show_usage, speakers=speakers, show_trust=show_trust)


def render_metrics(slot: Any, session: Session) -> None:
    """The running totals of one conversation; drawn into a placeholder so a new reply can refresh it."""
    with slot.container():
        cols = st.columns(4)
        cols[0].metric("Messages", session.message_count)
        cols[1].metric("Tokens", tokens(session.total_tokens),
                       help=f"Input {tokens(session.input_tokens)} · output {tokens(session.output_tokens)} · "
                            f"cache read {tokens(session.cache_read_tokens)} · "
                            f"cache write {tokens(session.cache_creation_tokens)}")
        cols[2].metric("Cost", cost(session.cost_usd, session.provider).capitalize(),
                       help="What this conversation has cost so far (USD). A local model with no configured "
                            "price is not billed per token.")
        started, zone = session.started_at, viewer_zone()
        cols[3].metric("Started", local_clock(started, zone).removesuffix(" your time") if started else "—",
                       help=local_time(started, zone))


def provider_notices(session: Session, messages: list[Message], *, live: bool = True,
                     offline_text: str = OFFLINE_NOTICE) -> None:
    """Say clearly when replies are simulated or when replies were fallbacks during an outage."""
    replies = [m for m in messages if m.role == "assistant"]
    if session.provider == "offline" or any(m.provider == "offline" for m in replies):
        st.info(offline_text, icon=":material/cloud_off:")
    if live and replies and replies[-1].is_fallback:
        st.warning(FALLBACK_NOTICE, icon=":material/warning:")
    elif not live and any(m.is_fallback for m in replies):
        st.warning(PAST_FALLBACK_NOTICE, icon=":material/warning:")


def _deltas(events: Iterator[StreamEvent], seen: list[StreamEvent]) -> Iterator[str]:
    """Yield reply text until the stream discards, finishes or fails; remember that event for the caller."""
    for event in events:
        if isinstance(event, ReplyDelta):
            yield as_text(event.text)
        elif isinstance(event, ReplyDiscarded | ReplyDone | ReplyFailed):
            seen.append(event)
            return


def _stream_reply(events: Iterator[StreamEvent], *, show_usage: bool,
                  speakers: Speakers | None = None) -> StreamEvent | None:
    """Write the reply as it arrives; on a discard, wipe what was shown and write the fallback that follows.

    Screen readers hear the finished reply once (a polite live region), not each word; with reduced motion
    asked for, the CSS hides the keyed container until the reply is whole."""
    holder = st.empty()
    seen: list[StreamEvent] = []
    attempt = 0
    while True:
        attempt += 1
        with holder.container(), st.container(key=f"vc_streaming_reply_{attempt}"):
            st.write_stream(_deltas(events, seen))
        if not (seen and isinstance(seen[-1], ReplyDiscarded)):
            break
        holder.empty()
        st.caption("The reply was interrupted; the client's standby answer follows.")
        holder = st.empty()
        seen.clear()
    last = seen[-1] if seen else None
    if isinstance(last, ReplyDone):
        announce_reply(last.turn.reply.content, speakers)
        reply_labels(last.turn.reply)
        if show_usage:
            st.caption(usage_caption(last.turn.reply))
    return last


def _attempt(session_id: int, content: str) -> state.SendAttempt:
    """This send's Idempotency-Key: the unsent message's when the same text is sent again, else a fresh one."""
    last = state.send_attempt.get()
    if last is not None and last.session_id == session_id and last.text.strip() == content.strip():
        return last
    attempt = state.SendAttempt(session_id=session_id, text=content, key=uuid.uuid4().hex)
    state.send_attempt.set(attempt)
    return attempt


def _put_back(content: str, error: ApiError, *drawn: Any) -> None:
    """The message did not go through: wipe its half-drawn bubbles and put the text back in the box, with why."""
    for slot in drawn:
        slot.empty()
    state.unsent_message.set(UnsentMessage(text=content, error=error))
    st.rerun()


def send_and_stream(session_id: int, content: str, *, show_usage: bool = True,
                    speakers: Speakers | None = None) -> Turn | None:
    """Show the student's message, stream the client's reply into the page, and return the stored turn.

    A refusal, a lost connection, a server error or a reply that did not finish puts the text back in the message
    box; sending it again reuses the message's Idempotency-Key, so nothing is stored twice (and a reply still
    being written comes back with it). A reply the API could not store is said plainly: the message is saved.
    """
    attempt = _attempt(session_id, content)
    mine = st.empty()
    with mine.container(), st.chat_message("user", avatar=avatar_for("user", speakers)):
        said_label("user", speakers)
        st.markdown(as_text(content))
    slot = st.empty()
    try:
        with slot.container(), st.chat_message("assistant", avatar=avatar_for("assistant", speakers)):
            said_label("assistant", speakers)
            last = _stream_reply(state.api().stream_message(session_id, content, key=attempt.key),
                                 show_usage=show_usage, speakers=speakers)
    except ApiError as err:  # not api_call: the half-drawn bubbles go first, and the text goes back in the box
        _put_back(content, err, slot, mine)
        return None
    if isinstance(last, ReplyFailed):  # the message is saved (the API says so); only the reply is missing
        state.send_attempt.pop()
        st.error(last.detail, icon=":material/error:")
        return None
    if not isinstance(last, ReplyDone):
        _put_back(content, ApiError(UNFINISHED, code="stream_interrupted"), slot, mine)
        return None
    state.send_attempt.pop()
    if last.turn.reply.is_fallback:
        st.warning(FALLBACK_NOTICE, icon=":material/warning:")
    return last.turn


def start_for(content: str, client_id: int) -> Session:
    """A new conversation with this client, started to send `content` in. When the API refuses (a limit, a lost
    connection), the text goes back in the message box with why and the page reruns, so nothing typed is lost."""
    try:
        return state.api().start_session(client_id)
    except ApiError as error:
        _put_back(content, error)
        raise  # not reached: _put_back reruns the page


TOO_LONG = "too_long"  # the code of a message refused here for its length, before it is sent


def message_box(placeholder: str) -> str | None:
    """The chat input and what was typed in it, if it can be sent.

    No max_chars on the box: Streamlit's box silently drops a paste that would go over it. Instead a message over
    the API's limit comes back into the box whole, with how much to cut; a blank one is never sent.
    """
    unsent = state.unsent_message.get()
    if unsent is not None:
        st.session_state[state.CHAT_INPUT] = unsent.text
    limit = state.api().limits_or_default().max_message_chars
    prompt = st.chat_input(f"{placeholder} (up to {limit:,} characters)", key=state.CHAT_INPUT)
    if prompt is None:
        return None
    if not prompt.strip():
        st.info("Type a message first: an empty message is not sent.", icon=":material/edit:")
        return None
    if len(prompt) > limit:
        state.unsent_message.set(UnsentMessage(text=prompt, error=ApiError(
            f"Your message is {len(prompt):,} characters; the limit is {limit:,}. Shorten it by "
            f"{len(prompt) - limit:,} characters: it is back in the box, nothing was cut or sent.", code=TOO_LONG)))
        st.rerun()
    return prompt


def unsent_notice() -> None:
    """Why the last message was not sent, under the transcript, once: the text itself is back in the box."""
    unsent = state.unsent_message.pop()
    if unsent is None:
        return
    show_error(unsent.error)
    if unsent.error.code != TOO_LONG:  # that one already says what to do with the text
        st.caption("Your message was not sent. It is back in the box below: send it again (it will not be saved "
                   "twice) or change it first.")
