"""MITI summary scores for one practice conversation, from the student's coded lines and both sides' words.

Each code counts at most once per student message: MITI counts a run of questions in one turn, or one
reflection spread over sentences, as a single behaviour, and a chat message is one turn. Ratios are None
when their denominator is empty (no questions, no reflections), so a short session never shows a made-up
0 % or infinity. The MITI global ratings (relational, technical) need a human judge and are not computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from backend.interviewing.codes import MitiCode
from backend.interviewing.miti import CodedUtterance
from backend.interviewing.words import tokens

MI_ADHERENT = (MitiCode.seek_collaboration, MitiCode.affirm, MitiCode.emphasize_autonomy)
MI_NON_ADHERENT = (MitiCode.confront, MitiCode.persuade)


@dataclass(frozen=True, slots=True)
class SessionMetrics:
    """The figures a student sees after a conversation (MITI 4.2.1 summary scores plus talk balance).

    - `counts`: messages carrying each code, every code present (0 when unused).
    - `reflection_to_question_ratio`: (simple + complex reflections) / (open + closed questions); with no
      questions but some reflections, reflections / 1, so pure listening still rates; None with neither.
    - `percent_open_questions`: open / all questions x 100 (MITI 3.1.1).
    - `percent_complex_reflections`: complex / all reflections x 100.
    - `mi_adherent`: seek collaboration + affirm + emphasize autonomy; `mi_non_adherent`: confront +
      persuade (persuading with permission is neither, as in MITI 4.2.1).
    - `percent_mi_adherent`: adherent / (adherent + non-adherent) x 100 (MITI 3.1.1).
    - `student_talk_share`: the student's share of all words spoken, 0-1.
    - `student_turns`: how many messages the student sent.
    """

    counts: dict[str, int]
    reflection_to_question_ratio: float | None
    percent_open_questions: float | None
    percent_complex_reflections: float | None
    mi_adherent: int
    mi_non_adherent: int
    percent_mi_adherent: float | None
    student_talk_share: float | None
    student_turns: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _word_count(texts: Sequence[str]) -> int:
    return sum(len(tokens(text)) for text in texts)


def session_metrics(coded: Sequence[CodedUtterance], student_texts: Sequence[str],
                    client_texts: Sequence[str]) -> SessionMetrics:
    """Summary scores for a conversation: `coded` holds the student's messages coded in order."""
    counts = {code.value: sum(code in utterance.codes for utterance in coded) for code in MitiCode}
    reflections = counts[MitiCode.simple_reflection] + counts[MitiCode.complex_reflection]
    questions = counts[MitiCode.open_question] + counts[MitiCode.closed_question]
    adherent = sum(counts[code] for code in MI_ADHERENT)
    non_adherent = sum(counts[code] for code in MI_NON_ADHERENT)
    student_words, client_words = _word_count(student_texts), _word_count(client_texts)
    return SessionMetrics(
        counts=counts,
        reflection_to_question_ratio=round(reflections / max(questions, 1), 2) if reflections or questions else None,
        percent_open_questions=_percent(counts[MitiCode.open_question], questions),
        percent_complex_reflections=_percent(counts[MitiCode.complex_reflection], reflections),
        mi_adherent=adherent,
        mi_non_adherent=non_adherent,
        percent_mi_adherent=_percent(adherent, adherent + non_adherent),
        student_talk_share=(round(student_words / (student_words + client_words), 3)
                            if student_words + client_words else None),
        student_turns=len(student_texts),
    )
