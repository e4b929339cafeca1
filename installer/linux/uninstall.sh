#!/usr/bin/env bash
# Remove Ansvarsgruppe installed by install.sh (add --system for an install made with --system).
# Your cases, meetings and minutes stay in ~/.local/share/ansvarsgruppe unless you also pass
# --delete-my-data (this cannot be undone).
set -euo pipefail
system=no; delete_data=no
for arg in "$@"; do
  case "$arg" in
    --system) system=yes ;;
    --delete-my-data) delete_data=yes ;;
    *) echo "usage: $0 [--system] [--delete-my-data]" >&2; exit 2 ;;
  esac
done
if [ "$system" = yes ]; then
  lib=/opt/ansvarsgruppe; bin=/usr/local/bin; share=/usr/local/share
else
  lib="$HOME/.local/lib/ansvarsgruppe"; bin="$HOME/.local/bin"; share="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
data="${XDG_DATA_HOME:-$HOME/.local/share}/ansvarsgruppe"

rm -rf "$lib"
[ -L "$bin/ansvarsgruppe" ] && rm -f "$bin/ansvarsgruppe"
rm -f "$share/applications/ansvarsgruppe.desktop"
rm -f "$share"/icons/hicolor/*/apps/ansvarsgruppe.png "$share/icons/hicolor/scalable/apps/ansvarsgruppe.svg"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
echo "The program has been removed."

if [ "$delete_data" = yes ]; then
  rm -rf "$data" "${XDG_CONFIG_HOME:-$HOME/.config}/Ansvarsgruppe"
  echo "Your data and settings have been deleted."
elif [ -d "$data" ]; then
  echo "Your data is kept in $data."
fi
