"""The admin dashboard's data, fetched in one go so one failure shows one message, not six."""

from __future__ import annotations

from dataclasses import dataclass

from mvp.client.api_client import ApiClient
from mvp.client.course_models import CourseUsage
from mvp.client.models import Alert, ErrorEvent, ProviderHealth, Session, UsageReport


@dataclass
class Dashboard:
    health: ProviderHealth
    usage: UsageReport
    alerts: list[Alert]
    errors: list[ErrorEvent]
    active: list[Session]
    recent: list[Session]
    names: dict[int, str]  # user id -> display name
    courses: CourseUsage


def load_dashboard(client: ApiClient, days: int) -> Dashboard:
    """Everything that refreshes; raises ApiError on the first call that fails."""
    return Dashboard(
        health=client.provider_health(),
        usage=client.usage(days=days),
        alerts=client.alerts(),
        errors=client.errors(),
        active=client.list_sessions(status="active", limit=200),
        recent=client.list_sessions(status="ended", limit=15),
        names={user.id: user.display_name for user in client.list_users()},
        courses=client.course_usage(),
    )
