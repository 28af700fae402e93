#!/bin/sh
# Runs a Windows program under wine64 (CMAKE_CROSSCOMPILING_EMULATOR of
# cmake/toolchain-mingw64.cmake, so ctest runs the .exe tests with it), in
# charla's own wine prefix, never ~/.wine. scripts/setup-windows-deps.sh
# makes the prefix once; wine's own messages are off.
: "${WINEPREFIX:=${CHARLA_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/charla/wineprefix}}"
export WINEPREFIX
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree=;mshtml=}"
exec /usr/lib/wine/wine64 "$@"
