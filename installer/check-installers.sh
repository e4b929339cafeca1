#!/usr/bin/env bash
# Every installer, built and smoke-tested on this Linux machine (issue 16). Not part of .ci/run: it
# takes about 11 minutes on 2 cores and needs Wine, wixl, makensis and debootstrap (installed
# with apt when missing; run as root). Exit status 0 only when everything passed:
#   1. the Linux bundle and tarball, self-tested offscreen and on X11 (installer/build.sh --package);
#   2. the tarball's self-test, install.sh and uninstall.sh in a minimal Debian with only the base
#      libraries, on Qt's xcb platform (installer/linux/test-minimal-debian.sh);
#   3. the Windows bundle, MSI and setup.exe, each installed, self-tested and uninstalled under Wine
#      (installer/windows/build-on-linux.sh).
# Usage, from a fresh clone:  bash installer/check-installers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
step() { echo; echo "=== $* ($(( SECONDS - started )) s)"; }

step "Linux bundle and tarball"
bash installer/build.sh --package
version="$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -n 1)"
tarball="dist/ansvarsgruppe-${version}-linux-$(uname -m).tar.gz"

step "the tarball in a minimal Debian root"
bash installer/linux/test-minimal-debian.sh "$tarball"

step "Windows bundle, MSI and setup.exe under Wine"
bash installer/windows/build-on-linux.sh

step "all installers passed"
ls -l "$tarball" dist/windows/*.msi dist/windows/*-setup.exe
echo "total: $(( SECONDS - started )) s"
