#!/usr/bin/env bash
# Build the one-folder bundle (dist/ansvarsgruppe/) on Linux or macOS and self-test it.
# Sets up .venv first (scripts/bootstrap.sh), then runs installer/build.py with the venv's Python.
# Pass --package to also build the tarball (installer/linux/make-tarball.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python installer/build.py "$@"
