"""Crash safety: SIGKILL the app at random moments and check what is left on disk.

Every scenario runs the real program in a child process (its own process group) and kills the
group with SIGKILL at a random moment, as a crash, ``kill -9`` or a frozen laptop's power button
would; then the parent checks the files:

* **typing** — the meeting runner (offscreen, the real ``MeetingWorkspace``) on an in-progress
  meeting whose note already holds 1 000, 80 000 or 160 000 characters; the child types 8–10
  keystrokes a second (``benchmarks/_kill_child.py``) and journals every keystroke (offset and
  ``time.monotonic()``, fsynced) in a side file. After the kill the parent reads the note as the
  app would (``CaptureService.capture``), finds the longest typed prefix that reached the
  database and computes **lost seconds** = time of the last keystroke in the journal minus time
  of the last keystroke that reached the database.
* **paste** — the same, with a 20 000-character paste (Ctrl+V) every 2.5 s (no paste beyond the
  note limit of 200 000 characters).
* **backup** — ``backup --db F`` (into ``backups/``, with rotation) and ``backup --db F --out G``.
* **restore** — ``restore --db F --from G``.
* **export** — ``export-minutes`` of a held meeting, unsigned and ``--sign-with`` a key made with
  ``create-key``.
* **migration** — the database downgraded to revision ``0002_minutes`` and upgraded by
  ``export-minutes`` (a writing command) or by the GUI's start-up (offscreen, which also writes its
  start-up backups).

The database is fictional, made by the large demo's generator with 60 cases (``--cases``): 1 200
meetings, 12 000 tasks, 5 000 notes, 8 MB, copied afresh for every kill. Typed and pasted text is
counter words (``x00042``), never anything that looks like personal data. Backup, restore, export
and migration run half of their kills on a database whose last commits are still in its WAL file
(a "hot" WAL, as a crash of the GUI leaves it). A command is killed at a random moment between
the opening of the database and its end (measured by two unkilled runs at set-up; half of the
kills fall in the last quarter, where the results are written).

After each kill: ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` on a copy of the
database (main file and WAL) and of every backup or copy the command left; the app's
``Database.open`` (with the single-instance lock, as the GUI opens it) on the database itself; and
the scenario's own rule that nothing committed before was lost: the typed note starts with the
pre-filled text and continues with a prefix of what was typed; ``backup`` leaves the database's
content unchanged and any finished backup equal to it; ``export`` never lowers a table's row
count; ``restore`` leaves exactly the old or exactly the new content, never a mix; a migration
leaves every table's rows, at the old revision or at the head. Copies named like backups must be
usable (``validate_backup``, as the restore command checks them).

Prints a table (scenario, kills, corrupt, lost data, half-written copies named like backups,
max / p95 / median lost seconds, wall time, what the kills interrupted) and exits 1 when any
database or backup is corrupt, anything committed was lost, or more than 1.0 s of typing was lost
(a half-written copy is reported, not failed). Not a test: 200 kills take about 10 minutes.

Usage: python benchmarks/kill_loop.py [--kills 200] [--seed 1] [--scenario typing,paste,...]
       [--keep] [--workdir DIR] [--cases 60]
A failing kill's folder is kept (the database as the kill left it is ``as-killed.db``); the same
``--seed`` and ``--scenario`` repeat the same sequence of variants and kill moments.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, load_average, machine  # noqa: E402
from _kill_child import paste_block, prefill_text, typed_text  # noqa: E402

sys.path.insert(0, str(ROOT))

LOST_TARGET_S = 1.0
NOTE_SIZES = (1_000, 80_000, 160_000)
PASTE_EVERY_S = 2.5
TYPING_WINDOW_S = (0.3, 5.0)  # kill this long after the child is ready to type
PASTE_WINDOW_S = (0.3, 8.0)
CALIBRATION_RUNS = 2
CASES = 60  # the large demo's generator with 60 cases: 1 200 meetings, 12 000 tasks, 5 000 notes, 8 MB
# Where a kill window ends for a command that does not end by itself (the GUI) or whose interesting
# part ends before it does (the upgrade inside export-minutes): a log line and a margin after it.
UPGRADED = "database schema upgraded"
SHOWN = "main window shown"
END_MARGIN_S = {UPGRADED: 0.1, SHOWN: 0.6}  # the GUI's start-up backups run just after it is shown
OLD_REVISION = "0002_minutes"
KEY_PASS_ENV = "KILL_LOOP_KEY_PASSPHRASE"
KEY_PASS = "kill-loop-synthetic-passphrase"  # a throw-away key made for this run
WEIGHTS = {"typing": 0.30, "paste": 0.18, "backup": 0.13, "restore": 0.13, "export": 0.13, "migration": 0.13}
VARIANTS = {
    "typing": [f"{n // 1000}k" for n in NOTE_SIZES],
    "paste": [f"{n // 1000}k" for n in NOTE_SIZES],
    "backup": ["folder", "folder+hot", "out", "out+hot"],
    "restore": ["cold", "hot"],
    "export": ["plain", "plain+hot", "signed", "signed+hot"],
    "migration": ["cli", "cli+hot", "gui", "gui+hot"],
}
PY = sys.executable


# --------------------------------------------------------------------------------------------
# Looking at files


@dataclass
class Snapshot:
    """What a database file (with its WAL) holds, read from a copy so the evidence stays as it was."""

    integrity: str = ""
    fk_problems: int = 0
    revision: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    digest: str = ""
    error: str = ""

    @property
    def sound(self) -> bool:
        return not self.error and self.integrity == "ok" and self.fk_problems == 0


def _companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-journal")]


def copy_db(source: Path, target: Path) -> None:
    """Copy a database file with its WAL or rollback journal (not ``-shm``: it is rebuilt)."""
    shutil.copyfile(source, target)
    for companion, suffix in zip(_companions(source), ("-wal", "-journal"), strict=True):
        if companion.exists():
            shutil.copyfile(companion, target.with_name(target.name + suffix))


def snapshot(path: Path, scratch: Path) -> Snapshot:
    """Integrity, foreign keys, revision, row counts and a content digest of ``path``."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    copy = scratch / "copy.db"
    result = Snapshot()
    try:
        copy_db(path, copy)
        conn = sqlite3.connect(copy)
        try:
            result.integrity = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check").fetchall())
            result.fk_problems = len(conn.execute("PRAGMA foreign_key_check").fetchall())
            tables = [
                r[0]
                for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                if not r[0].startswith("sqlite_") and "fts" not in r[0].lower()
            ]
            digest = hashlib.sha256()
            for table in tables:
                rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
                rows.sort(key=repr)
                result.counts[table] = len(rows)
                digest.update(table.encode())
                for row in rows:
                    digest.update(repr(row).encode())
            result.digest = digest.hexdigest()
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                result.revision = row[0] if row else None
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as exc:
        result.error = f"{type(exc).__name__}: {exc}"
    shutil.rmtree(scratch, ignore_errors=True)
    return result


def app_opens(path: Path) -> str:
    """'' when the app's ``Database.open`` (with the GUI's single-instance lock) accepts ``path``."""
    from desktop.db import Database

    try:
        Database.open(path, create=False, exclusive=True).dispose()
    except Exception as exc:  # noqa: BLE001 - any failure to start is what we count
        return f"{type(exc).__name__}: {exc}"
    return ""


def backup_usable(path: Path, scratch: Path) -> str:
    """'' when ``validate_backup`` (what ``restore`` checks first) accepts a copy of ``path``."""
    from desktop.services.backup import validate_backup

    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    copy = scratch / "copy.db"
    try:
        copy_db(path, copy)
        validate_backup(copy)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return ""


# --------------------------------------------------------------------------------------------
# One kill


@dataclass
class Outcome:
    scenario: str
    variant: str
    index: int
    delay: float
    killed: bool = True  # False: the command had finished before the kill
    corrupt: list[str] = field(default_factory=list)
    lost_data: list[str] = field(default_factory=list)
    lost_seconds: float | None = None
    interrupted: str = ""
    leftovers: int = 0  # .part and .restoring files (never mistaken for a backup)
    bad_copies: list[str] = field(default_factory=list)  # named like a backup, refused by restore
    events: int = 0  # typing: keystrokes and pastes in the journal
    pastes: int = 0
    workdir: Path | None = None

    @property
    def failed(self) -> bool:
        return bool(self.corrupt or self.lost_data) or (self.lost_seconds or 0.0) > LOST_TARGET_S


def child_env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # run from compiled bytecode, as installed
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["ANSVARSGRUPPE_DATA_DIR"] = str(work / "data")
    env[KEY_PASS_ENV] = KEY_PASS
    return env


def start(cmd: list[str], work: Path) -> subprocess.Popen[bytes]:
    with (work / "stdout.txt").open("wb") as out, (work / "stderr.txt").open("wb") as err:
        return subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=child_env(work),
            stdout=out,
            stderr=err,
            start_new_session=True,  # its own process group: helpers (the signing process) die with it
        )


def kill(proc: subprocess.Popen[bytes]) -> bool:
    """SIGKILL the child's process group; False when it had already exited."""
    alive = proc.poll() is None
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    return alive


class Loop:
    def __init__(self, work: Path, rng: random.Random, keep: bool, cases: int) -> None:
        self.work = work
        self.cases = cases
        self.rng = rng
        self.keep = keep
        self.templates = work / "templates"
        self.windows: dict[str, tuple[float, float]] = {}
        self.snaps: dict[str, Snapshot] = {}
        self.meeting_planned = 0
        self.meeting_held = 0

    # -- set-up -----------------------------------------------------------------------------------
    def setup(self, scenarios: list[str]) -> None:
        t = self.templates
        t.mkdir(parents=True)
        subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "desktop")], check=True)
        env = child_env(t)

        def run(*command: str) -> None:
            subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

        # The generator of the large demo, with fewer cases: a coordinator's database of a few years
        run(
            PY,
            "-c",
            "import sys; from pathlib import Path; from desktop.demo.large import create_large_demo; "
            "create_large_demo(Path(sys.argv[1]), cases=int(sys.argv[2]))",
            str(t / "demo.db"),
            str(self.cases),
        )
        run(
            PY,
            "-m",
            "desktop",
            "create-key",
            "--name",
            "Kill Loop",
            "--out",
            str(t / "key.p12"),
            "--passphrase-env",
            KEY_PASS_ENV,
        )
        conn = sqlite3.connect(t / "demo.db")
        self.meeting_planned = conn.execute(
            "SELECT id FROM meeting WHERE status = 'planned' ORDER BY start, id LIMIT 1"
        ).fetchone()[0]
        self.meeting_held = conn.execute(
            "SELECT id FROM meeting WHERE status = 'held' ORDER BY start DESC, id LIMIT 1"
        ).fetchone()[0]
        conn.close()

        # typing: the meeting started, its agenda saved, the first open item's note pre-filled
        from desktop.db import Database
        from desktop.models.enums import NoteKind
        from desktop.services.meeting.agenda import AgendaService
        from desktop.services.meeting.capture import CaptureService
        from desktop.services.meeting.notes import NoteService
        from desktop.services.meeting.planning import MeetingService

        for size in NOTE_SIZES:
            path = t / f"typing-{size}.db"
            shutil.copyfile(t / "demo.db", path)
            db = Database.open(path, create=False)
            MeetingService(db).start_meeting(self.meeting_planned, move_start=True)
            AgendaService(db).save_generated(self.meeting_planned)
            items = CaptureService(db).capture(self.meeting_planned).items
            item = next((i for i in items if not i.is_done), items[0])
            NoteService(db).set_note(self.meeting_planned, item.id, NoteKind.NOTE, prefill_text(size))
            db.dispose()
            assert (
                not path.with_name(path.name + "-wal").exists()
                or not path.with_name(path.name + "-wal").stat().st_size
            )

        # restore: the source is the demo with other note texts
        shutil.copyfile(t / "demo.db", t / "source.db")
        self._sql(t / "source.db", "UPDATE note SET text = text || ' (restored)' WHERE id % 3 = 0", hot=False)

        # migration: the demo data at an older revision
        shutil.copyfile(t / "demo.db", t / "old.db")
        subprocess.run(
            [
                PY,
                "-c",
                "import sys; from pathlib import Path; from alembic import command; "
                "from desktop.db import make_engine, _alembic_config; p = Path(sys.argv[1]); e = make_engine(p); "
                "command.downgrade(_alembic_config(e), sys.argv[2]); e.dispose()",
                str(t / "old.db"),
                OLD_REVISION,
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )

        # hot: the last commits still in the WAL, as a crashed GUI leaves them
        for name in ("demo", "old"):
            hot = t / f"{name}-hot.db"
            shutil.copyfile(t / f"{name}.db", hot)
            self._sql(hot, "UPDATE note SET text = text || ' (in the WAL)' WHERE id % 2 = 0", hot=True)
            assert hot.with_name(hot.name + "-wal").stat().st_size > 0

        for name in ("demo", "demo-hot", "old", "old-hot", "source"):
            self.snaps[name] = snapshot(t / f"{name}.db", t / "scratch")
            assert self.snaps[name].sound, (name, self.snaps[name])
        assert self.snaps["old"].revision == OLD_REVISION
        self.calibrate(scenarios)

    def _sql(self, path: Path, statement: str, *, hot: bool) -> None:
        """Run one write; with ``hot`` the process dies before any checkpoint (the WAL stays)."""
        code = (
            "import os, sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('PRAGMA wal_autocheckpoint=0'); c.execute('BEGIN IMMEDIATE'); c.execute(sys.argv[2]); "
            "c.execute('COMMIT'); " + ("os._exit(0)" if hot else "c.close()")
        )
        subprocess.run([PY, "-c", code, str(path), statement], check=True)

    def calibrate(self, scenarios: list[str]) -> None:
        """Each command twice, unkilled: it must succeed, and when it opens the database and when
        its work ends set the kill window (the interpreter's start, which touches no file, is left out).
        """
        for scenario in ("backup", "restore", "export", "migration"):
            if scenario not in scenarios:
                continue
            for variant in VARIANTS[scenario]:
                if variant.endswith("+hot") or variant == "hot":
                    continue
                runs = []
                for attempt in range(CALIBRATION_RUNS):
                    work = self.work / "calibrate" / f"{scenario}-{variant}-{attempt}"
                    work.mkdir(parents=True)
                    cmd, end_marker = self.prepare(scenario, variant, work)
                    runs.append(self.watch(cmd, work, end_marker, scenario, variant))
                    shutil.rmtree(work)
                opened = statistics.mean(r[0] for r in runs)
                ended = statistics.mean(r[1] for r in runs)
                self.windows[f"{scenario}-{variant}"] = (max(0.0, opened - 0.03), ended)

    def watch(
        self, cmd: list[str], work: Path, end_marker: str | None, scenario: str, variant: str
    ) -> tuple[float, float]:
        """Run ``cmd`` to its end (or to ``end_marker`` in its log); return (opened, ended) seconds."""
        log = work / "data" / "logs" / "ansvarsgruppe.log"
        started = time.monotonic()
        proc = start(cmd, work)
        opened = ended = None
        deadline = started + 120
        while time.monotonic() < deadline:
            now = time.monotonic() - started
            if opened is None and (any(work.glob("*.db-shm")) or any(work.glob("*.lock"))):
                opened = now
            if end_marker is not None and log.exists() and end_marker in log.read_text(errors="replace"):
                ended = now + END_MARGIN_S.get(end_marker, 0.0)
                time.sleep(END_MARGIN_S.get(end_marker, 0.0))
                kill(proc)
                break
            if end_marker is None and proc.poll() is not None:
                ended = now
                break
            time.sleep(0.003)
        code = proc.wait()
        if ended is None or opened is None or (end_marker is None and code != 0):
            raise RuntimeError(
                f"{scenario}/{variant} did not run: exit {code}, {(work / 'stderr.txt').read_text()}"
            )
        return opened, ended

    # -- the commands -------------------------------------------------------------------------
    def prepare(self, scenario: str, variant: str, work: Path) -> tuple[list[str], str | None]:
        """Put the files in ``work``; return the command and, for the GUI, the log line it ends with."""
        t = self.templates
        db = work / "x.db"
        hot = variant.endswith("+hot") or variant == "hot"
        if scenario == "migration":
            copy_db(t / ("old-hot.db" if hot else "old.db"), db)
        else:
            copy_db(t / ("demo-hot.db" if hot else "demo.db"), db)
        base = [PY, "-m", "desktop"]
        if scenario == "backup":
            if variant.startswith("out"):
                return [*base, "backup", "--db", str(db), "--out", str(work / "out.db")], None
            return [*base, "backup", "--db", str(db)], None
        if scenario == "restore":
            shutil.copyfile(t / "source.db", work / "source.db")
            return [*base, "restore", "--db", str(db), "--from", str(work / "source.db")], None
        if scenario == "export" or (scenario == "migration" and variant.startswith("cli")):
            marker = UPGRADED if scenario == "migration" else None
            cmd = [
                *base,
                "export-minutes",
                "--db",
                str(db),
                "--meeting",
                str(self.meeting_held),
                "--out",
                str(work / "minutes.pdf"),
            ]
            if variant.startswith("signed"):
                cmd += ["--sign-with", str(t / "key.p12"), "--passphrase-env", KEY_PASS_ENV]
            return cmd, marker
        if scenario == "migration":
            return [*base, "--db", str(db)], SHOWN
        raise ValueError(scenario)

    def kill_cli(self, scenario: str, variant: str, index: int) -> Outcome:
        work = self.work / f"{scenario}-{index:03d}"
        work.mkdir(parents=True)
        cmd, _marker = self.prepare(scenario, variant, work)
        base = variant.removesuffix("+hot") if variant != "hot" else "cold"
        key = f"{scenario}-{base}"
        opened, ended = self.windows[key]
        # Half of the kills anywhere after the database is opened, half in the last quarter, where
        # these commands write their results (the backup file, the PDF and its version, the commit).
        delay = self.rng.uniform(opened if self.rng.random() < 0.5 else ended - (ended - opened) / 4, ended)
        proc = start(cmd, work)
        time.sleep(delay)
        outcome = Outcome(scenario, variant, index, delay, workdir=work)
        outcome.killed = kill(proc)
        if not outcome.killed:  # the machine is faster now than when calibrated: a shorter window
            self.windows[key] = (opened, max(opened + 0.02, min(ended, 0.95 * delay)))
        self.check_cli(outcome, work, variant)
        return outcome

    # -- checks after a command was killed -------------------------------------------------------
    def check_db(self, outcome: Outcome, db: Path, work: Path) -> Snapshot:
        copy_db(db, work / "as-killed.db")  # the evidence, before the app opens (and checkpoints) it
        snap = snapshot(db, work / "scratch")
        if not snap.sound:
            outcome.corrupt.append(
                f"database: {snap.error or snap.integrity} (fk problems {snap.fk_problems})"
            )
        problem = app_opens(db)
        if problem:
            outcome.corrupt.append(f"the app cannot open the database: {problem}")
        return snap

    def check_copies(self, outcome: Outcome, copies: list[Path], work: Path, expected: str | None) -> int:
        """Every copy named like a backup must be sound and usable, and hold ``expected`` content
        when given (a backup equals its database); returns how many copies are complete."""
        complete = 0
        for path in copies:
            copy = snapshot(path, work / "scratch")
            if not copy.sound:
                outcome.corrupt.append(f"copy {path.name}: {copy.error or copy.integrity}")
                continue
            problem = backup_usable(path, work / "scratch")
            if problem:
                outcome.bad_copies.append(f"{path.name}: {problem}")
            elif expected is not None and copy.digest != expected:
                outcome.lost_data.append(f"copy {path.name} differs from the database it copies")
            else:
                complete += 1
        return complete

    def check_cli(self, outcome: Outcome, work: Path, variant: str) -> None:
        scenario, db = outcome.scenario, work / "x.db"
        hot = variant.endswith("+hot") or variant == "hot"
        before = self.snaps[("old" if scenario == "migration" else "demo") + ("-hot" if hot else "")]
        snap = self.check_db(outcome, db, work)
        outcome.leftovers = sum(1 for p in work.rglob("*") if p.suffix in (".part", ".restoring"))
        copies = sorted((work / "backups").glob("*.db")) if (work / "backups").is_dir() else []
        if scenario == "backup":
            if snap.sound and snap.digest != before.digest:
                outcome.lost_data.append("the backup changed the database's content")
            out = work / "out.db"
            written = self.check_copies(
                outcome, [p for p in [*copies, out] if p.exists()], work, before.digest
            )
            outcome.interrupted = (
                "backup written" if written else "half-written .part" if outcome.leftovers else "no file yet"
            )
        elif scenario == "restore":
            if snap.sound:
                if snap.digest == self.snaps["source"].digest:
                    outcome.interrupted = "new content"
                elif snap.digest == before.digest:
                    outcome.interrupted = "old content"
                else:
                    outcome.lost_data.append("the database is neither the old nor the restored content")
            self.check_copies(outcome, copies, work, before.digest)
        elif scenario == "export":
            if snap.sound:
                fewer = [t for t, n in before.counts.items() if snap.counts.get(t, 0) < n]
                if fewer:
                    outcome.lost_data.append(f"fewer rows in {', '.join(fewer)}")
            pdf = work / "minutes.pdf"
            if pdf.exists() and b"%%EOF" not in pdf.read_bytes()[-64:]:
                outcome.lost_data.append("a half-written minutes.pdf")
            added = snap.counts.get("minutes_version", 0) - before.counts.get("minutes_version", 0)
            outcome.interrupted = (
                "version stored" if added > 0 else "PDF written" if pdf.exists() else "nothing stored yet"
            )
        elif scenario == "migration":
            if snap.sound:
                fewer = [t for t, n in before.counts.items() if snap.counts.get(t, -1) < n]
                if fewer:
                    outcome.lost_data.append(f"rows lost in {', '.join(fewer)}")
                outcome.interrupted = (
                    "at head"
                    if snap.revision == self.snaps["demo"].revision
                    else ("old revision" if snap.revision == OLD_REVISION else f"revision {snap.revision}")
                )
            before_upgrade = [p for p in copies if "-before-" in p.name]
            self.check_copies(outcome, before_upgrade, work, before.digest)
            self.check_copies(outcome, [p for p in copies if p not in before_upgrade], work, None)

    # -- typing ------------------------------------------------------------------------------------------
    def kill_typing(self, scenario: str, variant: str, index: int) -> Outcome:
        size = NOTE_SIZES[VARIANTS[scenario].index(variant)]
        work = self.work / f"{scenario}-{index:03d}"
        work.mkdir(parents=True)
        db = work / "x.db"
        copy_db(self.templates / f"typing-{size}.db", db)
        journal = work / "journal.txt"
        cmd = [
            PY,
            str(ROOT / "benchmarks" / "_kill_child.py"),
            str(db),
            str(self.meeting_planned),
            str(journal),
            "--seed",
            str(self.rng.randrange(1 << 30)),
        ]
        if scenario == "paste":
            from desktop.services.meeting.captured import MAX_TEXT_CHARS

            cmd += ["--paste-every", str(PASTE_EVERY_S), "--max-chars", str(MAX_TEXT_CHARS)]
        window = PASTE_WINDOW_S if scenario == "paste" else TYPING_WINDOW_S
        delay = self.rng.uniform(*window)
        proc = start(cmd, work)
        deadline = time.monotonic() + 120
        while not (journal.exists() and journal.read_bytes().endswith(b"\n")):
            if proc.poll() is not None or time.monotonic() > deadline:
                kill(proc)
                raise RuntimeError(f"the typing child did not start: {(work / 'stderr.txt').read_text()}")
            time.sleep(0.01)
        time.sleep(delay)
        outcome = Outcome(scenario, variant, index, delay, workdir=work)
        outcome.killed = kill(proc)
        self.check_db(outcome, db, work)
        self.check_note(outcome, db, journal, size)
        return outcome

    def check_note(self, outcome: Outcome, db: Path, journal: Path, size: int) -> None:
        lines = journal.read_text().split("\n")
        header = json.loads(lines[0])
        events = []
        for line in lines[1:]:
            parts = line.split()
            if len(parts) == 3:  # a line cut by the kill is ignored
                events.append((parts[0], int(parts[1]), float(parts[2])))
        typed, keys, pastes = [], 0, 0
        for kind, _offset, _t in events:
            if kind == "k":
                typed.append(typed_text(keys, 1))
                keys += 1
            else:
                typed.append(paste_block(pastes))
                pastes += 1
        expected = "".join(typed)
        assert not events or len(expected) == events[-1][1], "the journal and the typed stream disagree"

        from desktop.db import Database
        from desktop.services.meeting.capture import CaptureService

        try:
            database = Database.open(db, create=False)
            try:
                note = (
                    CaptureService(database)
                    .capture(self.meeting_planned)
                    .notes.get((header["item_id"], "note"), "")
                )
            finally:
                database.dispose()
        except Exception as exc:  # noqa: BLE001
            outcome.corrupt.append(f"the note cannot be read: {type(exc).__name__}")
            return
        prefill = prefill_text(size)
        if not note.startswith(prefill):
            outcome.lost_data.append(f"the pre-filled note was damaged ({len(note)} characters)")
            return
        saved = note[len(prefill) :]
        if expected.startswith(saved):
            reached = len(saved)
        elif saved.startswith(expected) and len(saved) - len(expected) <= max(1, len(paste_block(0))):
            reached = len(expected)  # the kill fell between a keystroke and its journal line
        else:
            outcome.lost_data.append("the saved note is not what was typed")
            return
        last = events[-1][2] if events else header["t"]
        saved_at = max((t for _k, offset, t in events if offset <= reached), default=header["t"])
        outcome.lost_seconds = max(0.0, last - saved_at)
        outcome.events, outcome.pastes = len(events), pastes

    # -- driving ---------------------------------------------------------------------------------------
    def run_one(self, scenario: str, variant: str, index: int) -> Outcome:
        if scenario in ("typing", "paste"):
            outcome = self.kill_typing(scenario, variant, index)
        else:
            outcome = self.kill_cli(scenario, variant, index)
        if not self.keep and not outcome.failed and not outcome.bad_copies and outcome.workdir is not None:
            shutil.rmtree(outcome.workdir, ignore_errors=True)
            outcome.workdir = None
        return outcome


def plan(kills: int, scenarios: list[str]) -> dict[str, int]:
    """Kills per scenario in proportion to WEIGHTS (largest remainder), summing to ``kills``."""
    total = sum(WEIGHTS[s] for s in scenarios)
    shares = {s: kills * WEIGHTS[s] / total for s in scenarios}
    counts = {s: int(v) for s, v in shares.items()}
    for s in sorted(scenarios, key=lambda s: shares[s] - counts[s], reverse=True)[
        : kills - sum(counts.values())
    ]:
        counts[s] += 1
    return counts


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=200, help="SIGKILLs in all (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--scenario", default="all", help=f"comma-separated: {', '.join(WEIGHTS)} (default all)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep every kill's folder (failures are always kept)"
    )
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--cases", type=int, default=CASES, help=f"cases in the fictional database (default {CASES}: 8 MB)"
    )
    args = parser.parse_args()
    scenarios = list(WEIGHTS) if args.scenario == "all" else [s.strip() for s in args.scenario.split(",")]
    unknown = [s for s in scenarios if s not in WEIGHTS]
    if unknown:
        parser.error(f"unknown scenario {unknown}")

    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="kill-loop-", dir=args.workdir))
    print(f"machine: {machine()}; {load_average()}")
    print(
        f"kill loop: {args.kills} kills, seed {args.seed}, scenarios {', '.join(scenarios)}; files in {work}",
        flush=True,
    )
    loop = Loop(work, rng, args.keep, args.cases)
    started = time.monotonic()
    loop.setup(scenarios)
    print(
        "set-up {:.0f} s; kill windows (s after the command starts): {}".format(
            time.monotonic() - started,
            ", ".join(f"{k} {a:.2f}–{b:.2f}" for k, (a, b) in loop.windows.items()),
        ),
        flush=True,
    )

    results: dict[str, list[Outcome]] = {}
    walls: dict[str, float] = {}
    finished_first: Counter[str] = Counter()
    for scenario, wanted in plan(args.kills, scenarios).items():
        began = time.monotonic()
        outcomes: list[Outcome] = []
        index = 0
        while len(outcomes) < wanted and index < 3 * wanted + 10:
            variant = VARIANTS[scenario][index % len(VARIANTS[scenario])]
            outcome = loop.run_one(scenario, variant, index)
            index += 1
            if not outcome.killed:
                finished_first[scenario] += 1  # the command was done before the kill: checked, not counted
            else:
                outcomes.append(outcome)
            if outcome.failed or outcome.bad_copies:
                lost = f", lost {outcome.lost_seconds:.2f} s" if outcome.lost_seconds is not None else ""
                problems = outcome.corrupt + outcome.lost_data + outcome.bad_copies
                print(
                    f"  {'FAILED' if outcome.failed else 'NOTE'} {scenario}/{variant} #{index - 1} "
                    f"(kill {outcome.delay:.2f} s after start{lost}): {'; '.join(problems) or 'too much lost'}"
                    f" — kept in {outcome.workdir}",
                    flush=True,
                )
        results[scenario] = outcomes
        walls[scenario] = time.monotonic() - began
        print(f"  {scenario}: {len(outcomes)} kills in {walls[scenario]:.0f} s", flush=True)
    return report(results, walls, finished_first, time.monotonic() - started, work, keep=args.keep)


def report(
    results: dict[str, list[Outcome]],
    walls: dict[str, float],
    finished_first: Counter[str],
    total_wall: float,
    work: Path,
    *,
    keep: bool,
) -> int:
    print()
    header = (
        f"{'scenario':<13}{'kills':>6}{'corrupt':>8}{'lost data':>10}{'bad copies':>11}"
        f"{'max lost':>10}{'p95 lost':>10}{'median':>8}{'wall':>7}  what the kills interrupted"
    )
    print(header)
    print("-" * len(header))
    total_kills = total_corrupt = total_lost = total_bad = 0
    worst = 0.0
    for scenario, outcomes in results.items():
        typing = scenario in ("typing", "paste")
        groups = (
            [(f"{scenario} {v}", [o for o in outcomes if o.variant == v]) for v in VARIANTS[scenario]]
            if typing
            else [(scenario, outcomes)]
        )
        for name, group in groups:
            corrupt = sum(1 for o in group if o.corrupt)
            lost_data = sum(1 for o in group if o.lost_data)
            bad = sum(len(o.bad_copies) for o in group)
            seconds = [o.lost_seconds for o in group if o.lost_seconds is not None]
            total_kills += len(group)
            total_corrupt += corrupt
            total_lost += lost_data
            total_bad += bad
            worst = max([worst, *seconds])
            figures = (
                f"{max(seconds):>10.2f}{p95(seconds):>10.2f}{statistics.median(seconds):>8.2f}"
                if seconds
                else f"{'—':>10}{'—':>10}{'—':>8}"
            )
            wall = walls[scenario] * len(group) / max(1, len(outcomes))
            if typing:
                summary = f"{sum(o.events for o in group)} keystrokes/pastes journalled"
                if scenario == "paste":
                    summary += f", {sum(o.pastes for o in group)} pastes"
            else:
                counted = Counter(o.interrupted for o in group)
                summary = ", ".join(f"{k} {n}" for k, n in counted.most_common())
                leftovers = sum(o.leftovers for o in group)
                if leftovers:
                    summary += f"; {leftovers} .part/.restoring files left"
            print(
                f"{name:<13}{len(group):>6}{corrupt:>8}{lost_data:>10}{bad:>11}{figures}{wall:>6.0f}s  {summary}"
            )
    print("-" * len(header))
    print(
        f"{'all':<13}{total_kills:>6}{total_corrupt:>8}{total_lost:>10}{total_bad:>11}{worst:>10.2f}"
        f"{'':>18}{total_wall:>6.0f}s  (with set-up)"
    )
    print(f"machine at the end: {load_average()}")
    if finished_first:
        print(
            "commands that had finished before their kill (checked, not counted): "
            + ", ".join(f"{s} {n}" for s, n in finished_first.items())
        )
    ok = total_corrupt == 0 and total_lost == 0 and worst <= LOST_TARGET_S
    print(
        f"{'PASS' if ok else 'FAIL'}: {total_kills} SIGKILLs, {total_corrupt} corrupt, {total_lost} with committed "
        f"data lost, at most {worst:.2f} s of typing lost (target ≤ {LOST_TARGET_S:.1f} s)"
        + (f"; {total_bad} half-written copies named like backups" if total_bad else "")
    )
    if ok and not total_bad and not keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
