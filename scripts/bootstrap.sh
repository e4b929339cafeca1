#!/usr/bin/env bash
# Sets up everything the app and the tests need: a virtual environment on Python 3.12 or newer with
# exactly the packages in requirements.lock, and the compiled translation catalogs. Safe to run
# again; fast when nothing changed.
#   --gui                   also check the X11 libraries Qt's xcb platform plugin needs
#   --install-system-libs   install missing system libraries with apt-get (as root). Otherwise an
#                           ordinary start never runs apt: it prints what to install and goes on.
#                           Implied on CI (CI=true, a throw-away machine) and by
#                           ANSVARSGRUPPE_INSTALL_SYSTEM_LIBS=1; the installer build passes it.
#   --check-system-libs     only check the system libraries (exit 1 when some are missing)
set -euo pipefail
cd "$(dirname "$0")/.."

gui=no; install_libs=no; check_only=no
for arg in "$@"; do
  case "$arg" in
    --gui) gui=yes ;;
    --install-system-libs) install_libs=yes ;;
    --check-system-libs) check_only=yes ;;
    *) echo "usage: bash scripts/bootstrap.sh [--gui] [--install-system-libs] [--check-system-libs]" >&2; exit 2 ;;
  esac
done
if [ "${CI:-}" = true ] || [ "${ANSVARSGRUPPE_INSTALL_SYSTEM_LIBS:-}" = 1 ]; then install_libs=yes; fi

# System libraries Qt's wheels expect. The linker cache is read once: 'ldconfig -p | grep -q' under
# pipefail fails now and then (grep exits at the first match, ldconfig dies of the broken pipe).
need_libs=(libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libglib-2.0.so.0 libX11.so.6)
apt_pkgs=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 libx11-6 libx11-xcb1)
if [ "$gui" = yes ]; then
  need_libs+=(libxcb-cursor.so.0 libxkbcommon-x11.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-image.so.0 libxcb-render-util.so.0 libxcb-shape.so.0 libxcb-randr.so.0 libxcb-xinerama.so.0)
  apt_pkgs+=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0)
fi
missing_libs() {
  local known lib
  known="$(ldconfig -p 2>/dev/null || true)"
  for lib in "${need_libs[@]}"; do
    grep -qF "$lib (" <<<"$known" || printf '%s\n' "$lib"
  done
}
mapfile -t missing < <(missing_libs)
if [ ${#missing[@]} -gt 0 ] && [ "$install_libs" = yes ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system libraries for Qt: ${missing[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_pkgs[@]}") >/dev/null
  mapfile -t missing < <(missing_libs)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo "
  echo "Qt needs these system libraries, which are missing: ${missing[*]}" >&2
  echo "Install them with your package manager (Debian/Ubuntu: ${sudo}apt-get install ${apt_pkgs[*]}), or run" >&2
  echo "bash scripts/bootstrap.sh --install-system-libs as root." >&2
  [ "$check_only" = yes ] && exit 1
fi
[ "$check_only" = yes ] && exit 0

VENV=".venv"
MIN_MINOR=12  # Python 3.12 or newer (the Windows build uses the 3.13 embeddable Python)

# The newest Python >= 3.12: $PYTHON when given, else python3.13 / python3.12 / python3 on PATH,
# else one installed by pyenv.
version_of() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true; }
good_enough() { local v; v="$(version_of "$1")"; [ -n "$v" ] && [ "${v%%.*}" = 3 ] && [ "${v#*.}" -ge "$MIN_MINOR" ]; }
find_python() {
  local candidate
  if [ -n "${PYTHON:-}" ]; then
    echo "$PYTHON"
    return
  fi
  for candidate in python3.13 python3.12 python3 \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3 \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && good_enough "$candidate"; then
      command -v "$candidate"
      return
    fi
  done
}
PYTHON="$(find_python)"
if [ -z "$PYTHON" ] || ! good_enough "$PYTHON"; then
  echo "Ansvarsgruppe needs Python 3.12 or newer, and none was found." >&2
  echo "Install Python 3.13 (Debian/Ubuntu: sudo apt-get install python3.13 python3.13-venv;" >&2
  echo "Windows and macOS: https://www.python.org/downloads/; or 'pyenv install 3.13'), then run" >&2
  echo "this again, or point to it: PYTHON=/path/to/python3.13 bash scripts/bootstrap.sh" >&2
  exit 1
fi

# A venv made by another Python (an older checkout used 3.11) is made again.
wanted="$(version_of "$PYTHON")"
if [ -x "$VENV/bin/python" ] && [ "$(version_of "$VENV/bin/python")" != "$wanted" ]; then
  echo "Making $VENV again with Python $wanted (it was made with $(version_of "$VENV/bin/python")) …"
  rm -rf "$VENV"
fi
stamp="$VENV/.installed"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
  echo "Installing the locked dependencies into $VENV (first run takes a minute) …"
  log="$VENV/pip-install.log"
  pip=("$VENV/bin/python" -m pip install -q --disable-pip-version-check)
  if ! { "${pip[@]}" --upgrade pip \
         && "${pip[@]}" --require-hashes -r requirements.lock \
         && "${pip[@]}" --no-deps -e . --config-settings editable_mode=compat; } >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "Installing the dependencies failed; the full log is in $log" >&2
    exit 1
  fi
  touch "$stamp"
fi
"$VENV/bin/python" scripts/i18n.py compile
