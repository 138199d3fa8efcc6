"""The LTI 1.3 claim names, and reading a launch's roles as the platform's roles."""

from __future__ import annotations

from backend.models.user import UserRole

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = LTI + "message_type"
VERSION = LTI + "version"
DEPLOYMENT_ID = LTI + "deployment_id"
ROLES = LTI + "roles"
CONTEXT = LTI + "context"
RESOURCE_LINK = LTI + "resource_link"
CUSTOM = LTI + "custom"
TARGET_LINK_URI = LTI + "target_link_uri"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
DL_CONTENT_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"
DL_DATA = "https://purl.imsglobal.org/spec/lti-dl/claim/data"

RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse"
MESSAGE_TYPES = (RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST)

_TEACHING = {"Instructor", "TeachingAssistant", "Administrator"}
_LEARNING = {"Learner", "Student"}


def _names(roles: list[str]) -> set[str]:
    """'.../membership#Instructor' and '.../membership/Instructor#TeachingAssistant' -> their role names."""
    names = set()
    for role in roles:
        if not isinstance(role, str):
            continue
        head, _, tail = role.rpartition("#")
        names.add(tail)
        names.add(head.rsplit("/", 1)[-1])
    return names


def platform_role(roles: object) -> UserRole | None:
    """Instructor, TA or an LMS administrator teach (never more than a teacher here); a learner studies."""
    names = _names(roles if isinstance(roles, list) else [])
    if names & _TEACHING:
        return UserRole.teacher
    if names & _LEARNING:
        return UserRole.student
    return None
