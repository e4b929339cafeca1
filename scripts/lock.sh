#!/usr/bin/env bash
# Rewrites requirements.lock: every package the app and its tests install, transitive ones
# included, at the exact version (and hash) that was tested, for every platform the app runs on
# (Linux and Windows, Python 3.12 and 3.13). Run it after changing a pin in pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 \
  --generate-hashes --no-header --quiet --output-file requirements.lock
echo "requirements.lock written; commit it with pyproject.toml."
