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
        "import desktop.services.demo as demo\n"
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
