"""Where the model evaluator and the MITI rule coder read a student's message differently on the codes that
matter most (confront and persuade): those are put to the model once more, with both readings side by side."""

from __future__ import annotations

from dataclasses import dataclass

from backend.schemas.evaluation import Analysis
from backend.services.feedback.transcript import Transcript

DISPUTED = ("confront", "persuade")


@dataclass(frozen=True, slots=True)
class Disagreement:
    message_id: int
    text: str
    model_codes: tuple[str, ...]
    rule_codes: tuple[str, ...]
    rule_quote: str


def disagreements(analysis: Analysis, transcript: Transcript) -> list[Disagreement]:
    """Messages one reader codes confront or persuade and the other does not."""
    rules = transcript.coded
    by_id = {line.message_id: line for line in analysis.utterances}
    found: list[Disagreement] = []
    for line, coded in zip(transcript.student_lines, rules, strict=True):
        model = tuple(by_id[line.message_id].codes) if line.message_id in by_id else ()
        rule = tuple(code.value for code in coded.codes)
        if any((code in model) != (code in rule) for code in DISPUTED):
            quote = next((coded.quotes[code] for code in coded.codes if code.value in DISPUTED), "")
            found.append(Disagreement(line.message_id, line.text, model, rule, quote))
    return found
