"""Fictional demo data: a database a coordinator can explore on first run.

Dates are relative to today so that there are always overdue tasks and future meetings.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from desktop import clock
from desktop.db import Database
from desktop.demo.standard_content import (
    DEMO_CASES,
    DEMO_FIRST_NAMES,
    DEMO_GOAL_VARIANTS,
    DEMO_GOALS,
    DEMO_MEMBERS,
    DEMO_NEXT_OF_KIN,
    DEMO_RESOURCES,
)
from desktop.demo.standard_meetings import DemoMeetings
from desktop.errors import UserError
from desktop.i18n import _
from desktop.models import (
    BedAgreement,
    Case,
    ChildRecord,
    Consent,
    Coordination,
    CrisisPlan,
    Goal,
    IndividualPlan,
    Measure,
    Member,
    PhaseChange,
    Withholding,
)
from desktop.models.enums import (
    AuditAction,
    ConsentForm,
    ConsentScope,
    ConsentStatus,
    CoordinationHolder,
    GoalStatus,
    GroupRole,
    LifeDomain,
    MeasureStatus,
    NextOfKinRelation,
    PartyType,
    PathwayPhase,
)
from desktop.models.withholding import WithheldSubject
from desktop.services.audit import record

_PHASE_ORDER = (
    PathwayPhase.OUTPATIENT,
    PathwayPhase.PRE_ADMISSION,
    PathwayPhase.INPATIENT,
    PathwayPhase.DISCHARGE_PLANNING,
    PathwayPhase.AFTER_DISCHARGE,
    PathwayPhase.MUNICIPAL_FOLLOW_UP,
    PathwayPhase.CLOSED,
)
_PROFESSIONAL_SCOPES = (
    ConsentScope.PARTICIPATE,
    ConsentScope.RECEIVE_NOTICE,
    ConsentScope.RECEIVE_FULL_MINUTES,
    ConsentScope.SHARE_BETWEEN_SERVICES,
)


def ensure_new_database(path: Path) -> None:
    """The demo never writes into a database that holds anything."""
    if path.exists() and path.stat().st_size > 0:
        raise UserError(_("{path} already exists. Choose a new file for the demo data.").format(path=path))
    if not path.parent.exists():
        raise UserError(_("The folder {path} does not exist.").format(path=path.parent))


def create_demo(
    path: Path, *, today: date | None = None, seed: int = 7, passphrase: str | None = None
) -> Database:
    """Create ``path`` with the demo cases; return the open database.

    With a ``passphrase`` the new file is encrypted (SQLCipher) from its first page on.
    """
    ensure_new_database(path)
    db = Database.open(path, passphrase=passphrase, adopt_empty=True)  # new, or an empty file
    today = today or clock.today()
    rng = random.Random(seed)
    with db.session() as session:
        for index, spec in enumerate(DEMO_CASES):
            DemoCase(session, rng, today, index, *spec).build()
        record(session, AuditAction.DEMO_CREATED)
    return db


class DemoCase:
    """One demo case: the case, its phases, group and consents, plan, coordination, crisis plan."""

    def __init__(
        self,
        session: Session,
        rng: random.Random,
        today: date,
        index: int,
        reference: str,
        name: str,
        birth_year: int,
        phase: PathwayPhase,
        overall_goal: str,
    ) -> None:
        self.s, self.rng, self.today, self.index = session, rng, today, index
        self.reference, self.name, self.birth_year, self.phase, self.overall_goal = (
            reference,
            name,
            birth_year,
            phase,
            overall_goal,
        )
        self.first_name = name.split()[0]
        self.members: dict[PartyType, Member] = {}

    def add[Row](self, obj: Row) -> Row:
        self.s.add(obj)
        self.s.flush()
        return obj

    def build(self) -> None:
        admission = self.today - timedelta(days=40 + 9 * self.index)
        case = Case(
            reference=self.reference,
            display_name=self.name,
            birth_year=self.birth_year,
            phase=self.phase,
            admission_date=admission
            if self.phase not in (PathwayPhase.OUTPATIENT, PathwayPhase.PRE_ADMISSION)
            else None,
            planned_discharge_date=self.today + timedelta(days=18)
            if self.phase == PathwayPhase.DISCHARGE_PLANNING
            else None,
            interpreter_language="Nordsamisk" if "Á" in self.name else "",
            closed_on=self.today - timedelta(days=30) if self.phase == PathwayPhase.CLOSED else None,
            closed_reason="Brukeren ønsket å avslutte planen." if self.phase == PathwayPhase.CLOSED else "",
        )
        self.add(case)
        assert case.id is not None
        self.case_id = case.id
        self._phases()
        self._group()
        self._plan()
        self._coordination()
        self._crisis_and_bed()
        DemoMeetings(self).build()

    def _phases(self) -> None:
        reached = _PHASE_ORDER[: _PHASE_ORDER.index(self.phase) + 1]
        start = self.today - timedelta(days=30 * len(reached))
        for step, phase in enumerate(reached):
            self.s.add(
                PhaseChange(case_id=self.case_id, phase=phase, changed_on=start + timedelta(days=30 * step))
            )

    def _group(self) -> None:
        self.user = self.add(
            Member(case_id=self.case_id, name=self.name, role=GroupRole.USER, party=PartyType.USER)
        )
        self._professionals()
        self._next_of_kin()
        if self.index == 0:
            self._child()

    def _professionals(self) -> None:
        """The services of the group, each with its consents; the surnames rotate from case to case."""
        rotation = self.index % len(DEMO_MEMBERS)
        for offset, (name, party, organisation, title) in enumerate(DEMO_MEMBERS):
            # Rotate surnames so that the cases do not share one identical group.
            surname_from = DEMO_MEMBERS[(offset + rotation) % len(DEMO_MEMBERS)][0].split()[-1]
            first_names = DEMO_FIRST_NAMES.get(party, (name.rsplit(" ", 1)[0],))
            first = first_names[self.index % len(first_names)]
            person = f"{first} {surname_from}" if rotation else name
            role = (
                GroupRole.COORDINATOR
                if party in (PartyType.TSB_OUTPATIENT, PartyType.MUNICIPAL_HEALTH_CARE)
                else GroupRole.MEMBER
            )
            member = self.add(
                Member(
                    case_id=self.case_id,
                    name=person,
                    role=role,
                    party=party,
                    organisation=organisation,
                    title=title,
                    phone=f"9{self.rng.randint(1000000, 9999999)}",
                    email=f"{person.split()[0].lower().replace('.', '')}@eksempel.no",
                )
            )
            assert isinstance(member, Member)
            self.members[party] = member
            self._professional_consents(member, party)

    def _next_of_kin(self) -> None:
        """Next of kin: the closest one consented to take part, the other refused."""
        for nok_name, relation, consented in DEMO_NEXT_OF_KIN:
            surname = self.name.split()[-1] if relation == "parent" else nok_name.split()[-1]
            member = self.add(
                Member(
                    case_id=self.case_id,
                    name=f"{nok_name.split()[0]} {surname}",
                    party=PartyType.NEXT_OF_KIN,
                    relation=NextOfKinRelation(relation),
                    is_closest_next_of_kin=consented,
                )
            )
            assert isinstance(member, Member)
            if consented:
                self.members[PartyType.NEXT_OF_KIN] = member
                for scope in (
                    ConsentScope.PARTICIPATE,
                    ConsentScope.RECEIVE_NOTICE,
                    ConsentScope.RECEIVE_OWN_TASKS,
                ):
                    self._consent(member, scope, ConsentStatus.GIVEN)
            else:
                self._consent(member, ConsentScope.PARTICIPATE, ConsentStatus.REFUSED)

    def _child(self) -> None:
        """A child as next of kin (age band and follow-up only)."""
        self.s.add(
            ChildRecord(
                case_id=self.case_id,
                age_band="6–12",
                informed_on=self.today - timedelta(days=20),
                follow_up_by=PartyType.MUNICIPAL_HEALTH_CARE,
                lives_with_user=False,
            )
        )

    def _professional_consents(self, member: Member, party: PartyType) -> None:
        """What each service may receive (issue 18). NAV: own tasks only in every other case, and
        in the others the full minutes with substance use withheld (a limited consent, recorded
        so that the program can apply it). The GP of the first case was never asked about the
        minutes: it gets nothing, and the coordinator sees why."""
        for scope in _PROFESSIONAL_SCOPES:
            if scope == ConsentScope.RECEIVE_FULL_MINUTES:
                if party == PartyType.GP and self.index == 0:
                    continue  # not asked
                if party == PartyType.NAV:
                    if self.index % 2 == 0:
                        self._consent(member, scope, ConsentStatus.REFUSED)
                    else:
                        self._consent(member, scope, ConsentStatus.LIMITED, "Ikke detaljer om rusbruk.")
                        self.add(
                            Withholding(
                                case_id=self.case_id,
                                subject=WithheldSubject.LIFE_AREA,
                                life_area=LifeDomain.SUBSTANCE_USE,
                                member_id=member.id,
                            )
                        )
                    continue
            self._consent(member, scope, ConsentStatus.GIVEN)
        if party == PartyType.NAV:
            self._consent(member, ConsentScope.RECEIVE_OWN_TASKS, ConsentStatus.GIVEN)
        if party == PartyType.MUNICIPAL_HEALTH_CARE and self.index in (0, 1):
            # The first person has agreed that the municipality takes over the plan; the second has not.
            status = ConsentStatus.GIVEN if self.index == 0 else ConsentStatus.REFUSED
            self._consent(member, ConsentScope.TRANSFER_TO_NEW_COORDINATOR, status)

    def _recorder(self) -> str:
        """Consents are recorded by the case's own outpatient coordinator."""
        coordinator = self.members.get(PartyType.TSB_OUTPATIENT)
        return coordinator.name if coordinator is not None else ""

    def _consent(
        self, member: Member, scope: ConsentScope, status: ConsentStatus, limitation: str = ""
    ) -> None:
        assert member.id is not None
        self.s.add(
            Consent(
                member_id=member.id,
                scope=scope,
                status=status,
                form=ConsentForm.WRITTEN if status == ConsentStatus.GIVEN else ConsentForm.ORAL,
                given_on=self.today - timedelta(days=80)
                if status in (ConsentStatus.GIVEN, ConsentStatus.LIMITED)
                else None,
                recorded_by=self._recorder(),
                limitation=limitation,
            )
        )

    def _plan(self) -> None:
        plan = self.add(
            IndividualPlan(
                case_id=self.case_id,
                overall_goal=self.overall_goal,
                resources=DEMO_RESOURCES[self.index % len(DEMO_RESOURCES)],
                next_evaluation=None
                if self.phase == PathwayPhase.CLOSED
                else self.today + timedelta(days=60),
            )
        )
        assert isinstance(plan, IndividualPlan) and plan.id is not None
        count = 4 + self.index % 3
        self.measures: list[Measure] = []
        closed = self.phase == PathwayPhase.CLOSED
        goals = DEMO_GOALS[self.index % 2 :] + DEMO_GOALS[: self.index % 2]  # not every plan starts alike
        for position, (domain, text, professional, measures) in enumerate(goals[:count]):
            if self.index % 2 and domain in DEMO_GOAL_VARIANTS:
                text = DEMO_GOAL_VARIANTS[domain]
            goal = self.add(
                Goal(
                    plan_id=plan.id,
                    domain=domain,
                    text=text,
                    professional_text=professional,
                    position=position,
                    status=GoalStatus.ACHIEVED if self.phase == PathwayPhase.CLOSED else GoalStatus.ACTIVE,
                )
            )
            assert isinstance(goal, Goal) and goal.id is not None
            for m_index, (m_text, party, person) in enumerate(measures):
                responsible = self.members.get(party)
                measure = self.add(
                    Measure(
                        goal_id=goal.id,
                        text=m_text,
                        party=party,
                        responsible_member_id=responsible.id if responsible else None,
                        responsible_person=person,
                        start_date=self.today - timedelta(days=60),
                        end_date=self.today + timedelta(days=120),
                        evaluation_date=None
                        if closed
                        else self.today + timedelta(days=30 - 45 * (m_index % 2)),
                        status=MeasureStatus.ENDED
                        if closed
                        else (MeasureStatus.APPLIED, MeasureStatus.STARTED, MeasureStatus.GRANTED)[
                            m_index % 3
                        ],
                    )
                )
                assert isinstance(measure, Measure)
                self.measures.append(measure)

    def _coordination(self) -> None:
        municipal_phase = self.phase in (
            PathwayPhase.MUNICIPAL_FOLLOW_UP,
            PathwayPhase.CLOSED,
            PathwayPhase.OUTPATIENT,
        )
        handover = None
        if self.phase == PathwayPhase.DISCHARGE_PLANNING:
            handover = self.today + timedelta(days=45)
        elif municipal_phase:
            handover = self.today - timedelta(days=40)
        self.s.add(
            Coordination(
                case_id=self.case_id,
                holder=CoordinationHolder.MUNICIPALITY if municipal_phase else CoordinationHolder.SPECIALIST,
                specialist_coordinator_id=self.members[PartyType.TSB_OUTPATIENT].id,
                municipal_coordinator_id=self.members[PartyType.MUNICIPAL_HEALTH_CARE].id,
                handover_date=handover,
            )
        )

    def _crisis_and_bed(self) -> None:
        self.s.add(
            CrisisPlan(
                case_id=self.case_id,
                warning_signs="Slutter å svare på telefonen. Sover dårlig flere netter på rad.",
                what_helps="Gå tur med hunden. Ringe mor. Spise et ordentlig måltid.",
                contacts="Poliklinikken (dagtid): 62 00 00 00. Legevakt: 116 117. Mor: se kontaktlisten.",
                risk_to_others="Barna bor hos faren. Barnevernet er informert.",
                updated_on=self.today - timedelta(days=14),
            )
        )
        if self.phase in (
            PathwayPhase.DISCHARGE_PLANNING,
            PathwayPhase.AFTER_DISCHARGE,
            PathwayPhase.INPATIENT,
        ):
            self.s.add(
                BedAgreement(
                    case_id=self.case_id,
                    institution="Rusbehandling Øst, døgnavdeling Ottestad",
                    valid_from=self.today + timedelta(days=18),
                    available_until=self.today + timedelta(days=18 + 365),
                    contact_point="Ring vakttelefonen på døgnavdelingen, hele døgnet.",
                    contact_phone="62 00 11 22",
                    normal_stay_days=5,
                    content="Samtaler med primærkontakt, hvile, struktur på dagen og plan for veien videre.",
                    municipal_cooperation="Kommunen varsles ved innleggelse og utskrivning hvis brukeren ønsker det.",
                    trigger_conditions="Når suget blir sterkt eller en krise er på vei.",
                )
            )
