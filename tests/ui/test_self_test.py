"""``python -m desktop --self-test``: the installer's smoke test, run as a user would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANSVARSGRUPPE_DATA_DIR": str(tmp_path / "data"),
    }
    environment.pop("ANSVARSGRUPPE_SELF_TEST_TRACEBACK", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_self_test_passes_and_leaves_nothing_behind(tmp_path: Path) -> None:
    result = _run(["-m", "desktop", "--lang", "en", "--self-test"], tmp_path, TMPDIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Self-test passed in "), result.stdout
    assert "Traceback" not in result.stderr
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith("ansvarsgruppe-selftest-")]
    assert leftovers == [], "the temporary folder must be removed"
    data = tmp_path / "data"
    assert not data.exists() or not any(data.iterdir()), "the user's data folder must not be touched"


def test_a_failing_step_gives_one_clear_translated_line_and_a_non_zero_status(tmp_path: Path) -> None:
    script = (
        "import desktop.demo.standard as demo\n"
        "def broken(*args, **kwargs):\n"
        "    raise OSError('disk full')\n"
        "demo.create_demo = broken\n"
        "from desktop.i18n import install\n"
        "install('nn')\n"
        "from desktop.ui.self_test import run_self_test\n"
        "raise SystemExit(run_self_test('nn'))\n"
    )
    result = _run(["-c", script], tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "Sjølvtesten feila i steget «lage demodatabasen»: OSError: disk full"


def test_a_window_qt_could_not_create_fails_the_window_step(tmp_path: Path) -> None:
    # Qt logs this (and the widget still says it is visible) when the native window cannot be made,
    # e.g. a missing Windows function under Wine or a broken display.
    script = (
        "from PySide6.QtCore import qWarning\n"
        "import desktop.ui.main_window as mw\n"
        "original = mw.MainWindow.show\n"
        "def show(self):\n"
        "    original(self)\n"
        "    qWarning('QWidgetWindow(0x1, name=\"MainWindow\"): Failed to create platform window')\n"
        "mw.MainWindow.show = show\n"
        "from desktop.i18n import install\n"
        "install('en')\n"
        "from desktop.ui.self_test import run_self_test\n"
        "raise SystemExit(run_self_test('en'))\n"
    )
    result = _run(["-c", script], tmp_path, TMPDIR=str(tmp_path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Self-test failed at step “open the main window”: SelfTestError: the native window was not" in (
        result.stderr
    )
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith("ansvarsgruppe-selftest-")]
    assert leftovers == [], "a failed self-test removes its folder too"


def test_window_failures_are_recognised() -> None:
    from desktop.ui.self_test import window_failures

    messages = [
        "This plugin does not support propagateSizeHints()",
        "QWindow: Failed to create platform window",
    ]
    assert window_failures(messages) == ["QWindow: Failed to create platform window"]
    assert window_failures(["QFont: no family"]) == []


def test_a_folder_that_cannot_be_removed_is_an_error_not_hidden(tmp_path: Path, monkeypatch) -> None:
    import desktop.ui.self_test as self_test

    calls = []

    def locked(path: Path) -> None:
        calls.append(path)
        raise PermissionError(32, "The process cannot access the file because it is being used", str(path))

    monkeypatch.setattr(self_test.shutil, "rmtree", locked)
    try:
        self_test.remove_folder(tmp_path, attempts=3, pause=0)
    except PermissionError:
        pass
    else:
        raise AssertionError("remove_folder hid the failure")
    assert len(calls) == 3, "a file held for a moment gets a few tries first"


def test_windows_pipes_get_utf8(monkeypatch) -> None:
    import io

    import desktop.ui.self_test as self_test

    out = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    monkeypatch.setattr(self_test.sys, "platform", "win32")
    monkeypatch.setattr(self_test.sys, "stdout", out)
    monkeypatch.setattr(self_test.sys, "stderr", None)  # a windowed executable has no streams
    self_test.utf8_output()
    out.write("Selvtesten er bestått")
    out.flush()
    assert out.buffer.getvalue().decode("utf-8") == "Selvtesten er bestått"  # type: ignore[attr-defined]


def test_log_files_in_the_folder_are_closed_before_it_is_removed(tmp_path: Path) -> None:
    import logging

    from desktop.ui.self_test import close_log_files_in

    inside = logging.FileHandler(tmp_path / "inside.log")
    outside_dir = tmp_path.parent / f"{tmp_path.name}-outside"
    outside_dir.mkdir()
    outside = logging.FileHandler(outside_dir / "outside.log")
    root = logging.getLogger()
    root.addHandler(inside)
    root.addHandler(outside)
    try:
        close_log_files_in(tmp_path)
        assert inside not in root.handlers and inside.stream is None
        assert outside in root.handlers
    finally:
        root.removeHandler(outside)
        outside.close()
