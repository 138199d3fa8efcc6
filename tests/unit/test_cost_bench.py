"""The cost bench prices what the product would send and say: the client's own replies, rewrites by policy."""

from __future__ import annotations

from backend.llm.pricing import PricingTable
from bench import cost_per_conversation as bench

CLASS = bench.CASES[0]


def test_the_replies_priced_are_the_product_s_client_answering_the_script() -> None:
    persona = bench.persona_by_name("Kwame")
    _, replies, outputs = bench.conversation(bench.HAIKU, 4, None, persona)
    assert replies[0].startswith("Hi, I'm Kwame"), "the script's greeting is answered by the client itself"
    assert len(set(outputs)) > 1, "reply lengths follow the conversation, not one flat figure"
    assert bench.conversation(bench.HAIKU, 4, 60, persona)[2] == [60.0] * 4


def test_expected_rewrites_cost_more_than_none_and_less_than_the_worst_case() -> None:
    pricing, persona = PricingTable.load(), bench.persona_by_name("Kwame")
    costs = {policy: bench.case_cost(pricing, bench.HAIKU, persona, CLASS, None, 6000, revise=policy)
             for policy in bench.REVISE_POLICIES}
    material = sum(bill.check for bill in costs["material"][1])
    assert material >= 1, "the script earns Kwame's hidden material, so some turns could be rewritten"
    assert costs["none"][0] < costs["expected"][0] < costs["material"][0] < costs["all"][0]
    rewrite = (costs["material"][0] - costs["none"][0]) / material
    assert abs(costs["expected"][0] - (costs["none"][0] + bench.FLAG_RATE * material * rewrite)) < 2e-5
