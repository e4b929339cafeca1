#!/usr/bin/env bash
# Set up (first time) and run the whole check: lint, format and types, then the tests, offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check
.venv/bin/ruff format --check
.venv/bin/python -m mypy  # files and strictness: [tool.mypy] in pyproject.toml
.venv/bin/python -m pytest "$@"
