#!/usr/bin/env bash
# Cross-builds charla for 64-bit Windows into build-windows/ (or
# CHARLA_WINDOWS_BUILD_DIR): build-windows/charla.exe, one static program,
# and the test programs (run them with ctest there: they run under wine).
# Sets up what is missing first (scripts/setup-windows-deps.sh).
#   CHARLA_WINDOWS_TESTS=OFF   charla.exe only
#   CHARLA_WINDOWS_BUILD_TYPE  default: RelWithDebInfo with -O1 (the test
#                              suite's build; scripts/package.sh strips it)
# Extra arguments go to cmake. Compiles through ccache when it is installed
# (CMakeLists.txt, CHARLA_CCACHE).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${CHARLA_WINDOWS_BUILD_DIR:-$root/build-windows}"
cache="${CHARLA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/charla}"
prefix="$("$root/scripts/setup-windows-deps.sh" | tail -1)"
mkdir -p "$build"

# The colour emoji sheet is cut by a small tool that must run on this
# machine: built with the native compiler (the Windows FreeType has no PNG
# support to read Noto Color Emoji anyway).
sheet="$build/host/emoji.png"
font="$(fc-match -f '%{file}' 'Noto Color Emoji' 2>/dev/null || true)"
emoji_args=()
if [ -f "$font" ] && [ "$(basename "$font")" = NotoColorEmoji.ttf ]; then
  if [ ! -f "$sheet" ] || [ "$root/assets/emoji_sheet.cpp" -nt "$sheet" ] || [ "$root/ui/emoji_list.hpp" -nt "$sheet" ]; then
    mkdir -p "$build/host"
    # shellcheck disable=SC2046
    c++ -std=c++20 -O1 -I"$root" -I/usr/include/stb $(pkg-config --cflags freetype2) \
      "$root/assets/emoji_sheet.cpp" -o "$build/host/charla_emoji_sheet" $(pkg-config --libs freetype2)
    "$build/host/charla_emoji_sheet" "$font" "$sheet" 72
  fi
  emoji_args=(-DCHARLA_EMOJI_SHEET="$sheet")
fi

generator=()
[ -f "$build/CMakeCache.txt" ] || generator=(-G Ninja)
CHARLA_WIN_DEPS="$prefix" cmake -S "$root" -B "$build" "${generator[@]}" \
  -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-mingw64.cmake" -DCHARLA_WIN_DEPS="$prefix" \
  -DCMAKE_BUILD_TYPE="${CHARLA_WINDOWS_BUILD_TYPE:-RelWithDebInfo}" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g0 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g0 -DNDEBUG" \
  -DCHARLA_TESTS="${CHARLA_WINDOWS_TESTS:-ON}" "${emoji_args[@]}" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
# Beside the build folder's root, where scripts/package.sh looks for it.
cp "$build/app/charla.exe" "$build/charla.exe"
