"""``ansvarsgruppe --self-test``: prove that an installation works, then exit.

Used by the installer build (``installer/build.sh``) on the bundled executable and by anyone who
wants to check an installed copy. Everything happens in a temporary folder that is removed
afterwards; the user's data folder and settings are never touched. Steps:

1. start Qt (offscreen unless ``QT_QPA_PLATFORM`` says otherwise), with the shipped fonts,
   translations and icon;
2. create the fictional demo database, which runs every Alembic migration;
3. open and show the main window and let it paint;
4. export the minutes of a held demo meeting to PDF (the ``export-minutes`` command when it
   exists, otherwise a one-page ReportLab PDF with the shipped font);
5. sign a copy of that PDF with a throw-away key and verify it, with the application's own signing
   and verification code (``desktop.services.minutes.signing``, ``desktop.services.minutes.verify``);
6. write the notice of a planned demo meeting: its PDF and the ``.ics`` calendar invitation (which
   needs the bundled time-zone data on Windows);
7. load the handover JSON Schema the installation ships (``docs/handover-schema.json``) and check
   that it refuses a document that is not a handover.

The window step fails when Qt reports that it could not create the native window ("Failed to
create platform window"), even though the widget then says it is visible. On Windows the output
is UTF-8 when it goes to a pipe or a file, and the temporary folder must be removed (a file still
open there fails the self-test instead of being left behind).

Exit status 0 and one line when all steps pass; otherwise one line naming the failed step, and
a non-zero status. ``ANSVARSGRUPPE_SELF_TEST_TRACEBACK=1`` also prints the traceback (for
building; the demo data is fictional, so no real case content can leak), and
``ANSVARSGRUPPE_SELF_TEST_TIMINGS=1`` the wall and CPU time of each step.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.ui.main_window import MainWindow

_STARTED = time.perf_counter()


def _seconds_since_process_start() -> float:
    """Since the process started (Linux: from /proc, so the interpreter's own start counts too);
    elsewhere since this module was imported."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started_ticks = int(fields[19])  # field 22 of stat(5); the first two are cut off above
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - started_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _STARTED


EXIT_FAILED = 1
TRACEBACK_ENV = "ANSVARSGRUPPE_SELF_TEST_TRACEBACK"
TIMINGS_ENV = "ANSVARSGRUPPE_SELF_TEST_TIMINGS"


class SelfTestError(Exception):
    """A step did not produce what it should."""


#: What Qt logs when the native window cannot be made; the widget still claims to be visible.
WINDOW_FAILURES = (
    "Failed to create platform window",
    "Unable to create platform window",
    "Could not create the platform window",
)


def run_self_test(language: str | None = None) -> int:
    """Run every step in a temporary folder; return the process exit status."""
    utf8_output()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    workdir = Path(tempfile.mkdtemp(prefix="ansvarsgruppe-selftest-"))
    os.environ["ANSVARSGRUPPE_DATA_DIR"] = str(workdir / "data")  # never the user's data folder
    runner = _Runner(workdir, language)
    try:
        status = runner.run()
    finally:
        runner.close()
    try:
        close_log_files_in(workdir)
        remove_folder(workdir)
    except OSError as exc:
        from desktop.i18n import _

        message = _("The self-test could not remove its temporary folder {folder}: {error}").format(
            folder=workdir, error=f"{type(exc).__name__}: {exc}"
        )
        _say(message, sys.stderr)
        return EXIT_FAILED
    return status


def utf8_output() -> None:
    """Windows writes a pipe or a file in the ANSI code page ("best\ufffdtt"); make it UTF-8.

    A console keeps Python's own (Unicode) console writer; a windowed executable has no streams.
    """
    if sys.platform != "win32":
        return
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure") and not stream.isatty():
            stream.reconfigure(encoding="utf-8", errors="replace")


def close_log_files_in(folder: Path) -> None:
    """Close the log files the self-test's commands opened in its folder (Windows cannot delete an
    open file); logging to anywhere else is left as it is."""
    import logging

    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in list(logger.handlers):
            filename = getattr(handler, "baseFilename", None)
            if filename and Path(filename).resolve().is_relative_to(folder.resolve()):
                logger.removeHandler(handler)
                handler.close()


def remove_folder(folder: Path, attempts: int = 5, pause: float = 0.2) -> None:
    """Remove ``folder`` or raise :class:`OSError`. Windows refuses to delete a file that is still
    open (an SQLite connection, a PDF); one that a virus scanner holds for a moment is let go, so a
    few short retries are made first. Failures are never hidden."""
    for attempt in range(attempts):
        gc.collect()  # connections and files only referenced by garbage are closed now
        try:
            shutil.rmtree(folder)
            return
        except FileNotFoundError:
            return
        except OSError:
            if attempt == attempts - 1:
                raise
            time.sleep(pause)


class _Runner:
    def __init__(self, workdir: Path, language: str | None) -> None:
        self.workdir = workdir
        self.language = language
        self.window: MainWindow | None = None
        self.db: Database | None = None
        self.db_path = workdir / "selftest.db"
        self.pdf_path = workdir / "selftest-minutes.pdf"
        self.window_seconds = 0.0
        self.demo_seconds = 0.0

    def run(self) -> int:
        from desktop.i18n import _

        steps: list[tuple[str, Callable[[], None]]] = [
            (_("start Qt"), self.start_qt),
            (_("create the demo database"), self.create_database),
            (_("open the main window"), self.open_window),
            (_("export a PDF"), self.export_pdf),
            (_("sign the PDF"), self.sign_pdf),
            (_("write a notice with a calendar invitation"), self.write_notice),
            (_("load the handover format"), self.load_handover_schema),
        ]
        timings: list[tuple[str, float, float]] = []
        for name, step in steps:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                step()
                timings.append((name, time.perf_counter() - wall, time.process_time() - cpu))
            except Exception as exc:  # any failure: one clear line, no traceback unless asked
                if os.environ.get(TRACEBACK_ENV):
                    import traceback

                    traceback.print_exc()
                detail = f"{type(exc).__name__}: {exc}".strip().splitlines()[0][:300]
                message = _("Self-test failed at step “{step}”: {error}").format(step=name, error=detail)
                _say(message, sys.stderr)
                return EXIT_FAILED
        message = _(
            "Self-test passed in {seconds} s. Start-up to the main window: {window} s (without making the demo data)."
        ).format(seconds=f"{_seconds_since_process_start():.1f}", window=f"{self.window_seconds:.1f}")
        _say(message, sys.stdout)
        if os.environ.get(TIMINGS_ENV):
            _report_timings(timings)
        return 0

    # --- steps -----------------------------------------------------------------------------

    def start_qt(self) -> None:
        from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator

        from desktop.ui.app import create_application

        settings_dir = self.workdir / "settings"
        settings_dir.mkdir()
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(QSettings.Format.IniFormat, scope, str(settings_dir))
        _quiet_known_offscreen_warnings()
        app = create_application(self.language)
        qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not QTranslator(app).load(QLocale("nn_NO"), "qtbase", "_", qt_translations):
            raise SelfTestError("Qt's own translations are missing")
        from desktop.paths import FONTS_DIR, LOCALE_DIR

        if not any(FONTS_DIR.glob("*.ttf")):
            raise SelfTestError(f"no fonts in {FONTS_DIR}")
        if not any(LOCALE_DIR.glob("*/LC_MESSAGES/*.mo")):
            raise SelfTestError(f"no compiled translations in {LOCALE_DIR}")
        icon = app.windowIcon()
        if icon.isNull() or icon.pixmap(32, 32).isNull():
            raise SelfTestError("the application icon could not be loaded")

    def create_database(self) -> None:
        from desktop.db import current_revision, head_revision
        from desktop.demo.standard import create_demo

        started = time.perf_counter()
        db = create_demo(self.db_path)
        self.demo_seconds = time.perf_counter() - started
        self.db = db
        revision = current_revision(db.engine)
        if revision != head_revision():
            raise SelfTestError(f"schema revision {revision} is not the newest ({head_revision()})")

    def _database(self) -> Database:
        if self.db is None:
            raise SelfTestError("the demo database was not created")
        return self.db

    def open_window(self) -> None:
        from PySide6.QtWidgets import QApplication

        from desktop.ui.main_window import MainWindow

        window = MainWindow(self._database())
        self.window = window
        window.show()
        QApplication.processEvents()
        failures = window_failures(_QT_MESSAGES)
        if failures:
            raise SelfTestError(f"the native window was not created: {failures[0]}")
        if not window.isVisible():
            raise SelfTestError("the main window did not appear")
        handle = window.windowHandle()
        if handle is None or not window.winId():
            raise SelfTestError("the main window has no native window")
        if window.grab().isNull():
            raise SelfTestError("the main window could not be painted")
        self.window_seconds = _seconds_since_process_start() - self.demo_seconds

    def export_pdf(self) -> None:
        from desktop.services.meeting.planning import MeetingService

        held = [m for m in MeetingService(self._database()).list_meetings() if m.status == "held"]
        if not held:
            raise SelfTestError("the demo data has no held meeting")
        if _has_command("export-minutes"):
            from desktop.cli import main

            argv = ["export-minutes", "--db", str(self.db_path), "--meeting", str(held[-1].id)]
            argv += ["--out", str(self.pdf_path)]
            if self.language:
                argv += ["--lang", self.language]
            import contextlib
            import io

            output = io.StringIO()  # the command reports to the console; the self-test says one line
            with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
                status = main(argv)
            if status != 0:
                last = (output.getvalue().strip().splitlines() or [""])[-1]
                raise SelfTestError(f"export-minutes exited with status {status}: {last}")
        else:
            write_fallback_pdf(self.pdf_path)
        _check_pdf(self.pdf_path)

    def sign_pdf(self) -> None:
        signed = self.pdf_path.with_name("selftest-signed.pdf")
        sign_and_verify(self.pdf_path, signed, self.workdir)

    def load_handover_schema(self) -> None:
        check_handover_schema()

    def write_notice(self) -> None:
        import importlib.resources

        from desktop.services.meeting.notice import write_notice
        from desktop.services.meeting.planning import MeetingService

        # Windows has no time-zone database of its own: the invitation needs the bundled tzdata.
        if not importlib.resources.files("tzdata").joinpath("zoneinfo", "Europe", "Oslo").is_file():
            raise SelfTestError("the time-zone data (tzdata) is missing")
        planned = [m for m in MeetingService(self._database()).list_meetings() if m.status == "planned"]
        if not planned:
            raise SelfTestError("the demo data has no planned meeting")
        folder = self.workdir / "notice"
        folder.mkdir()
        files = write_notice(self._database(), planned[0].id, folder)
        _check_pdf(files.pdf)
        if not files.ics.read_bytes().startswith(b"BEGIN:VCALENDAR"):
            raise SelfTestError("the calendar invitation is not an iCalendar file")

    def close(self) -> None:
        window, db = self.window, self.db
        if window is not None:
            window.close()  # also disposes the database
        elif db is not None:
            db.dispose()
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()


def _report_timings(timings: list[tuple[str, float, float]]) -> None:
    """Wall and CPU seconds per step on stderr (for builders; CPU time does not depend on load)."""
    cpu_before = time.process_time() - sum(cpu for _name, _wall, cpu in timings)
    lines = [f"{'interpreter start and imports':<45} {'':>7}  cpu {cpu_before:6.2f} s"]
    lines += [f"{name:<45} {wall:6.2f} s  cpu {cpu:6.2f} s" for name, wall, cpu in timings]
    demo_cpu = next((cpu for name, _w, cpu in timings[1:2]), 0.0)
    window_cpu = cpu_before + sum(cpu for _n, _w, cpu in timings[:3]) - demo_cpu
    lines.append(f"{'CPU time to the main window (without demo data)':<45} {'':>7}  cpu {window_cpu:6.2f} s")
    _say("\n".join(lines), sys.stderr)


_BENIGN_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)
#: Every message Qt logged during the self-test (read by the window step).
_QT_MESSAGES: list[str] = []


def window_failures(messages: list[str]) -> list[str]:
    """The messages that say Qt could not create a native window."""
    return [m for m in messages if any(failure in m for failure in WINDOW_FAILURES)]


def _quiet_known_offscreen_warnings() -> None:
    """The offscreen platform warns about window hints it ignores; keep the output to one line.
    Every message is kept, so that the window step can tell when window creation failed."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: object, _context: object, message: str) -> None:
        _QT_MESSAGES.append(message)
        if message not in _BENIGN_QT_MESSAGES:
            _say(message, sys.stderr)

    qInstallMessageHandler(handler)


def _say(line: str, stream: TextIO | None) -> None:
    """One line to stdout/stderr; a windowed Windows executable has neither (they are None)."""
    if stream is not None:
        stream.write(line + "\n")
        stream.flush()


def _has_command(name: str) -> bool:
    import argparse

    from desktop.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            return True
    return False


def _check_pdf(path: Path) -> None:
    if not path.is_file() or path.stat().st_size < 500:
        raise SelfTestError("no PDF was written")
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise SelfTestError("the PDF is incomplete")


def write_fallback_pdf(path: Path) -> None:
    """A one-page PDF with the shipped font embedded (used until the minutes renderer exists)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from desktop.paths import FONTS_DIR

    if "NotoSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("NotoSans", str(FONTS_DIR / "NotoSans-Regular.ttf")))
    canvas = Canvas(str(path), pagesize=A4, initialFontName="NotoSans", initialFontSize=12)
    canvas.setTitle("Ansvarsgruppe self-test")
    canvas.setFont("NotoSans", 16)
    canvas.drawString(72, 760, "Ansvarsgruppe – selvtest")
    canvas.setFont("NotoSans", 12)
    canvas.drawString(72, 730, "Norsk: æ ø å Æ Ø Å · Samisk: á č đ ŋ š ŧ ž")
    canvas.showPage()
    canvas.save()


def sign_and_verify(source: Path, target: Path, workdir: Path) -> None:
    """Sign ``source`` into ``target`` with a throw-away key, then verify it, with the app's own code.

    Proves that pyHanko, cryptography, their data files and the signing and verification services
    made it into the installation, and work together as they do for real minutes.
    """
    from desktop.services.minutes.signing import SignRequest, sign_pdf
    from desktop.services.minutes.signing_keys import generate_key
    from desktop.services.minutes.verify import verify_bytes

    passphrase = "self-test " + os.urandom(8).hex()  # a throw-away key, deleted with the folder
    key = workdir / "selftest-key.p12"
    generate_key("Ansvarsgruppe self-test", passphrase, out=key, days=1)
    result = sign_pdf(SignRequest(pdf=source.read_bytes(), key_path=key, passphrase=passphrase, slot=None))
    target.write_bytes(result.pdf)
    verdict = verify_bytes(target.read_bytes())
    if not (verdict.is_valid and verdict.is_intact and verdict.covers_whole_file):
        raise SelfTestError(f"the signature does not verify: {verdict.message}")
    if verdict.fingerprint_sha256 and verdict.fingerprint_sha256 != result.fingerprint_sha256:
        raise SelfTestError("the signature names another key than the one that signed")
    tampered = bytearray(result.pdf)
    tampered[len(tampered) // 3] ^= 0x01  # a changed byte in the signed range must be caught
    if verify_bytes(bytes(tampered)).is_valid:
        raise SelfTestError("a changed signed PDF still verifies")


def check_handover_schema() -> None:
    """The shipped handover JSON Schema loads, is a valid schema, and refuses a non-handover."""
    from desktop.services.minutes import handover, handover_build

    if not handover.SCHEMA_PATH.is_file():
        raise SelfTestError(f"the handover schema is missing: {handover.SCHEMA_PATH}")
    schema = handover.handover_schema()
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema)
    document = {"schema": handover_build.SCHEMA_ID, "schema_version": max(handover.SUPPORTED_VERSIONS)}
    try:
        handover.check_document(document)
    except handover.HandoverError:
        return
    raise SelfTestError("the handover schema accepted an empty document")
