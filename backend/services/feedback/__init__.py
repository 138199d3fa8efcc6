"""Feedback on a finished conversation: evaluations (model or rules), rubrics, and the teacher's review and release."""
