"""The feedback endpoints of the API client: evaluations, the teacher's review and release, rubrics."""

from __future__ import annotations

from typing import Any

from mvp.client.feedback_models import Evaluation, EvaluationAverages, EvaluationSummary, Rubric
from mvp.client.parsing import build
from mvp.client.transport import Transport


class FeedbackApi:
    """Mixed into ApiClient, which provides `_request`."""

    def evaluate(self: Transport, session_id: int, *, refresh: bool = False) -> Evaluation:
        """Run the evaluation of an ended session (or get the one already made); a teacher may run it again."""
        params = {"refresh": "true"} if refresh else None
        return Evaluation.from_json(self._request("POST", f"/sessions/{session_id}/evaluation", params=params))

    def evaluation(self: Transport, session_id: int) -> Evaluation:
        return Evaluation.from_json(self._request("GET", f"/sessions/{session_id}/evaluation"))

    def review_evaluation(self: Transport, session_id: int, *, criteria: list[dict[str, Any]] | None = None,
                          comment: str | None = None, released: bool | None = None) -> Evaluation:
        """Overrides `[{key, score, comment}]` (score None keeps the evaluator's), a comment, release."""
        body = {name: value for name, value in (("criteria", criteria), ("comment", comment),
                                                 ("released", released)) if value is not None}
        return Evaluation.from_json(self._request("PATCH", f"/sessions/{session_id}/evaluation", json_body=body))

    def list_evaluations(self: Transport, *, released: bool | None = None, status: str | None = None,
                         client_id: int | None = None, limit: int = 500) -> list[EvaluationSummary]:
        params = {"released": None if released is None else str(released).lower(), "status": status,
                  "client_id": client_id, "limit": limit}
        return [build(EvaluationSummary, item) for item in self._request("GET", "/evaluations", params=params)]

    def evaluation_averages(self: Transport) -> list[EvaluationAverages]:
        return [EvaluationAverages.from_json(item) for item in self._request("GET", "/evaluations/averages")]

    def list_rubrics(self: Transport) -> list[Rubric]:
        return [build(Rubric, item) for item in self._request("GET", "/rubrics")]

    def create_rubric(self: Transport, body: dict[str, Any]) -> Rubric:
        """`{title, description, criteria: [{key, title, description, weight, levels: [{score, descriptor}]}]}`."""
        return build(Rubric, self._request("POST", "/rubrics", json_body=body))

    def delete_rubric(self: Transport, rubric_id: int) -> None:
        self._request("DELETE", f"/rubrics/{rubric_id}")
