"""Coordination handover: the structured data embedded in the minutes PDF, and its import.

The minutes carry ``ansvarsgruppe-handover.json`` (schema in ``docs/handover-schema.md``) so that
the service taking over coordination can start from the group, the plan, the open tasks and the
meeting history instead of retyping them. What goes in is limited to what the group already
shares: internal notes, children's details and private persons without the user's consent to
take part are never included.

Import refuses a PDF whose signature does not verify (``verify.verify_bytes``): the data is
trusted only as far as the seal over it.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from desktop.db import Database
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import (
    Attendance,
    Case,
    Consent,
    Coordination,
    Decision,
    Goal,
    IndividualPlan,
    Measure,
    Meeting,
    Member,
    Task,
)
from desktop.models.enums import (
    AttendanceStatus,
    AuditAction,
    ConsentForm,
    ConsentScope,
    ConsentStatus,
    CoordinationHolder,
    GoalStatus,
    GroupRole,
    LifeDomain,
    MeasureStatus,
    MeetingStatus,
    MeetingType,
    NextOfKinRelation,
    ParticipationMode,
    PartyType,
    PathwayPhase,
    TaskStatus,
)
from desktop.services.audit import record
from desktop.services.case_validation import clean_chars
from desktop.services.handover_build import (  # noqa: F401 - building is re-exported from here
    SCHEMA_ID,
    SCHEMA_VERSION,
    build_handover,
    to_json_bytes,
)
from desktop.services.offline_pyhanko import ensure_offline

ensure_offline()  # before any pyHanko import: no network client in the process

SUPPORTED_VERSIONS = (1,)


class HandoverError(UserError):
    """The handover data cannot be imported; the message says why (translated)."""


@dataclass(frozen=True)
class ImportResult:
    case_id: int
    reference: str
    original_reference: str
    members: int
    goals: int
    open_tasks: int
    meetings: int


# -- reading a PDF ---------------------------------------------------------------------------


def extract_attachment(pdf: bytes) -> bytes | None:
    """The handover JSON embedded in ``pdf``, or None when there is none."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from desktop.services.signing import ATTACHMENT_NAME

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    names_root = reader.root.get("/Names")
    if names_root is None:
        return None
    embedded = names_root.get_object().get("/EmbeddedFiles")
    if embedded is None:
        return None
    names = embedded.get_object().get("/Names")
    names = names.get_object() if names is not None else []
    for i in range(0, len(names) - 1, 2):
        if str(names[i].get_object()) != ATTACHMENT_NAME:
            continue
        spec = names[i + 1].get_object()
        stream = spec["/EF"]["/F"].get_object()
        return bytes(stream.data)
    return None


def read_handover(pdf: bytes) -> dict[str, Any]:
    """Verify the PDF and return its handover document; raise :class:`HandoverError` otherwise."""
    from desktop.services.verify import verify_bytes

    result = verify_bytes(pdf)
    if not result.is_valid:
        raise HandoverError(
            _("The PDF cannot be imported because its signature does not check out: {reason}").format(
                reason=result.message
            )
        )
    try:
        raw = extract_attachment(pdf)
    except Exception as exc:  # a damaged names tree
        raise HandoverError(_("The handover data in the PDF cannot be read.")) from exc
    if raw is None:
        raise HandoverError(_("The PDF holds no handover data. Was it made by Ansvarsgruppe?"))
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HandoverError(_("The handover data in the PDF cannot be read.")) from exc
    validate(document)
    return document


def validate(document: Any) -> None:
    """Check the parts import relies on (the schema file documents the rest)."""
    if not isinstance(document, dict) or document.get("schema") != SCHEMA_ID:
        raise HandoverError(_("The PDF holds no handover data. Was it made by Ansvarsgruppe?"))
    if document.get("schema_version") not in SUPPORTED_VERSIONS:
        raise HandoverError(
            _(
                "The handover data has version {version}, which this version of Ansvarsgruppe cannot read."
            ).format(version=document.get("schema_version"))
        )
    case = document.get("case")
    if not isinstance(case, dict) or not str(case.get("reference", "")).strip():
        raise HandoverError(_("The handover data has no case reference."))
    for key in ("members", "open_tasks", "meetings"):
        if not isinstance(document.get(key), list):
            raise HandoverError(_("The handover data is incomplete: {part} is missing.").format(part=key))


# -- import ---------------------------------------------------------------------------------


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _datetime(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _text(value: Any, limit: int | None = None, *, line: bool = False) -> str:
    """A text of the document as it can be stored (:func:`clean_chars`: a lone surrogate from a
    ``\\ud800`` escape becomes U+FFFD, control characters go), cut to ``limit``; ``line``
    also joins white space, as the editors do for names and references."""
    text = clean_chars(value if isinstance(value, str) else str(value)) if value else ""
    if line:
        text = " ".join(text.split())
    return text[:limit] if limit is not None else text


def _enum(enum_cls: Any, value: Any, default: Any) -> Any:
    try:
        return enum_cls(value)
    except ValueError:
        return default


def _free_reference(session: Session, reference: str) -> str:
    reference = reference.strip()[:34]
    candidate, n = reference, 1
    while session.exec(select(Case).where(Case.reference == candidate)).first() is not None:
        n += 1
        candidate = f"{reference}-{n}"
    return candidate


def import_handover(db: Database, pdf: bytes) -> ImportResult:
    """Create a new case in ``db`` from a verified minutes PDF. Nothing is written on failure."""
    return import_document(db, read_handover(pdf))


def import_document(db: Database, document: dict[str, Any]) -> ImportResult:
    """Create a new case from a handover document already checked by :func:`read_handover`.

    Every text goes through :func:`_text`; a part of the wrong shape (a list where an object
    belongs, a number too large to store …) is a :class:`HandoverError`, and nothing is written.
    """
    try:
        with db.session() as session:
            return _import(session, document)
    except UserError:
        raise
    except (AttributeError, TypeError, ValueError, KeyError, OverflowError) as exc:
        raise HandoverError(_("The handover data in the PDF cannot be read.")) from exc


def _import(session: Session, doc: dict[str, Any]) -> ImportResult:
    c = doc["case"]
    original = _text(c["reference"], line=True)
    if not original:
        raise HandoverError(_("The handover data has no case reference."))
    reference = _free_reference(session, original)
    case = Case(
        reference=reference,
        display_name=_text(c.get("display_name"), 200, line=True) or reference,
        birth_year=c.get("birth_year") if isinstance(c.get("birth_year"), int) else None,
        phase=_enum(PathwayPhase, c.get("phase"), PathwayPhase.OUTPATIENT),
        main_pathway=c.get("main_pathway") if isinstance(c.get("main_pathway"), int) else None,
        admission_date=_date(c.get("admission_date")),
        planned_discharge_date=_date(c.get("planned_discharge_date")),
        discharge_date=_date(c.get("discharge_date")),
        interpreter_language=_text(c.get("interpreter_language"), 60, line=True),
    )
    session.add(case)
    session.flush()
    assert case.id is not None
    keys: dict[str, int] = {}
    for m in doc["members"]:
        member = Member(
            case_id=case.id,
            name=_text(m.get("name"), 200, line=True) or "?",
            role=_enum(GroupRole, m.get("role"), GroupRole.MEMBER),
            party=_enum(PartyType, m.get("party"), PartyType.OTHER),
            organisation=_text(m.get("organisation"), 200, line=True),
            title=_text(m.get("title"), 120, line=True),
            phone=_text(m.get("phone"), 40, line=True),
            email=_text(m.get("email"), 200, line=True),
            relation=_enum(NextOfKinRelation, m.get("relation"), None) if m.get("relation") else None,
            is_closest_next_of_kin=bool(m.get("is_closest_next_of_kin")),
            is_active=bool(m.get("is_active", True)),
        )
        session.add(member)
        session.flush()
        assert member.id is not None
        if m.get("key"):
            keys[str(m["key"])] = member.id
        seen: set[ConsentScope] = set()
        for consent in m.get("consents") or []:
            scope = _enum(ConsentScope, consent.get("scope"), None)
            if scope is None or scope in seen:
                continue
            seen.add(scope)
            session.add(
                Consent(
                    member_id=member.id,
                    scope=scope,
                    status=_enum(ConsentStatus, consent.get("status"), ConsentStatus.NOT_ASKED),
                    form=_enum(ConsentForm, consent.get("form"), None) if consent.get("form") else None,
                    given_on=_date(consent.get("given_on")),
                    withdrawn_on=_date(consent.get("withdrawn_on")),
                    limitation=_text(consent.get("limitation")),
                    recorded_by=_("Imported from handover"),
                )
            )

    def member_id(key: Any) -> int | None:
        return keys.get(str(key)) if key else None

    coordination = doc.get("coordination")
    if isinstance(coordination, dict):
        session.add(
            Coordination(
                case_id=case.id,
                holder=_enum(CoordinationHolder, coordination.get("holder"), CoordinationHolder.MUNICIPALITY),
                specialist_coordinator_id=member_id(coordination.get("specialist_coordinator")),
                municipal_coordinator_id=member_id(coordination.get("municipal_coordinator")),
                handover_date=_date(coordination.get("handover_date")),
            )
        )
    goals = 0
    plan_doc = doc.get("plan")
    if isinstance(plan_doc, dict):
        plan = IndividualPlan(
            case_id=case.id,
            overall_goal=_text(plan_doc.get("overall_goal")),
            resources=_text(plan_doc.get("resources")),
            next_evaluation=_date(plan_doc.get("next_evaluation")),
        )
        session.add(plan)
        session.flush()
        assert plan.id is not None
        for position, g in enumerate(plan_doc.get("goals") or []):
            goal = Goal(
                plan_id=plan.id,
                domain=_enum(LifeDomain, g.get("domain"), LifeDomain.OTHER),
                text=_text(g.get("text")),
                professional_text=_text(g.get("professional_text")),
                status=_enum(GoalStatus, g.get("status"), GoalStatus.ACTIVE),
                position=position,
            )
            session.add(goal)
            session.flush()
            assert goal.id is not None
            goals += 1
            for ms in g.get("measures") or []:
                session.add(
                    Measure(
                        goal_id=goal.id,
                        text=_text(ms.get("text")),
                        party=_enum(PartyType, ms.get("party"), PartyType.OTHER),
                        responsible_member_id=member_id(ms.get("responsible")),
                        responsible_person=_text(ms.get("responsible_person"), 200, line=True),
                        start_date=_date(ms.get("start_date")),
                        end_date=_date(ms.get("end_date")),
                        evaluation_date=_date(ms.get("evaluation_date")),
                        status=_enum(MeasureStatus, ms.get("status"), MeasureStatus.PLANNED),
                    )
                )
    meetings = 0
    for h in doc["meetings"]:
        start = _datetime(h.get("start"))
        if start is None:
            continue
        meeting = Meeting(
            case_id=case.id,
            type=_enum(MeetingType, h.get("type"), MeetingType.REGULAR),
            status=MeetingStatus.HELD,
            start=start,
            duration_minutes=int(h.get("duration_minutes") or 90),
            place=_text(h.get("place"), 300),
            facilitator_member_id=member_id(h.get("facilitator")),
            closed_at=start,
        )
        session.add(meeting)
        session.flush()
        assert meeting.id is not None
        meetings += 1
        for position, d in enumerate(h.get("decisions") or []):
            session.add(
                Decision(
                    meeting_id=meeting.id,
                    text=_text(d.get("text")),
                    awaiting_formal_decision=bool(d.get("awaiting_formal_decision")),
                    position=position,
                )
            )
        seen_members: set[int] = set()
        for a in h.get("attendance") or []:
            mid = member_id(a.get("member"))
            if mid is None or mid in seen_members:
                continue
            seen_members.add(mid)
            session.add(
                Attendance(
                    meeting_id=meeting.id,
                    member_id=mid,
                    status=_enum(AttendanceStatus, a.get("status"), None) if a.get("status") else None,
                    mode=_enum(ParticipationMode, a.get("mode"), None) if a.get("mode") else None,
                )
            )
    tasks = 0
    for t in doc["open_tasks"]:
        session.add(
            Task(
                case_id=case.id,
                text=_text(t.get("text")),
                party=_enum(PartyType, t.get("party"), PartyType.OTHER),
                responsible_member_id=member_id(t.get("responsible")),
                responsible_person=_text(t.get("responsible_person"), 200, line=True),
                due=_date(t.get("due")),
                status=_enum(TaskStatus, t.get("status"), TaskStatus.OPEN),
            )
        )
        tasks += 1
    record(session, AuditAction.HANDOVER_IMPORTED, case_id=case.id)
    return ImportResult(
        case_id=case.id,
        reference=reference,
        original_reference=original,
        members=len(keys),
        goals=goals,
        open_tasks=tasks,
        meetings=meetings,
    )
