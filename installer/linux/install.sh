#!/usr/bin/env bash
# Install Ansvarsgruppe from this unpacked tarball, for the current user (no root needed):
#   ./install.sh                  program in ~/.local/lib/ansvarsgruppe, command in ~/.local/bin,
#                                 menu entry and icons in ~/.local/share
#   sudo ./install.sh --system    the same under /opt/ansvarsgruppe and /usr/local (all users)
# Your data (~/.local/share/ansvarsgruppe) is a separate folder and is never touched here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ "${1:-}" = "--system" ]; then
  lib=/opt/ansvarsgruppe; bin=/usr/local/bin; share=/usr/local/share
else
  lib="$HOME/.local/lib/ansvarsgruppe"; bin="$HOME/.local/bin"; share="${XDG_DATA_HOME:-$HOME/.local/share}"
fi

if [ ! -x "$here/ansvarsgruppe/ansvarsgruppe" ]; then
  echo "This folder does not hold the program (ansvarsgruppe/ansvarsgruppe). Unpack the whole tarball first." >&2
  exit 1
fi

echo "Installing the program into $lib"
rm -rf "$lib.new"
mkdir -p "$(dirname "$lib")"
cp -a "$here/ansvarsgruppe" "$lib.new"
rm -rf "$lib"
mv "$lib.new" "$lib"

mkdir -p "$bin"
ln -sf "$lib/ansvarsgruppe" "$bin/ansvarsgruppe"

for icon in "$here"/share/icons/hicolor/*/apps/*; do
  rel="${icon#"$here"/share/}"
  mkdir -p "$share/$(dirname "$rel")"
  cp "$icon" "$share/$rel"
done

mkdir -p "$share/applications"
sed -e "s|^Exec=.*|Exec=$lib/ansvarsgruppe|" -e "s|^TryExec=.*|TryExec=$lib/ansvarsgruppe|" \
  "$here/share/applications/ansvarsgruppe.desktop" > "$share/applications/ansvarsgruppe.desktop"
chmod 644 "$share/applications/ansvarsgruppe.desktop"

command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$share/icons/hicolor" 2>/dev/null || true

echo "Checking the installation …"
if QT_QPA_PLATFORM=offscreen "$lib/ansvarsgruppe" --self-test; then
  echo "Done. Start Ansvarsgruppe from the applications menu, or run: $bin/ansvarsgruppe"
else
  echo "The program was installed, but its self-test failed (see the line above)." >&2
  exit 1
fi
