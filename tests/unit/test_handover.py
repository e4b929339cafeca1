"""Coordination handover: build -> signed PDF -> checked import into a second database.

The import is hardened (issue 19): the attachment is parsed with limits and checked against
``docs/handover-schema.json`` before any database is opened; every refusal is one translated
line that never quotes the input. ``test_handover_fuzz.py`` throws generated documents at it.
"""

from __future__ import annotations

import json
import time
import zlib
from pathlib import Path

import pytest
from sqlmodel import select

from desktop.cli import main
from desktop.db import Database
from desktop.i18n import install
from desktop.models import Case, Goal, IndividualPlan, Meeting, Member, Note, Task
from desktop.models.enums import PartyType
from desktop.services.minutes import handover
from desktop.services.minutes.handover import (
    MAX_ATTACHMENT_BYTES,
    HandoverDocument,
    HandoverError,
    check_document,
    check_handover,
    extract_attachment,
    parse_attachment,
)
from desktop.services.minutes.handover_build import SCHEMA_ID, SCHEMA_VERSION, build_handover, to_json_bytes
from desktop.services.minutes.handover_import import import_document, import_handover
from tests.unit import minutes_fixtures
from tests.unit.handover_documents import signed_pdf_with, to_bytes, valid_document
from tests.unit.minutes_fixtures import SessionKey, held_meeting_ids

demo_template = minutes_fixtures.demo_template
demo_db = minutes_fixtures.demo_db
held_meeting = minutes_fixtures.held_meeting
signing_key = minutes_fixtures.signing_key

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def second_db(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "second.db")
    yield db
    db.dispose()


def _signed(db: Database, meeting_id: int, key: SessionKey) -> bytes:
    return signed_pdf_with(to_json_bytes(build_handover(db, meeting_id)), key)


def _refusal(raw: bytes) -> str:
    with pytest.raises(HandoverError) as caught:
        parse_attachment(raw)
    message = str(caught.value)
    assert message and "\n" not in message and len(message) < 300, message
    return message


# -- the happy path -------------------------------------------------------------------------


def test_attachment_is_present_and_versioned(
    demo_db: Database, held_meeting: int, signing_key: SessionKey
) -> None:
    pdf = _signed(demo_db, held_meeting, signing_key)
    raw = extract_attachment(pdf)
    assert raw is not None and extract_attachment(pdf, limit=MAX_ATTACHMENT_BYTES) == raw
    doc = json.loads(raw)
    assert doc["schema"] == SCHEMA_ID and doc["schema_version"] == SCHEMA_VERSION
    assert any(m["is_this_meeting"] for m in doc["meetings"])
    import io

    from pypdf import PdfReader

    assert "ansvarsgruppe-handover.json" in PdfReader(io.BytesIO(pdf)).attachments


def test_round_trip_into_a_second_database(
    demo_db: Database, held_meeting: int, signing_key: SessionKey, second_db: Database
) -> None:
    pdf = _signed(demo_db, held_meeting, signing_key)
    document = check_handover(pdf)
    assert isinstance(document, HandoverDocument)
    result = import_handover(second_db, pdf)
    source_doc = build_handover(demo_db, held_meeting)
    with demo_db.session() as s:
        case_id = s.get(Meeting, held_meeting).case_id  # type: ignore[union-attr]
        source = s.get(Case, case_id)
        assert source is not None
        plan = s.exec(select(IndividualPlan).where(IndividualPlan.case_id == case_id)).one()
        goals = s.exec(select(Goal).where(Goal.plan_id == plan.id)).all()
    with second_db.session() as s:
        case = s.get(Case, result.case_id)
        assert case is not None and case.reference == source.reference
        assert case.display_name == source.display_name
        members = s.exec(select(Member).where(Member.case_id == case.id)).all()
        assert any(m.party == PartyType.USER for m in members)
        tasks = s.exec(select(Task).where(Task.case_id == case.id)).all()
        assert sorted(t.text for t in tasks) == sorted(t["text"] for t in source_doc["open_tasks"])
        new_plan = s.exec(select(IndividualPlan).where(IndividualPlan.case_id == case.id)).one()
        assert new_plan.overall_goal == plan.overall_goal
        assert len(s.exec(select(Goal).where(Goal.plan_id == new_plan.id)).all()) == len(goals)
        assert len(s.exec(select(Meeting).where(Meeting.case_id == case.id)).all()) == result.meetings >= 1
    # A second import into the same database gets a fresh reference instead of clashing.
    again = import_handover(second_db, pdf)
    assert again.reference != result.reference and again.original_reference == result.reference


def test_private_persons_without_consent_and_internal_notes_are_left_out(
    demo_db: Database, held_meeting: int
) -> None:
    with demo_db.session() as s:
        s.add(Note(meeting_id=held_meeting, text="Intern arbeidsnotat", is_internal=True))
    doc = build_handover(demo_db, held_meeting)
    text = json.dumps(doc, ensure_ascii=False)
    assert "Intern arbeidsnotat" not in text
    with demo_db.session() as s:
        case_id = s.get(Meeting, held_meeting).case_id  # type: ignore[union-attr]
        kin = s.exec(
            select(Member).where(Member.case_id == case_id, Member.party == PartyType.NEXT_OF_KIN)
        ).all()
    included = {m["name"] for m in doc["members"]}
    assert any(k.name not in included for k in kin)  # the one without consent


def test_import_refuses_unsigned_and_tampered_pdfs(
    demo_db: Database, held_meeting: int, signing_key: SessionKey, second_db: Database
) -> None:
    from desktop.services.minutes.versions import MinutesService
    from tests.conftest import TODAY

    unsigned = MinutesService(demo_db).export(held_meeting, today=TODAY).pdf
    with pytest.raises(HandoverError):
        import_handover(second_db, unsigned)
    signed = bytearray(_signed(demo_db, held_meeting, signing_key))
    signed[len(signed) // 2] ^= 0x01
    with pytest.raises(HandoverError):
        import_handover(second_db, bytes(signed))
    with second_db.session() as s:
        assert s.exec(select(Case)).all() == []


def test_every_demo_export_passes_the_published_json_schema(demo_db: Database) -> None:
    """What the app writes, the app reads: every held demo meeting's document is valid."""
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "docs" / "handover-schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for meeting_id in held_meeting_ids(demo_db):
        doc = json.loads(to_json_bytes(build_handover(demo_db, meeting_id)))
        assert not list(validator.iter_errors(doc)), meeting_id
        check_document(doc)
    assert not list(validator.iter_errors(valid_document()))


def test_the_schema_is_bundled_by_the_installer() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bundle_manifest", ROOT / "installer" / "bundle_manifest.py"
    )
    assert spec is not None and spec.loader is not None
    manifest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(manifest)
    bundled = {f"{dest}/{Path(src).name}" for src, dest in manifest.datas(ROOT)}
    assert handover.SCHEMA_PATH.relative_to(ROOT).as_posix() in bundled
    assert "jsonschema_specifications" in manifest.COLLECT_DATA  # jsonschema reads its meta-schemas


def test_a_valid_document_imports(second_db: Database) -> None:
    result = import_document(second_db, parse_attachment(to_bytes(valid_document())))
    assert result.reference == "AG-2026-017" and result.members == 2 and result.open_tasks == 1
    with second_db.session() as s:
        case = s.get(Case, result.case_id)
        assert case is not None and case.birth_year == 1991


def test_stray_characters_in_names_and_texts_are_cleaned_not_refused(second_db: Database) -> None:
    """As everywhere (case_validation.clean_chars): one bad character must not sink a whole case."""
    raw = to_bytes(valid_document()).replace(b'"Ingrid Haugen"', b'"Ingrid \\ud800 Haugen\\u001b"')
    raw = raw.replace(b'"Ringe boligkontoret"', b'"Ringe\\u0000 boligkontoret \\udfff"')
    result = import_document(second_db, parse_attachment(raw))
    with second_db.session() as s:
        names = {m.name for m in s.exec(select(Member).where(Member.case_id == result.case_id)).all()}
        [task] = s.exec(select(Task).where(Task.case_id == result.case_id)).all()
    assert "Ingrid \ufffd Haugen" in names
    assert task.text == "Ringe boligkontoret \ufffd"


def test_unknown_fields_are_ignored_and_floats_that_are_whole_numbers_count(second_db: Database) -> None:
    doc = valid_document()
    doc["future_field"] = {"nested": [1, 2, {"x": None}]}
    doc["case"]["birth_year"] = 1991.0
    doc["meetings"][0]["duration_minutes"] = 60.0
    result = import_document(second_db, doc)
    with second_db.session() as s:
        assert s.get(Case, result.case_id).birth_year == 1991  # type: ignore[union-attr]
        meeting = s.exec(select(Meeting).where(Meeting.case_id == result.case_id)).one()
        assert meeting.duration_minutes == 60


# -- crafted attachments (issue 19): each is refused with one clear line ----------------------


def _with(path: list[str | int], value: object) -> bytes:
    doc = valid_document()
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return to_bytes(doc)


def _raw_replace(old: str, new: str) -> bytes:
    raw = to_bytes(valid_document()).decode("ascii")
    assert old in raw
    return raw.replace(old, new, 1).encode("ascii")


def _nested(depth: int) -> bytes:
    raw = to_bytes(valid_document())
    return raw[:-1] + b', "x": ' + b"[" * depth + b"]" * depth + b"}"


CRAFTED: dict[str, bytes] = {
    "members of the wrong type": _with(["members"], ["m1", 2]),
    "a member that is a list": _with(["members", 0], [1, 2]),
    "tasks of the wrong type": _with(["open_tasks"], [1, "x"]),
    "goals of the wrong type": _with(["plan", "goals"], "abc"),
    "goals holding numbers": _with(["plan", "goals"], [1]),
    "consents of the wrong type": _with(["members", 1, "consents"], {"scope": "x"}),
    "duration abc": _with(["meetings", 0, "duration_minutes"], "abc"),
    "duration Infinity": _raw_replace('"duration_minutes": 75', '"duration_minutes": Infinity'),
    "duration NaN": _raw_replace('"duration_minutes": 75', '"duration_minutes": NaN'),
    "duration 1e999": _raw_replace('"duration_minutes": 75', '"duration_minutes": 1e999'),
    "huge birth_year": _with(["case", "birth_year"], 10**100),
    "birth_year of 5000 digits": _raw_replace('"birth_year": 1991', '"birth_year": ' + "9" * 5000),
    "nested 100 000 deep": _nested(100_000),
    "nested 3 000 deep": _nested(3_000),
    "a name of 2 000 characters": _with(["members", 1, "name"], "Ingrid " * 300),
    "a reference with a line break": _with(["case", "reference"], "AG-1\n"),
    "a reference with a control character": _with(["case", "reference"], "AG\x001"),
    "a list as the case reference": _with(["case", "reference"], ["AG", "1"]),
    "reference ../../x": _with(["case", "reference"], "../../x"),
    "reference with a backslash": _with(["case", "reference"], "AG\\..\\x"),
    "reference of 10 million characters": _with(["case", "reference"], "A" * 10_000_000),
    "reference of 7 million characters": _with(["case", "reference"], "A" * 7_000_000),
    "100 000 tasks": _with(["open_tasks"], [valid_document()["open_tasks"][0]] * 100_000),
    "4 000 small tasks": _with(["open_tasks"], [{"text": "x", "party": "user"}] * 4000),
    "a start with a time zone": _with(["meetings", 0, "start"], "2026-11-20T09:00:00+01:00"),
    "a start in the year 9999": _with(["meetings", 0, "start"], "9999-12-31T23:59:00"),
    "a date with Arabic-Indic digits": _with(["open_tasks", 0, "due"], "٢٠٢٦-١٢-٠١"),
    "a member key that is a number": _with(["open_tasks", 0, "responsible"], 2),
    "schema version 2": _with(["schema_version"], 2),
    "schema version as a long text": _with(["schema_version"], "9" * 100_000),
    "not the handover schema": _with(["schema"], "something.else"),
    "a list at the top": b"[1, 2, 3]",
    "not JSON": b"%PDF-1.7 this is not json",
    "not UTF-8": b'{"schema": "\xff\xfe"}',
    "a missing part": to_bytes({k: v for k, v in valid_document().items() if k != "meetings"}),
    "a text of 300 000 characters": _with(["plan", "overall_goal"], "x" * 300_000),
}


@pytest.mark.parametrize("name", list(CRAFTED))
def test_crafted_attachment_is_refused_with_one_clean_line(name: str) -> None:
    started = time.perf_counter()
    message = _refusal(CRAFTED[name])
    assert time.perf_counter() - started < 5
    assert "AAAAAAAAAA" not in message and "999999" not in message and "\\" not in message
    assert "Traceback" not in message and "Error" not in message


def test_refusals_name_the_part_and_the_rule() -> None:
    assert "open_tasks" in _refusal(CRAFTED["tasks of the wrong type"])
    assert "meetings[0].duration_minutes" in _refusal(CRAFTED["duration abc"])
    reference = _refusal(CRAFTED["reference ../../x"])
    assert "../../x" not in reference and "40" in reference
    assert "MB" in _refusal(CRAFTED["100 000 tasks"])
    many = _refusal(CRAFTED["4 000 small tasks"])
    assert "open_tasks" in many and "3000" in many
    assert "members[1].name" in _refusal(CRAFTED["a name of 2 000 characters"])
    assert "meetings" in _refusal(CRAFTED["a missing part"])


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_refusals_are_translated(lang: str) -> None:
    install(lang)
    messages = [_refusal(CRAFTED[n]) for n in ("duration abc", "reference ../../x", "nested 100 000 deep")]
    english = {
        "The handover data cannot be imported: meetings[0].duration_minutes has the wrong type.",
        "The handover data in the PDF is too complex to import (too many or too deep parts).",
    }
    if lang == "en":
        assert english <= set(messages)
    else:
        assert not english & set(messages)
        assert any(word in " ".join(messages) for word in ("ikkje", "ikke", "kan ikke", "kan ikkje"))


def test_a_deflate_bomb_is_refused_while_decoding(signing_key: SessionKey) -> None:
    """A few hundred kilobytes that inflate to 200 MB: refused without inflating all of it."""
    import tracemalloc

    payload = to_bytes(valid_document())[:-1] + b', "pad": "' + b" " * (200 * 1024 * 1024) + b'"}'
    assert len(zlib.compress(payload, 9)) < 1024 * 1024
    pdf = signed_pdf_with(payload, signing_key)
    del payload
    tracemalloc.start()
    try:
        with pytest.raises(HandoverError, match="MB"):
            check_handover(pdf)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024


@pytest.mark.parametrize(
    "name", ["members of the wrong type", "duration Infinity", "nested 100 000 deep", "reference ../../x"]
)
def test_cli_import_of_a_crafted_handover_creates_nothing(
    name: str, signing_key: SessionKey, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "handover.pdf"
    pdf.write_bytes(signed_pdf_with(CRAFTED[name], signing_key))
    target = tmp_path / "new.db"
    from desktop.services.minutes.signing_keys import read_key

    # The signer is confirmed, so what is refused is the content (an unknown signer alone gives 3).
    fingerprint = read_key(signing_key.path, signing_key.passphrase).fingerprint_sha256
    assert main(["import", str(pdf), "--db", str(target), "--trust-fingerprint", fingerprint]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and len(err) < 400, err
    assert not target.exists() and not list(tmp_path.glob("new.db*"))


def test_cli_import_of_a_valid_handover(signing_key: SessionKey, tmp_path: Path) -> None:
    pdf = tmp_path / "handover.pdf"
    pdf.write_bytes(signed_pdf_with(to_bytes(valid_document()), signing_key))
    target = tmp_path / "new.db"
    from desktop.services.minutes.signing_keys import read_key

    fingerprint = read_key(signing_key.path, signing_key.passphrase).fingerprint_sha256
    assert main(["import", str(pdf), "--db", str(target), "--trust-fingerprint", fingerprint]) == 0
    db = Database.open(target)
    try:
        with db.session() as s:
            assert [c.reference for c in s.exec(select(Case)).all()] == ["AG-2026-017"]
    finally:
        db.dispose()
