"""A large fictional database for performance work: 1 000 cases, 20 000 meetings, 200 000 tasks.

Same schema as any other file (created and migrated by ``Database.open``); rows are written with
SQLAlchemy Core ``insert()`` on the SQLModel tables, many rows per statement execution
(``executemany``) in one transaction, ids assigned here, so that the whole file is ready in well
under two minutes on the 2-core development machine. The search index is built once at the end.

Distributions (DOMAIN.md §8 where the sources give one, otherwise a plausible guess):
phases spread over the pathway with most cases after discharge; a professional serves many
cases (a staff pool per party), so "responsible person" filters are meaningful; tasks from the
last meeting are mostly open, older ones mostly closed with an outcome, and a few old tasks were
forgotten: those are the overdue tasks the board must surface.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from desktop import clock
from desktop.db import Database, bulk_write_connection
from desktop.demo import large_content as content
from desktop.demo.large_writer import RowWriter
from desktop.demo.standard import ensure_new_database
from desktop.models.enums import PartyType, PathwayPhase
from desktop.services import search_schema

STAFF_PER_PARTY = 40

#: (phase, share of cases)
PHASE_SHARES: tuple[tuple[PathwayPhase, float], ...] = (
    (PathwayPhase.OUTPATIENT, 0.12),
    (PathwayPhase.PRE_ADMISSION, 0.08),
    (PathwayPhase.INPATIENT, 0.14),
    (PathwayPhase.DISCHARGE_PLANNING, 0.12),
    (PathwayPhase.AFTER_DISCHARGE, 0.22),
    (PathwayPhase.MUNICIPAL_FOLLOW_UP, 0.22),
    (PathwayPhase.CLOSED, 0.10),
)
#: Professionals in every group; inpatient staff, peer workers and next of kin only in some.
CORE_PARTIES = (
    PartyType.TSB_OUTPATIENT,
    PartyType.MUNICIPAL_HEALTH_CARE,
    PartyType.NAV,
    PartyType.GP,
    PartyType.MUNICIPAL_HOUSING,
)
GROUP_SCOPES = ("participate", "receive_notice", "receive_full_minutes", "share_between_services")


def create_large_demo(
    path: Path | str,
    *,
    cases: int = 1000,
    meetings_per_case: int = 20,
    tasks_per_case: int = 200,
    today: date | None = None,
    seed: int = 2026,
    passphrase: str | None = None,
) -> dict[str, int]:
    """Create ``path`` with ``cases`` fictional cases; return the row counts written.

    The keys ``cases``, ``meetings`` and ``tasks`` are always present (``notes`` and
    ``decisions`` too). Refuses an existing, non-empty file. With a ``passphrase`` the new file
    is encrypted (SQLCipher).
    """
    path = Path(path)
    ensure_new_database(path)
    db = Database.open(path, passphrase=passphrase, adopt_empty=True)  # new, or an empty file
    today = today or clock.today()
    rng = random.Random(seed)
    staff = _staff_pool(rng)
    try:
        with bulk_write_connection(db) as conn:
            with conn.begin():
                # The search index is built once at the end (FTS5 'rebuild'), not row by row
                # through the triggers, which took two thirds of the time.
                search_schema.drop_triggers(conn.exec_driver_sql)
                writer = RowWriter(conn)
                for index in range(cases):
                    _LargeCase(writer, rng, today, staff, index, meetings_per_case, tasks_per_case).build()
                    writer.maybe_flush()
                writer.add("audit_event", (clock.now(), "", "", "demo_created"))
                writer.flush()
                search_schema.rebuild_index(conn.exec_driver_sql)
                search_schema.recreate_triggers(conn.exec_driver_sql)
    finally:
        db.dispose()
    c = writer.counts
    return {
        "cases": c["case"],
        "meetings": c["meeting"],
        "tasks": c["task"],
        "notes": c["note"],
        "decisions": c["decision"],
    }


def _staff_pool(rng: random.Random) -> dict[PartyType, list[str]]:
    """Professionals who each serve many cases (a NAV adviser follows about 20 users, DOMAIN §8)."""
    pool: dict[PartyType, list[str]] = {}
    for party in content.TITLES:
        names: set[str] = set()
        while len(names) < STAFF_PER_PARTY:
            names.add(f"{rng.choice(content.FIRST_NAMES)} {rng.choice(content.SURNAMES)}")
        pool[party] = sorted(names)
    return pool


def _pick_phase(rng: random.Random) -> PathwayPhase:
    roll = rng.random()
    for phase, share in PHASE_SHARES:
        roll -= share
        if roll < 0:
            return phase
    return PathwayPhase.MUNICIPAL_FOLLOW_UP


class _LargeCase:
    def __init__(
        self,
        writer: RowWriter,
        rng: random.Random,
        today: date,
        staff: dict[PartyType, list[str]],
        index: int,
        meetings: int,
        tasks: int,
    ) -> None:
        self.w, self.rng, self.today, self.staff, self.index = writer, rng, today, staff, index
        self.meeting_count, self.task_count = max(1, meetings), max(0, tasks)
        self.phase = _pick_phase(rng)
        self.first = rng.choice(content.FIRST_NAMES)
        self.name = f"{self.first} {rng.choice(content.SURNAMES)}"
        self.members: dict[PartyType, int] = {}
        self.member_names: dict[PartyType, str] = {}

    def text(self, template: str) -> str:
        return template.replace("{first}", self.first)

    def build(self) -> None:
        rng, today = self.rng, self.today
        closed = self.phase == PathwayPhase.CLOSED
        started = today - timedelta(days=rng.randint(400, 1000))
        self.case_id = self.w.add(
            "case",
            (
                f"AG-L-{self.index + 1:05d}",
                self.name,
                rng.randint(1955, 2006),
                self.phase.value,
                today - timedelta(days=rng.randint(20, 200))
                if self.phase not in (PathwayPhase.OUTPATIENT, PathwayPhase.PRE_ADMISSION)
                else None,
                today + timedelta(days=rng.randint(5, 40))
                if self.phase == PathwayPhase.DISCHARGE_PLANNING
                else None,
                None,
                "Nordsamisk" if self.first in ("Áile", "Máret", "Ánte", "Niillas", "Sunná") else "",
                datetime.combine(started, time(9)),
                today - timedelta(days=rng.randint(10, 90)) if closed else None,
                "Brukeren ønsket å avslutte planen." if closed else "",
            ),
        )
        self.w.add("phase_change", (self.case_id, self.phase.value, started, ""))
        self._group()
        self._plan()
        self._meetings(started)

    def _member(self, party: PartyType, name: str, role: str, **extra: Any) -> int:
        organisation, title = content.TITLES.get(party, ("", ""))
        member_id = self.w.add(
            "member",
            (
                self.case_id,
                name,
                role,
                party.value,
                organisation,
                title,
                f"9{self.rng.randint(1000000, 9999999)}",
                "",
                extra.get("relation"),
                extra.get("closest", False),
                True,
            ),
        )
        self.members[party] = member_id
        self.member_names[party] = name
        refuse_minutes = party == PartyType.NAV and self.rng.random() < 0.3
        for scope in GROUP_SCOPES:
            status = "refused" if refuse_minutes and scope == "receive_full_minutes" else "given"
            self.w.add(
                "consent",
                (member_id, scope, status, "written", self.today, None, "", ""),
            )
        return member_id

    def _group(self) -> None:
        rng = self.rng
        self.user_id = self._member(PartyType.USER, self.name, "user")
        parties = list(CORE_PARTIES)
        if self.phase in (PathwayPhase.INPATIENT, PathwayPhase.DISCHARGE_PLANNING):
            parties.append(PartyType.INPATIENT_INSTITUTION)
        if rng.random() < 0.4:
            parties.append(PartyType.PEER_WORKER)
        for party in parties:
            role = (
                "coordinator"
                if party in (PartyType.TSB_OUTPATIENT, PartyType.MUNICIPAL_HEALTH_CARE)
                else "member"
            )
            self._member(party, rng.choice(self.staff[party]), role)
        if rng.random() < 0.6:
            relative = f"{rng.choice(content.FIRST_NAMES)} {self.name.split()[-1]}"
            self._member(PartyType.NEXT_OF_KIN, relative, "member", relation="parent", closest=True)
        self.members[PartyType.USER] = self.user_id
        municipal = self.phase in (
            PathwayPhase.MUNICIPAL_FOLLOW_UP,
            PathwayPhase.CLOSED,
            PathwayPhase.OUTPATIENT,
        )
        self.w.add(
            "coordination",
            (
                self.case_id,
                "municipality" if municipal else "specialist",
                self.members[PartyType.TSB_OUTPATIENT],
                self.members[PartyType.MUNICIPAL_HEALTH_CARE],
                self.today - timedelta(days=rng.randint(10, 300)) if municipal else None,
                "",
            ),
        )
        self.w.add(
            "crisis_plan",
            (
                self.case_id,
                "Slutter å svare på telefonen. Sover dårlig flere netter på rad.",
                "Gå tur. Ringe en jeg stoler på. Spise et ordentlig måltid.",
                "Poliklinikken (dagtid). Legevakt: 116 117.",
                "",
                self.today - timedelta(days=rng.randint(5, 200)),
            ),
        )

    def _plan(self) -> None:
        rng, today = self.rng, self.today
        plan_id = self.w.add(
            "individual_plan",
            (
                self.case_id,
                rng.choice(content.OVERALL_GOALS),
                "Glad i å lage mat. Har god kontakt med en søster.",
                today + timedelta(days=rng.randint(10, 120)),
                datetime.combine(today - timedelta(days=rng.randint(1, 60)), time(12)),
            ),
        )
        goals = rng.sample(content.GOALS, rng.randint(3, 6))
        for position, (domain, text, professional, measures) in enumerate(goals):
            goal_id = self.w.add(
                "goal",
                (
                    plan_id,
                    domain.value,
                    text,
                    professional,
                    "achieved" if self.phase == "closed" else "active",
                    position,
                ),
            )
            for m_text, party in measures:
                self.w.add(
                    "measure",
                    (
                        goal_id,
                        m_text,
                        party.value,
                        self.members.get(party),
                        "",
                        today - timedelta(days=90),
                        today + timedelta(days=180),
                        today + timedelta(days=rng.randint(-20, 60)),
                        rng.choice(("planned", "applied", "granted", "started")),
                    ),
                )

    def _meetings(self, started: date) -> None:
        rng, today = self.rng, self.today
        planned = 0 if self.phase == PathwayPhase.CLOSED else (2 if rng.random() < 0.25 else 1)
        planned = min(planned, self.meeting_count - 1)
        held = self.meeting_count - planned
        # The last meeting was a few weeks ago; the earlier ones are spread back to the start.
        last = today - timedelta(days=rng.randint(2, 35))
        step = max(7, (last - started).days) / max(1, held - 1)
        place = rng.choice(content.PLACES)
        per_meeting = [
            self.task_count // held + (1 if i < self.task_count % held else 0) for i in range(held)
        ]
        held_ids: list[int] = []
        for number in range(held):
            day = last - timedelta(days=int(step * (held - 1 - number)))
            start = datetime.combine(day, time(rng.choice((9, 10, 12, 13, 14))))
            meeting_id = self._meeting(start, "held", place, number)
            held_ids.append(meeting_id)
            items = self._agenda(meeting_id, number)
            self._attendance(meeting_id, held=True)
            self._minutes_content(meeting_id, start, items, number)
            age = held - 1 - number  # 0 = the last meeting held
            self._tasks(meeting_id, start, items, per_meeting[number], age, held_ids)
        for n in range(planned):
            start = datetime.combine(today + timedelta(days=7 + 21 * n + rng.randint(0, 14)), time(10))
            meeting_id = self._meeting(start, "planned", place, held + n)
            self._attendance(meeting_id, held=False)

    def _meeting(self, start: datetime, status: str, place: str, number: int) -> int:
        is_held = status == "held"
        kind = (
            "first_meeting"
            if number == 0
            else (
                "discharge_planning"
                if self.phase == PathwayPhase.DISCHARGE_PLANNING and not is_held
                else "regular"
            )
        )
        return self.w.add(
            "meeting",
            (
                self.case_id,
                kind,
                status,
                start,
                90,
                place,
                "NAV deltar på video." if self.rng.random() < 0.3 else "",
                self.members[PartyType.TSB_OUTPATIENT],
                self.members[PartyType.MUNICIPAL_HEALTH_CARE],
                start + timedelta(days=35) if is_held else None,
                "",
                start if is_held else None,
                start + timedelta(minutes=self.rng.randint(60, 100)) if is_held else None,
                "",
                start - timedelta(days=14),
            ),
        )

    def _agenda(self, meeting_id: int, number: int) -> dict[str, int]:
        items: dict[str, int] = {}
        for position, (kind, title, minutes) in enumerate(content.AGENDA):
            if kind == "approve_minutes" and number == 0:
                continue
            items[kind] = self.w.add(
                "agenda_item",
                (
                    meeting_id,
                    position,
                    kind,
                    title,
                    minutes,
                    kind,
                    "",
                    False,
                    False,
                    False,
                    minutes * 60 + self.rng.randint(-120, 180),
                    True,
                ),
            )
        return items

    def _attendance(self, meeting_id: int, *, held: bool) -> None:
        for party, member_id in self.members.items():
            if not held:
                self.w.add("attendance", (meeting_id, member_id, "no_response", None, None, False))
                continue
            roll = self.rng.random()
            status: str = "present"
            mode: str | None = "in_person"
            if party == PartyType.GP and roll < 0.6 or roll < 0.08:
                status, mode = "excused", None
            elif party == PartyType.NAV and roll < 0.4:
                status, mode = "remote", "video"
            self.w.add("attendance", (meeting_id, member_id, "accepted", status, mode, False))

    def _minutes_content(self, meeting_id: int, start: datetime, items: dict[str, int], number: int) -> None:
        rng = self.rng
        stamp = start + timedelta(hours=2)
        self.w.add(
            "note",
            (meeting_id, items["user_view"], "user_words", rng.choice(content.USER_WORDS), False, stamp),
        )
        for _n in range(rng.randint(2, 5)):
            sentences = rng.sample(content.NOTE_SENTENCES, rng.randint(2, 7))
            item = items[rng.choice(("goal", "task_follow_up", "checkpoint", "user_view"))]
            self.w.add("note", (meeting_id, item, "note", self.text(" ".join(sentences)), False, stamp))
        for position in range(rng.randint(1, 3)):
            self.w.add(
                "decision",
                (
                    meeting_id,
                    items["goal"],
                    self.text(rng.choice(content.DECISIONS)),
                    rng.random() < 0.1,
                    position,
                    stamp,
                ),
            )

    def _tasks(
        self,
        meeting_id: int,
        start: datetime,
        items: dict[str, int],
        count: int,
        age: int,
        held_ids: list[int],
    ) -> None:
        rng, today = self.rng, self.today
        open_share = 0.85 if age == 0 else 0.3 if age == 1 else 0.012
        if self.phase == PathwayPhase.CLOSED:
            open_share = 0.0
        for _n in range(count):
            template, party = rng.choice(content.TASKS)
            due = start.date() + timedelta(days=rng.choice((7, 14, 14, 21, 28, 35, 42, 60)))
            is_open = rng.random() < open_share
            responsible_id = self.members.get(party)
            person = "" if responsible_id is not None else content.TITLES.get(party, ("", ""))[0]
            if is_open:
                status = rng.choice(("open", "open", "in_progress", "waiting", "postponed"))
                outcome, closed_on, closed_in = "", None, None
            else:
                dropped = rng.random() < 0.08
                status = "dropped" if dropped else "done"
                outcome = self.text(
                    rng.choice(content.OUTCOMES_DROPPED if dropped else content.OUTCOMES_DONE)
                )
                closed = min(today, due + timedelta(days=rng.randint(-10, 20)))
                closed_on = closed
                closed_in = None  # closed between meetings, on the board
            undated = rng.random() < 0.03
            self.w.add(
                "task",
                (
                    self.case_id,
                    meeting_id,
                    items["task_follow_up"],
                    self.text(template),
                    party.value,
                    responsible_id,
                    person,
                    None if undated else due,
                    status,
                    outcome,
                    start,
                    closed_on,
                    closed_in,
                ),
            )
