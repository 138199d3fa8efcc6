"""The eleven MITI 4.2.1 behaviour codes the platform reports, and which one is primary when a line has several."""

from __future__ import annotations

from enum import StrEnum


class MitiCode(StrEnum):
    open_question = "open_question"
    closed_question = "closed_question"
    simple_reflection = "simple_reflection"
    complex_reflection = "complex_reflection"
    affirm = "affirm"
    seek_collaboration = "seek_collaboration"
    emphasize_autonomy = "emphasize_autonomy"
    giving_information = "giving_information"
    persuade = "persuade"
    persuade_with_permission = "persuade_with_permission"
    confront = "confront"


PRECEDENCE: tuple[MitiCode, ...] = (
    MitiCode.confront, MitiCode.persuade, MitiCode.persuade_with_permission, MitiCode.affirm,
    MitiCode.emphasize_autonomy, MitiCode.complex_reflection, MitiCode.simple_reflection,
    MitiCode.seek_collaboration, MitiCode.giving_information, MitiCode.open_question, MitiCode.closed_question,
)
REFLECTIONS = (MitiCode.simple_reflection, MitiCode.complex_reflection)
QUESTIONS = (MitiCode.open_question, MitiCode.closed_question)
