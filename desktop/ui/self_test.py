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
5. sign a copy of that PDF with a throw-away key (pyHanko) and validate the signature;
6. write the notice of a planned demo meeting: its PDF and the ``.ics`` calendar invitation (which
   needs the bundled time-zone data on Windows).

Exit status 0 and one line when all steps pass; otherwise one line naming the failed step, and
a non-zero status. ``ANSVARSGRUPPE_SELF_TEST_TRACEBACK=1`` also prints the traceback (for
building; the demo data is fictional, so no real case content can leak), and
``ANSVARSGRUPPE_SELF_TEST_TIMINGS=1`` the wall and CPU time of each step.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from desktop import clock

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


def run_self_test(language: str | None = None) -> int:
    """Run every step in a temporary folder; return the process exit status."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    workdir = Path(tempfile.mkdtemp(prefix="ansvarsgruppe-selftest-"))
    os.environ["ANSVARSGRUPPE_DATA_DIR"] = str(workdir / "data")  # never the user's data folder
    runner = _Runner(workdir, language)
    try:
        return runner.run()
    finally:
        runner.close()
        shutil.rmtree(workdir, ignore_errors=True)


class _Runner:
    def __init__(self, workdir: Path, language: str | None) -> None:
        self.workdir = workdir
        self.language = language
        self.window: object | None = None
        self.db: object | None = None
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
        from desktop.services.demo import create_demo

        started = time.perf_counter()
        db = create_demo(self.db_path)
        self.demo_seconds = time.perf_counter() - started
        self.db = db
        revision = current_revision(db.engine)
        if revision != head_revision():
            raise SelfTestError(f"schema revision {revision} is not the newest ({head_revision()})")

    def open_window(self) -> None:
        from PySide6.QtWidgets import QApplication

        from desktop.ui.main_window import MainWindow

        window = MainWindow(self.db)  # type: ignore[arg-type]
        self.window = window
        window.show()
        QApplication.processEvents()
        if not window.isVisible():
            raise SelfTestError("the main window did not appear")
        if window.grab().isNull():
            raise SelfTestError("the main window could not be painted")
        self.window_seconds = _seconds_since_process_start() - self.demo_seconds

    def export_pdf(self) -> None:
        from desktop.services.meetings import MeetingService

        held = [m for m in MeetingService(self.db).list_meetings() if m.status == "held"]  # type: ignore[arg-type]
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
        sign_and_validate(self.pdf_path, signed, self.workdir)

    def write_notice(self) -> None:
        import importlib.resources

        from desktop.services.meetings import MeetingService
        from desktop.services.notice import write_notice

        # Windows has no time-zone database of its own: the invitation needs the bundled tzdata.
        if not importlib.resources.files("tzdata").joinpath("zoneinfo", "Europe", "Oslo").is_file():
            raise SelfTestError("the time-zone data (tzdata) is missing")
        planned = [m for m in MeetingService(self.db).list_meetings() if m.status == "planned"]  # type: ignore[arg-type]
        if not planned:
            raise SelfTestError("the demo data has no planned meeting")
        folder = self.workdir / "notice"
        folder.mkdir()
        files = write_notice(self.db, planned[0].id, folder)  # type: ignore[arg-type]
        _check_pdf(files.pdf)
        if not files.ics.read_bytes().startswith(b"BEGIN:VCALENDAR"):
            raise SelfTestError("the calendar invitation is not an iCalendar file")

    def close(self) -> None:
        window, db = self.window, self.db
        if window is not None:
            window.close()  # type: ignore[attr-defined]  # also disposes the database
        elif db is not None:
            db.dispose()  # type: ignore[attr-defined]
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


def _quiet_known_offscreen_warnings() -> None:
    """The offscreen platform warns about window hints it ignores; keep the output to one line."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: object, _context: object, message: str) -> None:
        if message not in _BENIGN_QT_MESSAGES:
            _say(message, sys.stderr)

    qInstallMessageHandler(handler)


def _say(line: str, stream: object) -> None:
    """One line to stdout/stderr; a windowed Windows executable has neither (they are None)."""
    if stream is not None:
        stream.write(line + "\n")  # type: ignore[attr-defined]
        stream.flush()  # type: ignore[attr-defined]


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


def sign_and_validate(source: Path, target: Path, workdir: Path) -> None:
    """Sign ``source`` into ``target`` with a throw-away key, then validate it against that key.

    Proves that pyHanko, cryptography and their data files made it into the installation.
    """
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ansvarsgruppe self-test")])
    now = clock.now_utc()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    key_file, cert_file = workdir / "selftest-key.pem", workdir / "selftest-cert.pem"
    key_file.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    cert_file.write_bytes(cert.public_bytes(Encoding.PEM))
    signer = signers.SimpleSigner.load(str(key_file), str(cert_file))
    if signer is None:
        raise SelfTestError("the throw-away signing key could not be loaded")
    meta = signers.PdfSignatureMetadata(field_name="SelfTest", subfilter=fields.SigSeedSubFilter.PADES)
    with source.open("rb") as inf, target.open("wb") as outf:
        signers.sign_pdf(IncrementalPdfFileWriter(inf), meta, signer=signer, output=outf)
    with target.open("rb") as fh:
        reader = PdfFileReader(fh)
        if len(reader.embedded_signatures) != 1:
            raise SelfTestError("the signed PDF has no signature")
        context = ValidationContext(
            trust_roots=[load_cert_from_pemder(str(cert_file))], moment=clock.now_utc()
        )
        status = validate_pdf_signature(reader.embedded_signatures[0], context)
        if not (status.intact and status.valid and status.coverage.name == "ENTIRE_FILE"):
            raise SelfTestError(f"the signature does not validate: {status.summary()}")
