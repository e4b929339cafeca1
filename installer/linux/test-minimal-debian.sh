#!/usr/bin/env bash
# Prove that the Linux tarball runs on a desktop with only the common base libraries: unpack it in
# a minimal Debian 12 root (debootstrap --variant=minbase, plus libc, X11, xcb, GL/EGL, fontconfig,
# freetype, xkbcommon, glib and dbus, nothing else) and run its --self-test there on Qt's xcb
# platform, with the display from an Xvfb outside the root. Needs root (chroot, mounts).
#   bash installer/linux/test-minimal-debian.sh [dist/ansvarsgruppe-<version>-linux-x86_64.tar.gz]
# The root is made once and kept in ${ANSVARSGRUPPE_BUILD_CACHE:-~/.cache/ansvarsgruppe-build}.
set -euo pipefail
cd "$(dirname "$0")/../.."
tarball="${1:-$(ls -t dist/ansvarsgruppe-*-linux-*.tar.gz 2>/dev/null | head -n 1)}"
if [ -z "$tarball" ] || [ ! -f "$tarball" ]; then
  echo "No tarball: run bash installer/build.sh --package first." >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "This test needs root (debootstrap, chroot and bind mounts)." >&2
  exit 1
fi
cache="${ANSVARSGRUPPE_BUILD_CACHE:-$HOME/.cache/ansvarsgruppe-build}"
# What "a desktop" is assumed to have; everything else the program needs must be in the tarball.
base_packages="libx11-6,libx11-xcb1,libxcb1,libgl1,libegl1,libfontconfig1,libfreetype6,fonts-dejavu-core,libxkbcommon0,libglib2.0-0,libdbus-1-3"
root="$cache/minimal-debian-bookworm"
stamp="$root/.ansvarsgruppe-base-$(echo "$base_packages" | sha256sum | cut -c1-12)"
for tool in debootstrap Xvfb; do
  if ! command -v "$tool" >/dev/null; then
    echo "Installing $tool for this test …"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap xvfb >/dev/null
  fi
done
if [ ! -f "$stamp" ]; then
  echo "Making the minimal Debian root $root (once; about 2 minutes) …"
  rm -rf "$root" "$root.partial"
  mkdir -p "$cache"
  debootstrap --variant=minbase --include="$base_packages" bookworm "$root.partial" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 \
    || { tail -n 20 "$cache/debootstrap.log" >&2; exit 1; }
  mv "$root.partial" "$root"
  touch "$stamp"
fi

work="$root/opt/selftest"
display_number=""
xvfb_pid=""
cleanup() {
  for mount in "$root/tmp/.X11-unix" "$root/dev" "$root/proc"; do
    mountpoint -q "$mount" && umount -l "$mount"
  done
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for n in $(seq 140 190); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display_number=$n; break; fi
done
Xvfb ":$display_number" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display_number" ] && break; sleep 0.1; done

rm -rf "$work"
mkdir -p "$work" "$root/tmp/.X11-unix"
tar -C "$work" -xzf "$tarball"
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
program="$(cd "$work" && ls -d ansvarsgruppe-*/ansvarsgruppe/ansvarsgruppe)"
echo "Self-test of $tarball in $root on xcb (DISPLAY=:$display_number) …"
status=0
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY=":$display_number" \
  QT_QPA_PLATFORM=xcb ANSVARSGRUPPE_SELF_TEST_TRACEBACK=1 ANSVARSGRUPPE_SELF_TEST_TIMINGS=1 \
  "/opt/selftest/$program" --lang en --self-test || status=$?
if [ "$status" != 0 ]; then
  echo "FAILED: the tarball's self-test on xcb in a minimal Debian exited $status; what the program lacks there:" >&2
  chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin sh -c \
    "for f in /opt/selftest/$(dirname "$program")/_internal/PySide6/Qt/plugins/platforms/*.so; do ldd \$f 2>/dev/null | grep 'not found'; done" \
    | sort -u >&2 || true
  exit 1
fi
echo "OK: the tarball runs on xcb with only the base libraries"

# As a coordinator would: install.sh for the user (it runs the self-test), the installed command on
# xcb, then uninstall.sh, which must keep the data unless --delete-my-data is given.
stage="/opt/selftest/$(dirname "$(dirname "$program")")"
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/home/coordinator PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY=":$display_number" "$@"
}
rm -rf "$root/home/coordinator"
mkdir -p "$root/home/coordinator/.local/share/ansvarsgruppe"
echo kept > "$root/home/coordinator/.local/share/ansvarsgruppe/kept-by-uninstall.txt"
in_root bash "$stage/install.sh"
in_root QT_QPA_PLATFORM=xcb /home/coordinator/.local/bin/ansvarsgruppe --lang nb --self-test
[ -f "$root/home/coordinator/.local/share/applications/ansvarsgruppe.desktop" ] || { echo "FAILED: no menu entry" >&2; exit 1; }
in_root bash "$stage/uninstall.sh"
for gone in .local/lib/ansvarsgruppe .local/bin/ansvarsgruppe .local/share/applications/ansvarsgruppe.desktop; do
  if [ -e "$root/home/coordinator/$gone" ]; then echo "FAILED: uninstall.sh left ~/$gone" >&2; exit 1; fi
done
[ -f "$root/home/coordinator/.local/share/ansvarsgruppe/kept-by-uninstall.txt" ] || { echo "FAILED: uninstall.sh deleted the data" >&2; exit 1; }
in_root bash "$stage/install.sh" >/dev/null
in_root bash "$stage/uninstall.sh" --delete-my-data >/dev/null
[ ! -e "$root/home/coordinator/.local/share/ansvarsgruppe" ] || { echo "FAILED: --delete-my-data kept the data" >&2; exit 1; }
rm -rf "$root/home/coordinator"
echo "OK: install.sh, the installed command on xcb, uninstall.sh (data kept; deleted with --delete-my-data)"
