#!/usr/bin/env bash
# Pack the built bundle (dist/ansvarsgruppe/, made by installer/build.py) into a tarball a
# coordinator can unpack and install without root:
#   dist/ansvarsgruppe-<version>-linux-<arch>.tar.gz
#     ansvarsgruppe/                 the program (run ansvarsgruppe/ansvarsgruppe directly, or …)
#     install.sh, uninstall.sh       … install it into ~/.local with a menu entry and icons
#     share/applications/ansvarsgruppe.desktop
#     share/icons/hicolor/{16x16,…,256x256}/apps/ansvarsgruppe.png, scalable/apps/ansvarsgruppe.svg
#     README.txt
# (An AppImage would need appimagetool, which no package index here provides.)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bundle="${1:-dist/ansvarsgruppe}"  # the bundle to pack (installer/build.py passes its own)
if [ ! -x "$bundle/ansvarsgruppe" ]; then
  echo "No bundle in $bundle: run python installer/build.py first." >&2
  exit 1
fi
version="$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -n 1)"
name="ansvarsgruppe-${version}-linux-$(uname -m)"
stage="build/tarball/$name"
rm -rf "build/tarball"
mkdir -p "$stage/share/applications"

cp -a "$bundle" "$stage/ansvarsgruppe"
cp installer/linux/install.sh installer/linux/uninstall.sh "$stage/"
cp installer/linux/ansvarsgruppe.desktop "$stage/share/applications/"
for png in resources/icons/png/ansvarsgruppe-*.png; do
  size="$(basename "$png" .png)"; size="${size#ansvarsgruppe-}"
  mkdir -p "$stage/share/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$stage/share/icons/hicolor/${size}x${size}/apps/ansvarsgruppe.png"
done
mkdir -p "$stage/share/icons/hicolor/scalable/apps"
cp resources/icons/ansvarsgruppe.svg "$stage/share/icons/hicolor/scalable/apps/ansvarsgruppe.svg"
cat > "$stage/README.txt" <<TXT
Ansvarsgruppe $version for Linux ($(uname -m))

Install for yourself (no administrator rights needed):   ./install.sh
Install for everyone on this computer:                    sudo ./install.sh --system
Or run it from this folder without installing:            ./ansvarsgruppe/ansvarsgruppe

Your cases, meetings and minutes are stored in ~/.local/share/ansvarsgruppe, apart from the
program. ./uninstall.sh removes the program and keeps your data; add --delete-my-data to delete
the data too. Check an installation at any time with:  ansvarsgruppe --self-test
TXT

out="dist/$name.tar.gz"
tar -C "build/tarball" --owner=0 --group=0 --numeric-owner -czf "$out" "$name"
echo "wrote $out ($(du -h "$out" | cut -f1))"
