#!/usr/bin/env bash
# Build the one-folder bundle (dist/ansvarsgruppe/) on Linux or macOS and self-test it.
# Sets up .venv and the system libraries Qt needs first (scripts/bootstrap.sh --gui), then runs installer/build.py with the venv's Python.
# Pass --package to also build the tarball (installer/linux/make-tarball.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --gui --install-system-libs  # the X11 libraries must be here to be bundled
exec .venv/bin/python installer/build.py "$@"
