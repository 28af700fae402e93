#!/bin/sh
# Runs a Windows program under wine64 (CMAKE_CROSSCOMPILING_EMULATOR of
# cmake/toolchain-mingw64.cmake, so ctest runs the .exe tests with it), in
# charla's own wine prefix, never ~/.wine. scripts/setup-windows-deps.sh
# makes the prefix once; wine's own messages are off.
: "${WINEPREFIX:=${CHARLA_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/charla/wineprefix}}"
export WINEPREFIX
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree=;mshtml=}"
# The wine server, started here (if none runs) with no standard streams:
# one started by the program below would inherit its output and keep it
# open after the program ends, and whoever reads it (ctest) would wait.
# It stays up 30 s after its last program, so a run of tests starts warm.
# flock: tests started side by side do not race to start two (-o: the
# server, which stays, must not keep holding the lock).
mkdir -p "$WINEPREFIX"
flock -o "$WINEPREFIX/.charla-wineserver.lock" /usr/lib/wine/wineserver -p30 </dev/null >/dev/null 2>&1 || true
exec /usr/lib/wine/wine64 "$@"
