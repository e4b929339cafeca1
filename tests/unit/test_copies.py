"""Each recipient gets exactly what the person consented to (issue 18).

The demo's first case (AG-2026-001): NAV may only know its own tasks, the GP was never asked,
the mother (next of kin) gets her own tasks, and the person consented to the municipality taking
over the plan. The second case (AG-2026-002): NAV gets the minutes without the substance-use life
area, and the person refused the transfer. The text of every copy is read back and checked for
what must and must not be there.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from desktop.cli import main
from desktop.db import Database
from desktop.models import AuditEvent, Case, Consent, Goal, IndividualPlan, Meeting, Member, Task
from desktop.models.enums import (
    AuditAction,
    ConsentScope,
    ConsentStatus,
    LifeDomain,
    MeetingStatus,
    PartyType,
)
from desktop.services.case.consent import Reason
from desktop.services.case.withholding import WithholdingService
from desktop.services.minutes.copies import DistributionResult, distribute
from desktop.services.minutes.handover import extract_attachment
from desktop.services.minutes.handover_copy import export_handover
from desktop.services.minutes.handover_import import import_handover
from desktop.services.minutes.versions import SigningKey
from tests.conftest import TODAY
from tests.pdf_text import flat_text
from tests.unit import minutes_fixtures
from tests.unit.minutes_fixtures import SessionKey

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
signing_key = minutes_fixtures.signing_key


def _case_id(db: Database, reference: str) -> int:
    with db.session() as s:
        case = s.exec(select(Case).where(Case.reference == reference)).one()
        assert case.id is not None
        return case.id


def _last_held(db: Database, case_id: int) -> int:
    with db.session() as s:
        meeting = s.exec(
            select(Meeting)
            .where(Meeting.case_id == case_id, Meeting.status == MeetingStatus.HELD)
            .order_by(col(Meeting.start).desc())
        ).first()
        assert meeting is not None and meeting.id is not None
        return meeting.id


def _member(db: Database, case_id: int, party: PartyType) -> Member:
    with db.session() as s:
        found = s.exec(
            select(Member).where(Member.case_id == case_id, Member.party == party).order_by(col(Member.id))
        ).first()
        assert found is not None
        return found


def _copy(result: DistributionResult, member_id: int) -> Path:
    (copy,) = [c for c in result.copies if c.member_id == member_id]
    assert copy.path is not None
    return copy.path


def old_file_owner(result: DistributionResult, path: Path) -> int:
    """The member whose copy now has ``path``'s name (the numbering follows who gets a copy)."""
    (copy,) = [c for c in result.copies if c.file == path.name]
    return copy.member_id


def _key(signing_key: SessionKey) -> SigningKey:
    return SigningKey(signing_key.path, signing_key.passphrase)


def test_nav_limited_excludes_one_life_area_and_says_so(demo_db: Database, tmp_path: Path) -> None:
    case_id = _case_id(demo_db, "AG-2026-002")
    meeting_id = _last_held(demo_db, case_id)
    nav = _member(demo_db, case_id, PartyType.NAV)
    with demo_db.session() as s:
        plan = s.exec(select(IndividualPlan).where(IndividualPlan.case_id == case_id)).one()
        substance = s.exec(
            select(Goal).where(Goal.plan_id == plan.id, Goal.domain == LifeDomain.SUBSTANCE_USE)
        ).one()
    result = distribute(demo_db, meeting_id, tmp_path / "out", today=TODAY)
    kinds = {c.member_id: c.kind for c in result.copies}
    assert kinds[nav.id] == "limited"  # type: ignore[index]
    user = _member(demo_db, case_id, PartyType.USER)
    full = flat_text(_copy(result, user.id))  # type: ignore[arg-type]
    limited = flat_text(_copy(result, nav.id))  # type: ignore[arg-type]
    goal_words = " ".join(substance.text.split())
    assert goal_words in full
    assert goal_words not in limited
    assert "Rusmestring" not in limited and "ruset seg" not in limited
    assert "utelatt" in limited and "utelatt" not in full  # said plainly, never what
    assert "Ole" in limited  # at whose wish


def test_own_tasks_only_next_of_kin_gets_her_tasks_and_nothing_else(
    demo_db: Database, tmp_path: Path
) -> None:
    case_id = _case_id(demo_db, "AG-2026-001")
    meeting_id = _last_held(demo_db, case_id)
    mother = _member(demo_db, case_id, PartyType.NEXT_OF_KIN)
    with demo_db.session() as s:
        s.add(
            Task(
                case_id=case_id,
                meeting_id=meeting_id,
                text="Spørre om plass på pårørendekurs",
                party=PartyType.NEXT_OF_KIN,
                responsible_member_id=mother.id,
                due=TODAY + timedelta(days=14),
            )
        )
        others = [t.text for t in s.exec(select(Task).where(Task.meeting_id == meeting_id)).all()]
    result = distribute(demo_db, meeting_id, tmp_path / "out", today=TODAY)
    (copy,) = [c for c in result.copies if c.member_id == mother.id]
    assert copy.kind == "own_tasks" and "own-tasks" in copy.file
    text = flat_text(_copy(result, mother.id))  # type: ignore[arg-type]
    assert "Spørre om plass på pårørendekurs" in text.replace("spørre", "Spørre")
    for other in others:
        if other != "Spørre om plass på pårørendekurs":
            assert other.split()[-1] not in text or other.split()[-1] in ("fastlegen",), other
    assert "Dette ble vi enige om" not in text  # no decisions, no notes, no attendance
    assert "Til stede" not in text
    assert "Neste møte" in text and "Versjon 1" in text


def test_gp_without_consent_gets_nothing_and_the_coordinator_sees_why(
    demo_db: Database, tmp_path: Path
) -> None:
    case_id = _case_id(demo_db, "AG-2026-001")
    gp = _member(demo_db, case_id, PartyType.GP)
    result = distribute(demo_db, _last_held(demo_db, case_id), tmp_path / "out", today=TODAY)
    assert gp.id not in {c.member_id for c in result.copies}
    (left,) = [x for x in result.left_out if x.member_id == gp.id]
    assert left.reason == Reason.NOT_ASKED and "ikke spurt" in left.reason_text()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest) == {"copies", "left_out"}
    assert {"member_id": gp.id, "reason": "not_asked"} in manifest["left_out"]
    for entry in manifest["copies"]:
        assert set(entry) == {"member_id", "party", "kind", "file", "sha256"}
    # No personal names in file names or the manifest.
    with demo_db.session() as s:
        names = [m.name for m in s.exec(select(Member).where(Member.case_id == case_id)).all()]
    listing = " ".join(p.name for p in (tmp_path / "out").iterdir()) + json.dumps(manifest)
    assert not any(part in listing for name in names for part in name.split() if len(part) > 3)


def test_copies_are_signed_renderings_without_attachment_and_audited(
    demo_db: Database, tmp_path: Path, signing_key: SessionKey
) -> None:
    from desktop.services.minutes.verify import verify_bytes

    case_id = _case_id(demo_db, "AG-2026-001")
    meeting_id = _last_held(demo_db, case_id)
    result = distribute(demo_db, meeting_id, tmp_path / "out", key=_key(signing_key), today=TODAY)
    assert result.version.is_signed
    for copy in result.copies:
        assert copy.path is not None
        pdf = copy.path.read_bytes()
        assert extract_attachment(pdf) is None, copy.file
        assert verify_bytes(pdf).is_valid, copy.file
        text = flat_text(pdf)
        assert "Versjon 1" in text and result.version.sha256[:8] in text.replace(" ", "")
        assert copy.path.stat().st_mode & 0o077 == 0
    with demo_db.session() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.meeting_id == meeting_id)).all()
    given = {(e.action, e.member_id) for e in events}
    for copy in result.copies:
        action = {"full": AuditAction.COPY_FULL, "limited": AuditAction.COPY_LIMITED,
                  "own_tasks": AuditAction.COPY_OWN_TASKS}[copy.kind]  # fmt: skip
        assert (action, copy.member_id) in given
    # A copy is a rendering: distributing again makes no new version.
    again = distribute(demo_db, meeting_id, tmp_path / "out", key=_key(signing_key), today=TODAY)
    assert again.version.id == result.version.id


def test_transfer_to_a_new_coordinator_round_trips_the_handover_copy(
    demo_db: Database, tmp_path: Path, signing_key: SessionKey
) -> None:
    case_id = _case_id(demo_db, "AG-2026-001")
    out = tmp_path / "handover.pdf"
    result = export_handover(demo_db, case_id, out, key=_key(signing_key), today=TODAY)
    municipal = _member(demo_db, case_id, PartyType.MUNICIPAL_HEALTH_CARE)
    assert result.member_id == municipal.id
    pdf = out.read_bytes()
    assert extract_attachment(pdf) is not None
    text = flat_text(pdf)
    assert "vedlagt fil" in text and "overtar koordineringen" in text
    second = Database.open(tmp_path / "second.db")
    try:
        imported = import_handover(second, pdf)
        assert imported.original_reference == "AG-2026-001"
    finally:
        second.dispose()


def test_handover_is_refused_without_the_transfer_consent(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "handover.pdf"
    case_id = _case_id(demo_db, "AG-2026-002")
    code = main(["export-handover", "--db", str(demo_db.path), "--case", str(case_id), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err and "samtykke" in err.lower()
    assert not out.exists()


def test_withdrawn_consent_takes_effect_on_the_next_distribution(demo_db: Database, tmp_path: Path) -> None:
    case_id = _case_id(demo_db, "AG-2026-001")
    meeting_id = _last_held(demo_db, case_id)
    housing = _member(demo_db, case_id, PartyType.MUNICIPAL_HOUSING)
    folder = tmp_path / "out"
    first = distribute(demo_db, meeting_id, folder, today=TODAY)
    old_file = _copy(first, housing.id)  # type: ignore[arg-type]
    assert old_file.exists()
    with demo_db.session() as s:
        consent = s.exec(
            select(Consent).where(
                Consent.member_id == housing.id, Consent.scope == ConsentScope.RECEIVE_FULL_MINUTES
            )
        ).one()
        consent.status = ConsentStatus.WITHDRAWN
        consent.withdrawn_on = TODAY
        s.add(consent)
    second = distribute(demo_db, meeting_id, folder, today=TODAY)
    assert housing.id not in {c.member_id for c in second.copies}
    assert any(x.member_id == housing.id and x.reason == Reason.WITHDRAWN for x in second.left_out)
    # Last time's copies do not linger in the folder: only this distribution's files are there.
    listed = {c.file for c in second.copies} | {"manifest.json"}
    assert {p.name for p in folder.iterdir()} == listed
    assert old_file.name not in listed or _copy(second, old_file_owner(second, old_file)) == old_file
    # A changed consent (limited, with a life area recorded) also counts at once.
    with demo_db.session() as s:
        consent = s.exec(select(Consent).where(Consent.id == consent.id)).one()
        consent.status, consent.withdrawn_on, consent.limitation = ConsentStatus.LIMITED, None, "Ikke om rus"
        s.add(consent)
    third = distribute(demo_db, meeting_id, folder, today=TODAY)
    assert any(x.member_id == housing.id and x.reason == Reason.LIMITS_NOT_RECORDED for x in third.left_out)
    WithholdingService(demo_db).withhold_life_area(case_id, LifeDomain.SUBSTANCE_USE, member_id=housing.id)
    fourth = distribute(demo_db, meeting_id, folder, today=TODAY)
    assert {c.member_id: c.kind for c in fourth.copies}[housing.id] == "limited"  # type: ignore[index]


def test_single_notes_decisions_and_tasks_can_be_withheld(demo_db: Database, tmp_path: Path) -> None:
    from desktop.models import Decision, Note
    from desktop.models.withholding import WithheldSubject

    case_id = _case_id(demo_db, "AG-2026-001")
    meeting_id = _last_held(demo_db, case_id)
    housing = _member(demo_db, case_id, PartyType.MUNICIPAL_HOUSING)
    with demo_db.session() as s:
        note = Note(meeting_id=meeting_id, text="Hemmelig notat om økonomien")
        decision = Decision(meeting_id=meeting_id, text="Hemmelig avtale om gjelden")
        task = Task(
            case_id=case_id, meeting_id=meeting_id, text="Hemmelig oppgave om inkasso", party=PartyType.NAV
        )
        s.add_all([note, decision, task])
        s.flush()
        ids = note.id, decision.id, task.id
    service = WithholdingService(demo_db)
    for subject, item_id in zip(
        (WithheldSubject.NOTE, WithheldSubject.DECISION, WithheldSubject.TASK), ids, strict=True
    ):
        service.withhold_item(case_id, subject, item_id, party=PartyType.MUNICIPAL_HOUSING)  # type: ignore[arg-type]
    result = distribute(demo_db, meeting_id, tmp_path / "out", today=TODAY)
    user = _member(demo_db, case_id, PartyType.USER)
    full = flat_text(_copy(result, user.id))  # type: ignore[arg-type]
    limited = flat_text(_copy(result, housing.id))  # type: ignore[arg-type]
    for secret in ("Hemmelig notat", "Hemmelig avtale", "Hemmelig oppgave"):
        assert secret in full
        assert secret not in limited
    assert "utelatt" in limited


def test_cli_distribute_writes_copies_and_manifest_without_names(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_id = _case_id(demo_db, "AG-2026-002")
    meeting_id = _last_held(demo_db, case_id)
    out = tmp_path / "utdeling"
    code = main(
        [
            "distribute",
            "--db",
            str(demo_db.path),
            "--meeting",
            str(meeting_id),
            "--out",
            str(out),
            "--lang",
            "en",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(c["kind"] for c in manifest["copies"]).count("limited") == 1
    assert {p.name for p in out.glob("*.pdf")} == {c["file"] for c in manifest["copies"]}
    with demo_db.session() as s:
        names = [m.name for m in s.exec(select(Member).where(Member.case_id == case_id)).all()]
    assert not any(name in captured.out + captured.err for name in names)
    limited = next(c for c in manifest["copies"] if c["kind"] == "limited")
    assert "left out of this copy" in flat_text(out / limited["file"])
    assert main(["distribute", "--db", str(demo_db.path), "--meeting", "99999", "--out", str(out)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_a_withheld_life_area_takes_its_checkpoint_too(demo_db: Database) -> None:
    from desktop.services.case.withholding import WithheldFrom
    from desktop.services.minutes.collect import load_minutes_data
    from desktop.services.minutes.recipient_view import limited_minutes

    case_id = _case_id(demo_db, "AG-2026-001")  # discharge planning: the agenda has checkpoints
    meeting_id = _last_held(demo_db, case_id)
    data = load_minutes_data(demo_db, meeting_id, today=TODAY)
    assert any(b.checkpoint == "housing" for b in data.items)
    limited, was_left_out = limited_minutes(demo_db, data, WithheldFrom(life_areas=frozenset({"housing"})))
    assert was_left_out
    assert not any(b.checkpoint == "housing" or b.goal_domain == "housing" for b in limited.items)
    assert any(b.checkpoint == "economy" for b in limited.items)


def test_copies_follow_consent_but_warn_when_the_minutes_changed_after_signing(
    demo_db: Database, tmp_path: Path, signing_key: SessionKey
) -> None:
    from desktop.models import Note

    case_id = _case_id(demo_db, "AG-2026-001")
    meeting_id = _last_held(demo_db, case_id)
    key = _key(signing_key)
    first = distribute(demo_db, meeting_id, tmp_path / "out", key=key, today=TODAY)
    assert first.version.is_signed and not first.may_be_stale
    # A consent withdrawn after signing: the copies follow it, and that is no reason to re-sign.
    housing = _member(demo_db, case_id, PartyType.MUNICIPAL_HOUSING)
    with demo_db.session() as s:
        consent = s.exec(
            select(Consent).where(
                Consent.member_id == housing.id, Consent.scope == ConsentScope.RECEIVE_FULL_MINUTES
            )
        ).one()
        consent.status, consent.withdrawn_on = ConsentStatus.WITHDRAWN, TODAY
        s.add(consent)
    second = distribute(demo_db, meeting_id, tmp_path / "out", key=key, today=TODAY)
    assert housing.id not in {c.member_id for c in second.copies}
    assert not second.may_be_stale and second.version.id == first.version.id
    # What the minutes say changed after signing: the coordinator is told to sign a new version.
    with demo_db.session() as s:
        s.add(Note(meeting_id=meeting_id, text="Lagt til etter signering"))
    third = distribute(demo_db, meeting_id, tmp_path / "out", key=key, today=TODAY)
    assert third.may_be_stale
