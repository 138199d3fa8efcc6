"""Sections: the class itself, its roster, its assignments, the progress grid and the downloads."""

from fastapi import APIRouter, Query, Response, status

from backend.api.deps import CurrentUser, DbDep, RuntimeDep, StaffUser
from backend.api.downloads import download, streamed_download
from backend.api.paging import Cursor, limit_to, with_next
from backend.api.params import SectionId, StudentId, TimeZone, TranscriptFormatQuery
from backend.schemas.assignment import AssignmentCreate, AssignmentRead
from backend.schemas.progress import SectionProgress
from backend.schemas.section import (
    EnrollmentRead,
    EnrollmentRequest,
    EnrollmentResult,
    SectionCreate,
    SectionRead,
    SectionUpdate,
)
from backend.services.courses import assignments, enrollments, exports, gradebook, progress, sections

router = APIRouter(prefix="/sections", tags=["sections"])
CSV = {200: {"content": {"text/csv": {}}, "description": "The gradebook, one row per student"}}
ZIP = {200: {"content": {"application/zip": {}}, "description": "One transcript file per submitted session"}}


@router.post("", response_model=SectionRead, status_code=status.HTTP_201_CREATED)
async def create_section(body: SectionCreate, actor: StaffUser, db: DbDep) -> SectionRead:
    return await sections.create(db, actor=actor, data=body)


@router.get("", response_model=list[SectionRead])
async def list_sections(actor: CurrentUser, db: DbDep) -> list[SectionRead]:
    """Teachers: their own; admins: all; students: the sections they are enrolled in."""
    return await sections.list_for(db, actor=actor)


@router.get("/{section_id}", response_model=SectionRead)
async def get_section(section_id: SectionId, actor: CurrentUser, db: DbDep) -> SectionRead:
    return await sections.read(db, actor=actor, section_id=section_id)


@router.patch("/{section_id}", response_model=SectionRead)
async def update_section(section_id: SectionId, body: SectionUpdate, actor: StaffUser, db: DbDep) -> SectionRead:
    return await sections.update(db, actor=actor, section_id=section_id, data=body)


@router.delete("/{section_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_section(section_id: SectionId, actor: StaffUser, db: DbDep) -> Response:
    """Archives the section: it leaves every list, its records stay."""
    await sections.archive(db, actor=actor, section_id=section_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{section_id}/enrollments", response_model=EnrollmentResult)
async def enroll(section_id: SectionId, body: EnrollmentRequest, actor: StaffUser, db: DbDep,
                 runtime: RuntimeDep) -> EnrollmentResult:
    """Each address is reported on its own: enrolled, already enrolled, created (with a temporary password shown
    this once), invalid (with the reason), or invited: a student of another teacher joins once they accept
    (at once with VC_DIRECT_ENROLLMENT=1)."""
    return await enrollments.enroll(db, actor=actor, section_id=section_id, emails=body.emails,
                                    create_missing=body.create_missing,
                                    direct=runtime.settings.direct_enrollment)


@router.get("/{section_id}/invitations", response_model=list[EnrollmentRead])
async def list_invitations(section_id: SectionId, actor: StaffUser, db: DbDep, response: Response,
                           limit: int = limit_to(1000, 1000), cursor: Cursor = None) -> list[EnrollmentRead]:
    """Students invited and not yet in (`status: pending`), by name; removing one withdraws the invitation."""
    found = await enrollments.pending(db, actor=actor, section_id=section_id, limit=limit, cursor=cursor)
    return with_next(response, found, limit, enrollments.page_key)


@router.get("/{section_id}/enrollments", response_model=list[EnrollmentRead])
async def list_enrollments(section_id: SectionId, actor: StaffUser, db: DbDep, response: Response,
                           include_removed: bool = Query(False), limit: int = limit_to(1000, 1000),
                           cursor: Cursor = None) -> list[EnrollmentRead]:
    """The roster by name, a page at a time."""
    found = await enrollments.roster(db, actor=actor, section_id=section_id, include_removed=include_removed,
                                     limit=limit, cursor=cursor)
    return with_next(response, found, limit, enrollments.page_key)


@router.delete("/{section_id}/enrollments/{student_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_enrollment(section_id: SectionId, student_id: StudentId, actor: StaffUser, db: DbDep) -> Response:
    """The student leaves the section; their sessions and history stay."""
    await enrollments.remove(db, actor=actor, section_id=section_id, student_id=student_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{section_id}/assignments", response_model=AssignmentRead, status_code=status.HTTP_201_CREATED)
async def create_assignment(section_id: SectionId, body: AssignmentCreate, actor: StaffUser,
                            db: DbDep) -> AssignmentRead:
    return await assignments.create(db, actor=actor, section_id=section_id, data=body)


@router.get("/{section_id}/assignments", response_model=list[AssignmentRead])
async def list_assignments(section_id: SectionId, actor: CurrentUser, db: DbDep) -> list[AssignmentRead]:
    return await assignments.list_for_section(db, actor=actor, section_id=section_id)


@router.get("/{section_id}/progress", response_model=SectionProgress)
async def section_progress(section_id: SectionId, actor: StaffUser, db: DbDep) -> Response:
    """Students × assignments: each cell's status, attempts, and the sessions to open."""
    return Response(content=await progress.section_progress_json(db, actor=actor, section_id=section_id),
                    media_type="application/json")


@router.get("/{section_id}/gradebook.csv", response_class=Response, responses=CSV)
async def gradebook_csv(section_id: SectionId, actor: StaffUser, db: DbDep) -> Response:
    """UTF-8 with a header: Student Name, Student ID, SIS Login ID (the email), Section, one column per assignment."""
    return download(await gradebook.gradebook_csv(db, actor=actor, section_id=section_id))


@router.get("/{section_id}/transcripts.zip", response_class=Response, responses=ZIP)
async def transcripts_zip(section_id: SectionId, actor: StaffUser, db: DbDep, runtime: RuntimeDep, tz: TimeZone = None,
                          file_format: TranscriptFormatQuery = exports.TranscriptFormat.md,
                          ) -> Response:
    """Sent as each transcript is made (a large section starts downloading at once)."""
    return streamed_download(await exports.section_zip(db, actor=actor, section_id=section_id, fmt=file_format,
                                                       tz=tz, fonts=runtime.settings.pdf_fonts,
                                                       limits=runtime.limits))
