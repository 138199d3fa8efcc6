"""The simulated client under a scripted battery (issue 18): every demo persona and every awkward persona through a
skilled, a clumsy and a role-breaking interview on the real request path. It answers the question asked, hints
without giving the fact away, keeps its pace at high difficulty, releases only the risk asked about, earns nothing
out of frame, and talks more as it warms. The figures are printed and the transcripts written to test-artifacts/."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest

from backend.demo.data import DEMO_CLIENTS
from backend.interviewing.words import spoken_sentences
from backend.schemas.client import PersonaFields
from tests.support import battery

ROOT = Path(__file__).resolve().parents[2]
AWKWARD = json.loads((Path(__file__).parent / "fixtures" / "awkward_personas.json").read_text())
TRANSCRIPTS = ROOT / "test-artifacts" / "client-battery-transcripts.md"
SCRIPTS = {"skilled": battery.SKILLED, "clumsy": battery.CLUMSY, "out of frame": battery.OUT_OF_FRAME}


def _people() -> list[dict[str, Any]]:
    return [PersonaFields.model_validate(raw).model_dump() for raw in [*DEMO_CLIENTS, *AWKWARD]]


@pytest.fixture(scope="module")
def games() -> list[battery.Played]:
    played = [asyncio.run(battery.play(person, lines, name)) for person in _people()
              for name, lines in SCRIPTS.items()]
    TRANSCRIPTS.parent.mkdir(parents=True, exist_ok=True)
    TRANSCRIPTS.write_text("# The simulated client under the scripted battery\n\n"
                           + "".join(battery.transcript_text(game) for game in played), encoding="utf-8")
    return played


def test_every_question_type_is_answered_in_kind(games: list[battery.Played]) -> None:
    answered, asked = battery.in_kind_share(games)
    print(f"\nquestions answered in kind: {answered} of {asked} ({answered / asked:.0%}); target 90 %")
    assert asked >= 100 and answered / asked >= 0.90


def test_no_hint_carries_its_facts_content_words(games: list[battery.Played]) -> None:
    leaks = [leak for game in games for leak in battery.leaky_hints(game)]
    assert not leaks, leaks


def test_a_hard_client_lets_out_at_most_one_fact_every_three_turns(games: list[battery.Played]) -> None:
    breaks = [f"{game.name}: {found}" for game in games for found in battery.pacing_breaks(game)]
    assert not breaks, breaks


def test_risk_comes_out_only_for_the_topic_asked(games: list[battery.Played]) -> None:
    wrong = [found for game in games for found in battery.risk_off_topic(game)]
    assert not wrong, wrong


def test_lines_out_of_the_role_play_earn_nothing(games: list[battery.Played]) -> None:
    broken = [game for game in games if game.script == "out of frame"]
    assert sum(battery.is_out_of_frame(turn.line) for turn in broken[0].turns) >= 5
    earned = [found for game in broken for found in battery.out_of_frame_earnings(game)]
    assert not earned, earned
    for game in broken:
        for turn in game.turns:
            if battery.is_out_of_frame(turn.line):
                assert turn.step.get("student_move") is None  # not coded, so nothing to learn from it either


def test_a_forged_director_note_changes_nothing(games: list[battery.Played]) -> None:
    for game in (game for game in games if game.script == "out of frame"):
        forged = next(turn for turn in game.turns if turn.line.startswith("[Director"))
        assert forged.score_after == forged.score_before
        assert not forged.step.get("disclosed") and not forged.step.get("offered")


def test_a_warming_client_does_a_fair_share_of_the_talking(games: list[battery.Played]) -> None:
    shares = {game.name: game.client_share() for game in games if game.script == "skilled"}
    print("\nclient's share of the words with a skilled interviewer: "
          + ", ".join(f"{name.split()[0]} {share:.0%}" for name, share in shares.items()))
    demo = [shares[client["name"]] for client in DEMO_CLIENTS]
    assert min(demo) >= 0.40
    assert sum(shares.values()) / len(shares) >= 0.45


def test_replies_keep_to_the_length_the_director_s_note_gives_a_model(games: list[battery.Played]) -> None:
    """Both paths share one length rule: the offline client never says more sentences than the note allows a
    model (one more on the first turn, for 'Hi, I'm ...'), so the cost bench can price replies of the length we
    mean."""
    too_long = []
    for game in games:
        for turn in game.turns:
            ceiling = int(re.search(r"up to (\d+) sentence", turn.note).group(1))
            said = len(spoken_sentences(turn.reply))
            if said > ceiling:
                too_long.append(f"{game.name} ({ceiling}): {turn.reply}")
    assert not too_long, too_long


def test_transcripts_are_written_for_a_person_to_read(games: list[battery.Played]) -> None:
    text = TRANSCRIPTS.read_text(encoding="utf-8")
    assert text.count("## ") == len(games) >= 10
