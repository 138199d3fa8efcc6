"""The MITI 4.2.1 coder: a student's turn parsed into utterances and coded, the one reading of the student's
moves that both the feedback and the simulated client use."""

from backend.interviewing.codes import MitiCode
from backend.interviewing.miti.coder import CodedUtterance, Turn, Utterance, code_transcript, code_utterance
from backend.interviewing.miti.frame import OUT_OF_FRAME_LABEL, is_out_of_frame, out_of_frame_cue
from backend.interviewing.miti.questions import question_kind

__all__ = ["OUT_OF_FRAME_LABEL", "CodedUtterance", "MitiCode", "Turn", "Utterance", "code_transcript",
           "code_utterance", "is_out_of_frame", "out_of_frame_cue", "question_kind"]
