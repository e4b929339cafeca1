"""scripts/bootstrap.sh's check of the system libraries, with fake ldconfig/apt-get/id on PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE = ["libEGL.so.1", "libGL.so.1", "libxkbcommon.so.0", "libfontconfig.so.1", "libdbus-1.so.3"]
BASE += ["libglib-2.0.so.0", "libX11.so.6"]
XCB = ["libxcb-cursor.so.0", "libxkbcommon-x11.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
XCB += ["libxcb-image.so.0", "libxcb-render-util.so.0", "libxcb-shape.so.0", "libxcb-randr.so.0"]
XCB += ["libxcb-xinerama.so.0"]

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _fake_bin(tmp_path: Path, libraries: list[str], uid: int = 0) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    cache = "".join(f"\t{lib} (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/{lib}\n" for lib in libraries)
    (tmp_path / "ldconfig.txt").write_text(
        f"{len(libraries)} libs found in cache `/etc/ld.so.cache'\n{cache}"
    )
    scripts = {
        "ldconfig": f'cat "{tmp_path}/ldconfig.txt"',
        "apt-get": f'echo "apt-get $*" >> "{tmp_path}/apt.log"',
        "id": f"echo {uid}",
    }
    for name, body in scripts.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    return bin_dir


def _check(tmp_path: Path, libraries: list[str], *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    bin_dir = _fake_bin(tmp_path, libraries)
    environment = {
        k: v for k, v in os.environ.items() if k not in ("CI", "ANSVARSGRUPPE_INSTALL_SYSTEM_LIBS")
    }
    environment.update(env, PATH=f"{bin_dir}:{os.environ['PATH']}")
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "bootstrap.sh"), "--check-system-libs", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_nothing_is_said_or_installed_when_every_library_is_there(tmp_path: Path) -> None:
    result = _check(tmp_path, BASE + XCB, "--gui")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and result.stdout == ""
    assert not (tmp_path / "apt.log").exists()


def test_an_ordinary_start_as_root_never_runs_apt_but_says_what_to_install(tmp_path: Path) -> None:
    result = _check(tmp_path, BASE + XCB[1:], "--gui")
    assert result.returncode == 1
    assert not (tmp_path / "apt.log").exists(), "apt-get ran on an ordinary start"
    assert "missing: libxcb-cursor.so.0" in result.stderr
    assert "apt-get install " in result.stderr and "libxcb-cursor0" in result.stderr


def test_the_check_is_exact_and_reads_the_cache_once_without_a_pipe(tmp_path: Path) -> None:
    # libxcb-image.so.0 must not count as found because libxcb-image.so.0.0.0 is listed, nor
    # libGL.so.1 because libGLX.so.1 is.
    near = [lib for lib in BASE if lib != "libGL.so.1"] + ["libGLX.so.1"]
    result = _check(tmp_path, near)
    assert result.returncode == 1 and "missing: libGL.so.1" in result.stderr
    script = (ROOT / "scripts" / "bootstrap.sh").read_text(encoding="utf-8")
    code = [line for line in script.splitlines() if not line.lstrip().startswith("#")]
    assert not any("ldconfig -p |" in line for line in code), "a pipe from ldconfig under pipefail"


@pytest.mark.parametrize(
    "how", [{"CI": "true"}, {"ANSVARSGRUPPE_INSTALL_SYSTEM_LIBS": "1"}, "--install-system-libs"]
)
def test_apt_runs_only_when_asked(tmp_path: Path, how: dict[str, str] | str) -> None:
    args = ["--gui", how] if isinstance(how, str) else ["--gui"]
    env = how if isinstance(how, dict) else {}
    result = _check(tmp_path, BASE, *args, **env)
    log = (tmp_path / "apt.log").read_text()
    assert "apt-get install -y -qq" in log and "libxcb-cursor0" in log
    assert result.returncode == 1  # the fake apt-get installed nothing, and the check says so


def test_start_sh_and_the_installer_build_ask_for_what_they_need() -> None:
    start = (ROOT / "scripts" / "start.sh").read_text(encoding="utf-8")
    assert "bash scripts/bootstrap.sh --gui\n" in start and "--install-system-libs" not in start
    build = (ROOT / "installer" / "build.sh").read_text(encoding="utf-8")
    assert "bootstrap.sh --gui --install-system-libs" in build
