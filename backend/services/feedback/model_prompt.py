"""The model evaluator's request: one structured call on the whole transcript, answered by filling a JSON schema.

The model codes every student message, says which hidden facts the client let out and where, scores each
rubric criterion with verbatim evidence, and writes the strengths and the next step. Metrics and benchmarks
are then computed by us from its codes (validation.py), never taken from the model's arithmetic.
"""

from __future__ import annotations

from typing import Any

from backend.interviewing.codes import MitiCode
from backend.llm.base import ChatTurn, StructuredRequest
from backend.services.feedback.transcript import Transcript

TOOL_NAME = "record_evaluation"
TOOL_DESCRIPTION = "Record the evaluation of one practice interview: codes, hidden facts, rubric scores, coaching."
MAX_TOKENS = 4096

SYSTEM_PROMPT = """\
You supervise social-work and counselling students who practise interviewing simulated clients. Read one \
practice conversation and give feedback that teaches, with evidence in the student's own words. Answer only \
by calling the tool record_evaluation.

Code every STUDENT message with each MITI 4.2.1 behaviour it contains (none for greetings and small talk):
- open_question: invites a wide range of answers ("What brings you in?", "Tell me about...").
- closed_question: can be answered yes/no or with a fact.
- simple_reflection: gives back what the client said, with little or no added meaning.
- complex_reflection: adds meaning or emphasis: a feeling not named, both sides of ambivalence, a metaphor.
- affirm: names a genuine strength or effort of the client's (not generic praise).
- seek_collaboration: shares power, asks for the client's ideas or permission.
- emphasize_autonomy: leaves the choice and control with the client.
- giving_information: neutral information, explanation or feedback.
- persuade: advice, argument or pressure the client did not ask for or agree to.
- persuade_with_permission: advice once the client asked or agreed, or offered with the choice left open.
- confront: argues, labels, blames, shames or disagrees with the client.
Give each message a one-sentence note to the student ("you...") on what the line did.

Hidden facts: the client was told to keep these back until the student earned them. Mark one disclosed only \
when a CLIENT message actually says it (in any wording) and give that client message's id.

Scores: for each rubric criterion choose the score of the level whose descriptor fits best. Every score cites \
evidence: quotes copied exactly, character for character, from the STUDENT message whose id you give (a \
sentence or a phrase, never the client's words). Explain each score in one or two sentences to the student.

Strengths: two or three specific things the student did well, each tied to a quote of theirs.
Next step: one concrete thing to try next time; quote one of the student's lines exactly ("original", with its \
message id) and rewrite it the way it could sound ("rewrite"), as a supervisor would model it.
Write to the student as "you": warm, direct and specific."""


def _criteria_text(transcript: Transcript) -> str:
    lines = []
    for criterion in transcript.criteria:
        levels = "; ".join(f"{level.score} = {level.descriptor}" for level in criterion.levels)
        lines.append(f"- {criterion.key}: {criterion.title}. {criterion.description} Levels: {levels}")
    return "\n".join(lines)


def _facts_text(transcript: Transcript) -> str:
    facts = transcript.hidden_facts
    if not facts:
        return "(none)"
    return "\n".join(f"{number}. {item['fact']}" + (f" (earned by: {item['unlock']})" if item["unlock"] else "")
                     for number, item in enumerate(facts, start=1))


def evaluation_prompt(transcript: Transcript, rejected: list[str] | None = None) -> str:
    """The user message: who the client is, what they kept back, the rubric and the numbered transcript."""
    persona = transcript.persona
    lines = "\n".join(f"[{line.message_id}] {'STUDENT' if line.speaker == 'student' else 'CLIENT'}: {line.text}"
                      for line in transcript.lines)
    text = (f"CLIENT: {persona.get('name') or 'the client'}. Referral the student read: "
            f"{persona.get('student_brief') or '(none)'}\n\nHIDDEN FACTS (numbered):\n{_facts_text(transcript)}\n\n"
            f"RUBRIC:\n{_criteria_text(transcript)}\n\nTRANSCRIPT (message ids in brackets):\n{lines}")
    if rejected:
        problems = "\n".join(f"- {problem}" for problem in rejected)
        text += (f"\n\nYour previous answer was rejected for these reasons; answer again and fix them:\n{problems}")
    return text


def _evidence_schema() -> dict[str, Any]:
    return {"type": "object", "required": ["message_id", "quote"], "properties": {
        "message_id": {"type": "integer", "description": "id of the STUDENT message quoted"},
        "quote": {"type": "string", "description": "copied exactly from that message"}}}


def answer_schema(transcript: Transcript) -> dict[str, Any]:
    """The tool's input schema, with this rubric's keys and the MITI codes as enums."""
    fact_count = len(transcript.hidden_facts)
    return {
        "type": "object",
        "required": ["utterances", "hidden_facts", "criteria", "strengths", "next_step"],
        "properties": {
            "utterances": {"type": "array", "description": "one entry per STUDENT message", "items": {
                "type": "object", "required": ["message_id", "codes", "note"], "properties": {
                    "message_id": {"type": "integer"},
                    "codes": {"type": "array", "items": {"type": "string", "enum": [code.value for code in MitiCode]}},
                    "note": {"type": "string"}}}},
            "hidden_facts": {"type": "array", "description": f"one entry per hidden fact, numbered 1-{fact_count}",
                             "items": {"type": "object", "required": ["number", "disclosed", "message_id"],
                                       "properties": {"number": {"type": "integer"}, "disclosed": {"type": "boolean"},
                                                      "message_id": {"type": ["integer", "null"],
                                                                     "description": "the CLIENT message"}}}},
            "criteria": {"type": "array", "description": "one entry per rubric criterion", "items": {
                "type": "object", "required": ["key", "score", "evidence", "rationale"], "properties": {
                    "key": {"type": "string", "enum": [criterion.key for criterion in transcript.criteria]},
                    "score": {"type": "number"},
                    "evidence": {"type": "array", "minItems": 1, "items": _evidence_schema()},
                    "rationale": {"type": "string"}}}},
            "strengths": {"type": "array", "minItems": 2, "maxItems": 3, "items": {
                "type": "object", "required": ["text", "message_id", "quote"], "properties": {
                    "text": {"type": "string"}, "message_id": {"type": "integer"}, "quote": {"type": "string"}}}},
            "next_step": {"type": "object", "required": ["focus", "advice", "message_id", "original", "rewrite"],
                          "properties": {"focus": {"type": "string"}, "advice": {"type": "string"},
                                         "message_id": {"type": "integer"}, "original": {"type": "string"},
                                         "rewrite": {"type": "string"}}},
        },
    }


def evaluation_request(transcript: Transcript, *, model: str, rejected: list[str] | None = None
                       ) -> StructuredRequest:
    return StructuredRequest(
        system_prompt=SYSTEM_PROMPT,
        messages=[ChatTurn(role="user", content=evaluation_prompt(transcript, rejected))],
        tool_name=TOOL_NAME, tool_description=TOOL_DESCRIPTION, schema=answer_schema(transcript),
        max_tokens=MAX_TOKENS, model=model,
    )
