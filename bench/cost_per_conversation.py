"""What one practice conversation costs, per model: tokens and dollars, with/without prompt caching and windowing.

The requests are built by the real code (`ClaudeProvider._params`, `build_history` / `merge_alternating`,
`compile_system_prompt`), token counts come from `backend.llm.tokens` (cl100k x the model's correction
factor, + the per-message overhead the estimator uses), replies are assumed to be `--reply-tokens` long, and
caching follows Anthropic's rules: a breakpoint whose prefix is shorter than the model's minimum cacheable
length is not cached; otherwise the longest previously written prefix is read (0.1x) and the rest up to the
last breakpoint is written (1.25x). The cache is assumed warm between turns (turns are < 5 minutes apart).

    /work/venv/bin/python -m bench.cost_per_conversation [--turns 10,30] [--reply-tokens 60]
        [--persona "Dale Kowalski"] [--budgets 6000,1500] [--cross-check]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backend.core.config import Settings
from backend.demo.data import DEMO_CLIENTS
from backend.llm.base import ConversationRequest, TokenUsage
from backend.llm.claude.provider import ClaudeProvider
from backend.llm.pricing import DEFAULT_PRICES, PricingTable, resolve_model
from backend.llm.tokens import MESSAGE_OVERHEAD_TOKENS, correction_factor, count_tokens
from backend.models.message import Message, MessageRole
from backend.services.conversation.history import build_history, merge_alternating
from backend.services.conversation.prompt import compile_system_prompt
from bench.common import fmt, log, table
from bench.script import student_line

# Anthropic's minimum cacheable prompt length per model (tokens); shorter prefixes are processed uncached.
MIN_CACHEABLE: dict[str, int] = {
    "claude-haiku-4-5": 4096,
    "claude-sonnet-4-6": 2048,
    "claude-sonnet-4-5": 1024,
    "claude-opus-4-5": 4096,
    "claude-3-5-haiku-latest": 2048,
}
TARGET_USD = 0.01
REPLY_SOURCE = (
    "I don't know... it's been a lot, honestly. I keep telling myself it will get better on its own, but then I "
    "lie awake at three in the morning going over the same numbers again and again. My family thinks I'm fine. "
    "I smile, I make dinner, I go through the motions, and nobody asks. Maybe that's my fault for not saying "
    "anything. It's just hard to admit it out loud, you know? Saying it makes it real. And I was always the "
    "one who held everything together, so who am I if I can't do that anymore? Sorry, I'm rambling. "
)

Tokenizer = Callable[[str], float]


def claude_tokenizer(model: str) -> Tokenizer:
    """cl100k count + the estimator's per-message overhead, scaled to the model's tokenizer."""
    factor = correction_factor(model)
    return lambda text: (count_tokens(text) + MESSAGE_OVERHEAD_TOKENS) * factor


def fake_tokenizer(text: str) -> float:
    """tests/support/fake_anthropic.py counts ceil(len/4) per block: used to cross-check against the fake exactly."""
    return max(1, math.ceil(len(text) / 4))


def reply_text(turn: int, cl100k_tokens: int) -> str:
    """A realistic client reply of exactly `cl100k_tokens` cl100k tokens (varies per turn)."""
    from backend.llm.tokens import _encoding

    encoding = _encoding()
    ids = encoding.encode(REPLY_SOURCE * 4)
    start = (turn * 17) % 60
    return encoding.decode(ids[start:start + cl100k_tokens]).strip()


@dataclass
class CacheSim:
    """Prompt caching as Anthropic bills it (and as tests/support/fake_anthropic.py emulates it)."""

    tokenizer: Tokenizer
    min_cacheable: int
    cache: set[tuple[str, ...]] = field(default_factory=set)

    def usage(self, body: dict[str, Any]) -> tuple[float, float, float]:
        """(uncached input, cache write, cache read) tokens of one request body."""
        blocks: list[tuple[str, bool]] = []  # (text, has cache_control), system first, then messages in order
        system = body.get("system") or []
        for block in [system] if isinstance(system, str) else system:
            blocks.append(_block(block))
        for message in body["messages"]:
            content = message["content"]
            for block in [content] if isinstance(content, str) else content:
                blocks.append(_block(block, message["role"]))
        keys: list[tuple[str, ...]] = []
        prefix_tokens: list[float] = []
        breakpoints: list[int] = []
        running = 0.0
        for i, (text, marked) in enumerate(blocks):
            running += self.tokenizer(text.split("\x00", 1)[1])
            keys.append((*(keys[-1] if keys else ()), text))
            prefix_tokens.append(running)
            if marked and running >= max(self.min_cacheable, 1):
                breakpoints.append(i)
        total = prefix_tokens[-1] if prefix_tokens else 0.0
        read = written = 0.0
        if breakpoints:
            last = breakpoints[-1]
            read = next((prefix_tokens[i] for i in range(last, -1, -1) if keys[i] in self.cache), 0.0)
            written = prefix_tokens[last] - read
            self.cache.update(keys[i] for i in breakpoints)
        return total - read - written, written, read


def _block(block: Any, role: str = "system") -> tuple[str, bool]:
    if isinstance(block, str):
        return f"{role}\x00{block}", False
    return f"{role}\x00{block.get('text', '')}", "cache_control" in block


def _strip_cache_control(body: dict[str, Any]) -> dict[str, Any]:
    def clean(blocks: Any) -> Any:
        if isinstance(blocks, list):
            return [{k: v for k, v in b.items() if k != "cache_control"} for b in blocks]
        return blocks

    return {**body, "system": clean(body.get("system")),
            "messages": [{**m, "content": clean(m["content"])} for m in body["messages"]]}


@dataclass
class TurnBill:
    input: float
    cache_write: float
    cache_read: float
    output: float
    omitted: int


def simulate(
    *, model: str, system_prompt: str, persona: dict[str, Any], students: Sequence[str], replies: Sequence[str],
    output_tokens: Sequence[float], caching: bool, budget: int | None, tokenizer: Tokenizer, min_cacheable: int,
) -> list[TurnBill]:
    """Bill each turn of a conversation: the request the API would send, through the cache simulation."""
    provider = ClaudeProvider(api_key="simulation-only", model=model)
    sim = CacheSim(tokenizer, min_cacheable)
    stored: list[Message] = []
    bills: list[TurnBill] = []
    for turn, line in enumerate(students):
        stored.append(Message(role=MessageRole.user, content=line, sequence=len(stored) + 1))
        if budget is None:
            turns, omitted = merge_alternating(stored), 0
        else:
            turns, omitted = build_history(stored, budget_tokens=budget)
        request = ConversationRequest(persona=persona, system_blocks=(system_prompt,), messages=list(turns),
                                      max_tokens=300, turn_index=turn + 1, omitted_turns=omitted)
        body = provider._params(request)
        if not caching:
            body = _strip_cache_control(body)
        uncached, written, read = sim.usage(body)
        bills.append(TurnBill(uncached, written, read, output_tokens[turn], omitted))
        stored.append(Message(role=MessageRole.assistant, content=replies[turn], sequence=len(stored) + 1))
    return bills


def dollars(pricing: PricingTable, model: str, bills: Sequence[TurnBill]) -> float:
    usage = TokenUsage(
        input_tokens=round(sum(b.input for b in bills)),
        output_tokens=round(sum(b.output for b in bills)),
        cache_creation_input_tokens=round(sum(b.cache_write for b in bills)),
        cache_read_input_tokens=round(sum(b.cache_read for b in bills)),
    )
    return pricing.cost(model, usage)


def persona_by_name(name: str | None) -> dict[str, Any]:
    if name:
        for persona in DEMO_CLIENTS:
            if persona["name"].lower().startswith(name.lower()):
                return persona
        raise SystemExit(f"no demo persona named {name!r}")
    return max(DEMO_CLIENTS, key=lambda p: count_tokens(compile_system_prompt(p)))


# --------------------------------------------------------------------------- the report


def run_report(args: argparse.Namespace) -> dict[str, Any]:
    settings = Settings()
    default_model = resolve_model(settings.model)
    budgets: list[int | None] = [int(b) for b in args.budgets.split(",")] if args.budgets else [
        settings.history_token_budget]
    pricing = PricingTable.load()
    models = [m for m, price in DEFAULT_PRICES.items() if price.input > 0 or price.output > 0]
    persona = persona_by_name(args.persona)
    system_prompt = compile_system_prompt(persona)

    print(table(
        ["persona", "system prompt cl100k", "x1.35 (Claude 4.x est.)"],
        [[p["name"], count_tokens(compile_system_prompt(p)),
          round((count_tokens(compile_system_prompt(p)) + MESSAGE_OVERHEAD_TOKENS) * 1.35)] for p in DEMO_CLIENTS],
        title="System prompt size per demo persona (the benchmark uses the longest unless --persona is given)",
    ))
    print(f"\npersona used: {persona['name']}; reply length assumed {args.reply_tokens} Claude tokens; "
          f"history budget(s): {', '.join(str(b) for b in budgets)} (configured VC_HISTORY_TOKEN_BUDGET="
          f"{settings.history_token_budget}); default model {default_model}\n")

    rows: list[list[Any]] = []
    results: dict[tuple[str, int, str, bool], float] = {}
    for model in models:
        factor = correction_factor(model)
        reply_cl100k = max(1, round(args.reply_tokens / factor))
        for turns in args.turns:
            students = [student_line(i) for i in range(turns)]
            replies = [reply_text(i, reply_cl100k) for i in range(turns)]
            outputs = [float(args.reply_tokens)] * turns
            for budget in [*budgets, None]:
                history = "full" if budget is None else f"window@{budget}"
                for caching in (True, False):
                    bills = simulate(model=model, system_prompt=system_prompt, persona=persona,
                                     students=students, replies=replies, output_tokens=outputs, caching=caching,
                                     budget=budget, tokenizer=claude_tokenizer(model),
                                     min_cacheable=MIN_CACHEABLE.get(model, 1024))
                    cost = dollars(pricing, model, bills)
                    results[(model, turns, history, caching)] = cost
                    first_cached = next((i + 1 for i, b in enumerate(bills) if b.cache_write or b.cache_read), None)
                    rows.append([
                        model, turns, history, "on" if caching else "off",
                        round(sum(b.input for b in bills)), round(sum(b.cache_write for b in bills)),
                        round(sum(b.cache_read for b in bills)), round(sum(b.output for b in bills)),
                        f"${cost:.5f}", f"${cost / turns:.5f}",
                        "-" if first_cached is None else first_cached,
                        max(b.omitted for b in bills),
                    ])
    print(table(
        ["model", "turns", "history", "caching", "input tok", "cache write", "cache read", "output tok",
         "cost", "cost/turn", "1st cached turn", "max dropped turns"],
        rows, title="Cost of one reference practice conversation (simulated request by request)",
    ))
    production = budgets[0]
    prod_history = f"window@{production}"
    haiku10 = results.get(("claude-haiku-4-5", 10, prod_history, True))
    default10 = results.get((default_model, 10, prod_history, True))
    def usd(value: float | None) -> str:
        return "-" if value is None else f"${value:.5f}"

    def status(value: float | None) -> str:
        return "-" if value is None else ("met" if value <= TARGET_USD else "MISSED")

    summary = [
        ["10-turn conversation on claude-haiku-4-5 (caching on, windowed)", usd(haiku10), f"<= ${TARGET_USD:.2f}",
         status(haiku10)],
        [f"10-turn conversation on the default model {default_model}", usd(default10), f"<= ${TARGET_USD:.2f}",
         status(default10)],
    ]
    for turns in args.turns:
        on = results.get(("claude-haiku-4-5", turns, prod_history, True))
        off = results.get(("claude-haiku-4-5", turns, prod_history, False))
        if on is not None and off:
            summary.append([f"haiku-4-5 {turns}-turn: caching saves", f"{(1 - on / off) * 100:.1f}%", "", ""])
    print()
    print(table(["figure", "value", "target", "status"], summary, title="Summary"))
    return {"results": results, "haiku10": haiku10, "default10": default10}


# --------------------------------------------------------------------------- cross-check against the fake


def cross_check(args: argparse.Namespace) -> None:
    """Run the reference conversation through the real API + fake, then re-simulate it and compare usage."""
    from bench.common import llm_env, start_fake
    from tests.support.server import start_api

    persona = persona_by_name(args.persona)
    turns = args.turns[0]
    scenarios = [(6000, 0), (300, 150)]  # (history budget, fake min cacheable tokens)
    fake = start_fake(latency=0.0, chunks=5)
    rows: list[list[Any]] = []
    try:
        for budget, min_cacheable in scenarios:
            fake.reset()
            fake.configure(min_cacheable_tokens=min_cacheable, record_limit=1000)
            folder = Path(tempfile.mkdtemp(prefix="vc-bench-cost-"))
            server = start_api(f"sqlite:///{folder / 'cost.db'}", extra_env=llm_env(
                fake.base_url, VC_HISTORY_TOKEN_BUDGET=str(budget), VC_ALERT_SESSION_USD="0"))
            try:
                row = asyncio.run(_cross_check_once(server.api, server.token("student1@example.com"), fake,
                                                    persona, turns, budget, min_cacheable))
                rows.append(row)
            finally:
                server.stop()
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        fake.stop()
    print()
    print(table(["history budget", "fake min cacheable", "turns", "system prompt identical",
                 "requests identical", "usage rows matching", "fake in/write/read", "simulated in/write/read"],
                rows, title="Cross-check: the simulation vs what the real API sent to the fake (fake tokenizer)"))


async def _cross_check_once(api: str, token: str, fake: Any, persona: dict[str, Any], turns: int, budget: int,
                            min_cacheable: int) -> list[Any]:
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=api, headers=headers, timeout=60) as client:
        clients = (await client.get("/clients")).json()
        client_id = next(c["id"] for c in clients if c["name"] == persona["name"])
        session = (await client.post("/sessions", json={"client_id": client_id})).json()
        for i in range(turns):
            response = await client.post(f"/sessions/{session['id']}/messages", json={"content": student_line(i)})
            response.raise_for_status()
        transcript = (await client.get(f"/sessions/{session['id']}/messages")).json()
    recorded = [r["body"] for r in fake.requests() if isinstance(r.get("body"), dict)][-turns:]
    students = [m["content"] for m in transcript if m["role"] == "user"]
    replies = [m["content"] for m in transcript if m["role"] == "assistant"]
    actual = [(m["input_tokens"], m["cache_creation_tokens"], m["cache_read_tokens"])
              for m in transcript if m["role"] == "assistant"]
    system_prompt = compile_system_prompt(persona)
    same_system = all(r["system"][0]["text"] == system_prompt for r in recorded)
    # the same requests, rebuilt by the simulation from the stored transcript
    provider = ClaudeProvider(api_key="simulation-only", model=recorded[0]["model"])
    stored: list[Message] = []
    sim = CacheSim(fake_tokenizer, min_cacheable)
    identical = matching = 0
    simulated_total = [0.0, 0.0, 0.0]
    for i, line in enumerate(students):
        stored.append(Message(role=MessageRole.user, content=line, sequence=len(stored) + 1))
        history, omitted = build_history(stored, budget_tokens=budget)
        body = provider._params(ConversationRequest(persona=persona, system_blocks=(system_prompt,),
                                                    messages=list(history), max_tokens=recorded[i]["max_tokens"],
                                                    turn_index=i + 1, omitted_turns=omitted))
        identical += int(body["messages"] == recorded[i]["messages"])
        usage = sim.usage(body)
        simulated_total = [a + b for a, b in zip(simulated_total, usage, strict=True)]
        matching += int(tuple(round(x) for x in usage) == actual[i])
        stored.append(Message(role=MessageRole.assistant, content=replies[i], sequence=len(stored) + 1))
    fake_total = [sum(a[k] for a in actual) for k in range(3)]
    return [budget, min_cacheable, turns, "yes" if same_system else "NO", f"{identical}/{turns}",
            f"{matching}/{turns}", "/".join(fmt(int(x)) for x in fake_total),
            "/".join(fmt(round(x)) for x in simulated_total)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", default="10,30", help="conversation lengths (comma-separated)")
    parser.add_argument("--reply-tokens", type=int, default=60, help="assumed reply length in Claude tokens")
    parser.add_argument("--persona", default=None, help="demo persona name (default: the longest prompt)")
    parser.add_argument("--budgets", default="", help="history budgets to compare with full history "
                        "(default: the configured VC_HISTORY_TOKEN_BUDGET)")
    parser.add_argument("--cross-check", action="store_true",
                        help="also run the conversation through the real API + fake and compare usage")
    args = parser.parse_args(argv)
    args.turns = [int(t) for t in args.turns.split(",")]
    run_report(args)
    if args.cross_check:
        log("cross-check: running the reference conversation through the real API and the fake")
        cross_check(args)


if __name__ == "__main__":
    main()
