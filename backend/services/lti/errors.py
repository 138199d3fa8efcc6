"""Why an LTI request was refused: each a 4xx a platform admin can act on."""

from __future__ import annotations

from backend.core.errors import DomainError


class LaunchRefused(DomainError):
    """The launch (or login) failed a check; nothing was created."""

    status_code = 400
    code = "lti_launch_refused"


class PlatformUnavailable(DomainError):
    """The LMS answered a service call badly: the teacher can retry later."""

    status_code = 502
    code = "lms_unavailable"
