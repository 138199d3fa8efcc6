"""The admin dashboard's data: usage and cost, alerts, the error log and provider health."""

from fastapi import APIRouter, Query, Response

from backend.api.deps import AdminUser, DbDep, RuntimeDep
from backend.api.paging import Cursor, limit_to, with_next
from backend.api.params import NO_NUL
from backend.schemas.admin import AlertRead, CourseUsage, ErrorRead, ProviderHealth, UsageReport
from backend.services.courses import usage as usage_of_courses
from backend.services.spend import monitoring

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/usage", response_model=UsageReport)
async def usage(actor: AdminUser, db: DbDep, runtime: RuntimeDep,
                days: int = Query(14, ge=1, le=366)) -> UsageReport:
    return await monitoring.usage_report(db, settings=runtime.settings, pricing=runtime.pricing, days=days)


@router.get("/courses", response_model=CourseUsage)
async def courses(actor: AdminUser, db: DbDep) -> CourseUsage:
    """Sections, enrollments, assignments and their sessions, and what each section's attempts have cost."""
    return await usage_of_courses.course_usage(db)


@router.get("/alerts", response_model=list[AlertRead])
async def alerts(actor: AdminUser, db: DbDep, response: Response, limit: int = limit_to(200, 1000),
                 cursor: Cursor = None) -> list[AlertRead]:
    """Newest first, a page at a time."""
    found = await monitoring.list_alerts(db, limit=limit, cursor=cursor)
    return [AlertRead.model_validate(a) for a in with_next(response, found, limit, monitoring.newest_first_key)]


@router.get("/errors", response_model=list[ErrorRead])
async def errors(
    actor: AdminUser, db: DbDep, response: Response, kind: str | None = Query(None, max_length=60, pattern=NO_NUL),
    source: str | None = Query(None, max_length=40, pattern=NO_NUL), limit: int = limit_to(200, 1000),
    cursor: Cursor = None,
) -> list[ErrorRead]:
    """Newest first, a page at a time."""
    found = await monitoring.list_errors(db, kind=kind, source=source, limit=limit, cursor=cursor)
    return [ErrorRead.model_validate(e) for e in with_next(response, found, limit, monitoring.newest_first_key)]


@router.get("/health", response_model=ProviderHealth)
async def health(actor: AdminUser, db: DbDep, runtime: RuntimeDep) -> ProviderHealth:
    return await monitoring.provider_health(db, breaker=runtime.breaker, provider=runtime.provider,
                                            pricing=runtime.pricing)
