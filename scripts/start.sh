#!/usr/bin/env bash
# Set up (first time) and start Ansvarsgruppe. Extra arguments go to the app, e.g. --db FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --gui
exec .venv/bin/python -m desktop "$@"
