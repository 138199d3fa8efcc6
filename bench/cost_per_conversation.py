"""What one practice conversation costs: the issue-12 target cases on Haiku 4.5 (Sonnet 4.6 beside), per model.

Every request is built by the real code (`Rehearsal`: the scaffold and persona blocks, the windowed history,
the director's note from the disclosure rules; `ClaudeProvider._params`: the cache breakpoints after the
scaffold, the persona and the last assistant turn). Token counts come from `backend.llm.tokens` (cl100k x the
model's correction factor + the per-message overhead the estimator uses). The replies are the product's own
client answering the script (the offline simulator through the same `Rehearsal`): as long as the director's
note allows a model by the persona's style and trust ("up to 3 sentences"), and telling what the note lets it
tell, so later notes move on as they would; `--reply-tokens N` prices flat N-token replies instead. Caching
follows Anthropic's rules: a breakpoint whose prefix is below the model's minimum cacheable length is not
cached; otherwise the longest previously written prefix is read (0.1x) and the rest up to the last breakpoint
written (1.25x). Caches are warm between turns (turns < 5 minutes apart). The cases:

- class: the scaffold and this persona are warm (another student talked to this client minutes ago);
- first with this client: the platform is in use (scaffold warm) but this persona is cold;
- cold platform: nothing is cached;
- class, 30 turns.

Check-and-revise is in (`--revise`, default `expected`): a reply the rules flag gets one rewrite, a short
request of its own (revision.py). Only a turn whose note shows the model hidden or risk material (a fact it may
tell, risk history it may admit; a hint names only the fact's theme, so it carries none) gives a model anything
gated to let out wrongly. `expected` bills a rewrite on `--flag-rate` (default 1 in 4) of those turns, over a
hundred times the rate the rules flag real client lines (bench/reply_flag_rate.py: 0.01-0.21 %);
`material` bills one on every such turn (the worst case), `all` on every turn, `none` none. The
check-and-revise table shows them all, per demo persona.

    python -m bench.cost_per_conversation [--turns 10,30] [--reply-tokens N] [--persona "Dale Kowalski"]
        [--budgets 6000,1500] [--revise expected|material|all|none] [--flag-rate 0.25] [--cross-check]
"""

from __future__ import annotations

import argparse
import asyncio
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from backend.core.config import Settings
from backend.demo.data import DEMO_CLIENTS
from backend.interviewing.hidden import Offer, TurnStep
from backend.interviewing.words import tokens as words
from backend.llm.base import TokenUsage
from backend.llm.claude.provider import ClaudeProvider
from backend.llm.offline.provider import OfflineProvider
from backend.llm.pricing import DEFAULT_PRICES, PricingTable, min_cacheable_tokens, resolve_model
from backend.llm.tokens import MESSAGE_OVERHEAD_TOKENS, correction_factor, count_tokens
from backend.schemas.client import PersonaFields
from backend.services.conversation.reply_rules import Flag
from backend.services.conversation.requests import Rehearsal
from backend.services.conversation.revision import revise_request
from backend.services.prompting.prompt import persona_block
from backend.services.prompting.scaffold import SCAFFOLD
from bench.common import log, table
from bench.script import student_line

HAIKU, SONNET = "claude-haiku-4-5", "claude-sonnet-4-6"
# (case, turns, what is warm before the conversation starts, target on Haiku 4.5 in USD)
CASES: tuple[tuple[str, int, str | None, float], ...] = (
    ("class", 10, "persona", 0.0100),
    ("first with this client", 10, "scaffold", 0.012),
    ("cold platform", 10, None, 0.016),
    ("class, 30 turns", 30, "persona", 0.030),
)
REPLY_SOURCE = (
    "I don't know... it's been a lot, honestly. I keep telling myself it will get better on its own, but then I "
    "lie awake at three in the morning going over the same numbers again and again. My family thinks I'm fine. "
    "I smile, I make dinner, I go through the motions, and nobody asks. Maybe that's my fault for not saying "
    "anything. It's just hard to admit it out loud, you know? Saying it makes it real. And I was always the "
    "one who held everything together, so who am I if I can't do that anymore? Sorry, I'm rambling. "
)

Tokenizer = Callable[[str], float]
REVISE_POLICIES = ("none", "expected", "material", "all")
# What a typical flag asks the rewrite to fix (its length is what the rewrite's note costs).
TYPICAL_FLAG = Flag("hidden_fact", "it states something the client keeps back and may not say yet (\"He has tried "
                                   "to quit on his own twice and got the shakes both times.\"): leave it out entirely")


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
    check: bool = False  # a check-and-revise rewrite, not a turn
    weight: float = 1.0  # how often it is paid: a rewrite billed at the expected flag rate counts fractionally


def billed(bills: Sequence[TurnBill], part: str) -> float:
    """Tokens of one kind over a conversation, each call weighted by how often it is paid."""
    return sum(getattr(bill, part) * bill.weight for bill in bills)


def breakpoint_on_newest_message(body: dict[str, Any]) -> dict[str, Any]:
    """What-if: the history breakpoint on the student's newest message (before the note), not the last reply."""
    for message in body["messages"]:
        for block in message["content"]:
            block.pop("cache_control", None)
    body["messages"][-1]["content"][0]["cache_control"] = {"type": "ephemeral"}
    return body


Shape = Callable[[dict[str, Any]], dict[str, Any]]


def _rewritten(policy: str, rehearsal: Rehearsal) -> bool:
    """Whether this turn is billed a check-and-revise rewrite under `policy` (at the flag rate for `expected`)."""
    return policy == "all" or (policy in ("material", "expected") and carries_material(rehearsal.step))


def carries_material(step: TurnStep | None) -> bool:
    """Whether the turn's note shows the model a hidden fact or risk history it could let out wrongly.

    A hint's note names only the fact's theme, and a brush-off or a denial carries no text, so those turns give
    the model nothing gated to leak.
    """
    if step is None:
        return False
    fact = step.fact is not None and step.fact.offer == Offer.tell
    risk = step.risk is not None and bool(step.risk.text) and step.risk.offer in (Offer.hint, Offer.tell)
    return fact or risk


def request_bodies(model: str, persona: dict[str, Any], students: Sequence[str], replies: Sequence[str],
                   budget: int, shape: Shape | None = None, revise: str = "none") -> list[dict[str, Any]]:
    """The request bodies the API sends for this conversation, in order (the real request code, no network).

    A turn billed a rewrite (`revise`) is followed by the rewrite's body, built by the real revision code.
    """
    provider = ClaudeProvider(api_key="simulation-only", model=model)
    # a fixed mark: a session's is 10 random hex digits, whose token count would make runs differ by a cent's hundredth
    rehearsal = Rehearsal(persona, history_budget=budget, guard=True, mark="3fa1b2c4d5")
    bodies = []
    for turn, (line, reply) in enumerate(zip(students, replies, strict=True)):
        request = rehearsal.ask(line)
        body = provider._params(request)
        bodies.append({**(shape(body) if shape else body), "_omitted": request.omitted_turns, "_turn": turn})
        if _rewritten(revise, rehearsal):
            rewrite = provider._params(revise_request(request, reply, [TYPICAL_FLAG]))
            bodies.append({**(shape(rewrite) if shape else rewrite), "_omitted": request.omitted_turns,
                           "_turn": turn, "_check": True})
        rehearsal.answer(reply)
    return bodies


def warm_up(sim: CacheSim, model: str, persona: dict[str, Any]) -> None:
    """Another student's first turn with `persona` minutes ago: its prefix (scaffold, persona) is now cached."""
    sim.usage(request_bodies(model, persona, [student_line(5)], ["Okay."], 6000)[0])


def simulate(*, model: str, persona: dict[str, Any], students: Sequence[str], replies: Sequence[str],
             output_tokens: Sequence[float], caching: bool, budget: int, tokenizer: Tokenizer, min_cacheable: int,
             warm: dict[str, Any] | None = None, shape: Shape | None = None, revise: str = "none") -> list[TurnBill]:
    """Bill each call of a conversation (turns and rewrites): the request the API would send, through the cache."""
    sim = CacheSim(tokenizer, min_cacheable)
    if warm is not None and caching:
        warm_up(sim, model, warm)
    bills: list[TurnBill] = []
    for body in request_bodies(model, persona, students, replies, budget, shape, revise):
        omitted, turn, check = body.pop("_omitted"), body.pop("_turn"), body.pop("_check", False)
        uncached, written, read = sim.usage(body if caching else _strip_cache_control(body))
        weight = FLAG_RATE if check and revise == "expected" else 1.0
        bills.append(TurnBill(uncached, written, read, output_tokens[turn], omitted, check, weight))
    return bills


def dollars(pricing: PricingTable, model: str, bills: Sequence[TurnBill]) -> float:
    usage = TokenUsage(
        input_tokens=round(billed(bills, "input")),
        output_tokens=round(billed(bills, "output")),
        cache_creation_input_tokens=round(billed(bills, "cache_write")),
        cache_read_input_tokens=round(billed(bills, "cache_read")),
    )
    return pricing.cost(model, usage)


def snapshot(persona: dict[str, Any]) -> dict[str, Any]:
    return PersonaFields.model_validate(persona).model_dump()


def persona_by_name(name: str | None) -> dict[str, Any]:
    if name:
        for persona in DEMO_CLIENTS:
            if persona["name"].lower().startswith(name.lower()):
                return snapshot(persona)
        raise SystemExit(f"no demo persona named {name!r}")
    return snapshot(max(DEMO_CLIENTS, key=lambda p: count_tokens(persona_block(snapshot(p)))))


def other_persona(persona: dict[str, Any]) -> dict[str, Any]:
    """A different demo client: its conversations keep the scaffold warm, not this persona."""
    return snapshot(next(p for p in DEMO_CLIENTS if p["name"] != persona["name"]))


def conversation(model: str, turns: int, reply_tokens: int | None, persona: dict[str, Any]
                 ) -> tuple[list[str], list[str], list[float]]:
    """The script's lines, the replies and their output tokens: the client's own replies, or flat ones."""
    students = [student_line(i) for i in range(turns)]
    if not reply_tokens:
        replies = client_replies(persona, turns)
        return students, replies, [count_tokens(reply) * correction_factor(model) for reply in replies]
    reply_cl100k = max(1, round(reply_tokens / correction_factor(model)))
    return students, [reply_text(i, reply_cl100k) for i in range(turns)], [float(reply_tokens)] * turns


_REPLIES: dict[tuple[str, int], list[str]] = {}


def client_replies(persona: dict[str, Any], turns: int) -> list[str]:
    """What the product's client says to the script: the offline simulator through the same `Rehearsal`, so each
    reply keeps to the sentence ceiling the note gives a model, by style and trust."""
    key = (str(persona["name"]), turns)
    if key not in _REPLIES:
        async def talk() -> list[str]:
            provider, rehearsal, said = OfflineProvider(stream_delay_s=0), Rehearsal(persona), []
            for i in range(turns):
                reply = (await provider.complete(rehearsal.ask(student_line(i)))).text
                rehearsal.answer(reply)
                said.append(reply)
            return said

        _REPLIES[key] = asyncio.run(talk())
    return _REPLIES[key]


def client_share(persona: dict[str, Any], turns: int) -> float:
    """The client's share of the words in the conversation priced (issue 18 asks >= 40 % with a skilled student)."""
    client = sum(len(words(reply)) for reply in client_replies(persona, turns))
    student = sum(len(words(student_line(i))) for i in range(turns))
    return client / (client + student)


REVISE = "expected"  # the policy the report's cases bill (set from --revise)
FLAG_RATE = 0.25  # the share of material turns billed a rewrite under `expected` (set from --flag-rate)


def case_cost(pricing: PricingTable, model: str, persona: dict[str, Any], case: tuple[str, int, str | None, float],
              reply_tokens: int | None, budget: int, shape: Shape | None = None, revise: str | None = None
              ) -> tuple[float, list[TurnBill]]:
    _, turns, warm, _ = case
    students, replies, outputs = conversation(model, turns, reply_tokens, persona)
    warm_persona = persona if warm == "persona" else other_persona(persona) if warm == "scaffold" else None
    bills = simulate(model=model, persona=persona, students=students, replies=replies, output_tokens=outputs,
                     caching=True, budget=budget, tokenizer=claude_tokenizer(model),
                     min_cacheable=min_cacheable_tokens(model), warm=warm_persona, shape=shape,
                     revise=REVISE if revise is None else revise)
    return dollars(pricing, model, bills), bills


# --------------------------------------------------------------------------- the report


def _usd(value: float) -> str:
    return f"${value:.4f}"


def print_blocks(persona: dict[str, Any]) -> None:
    rows = [["scaffold (every client)", count_tokens(SCAFFOLD), round(claude_tokenizer(HAIKU)(SCAFFOLD))]]
    for p in DEMO_CLIENTS:
        block = persona_block(snapshot(p))
        rows.append([f"persona: {p['name']}", count_tokens(block), round(claude_tokenizer(HAIKU)(block))])
    print(table(["system block", "cl100k", "Claude 4.x est. (x1.35 + overhead)"], rows,
                title=f"System blocks (the benchmark uses {persona['name']}, the longest persona block, unless "
                      f"--persona is given)"))


def replies_named(reply_tokens: int | None) -> str:
    return f"{reply_tokens}-token replies" if reply_tokens else "the client's own replies"


def print_targets(pricing: PricingTable, persona: dict[str, Any], reply_tokens: int | None, budget: int
                  ) -> dict[str, float]:
    rows, results = [], {}
    for case in CASES:
        haiku, _ = case_cost(pricing, HAIKU, persona, case, reply_tokens, budget)
        sonnet, _ = case_cost(pricing, SONNET, persona, case, reply_tokens, budget)
        results[case[0]] = haiku
        rows.append([case[0], case[1], _usd(haiku), f"<= ${case[3]:.3f}", "met" if haiku <= case[3] else "MISSED",
                     _usd(sonnet)])
    print()
    print(table(["case", "turns", HAIKU, "target", "status", SONNET], rows,
                title=f"Issue-12 targets: one practice conversation ({replies_named(reply_tokens)}, check-and-revise "
                      f"{REVISE})"))
    return results


def print_breakdown(pricing: PricingTable, persona: dict[str, Any], reply_tokens: int | None, budget: int) -> None:
    price = pricing.price_for(HAIKU)
    rows = []
    for case in CASES:
        _, bills = case_cost(pricing, HAIKU, persona, case, reply_tokens, budget)
        tokens = {part: billed(bills, part) for part in ("input", "cache_write", "cache_read", "output")}
        rates = {"input": price.input, "cache_write": price.cache_write, "cache_read": price.cache_read,
                 "output": price.output}
        rows.append([case[0], *(round(count) for count in tokens.values()),
                     *(_usd(tokens[part] * rates[part] / 1e6) for part in tokens)])
    print()
    print(table(["case", "input tok", "cache write", "cache read", "output tok", "$ input", "$ write", "$ read",
                 "$ output"], rows, title=f"Where the money goes on {HAIKU}"))


def print_sensitivity(pricing: PricingTable, persona: dict[str, Any], budget: int) -> None:
    rows = []
    for reply_tokens in (30, 40, 60, 80):
        costs = [case_cost(pricing, HAIKU, persona, case, reply_tokens, budget)[0] for case in CASES]
        rows.append([reply_tokens, *(_usd(cost) for cost in costs)])
    print()
    print(table(["reply tokens", *(case[0] for case in CASES)], rows,
                title=f"{HAIKU}: the cases at flat reply lengths (the note allows one to five sentences by style "
                      f"and trust, one more on the first turn)"))


def print_what_if(pricing: PricingTable, persona: dict[str, Any], reply_tokens: int | None, budget: int) -> None:
    """The same cases with the history breakpoint on the newest student message: each student line is then
    written once (1.25x) instead of sent uncached (1x) and written on the next turn (1.25x)."""
    costs = [case_cost(pricing, HAIKU, persona, case, reply_tokens, budget, breakpoint_on_newest_message)[0]
             for case in CASES]
    print()
    print(table(["what if", *(case[0] for case in CASES)],
                [["history breakpoint on the newest student message", *(_usd(cost) for cost in costs)]],
                title=f"{HAIKU}: what if (not built; the issue puts the breakpoint on the last assistant turn)"))


def print_check_and_revise(pricing: PricingTable, reply_tokens: int | None, budget: int) -> None:
    """The class case with each rewrite policy, for every demo persona: what check-and-revise can add, beside how
    long the replies priced run and how much of the talking the client does in them."""
    rows = []
    target = CASES[0][3]
    for raw in DEMO_CLIENTS:
        persona = snapshot(raw)
        costs = {policy: case_cost(pricing, HAIKU, persona, CASES[0], reply_tokens, budget, revise=policy)
                 for policy in REVISE_POLICIES}
        turns = [bill for bill in costs["none"][1] if not bill.check]
        material = sum(bill.check for bill in costs["material"][1])
        share = f"{client_share(persona, CASES[0][1]):.0%}" if not reply_tokens else "-"
        rows.append([persona["name"], round(billed(turns, "output") / len(turns)), share,
                     *(_usd(costs[policy][0]) for policy in REVISE_POLICIES), material,
                     "met" if costs[REVISE][0] <= target else "MISSED",
                     "met" if costs["material"][0] <= target else "over"])
    print()
    print(table(["persona", "reply tok", "client words", "no rewrites", f"expected ({FLAG_RATE:.0%} of material)",
                 "every material turn", "every turn", "material turns", f"class target ({REVISE})",
                 "worst case"], rows,
                title=f"{HAIKU}, class case (10 turns, {replies_named(reply_tokens)}): check-and-revise rewrites "
                      f"billed under each policy"))


def print_models(pricing: PricingTable, persona: dict[str, Any], args: argparse.Namespace, budgets: list[int]) -> None:
    rows = []
    models = [m for m, price in DEFAULT_PRICES.items() if price.input > 0 or price.output > 0]
    for model in models:
        for turns in args.turns:
            students, replies, outputs = conversation(model, turns, args.reply_tokens, persona)
            for budget in budgets:
                for caching in (True, False):
                    bills = simulate(model=model, persona=persona, students=students, replies=replies,
                                     output_tokens=outputs, caching=caching, budget=budget,
                                     tokenizer=claude_tokenizer(model), min_cacheable=min_cacheable_tokens(model),
                                     warm=persona)
                    cost = dollars(pricing, model, bills)
                    first = next((i + 1 for i, b in enumerate(bills) if b.cache_write or b.cache_read), None)
                    rows.append([model, turns, f"window@{budget}", "on" if caching else "off",
                                 *(round(billed(bills, part)) for part in ("input", "cache_write", "cache_read",
                                                                           "output")),
                                 f"${cost:.5f}", f"${cost / turns:.5f}", "-" if first is None else first,
                                 max(b.omitted for b in bills)])
    print()
    print(table(["model", "turns", "history", "caching", "input tok", "cache write", "cache read", "output tok",
                 "cost", "cost/turn", "1st cached turn", "max dropped turns"], rows,
                title="Every priced model, class case (scaffold and persona warm), caching on and off"))


def run_report(args: argparse.Namespace) -> dict[str, float]:
    settings = Settings()
    budgets = [int(b) for b in args.budgets.split(",")] if args.budgets else [settings.history_token_budget]
    pricing = PricingTable.load()
    persona = persona_by_name(args.persona)
    print_blocks(persona)
    print(f"\npersona: {persona['name']}; {replies_named(args.reply_tokens)}; history budget {budgets[0]}; "
          f"default model {resolve_model(settings.model)}")
    rate = f", on {FLAG_RATE:.0%} of the turns whose note carries material" if REVISE == "expected" else ""
    print(f"check-and-revise: {REVISE}{rate}")
    results = print_targets(pricing, persona, args.reply_tokens, budgets[0])
    print_check_and_revise(pricing, args.reply_tokens, budgets[0])
    print_breakdown(pricing, persona, args.reply_tokens, budgets[0])
    print_sensitivity(pricing, persona, budgets[0])
    print_what_if(pricing, persona, args.reply_tokens, budgets[0])
    print_models(pricing, persona, args, budgets)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", default="10,30", help="conversation lengths for the per-model table")
    parser.add_argument("--reply-tokens", type=int, default=None,
                        help="price flat replies of this many Claude tokens (default: the client's own replies)")
    parser.add_argument("--persona", default=None, help="demo persona name (default: the longest persona block)")
    parser.add_argument("--budgets", default="", help="history budgets for the per-model table "
                        "(default: the configured VC_HISTORY_TOKEN_BUDGET)")
    parser.add_argument("--revise", choices=REVISE_POLICIES, default="expected",
                        help="which turns are billed a check-and-revise rewrite (default: --flag-rate of the turns "
                             "whose note carries hidden or risk material; material: all of them)")
    parser.add_argument("--flag-rate", type=float, default=0.25,
                        help="under --revise expected, the share of material turns whose reply the rules flag")
    parser.add_argument("--cross-check", action="store_true",
                        help="also run the cases through the real API + fake and compare usage")
    args = parser.parse_args(argv)
    args.turns = [int(t) for t in args.turns.split(",")]
    global REVISE, FLAG_RATE
    REVISE, FLAG_RATE = args.revise, args.flag_rate
    run_report(args)
    if args.cross_check:
        from bench.cost_cross_check import cross_check

        log("cross-check: running the cases through the real API and the fake")
        cross_check(args)


if __name__ == "__main__":
    main()
