#!/usr/bin/env bash
# Sets up everything the app and the tests need: system libraries Qt's wheels expect (when they are
# missing and we may install them), a virtual environment with the pinned dependencies, and the
# compiled translation catalogs. Safe to run again; fast when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=".venv"
need_libs=(libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libglib-2.0.so.0 libX11.so.6)
apt_pkgs=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 libx11-6 libx11-xcb1)
if [ "${1:-}" = "--gui" ]; then
  need_libs+=(libxcb-cursor.so.0 libxkbcommon-x11.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1)
  apt_pkgs+=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0)
fi
missing=()
for lib in "${need_libs[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("$lib")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system libraries for Qt: ${missing[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_pkgs[@]}") >/dev/null
  else
    echo "Qt needs these system libraries, which are missing: ${missing[*]}" >&2
    echo "Install them with your package manager (Debian/Ubuntu: sudo apt-get install ${apt_pkgs[*]})." >&2
  fi
fi

stamp="$VENV/.installed"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "Installing the pinned dependencies into $VENV (first run takes a minute) …"
  log="$VENV/pip-install.log"
  if ! { "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip \
         && "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[dev]" \
              --config-settings editable_mode=compat; } >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "Installing the dependencies failed; the full log is in $log" >&2
    exit 1
  fi
  touch "$stamp"
fi
"$VENV/bin/python" scripts/i18n.py compile
