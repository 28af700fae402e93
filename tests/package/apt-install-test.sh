#!/usr/bin/env bash
# Installs a charla .deb the way a teacher does, `apt install ./charla_*.deb`,
# on a fresh, minimal Debian 12 made for the test with mmdebstrap (nothing
# of this machine's own packages is in it), and checks that it works there:
#   - apt resolves every dependency from Debian alone;
#   - `charla` is on the PATH and says its version;
#   - `charla host --headless` starts and a real participant (`charla join
#     --headless`, the installed binary) joins it on loopback and gets its
#     message back;
#   - the desktop entry is where menus look for it and desktop-file-validate
#     accepts it, with its icons;
#   - the window draws: with xvfb added after charla (so it brings nothing
#     charla itself needs first), `charla --screenshot` writes a PNG, kept
#     as OUT/fresh-debian-window.png to be looked at.
# Not part of scripts/test.sh: it downloads a minimal Debian system
# and takes a few minutes. Needs root (chroot); installs mmdebstrap if it
# is missing.
#
#   tests/package/apt-install-test.sh [DEB] [OUT]
#   (defaults: dist/charla_*_amd64.deb, dist/)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
deb="${1:-$(ls "$root"/dist/charla_*_amd64.deb 2>/dev/null | tail -1)}"
out="${2:-$root/dist}"
[ -n "$deb" ] && [ -f "$deb" ] || { echo "apt-install-test: no .deb (run scripts/package.sh first)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "apt-install-test: run as root (it uses chroot)" >&2; exit 2; }
if ! command -v mmdebstrap >/dev/null; then
  echo "apt-install-test: installing mmdebstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap
fi
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat >"$work/inside.sh" <<'EOF'
set -eu
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
deb="$1"
fail() { echo "inside: FAIL: $*" >&2; exit 1; }
echo "inside: $(cat /etc/debian_version), $(dpkg-query -W -f='${binary:Package}\n' | wc -l) packages before"
apt-get update -qq
start=$(date +%s)
apt install -y -q "$deb" >/tmp/apt.log 2>&1 || { cat /tmp/apt.log; fail "apt install"; }
echo "inside: apt install ./$(basename "$deb") took $(( $(date +%s) - start )) s," \
  "$(grep -c '^Setting up' /tmp/apt.log) packages set up"
dpkg-query -W -f='${Status}\n' charla | grep -q 'install ok installed' || fail "charla is not installed"
echo "inside: charla is $(command -v charla)"
[ "$(command -v charla)" = /usr/bin/charla ] || fail "charla is not on the PATH"
echo "inside: $(charla --version)"

charla host --headless --port 0 --bind 127.0.0.1 --room apt >/tmp/host.log 2>&1 &
pid=$!
port=""
i=0
while [ $i -lt 100 ] && [ -z "$port" ]; do
  port="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' /tmp/host.log)"
  [ -n "$port" ] || sleep 0.1
  i=$((i + 1))
done
[ -n "$port" ] || { cat /tmp/host.log; fail "the host did not listen"; }
echo "hola" | timeout 20 charla join "127.0.0.1:$port" --name Ana --headless >/tmp/join.log 2>&1 || true
cat /tmp/join.log | sed 's/^/inside: join: /'
grep -q '^\[[0-9:]*\] Ana: hola$' /tmp/join.log || fail "the participant did not get its message back"
kill -TERM $pid
i=0
while [ $i -lt 100 ] && kill -0 $pid 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
wait $pid || fail "the host did not exit 0"
sed 's/^/inside: host: /' /tmp/host.log

apt-get install -y -q --no-install-recommends xvfb xauth >/tmp/apt-xvfb.log 2>&1 || { cat /tmp/apt-xvfb.log; fail "xvfb"; }
timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" charla --screenshot /tmp/window.png >/tmp/window.log 2>&1 ||
  { cat /tmp/window.log; fail "the window did not start"; }
[ -s /tmp/window.png ] || fail "no screenshot"
echo "inside: the window drew /tmp/window.png ($(wc -c </tmp/window.png) bytes)"
EOF

sources=()
[ -f /etc/apt/sources.list.d/debian.sources ] && sources=(/etc/apt/sources.list.d/debian.sources)
start=$SECONDS
mmdebstrap --variant=apt --quiet \
  --customize-hook="copy-in '$deb' /tmp" \
  --customize-hook="copy-in '$work/inside.sh' /tmp" \
  --customize-hook="chroot \"\$1\" sh /tmp/inside.sh /tmp/$(basename "$deb")" \
  --customize-hook="cp \"\$1/usr/share/applications/charla.desktop\" '$work/'" \
  --customize-hook="cp -r \"\$1/usr/share/icons\" '$work/'" \
  --customize-hook="cp \"\$1/tmp/window.png\" '$out/fresh-debian-window.png'" \
  bookworm "$work/root" "${sources[@]}"
echo "apt-install-test: fresh Debian 12, install and checks took $((SECONDS - start)) s"

desktop-file-validate "$work/charla.desktop"
echo "apt-install-test: ok: /usr/share/applications/charla.desktop is valid"
ls "$work"/icons/hicolor/*/apps/charla.* | sed "s|$work/|apt-install-test: ok: /usr/share/|"
echo "apt-install-test: passed; the window as drawn there: $out/fresh-debian-window.png"
