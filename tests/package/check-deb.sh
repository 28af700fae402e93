#!/usr/bin/env bash
# Checks a charla .deb without installing it (scripts/test.sh runs it on the
# package made from the plain build):
#   - lintian reports no error (its other tags are printed);
#   - the files a menu and a terminal need are there: binary, desktop entry
#     (desktop-file-validate), the icon in every size the entry can ask for,
#     man page, copyright, changelog;
#   - the manual page formats without a groff warning and names every option
#     of charla --help, charla host --help and charla join --help;
#   - Depends names the libraries the window needs;
#   - unpacked with dpkg -x into a temporary root, the binary says its
#     version, hosts a room on loopback with --headless, and a headless
#     participant run from the same root joins it and gets its message back.
#
#   tests/package/check-deb.sh DEB
set -euo pipefail
deb="$1"
[ -f "$deb" ] || { echo "check-deb: no $deb" >&2; exit 2; }
check=check-deb
# shellcheck source=tests/package/checks.sh
. "$(dirname "$0")/checks.sh"

work="$(mktemp -d)"
host_pid=""
cleanup() {
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

version="$(dpkg-deb -f "$deb" Version)"
depends="$(dpkg-deb -f "$deb" Depends)"

# ---- lintian ------------------------------------------------------------------
if lintian --fail-on error --display-info "$deb" >"$work/lintian.txt" 2>"$work/lintian.err"; then
  pass "lintian: no error ($(grep -c '^W:' "$work/lintian.txt" || true) warnings, $(grep -c '^I:' "$work/lintian.txt" || true) notes)"
else
  fail "lintian reports errors"
fi
sed 's/^/  lintian: /' "$work/lintian.txt"

# ---- files --------------------------------------------------------------------
r="$work/root"
dpkg -x "$deb" "$r"
for f in usr/bin/charla usr/share/applications/charla.desktop usr/share/man/man1/charla.1.gz \
  usr/share/doc/charla/copyright usr/share/doc/charla/changelog.gz usr/share/icons/hicolor/scalable/apps/charla.svg; do
  [ -f "$r/$f" ] || fail "$f is missing"
done
for size in 32 48 64 128 256; do
  png="$r/usr/share/icons/hicolor/${size}x${size}/apps/charla.png"
  if [ -f "$png" ]; then
    file "$png" | grep -q "PNG image data, $size x $size" || fail "$png is not a $size x $size PNG"
  else
    fail "no ${size}x${size} icon"
  fi
done
desktop="$r/usr/share/applications/charla.desktop"
if desktop-file-validate "$desktop" >"$work/desktop.txt" 2>&1; then
  pass "desktop-file-validate: valid"
else
  fail "desktop-file-validate: $(cat "$work/desktop.txt")"
fi
grep -qx 'Exec=charla' "$desktop" || fail "the desktop entry does not start charla"
grep -qx 'Icon=charla' "$desktop" || fail "the desktop entry does not name the charla icon"
grep -q '^Categories=.*Education;' "$desktop" || fail "the desktop entry is not under Education"
for lib in libglfw3 libfreetype6; do
  [[ "$depends" == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done

# ---- the binary, from the unpacked root -----------------------------------------
charla="$r/usr/bin/charla"
said="$("$charla" --version)"
if [ "$said" = "charla $version" ]; then pass "charla --version says \"$said\""; else fail "charla --version says \"$said\", the package is $version"; fi

# ---- manual page --------------------------------------------------------------
zcat "$r/usr/share/man/man1/charla.1.gz" >"$work/charla.1"
groff -man -Tutf8 -ww -z "$work/charla.1" 2>"$work/groff.txt" || true
if [ -s "$work/groff.txt" ]; then fail "groff: $(cat "$work/groff.txt")"; else pass "the manual page formats without warnings"; fi
options=0
for args in "--help" "host --help" "join --help"; do
  # shellcheck disable=SC2086 # the words are the arguments
  for opt in $("$charla" $args | grep -oE '(^|[ \[])--[a-z][a-z-]*' | tr -d ' [' | sort -u); do
    options=$((options + 1))
    grep -qF -- "${opt//-/\\-}" "$work/charla.1" || fail "charla $args lists $opt, the manual page does not"
  done
done
pass "the manual page names all $options options of the help"

# ---- a room on loopback ---------------------------------------------------------
"$charla" host --headless --port 0 --bind 127.0.0.1 --room check-deb >"$work/host.log" 2>&1 &
host_pid=$!
port=""
for _ in $(seq 1 100); do # up to 10 s for the first line
  port="$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$work/host.log")"
  [ -n "$port" ] && break
  kill -0 "$host_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  fail "charla host --headless did not listen: $(cat "$work/host.log")"
else
  if echo "hola desde el paquete" | timeout 20 "$charla" join "127.0.0.1:$port" --name Ana --headless >"$work/join.log" 2>&1 &&
    grep -q '^\[[0-9:]*\] Ana: hola desde el paquete$' "$work/join.log"; then
    pass "a headless participant joined the headless host on 127.0.0.1:$port and got its message back"
  else
    fail "the participant did not get its message back: $(cat "$work/join.log")"
  fi
  kill -TERM "$host_pid"
  for _ in $(seq 1 100); do # up to 10 s to close
    kill -0 "$host_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$host_pid" 2>/dev/null && kill -KILL "$host_pid"
  code=0
  wait "$host_pid" || code=$?
  host_pid=""
  if [ "$code" -eq 0 ] && grep -q 'message #1 from Ana' "$work/host.log"; then
    pass "the host logged the message and exited 0 on SIGTERM"
  else
    fail "host exit $code, log: $(cat "$work/host.log")"
  fi
fi

verdict "$deb"
