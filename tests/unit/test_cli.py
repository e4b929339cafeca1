"""The command-line contract: names, JSON fields, exit codes, and no tracebacks for expected errors."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop import clock
from desktop.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "demo.db"
    code, out, _err = run(capsys, "demo", "--db", str(path))
    assert code == 0, out
    return path


def test_demo_check_and_list_meetings(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "check", "--db", str(demo_path))
    from desktop.db import head_revision

    assert code == 0 and head_revision() in out
    code, out, _err = run(capsys, "list-meetings", "--db", str(demo_path), "--json")
    assert code == 0
    meetings = json.loads(out)
    assert meetings and {"id", "case_id", "type", "status", "start"} <= set(meetings[0])
    assert {m["status"] for m in meetings} >= {"held", "planned"}
    date.fromisoformat(meetings[0]["start"][:10])  # ISO 8601


def test_demo_data_covers_the_domain(demo_path: Path) -> None:
    with sqlite3.connect(demo_path) as conn:
        phases = {r[0] for r in conn.execute("SELECT phase FROM 'case'")}
        parties = {r[0] for r in conn.execute("SELECT party FROM member")}
        refused_kin = conn.execute(
            "SELECT count(*) FROM member m WHERE party='next_of_kin' AND NOT EXISTS "
            "(SELECT 1 FROM consent c WHERE c.member_id=m.id AND c.scope='participate' AND c.status='given')"
        ).fetchone()[0]
        domains_per_case = conn.execute(
            "SELECT min(n) FROM (SELECT count(DISTINCT g.domain) n FROM goal g JOIN individual_plan p ON p.id=g.plan_id GROUP BY p.case_id)"
        ).fetchone()[0]
        handover = conn.execute(
            "SELECT count(*) FROM coordination co JOIN 'case' c ON c.id=co.case_id "
            "WHERE c.phase='discharge_planning' AND co.handover_date IS NOT NULL"
        ).fetchone()[0]
        statuses = {r[0] for r in conn.execute("SELECT status FROM task")}
        today = clock.today().isoformat()
        overdue = conn.execute(
            "SELECT count(*) FROM task WHERE status='open' AND due < ?", (today,)
        ).fetchone()[0]
        active_without_future = conn.execute(
            "SELECT count(*) FROM 'case' c WHERE phase!='closed' AND NOT EXISTS "
            "(SELECT 1 FROM meeting m WHERE m.case_id=c.id AND m.status='planned' AND m.start > ?)",
            (clock.now().isoformat(sep=" "),),
        ).fetchone()[0]
        text = " ".join(r[0] for r in conn.execute("SELECT text FROM note"))
    conn.close()
    assert phases >= {"pre_admission", "inpatient", "discharge_planning", "after_discharge", "closed"}
    assert len(phases) >= 6
    assert {"user", "tsb_outpatient", "municipal_health_care", "nav", "gp", "next_of_kin"} <= parties
    assert refused_kin >= 1
    assert domains_per_case >= 4
    assert handover >= 1
    assert {"open", "done", "dropped"} <= statuses and overdue > 0
    assert active_without_future == 0
    assert any(ch in text for ch in "æøå")


def test_demo_refuses_an_existing_database(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = demo_path.read_bytes()
    code, _out, err = run(capsys, "demo", "--db", str(demo_path))
    assert code == 1
    assert "finnes allerede" in err and "Traceback" not in err
    assert demo_path.read_bytes() == before


def test_tasks_are_open_and_overdue_first(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "tasks", "--db", str(demo_path), "--open", "--json")
    assert code == 0
    tasks = json.loads(out)
    assert tasks and {"id", "case_id", "text", "party", "due", "overdue"} <= set(tasks[0])
    flags = [t["overdue"] for t in tasks]
    assert flags == sorted(flags, reverse=True), "overdue tasks must come first"
    assert any(flags) and not all(flags)


def test_agenda_json_has_the_contract_fields(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "list-meetings", "--db", str(demo_path), "--json")
    planned = next(m for m in json.loads(out) if m["status"] == "planned")
    code, out, _err = run(capsys, "agenda", "--db", str(demo_path), "--meeting", str(planned["id"]), "--json")
    assert code == 0
    items = json.loads(out)
    assert all(
        {"kind", "title", "planned_minutes", "task_id", "goal_id", "measure_id"} <= set(i) for i in items
    )
    assert (
        any(i["task_id"] for i in items)
        and any(i["goal_id"] for i in items)
        and any(i["measure_id"] for i in items)
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--db", "{missing}"],
        ["list-meetings", "--db", "{missing}", "--json"],
        ["agenda", "--db", "{demo}", "--meeting", "99999", "--json"],
        ["check", "--db", "{junk}"],
        ["list-meetings", "--db", "{junk}"],
    ],
)
def test_expected_errors_are_one_line_without_traceback(
    argv: list[str], demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("dette er ikke en database", encoding="utf-8")
    args = [a.format(missing=tmp_path / "nope.db", demo=demo_path, junk=junk) for a in argv]
    code, _out, err = run(capsys, *args)
    assert code != 0
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "nope.db").exists(), "a missing database must not be created by a read command"


def test_python_dash_m_desktop_runs_as_a_process(demo_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "check", "--db", str(demo_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_english_messages_with_lang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--lang", "en", "check", "--db", str(tmp_path / "nope.db"))
    assert code == 1 and "No database" in err


def test_a_command_process_writes_all_its_output_and_its_exit_code(demo_path: Path, tmp_path: Path) -> None:
    """The whole output reaches a pipe, the exit codes are kept, a closed pipe is no error."""
    import json
    import shlex

    listed = subprocess.run(
        [sys.executable, "-m", "desktop", "list-meetings", "--db", str(demo_path), "--json"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) > 10  # the whole JSON arrived through the pipe
    failed = subprocess.run(
        [sys.executable, "-m", "desktop", "check", "--db", str(tmp_path / "nope.db")],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert failed.returncode == 1 and failed.stderr.strip() and "Traceback" not in failed.stderr
    head = subprocess.run(
        f"{shlex.quote(sys.executable)} -m desktop list-meetings --db {shlex.quote(str(demo_path))} | head -n 1",
        shell=True, capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert len(head.stdout.splitlines()) == 1 and "Traceback" not in head.stderr


def test_only_a_finished_command_process_skips_the_collection_at_exit(demo_path: Path) -> None:
    """``entry`` freezes the collector after a command (never in ``main``, which tests call)."""
    import gc

    before = gc.get_freeze_count()
    assert main(["list-meetings", "--db", str(demo_path)]) == 0
    assert gc.get_freeze_count() == before  # in-process callers keep their collector
    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0, file=sys.stderr))\n"
        "sys.argv = ['ansvarsgruppe', 'list-meetings', '--db', sys.argv[1], '--json']\n"
        "from desktop.cli import entry\n"
        "entry()\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe, str(demo_path)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert ran.returncode == 0, ran.stderr
    assert "frozen True" in ran.stderr
    assert ran.stdout.strip().startswith("[")  # the output still arrives whole
