#!/usr/bin/env bash
# Build the Windows bundle, the MSI and the NSIS setup.exe on Linux, and install, self-test and
# uninstall each under Wine (see build_on_linux.py). Exit status 0 only when all of it passed.
# Outputs: dist/windows/ (bundle, .msi, setup.exe); work files and the Wine prefix: build/windows/;
# downloads (embeddable Python, win_amd64 wheels): ${ANSVARSGRUPPE_BUILD_CACHE:-~/.cache/ansvarsgruppe-build}.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/bootstrap.sh >/dev/null  # .venv: the Python that runs the build and fetches the wheels
exec .venv/bin/python installer/windows/build_on_linux.py "$@"
