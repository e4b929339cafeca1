"""Build the one-folder bundle for this platform and prove that it works.

    python installer/build.py [--skip-install] [--package] [--dist DIR]

1. installs the pinned PyInstaller (the ``installer`` extra in pyproject.toml) into this Python;
2. compiles the translation catalogs (``scripts/i18n.py compile``);
3. runs PyInstaller on ``installer/ansvarsgruppe.spec`` into ``dist/ansvarsgruppe/``;
4. runs the bundled executable with ``--self-test`` offscreen, in a clean environment, and fails
   when it fails;
5. reports the bundle size and the self-test's start-up time;
6. with ``--package``: the Linux tarball (``installer/linux/make-tarball.sh``) or, on Windows,
   the MSI (WiX 3 or wixl) and the NSIS setup.exe (makensis) beside the bundle
   (``installer/windows/package.py``); a missing tool fails the build.

On Linux, ``installer/windows/build-on-linux.sh`` runs this script under Wine with the Windows
Python and then builds and tests both Windows installers.

Exit status 0 only when every step passed. Needs no network beyond the package index in step 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = sys.platform == "win32"


def say(text: str) -> None:
    sys.stdout.write(f"[build] {text}\n")
    sys.stdout.flush()


def utf8_output() -> None:
    """Windows: our own lines and the children's through a pipe as UTF-8, not the ANSI code page."""
    for stream in (sys.stdout, sys.stderr):
        if WINDOWS and hasattr(stream, "reconfigure") and not stream.isatty():
            stream.reconfigure(encoding="utf-8", errors="replace")


def run(cmd: list[str], **kwargs: object) -> None:
    say(" ".join(cmd))
    subprocess.run(cmd, cwd=ROOT, check=True, **kwargs)  # type: ignore[call-overload]


def project() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["project"]


def installer_requirements() -> list[str]:
    return list(project()["optional-dependencies"]["installer"])


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def self_test(executable: Path, platform: str = "offscreen", wrapper: list[str] | None = None) -> float:
    """Run the bundled self-test the way a fresh machine would; return its wall time in seconds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.pop("ANSVARSGRUPPE_DATA_DIR", None)
    env["QT_QPA_PLATFORM"] = platform
    env["ANSVARSGRUPPE_SELF_TEST_TRACEBACK"] = "1"
    env["ANSVARSGRUPPE_SELF_TEST_TIMINGS"] = "1"  # wall and CPU seconds per step, on stderr
    cmd = [*(wrapper or []), str(executable), "--self-test"]
    say(f"QT_QPA_PLATFORM={platform} " + " ".join(cmd))
    started = time.perf_counter()
    # Run from a folder outside the source tree, so that nothing can be imported from the checkout.
    result = subprocess.run(cmd, cwd=executable.parent.parent, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"[build] the bundled self-test failed on {platform} (exit {result.returncode})")
    return elapsed


def check_xcb_libraries(bundle: Path) -> None:
    """Linux: the libraries Qt's xcb plugin needs beyond a desktop's base ones must be bundled."""
    sys.path.insert(0, str(ROOT / "installer"))
    import bundle_manifest

    names = {p.name for p in bundle.rglob("*.so*")}
    missing = [lib for lib in bundle_manifest.LINUX_XCB_LIBRARIES if lib not in names]
    if missing:
        raise SystemExit(
            "[build] not bundled: " + ", ".join(missing) + " (install them on the build machine: "
            "bash scripts/bootstrap.sh --gui --install-system-libs)"
        )
    say(f"bundled for Qt's xcb plugin: {', '.join(bundle_manifest.LINUX_XCB_LIBRARIES)}")


def package(bundle: Path) -> None:
    if not WINDOWS:
        run(["bash", str(ROOT / "installer" / "linux" / "make-tarball.sh"), str(bundle)])
        return
    sys.path.insert(0, str(ROOT / "installer" / "windows"))
    import package as windows

    version = project()["version"]
    out = bundle.parent
    if not windows.make_msi(
        bundle, version, out / f"Ansvarsgruppe-{version}-x64.msi", ROOT / "build" / "msi"
    ):
        raise SystemExit("[build] no MSI compiler: install WiX Toolset 3 (candle, light) or msitools (wixl)")
    if not windows.make_setup_exe(bundle, version, out / f"Ansvarsgruppe-{version}-setup.exe"):
        raise SystemExit("[build] makensis not found: install NSIS 3 (https://nsis.sourceforge.io)")
    say(f"installers in {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Ansvarsgruppe bundle and self-test it.")
    parser.add_argument("--skip-install", action="store_true", help="PyInstaller is already installed")
    parser.add_argument("--package", action="store_true", help="also build the tarball / Windows installers")
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="where the bundle goes (default: dist)"
    )
    args = parser.parse_args(argv)
    utf8_output()
    dist = args.dist.resolve()
    bundle = dist / "ansvarsgruppe"

    if not args.skip_install:
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "--disable-pip-version-check",
                *installer_requirements(),
            ]
        )
    run([sys.executable, "scripts/i18n.py", "compile"])
    started = time.perf_counter()
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(ROOT / "build" / ("pyinstaller-windows" if WINDOWS else "pyinstaller")),
            str(ROOT / "installer" / "ansvarsgruppe.spec"),
        ]
    )
    say(f"PyInstaller took {time.perf_counter() - started:.0f} s")
    if sys.platform.startswith("linux"):
        check_xcb_libraries(bundle)
    executable = bundle / ("ansvarsgruppe-cli.exe" if WINDOWS else "ansvarsgruppe")
    seconds = self_test(executable)
    if sys.platform.startswith("linux") and shutil.which("xvfb-run"):
        # The real X11 platform plugin too (a virtual screen), as on a coordinator's desktop.
        self_test(executable, "xcb", ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24"])
    size = folder_size(bundle)
    files = sum(1 for p in bundle.rglob("*") if p.is_file())
    say(f"bundle: {bundle} — {size / 1024 / 1024:.0f} MiB in {files} files")
    say(f"self-test of the bundle: {seconds:.1f} s in all")
    if args.package:
        package(bundle)
    say("done")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
