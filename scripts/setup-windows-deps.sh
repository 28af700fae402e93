#!/usr/bin/env bash
# Everything the Windows cross-build needs (docs/BUILDING.md, Windows):
#   1. Debian's mingw-w64 compiler and wine, installed with apt-get when
#      missing (root or sudo);
#   2. the libraries charla links, cross-built once from Debian's own source
#      packages into a prefix: GLFW, FreeType, simdjson, GoogleTest,
#      Dear ImGui 1.86 (GLFW, OpenGL3/OpenGL2 and FreeType parts, stdlib),
#      nettle (hashes only) and libqrencode. asio and stb are headers: the
#      prefix links Debian's;
#   3. a wine prefix, made once, for running the .exe files.
# Prints the prefix's path on its last line. A second run with the same
# script finds its stamp and returns at once.
#
#   CHARLA_CACHE      cache folder (default ~/.cache/charla)
#   CHARLA_WIN_DEPS   the prefix (default $CHARLA_CACHE/windows-deps)
#   JOBS              parallel build jobs (default: the number of cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${CHARLA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/charla}"
prefix="${CHARLA_WIN_DEPS:-$cache/windows-deps}"
work="$cache/windows-deps-build"
jobs="${JOBS:-$(nproc)}"
sources=(glfw3 freetype simdjson googletest imgui nettle qrencode)

# ---- 1. packages ------------------------------------------------------------
packages=(g++-mingw-w64-x86-64-posix mingw-w64-tools wine64 wine dpkg-dev cmake ninja-build
  pkg-config python3 python3-glad libasio-dev libstb-dev xvfb xauth zip unzip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "charla: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "charla: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# ---- 3. the wine prefix (before the libraries: it is needed either way) -----
wineprefix="${CHARLA_WINEPREFIX:-$cache/wineprefix}"
if [ ! -f "$wineprefix/.charla-ready" ]; then
  echo "charla: creating the wine prefix $wineprefix (once, about 10 s)" >&2
  mkdir -p "$wineprefix"
  WINEPREFIX="$wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree=;mshtml=" \
    /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1
  WINEPREFIX="$wineprefix" /usr/lib/wine/wineserver -w
  touch "$wineprefix/.charla-ready"
fi

# ---- 2. the libraries -------------------------------------------------------
# The stamp names what went into the prefix: this script, the toolchain
# file and the ImGui build file; a change to any of them rebuilds.
stamp_text="$(cat "$0" "$root/cmake/toolchain-mingw64.cmake" "$root/cmake/imgui-windows.cmake" | sha256sum | cut -c1-16)"
stamp="$prefix/.built-$stamp_text"
if [ -f "$stamp" ]; then
  echo "$prefix"
  exit 0
fi
started=$SECONDS
rm -rf "$prefix" "$work/build"
mkdir -p "$prefix/include" "$work/build" "$work/src"

# Debian's source packages through a private deb-src list: the system's apt
# configuration stays as it is, and no root is needed.
apt_dir="$work/apt"
mkdir -p "$apt_dir/etc" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && sed 's/^Types: deb$/Types: deb-src/' "$f"
done >"$apt_dir/etc/src.sources"
if [ -f /etc/apt/sources.list ]; then
  sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >"$apt_dir/etc/src.list"
fi
apt_opts=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt_dir/etc"
  -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache" -o APT::Sandbox::User="$(id -un)")
need_download=0
for s in "${sources[@]}"; do
  ls "$work/src/${s}_"*.dsc >/dev/null 2>&1 || need_download=1
done
if [ "$need_download" = 1 ]; then
  apt-get "${apt_opts[@]}" -qq update
  # One at a time: a mirror missing one file (it happened with qrencode's
  # Debian part) must not stop the others.
  for s in "${sources[@]}"; do
    (cd "$work/src" && apt-get "${apt_opts[@]}" -qq source --download-only "$s") ||
      echo "charla: not every file of the $s source package came; trying its upstream part alone" >&2
  done
fi
# Unpacked with Debian's patches applied (apt has checked the hashes); when
# only the upstream tarball came, that tarball as it is.
for s in "${sources[@]}"; do
  dsc="$(ls "$work/src/${s}_"*.dsc 2>/dev/null | sort -V | tail -1)"
  [ -n "$dsc" ] || { echo "charla: could not fetch the $s source package" >&2; exit 1; }
  rm -rf "$work/src/$s"
  if ! (cd "$work/src" && dpkg-source --no-check -x "$(basename "$dsc")" "$s" >/dev/null 2>&1); then
    orig="$(ls "$work/src/${s}_"*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | grep -v 'orig-' | head -1)"
    [ -n "$orig" ] || { echo "charla: the $s source package is incomplete" >&2; exit 1; }
    mkdir -p "$work/src/$s"
    tar -xf "$orig" -C "$work/src/$s" --strip-components=1
    echo "charla: $s unpacked from $(basename "$orig") without Debian's changes" >&2
  fi
done

toolchain="$root/cmake/toolchain-mingw64.cmake"
export CHARLA_WIN_DEPS="$prefix"
cmake_build() { # NAME SOURCE-DIR [CMAKE OPTIONS...]
  local name="$1" src="$2"
  shift 2
  local t=$SECONDS
  cmake -S "$src" -B "$work/build/$name" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_INSTALL_PREFIX="$prefix" "$@" >"$work/build/$name.log" 2>&1 &&
    cmake --build "$work/build/$name" -j "$jobs" >>"$work/build/$name.log" 2>&1 &&
    cmake --install "$work/build/$name" >>"$work/build/$name.log" 2>&1 ||
    { echo "charla: building $name for Windows failed; see $work/build/$name.log" >&2; tail -20 "$work/build/$name.log" >&2; exit 1; }
  echo "charla: $name for Windows built in $((SECONDS - t)) s" >&2
}

# Headers only, from Debian: links into the prefix, never /usr/include itself
# on a mingw include path (glibc's headers would win over mingw's).
ln -sfn /usr/include/asio "$prefix/include/asio"
ln -sfn /usr/include/asio.hpp "$prefix/include/asio.hpp"
ln -sfn /usr/include/stb "$prefix/include/stb"

cmake_build glfw "$work/src/glfw3" -DGLFW_BUILD_EXAMPLES=OFF -DGLFW_BUILD_TESTS=OFF -DGLFW_BUILD_DOCS=OFF
# No zlib, PNG, bzip2, HarfBuzz or Brotli: charla's colour emoji come from
# its own PNG sheet, not from the font.
cmake_build freetype "$work/src/freetype" -DFT_DISABLE_ZLIB=ON -DFT_DISABLE_BZIP2=ON -DFT_DISABLE_PNG=ON \
  -DFT_DISABLE_HARFBUZZ=ON -DFT_DISABLE_BROTLI=ON
cmake_build simdjson "$work/src/simdjson" -DSIMDJSON_DEVELOPER_MODE=OFF
cmake_build googletest "$work/src/googletest" -DBUILD_GMOCK=ON -DINSTALL_GTEST=ON -Dgtest_disable_pthreads=OFF
cp "$root/cmake/imgui-windows.cmake" "$work/src/imgui/CMakeLists.txt"
cmake_build imgui "$work/src/imgui"
cmake_build qrencode "$work/src/qrencode" -DWITH_TOOLS=OFF -DWITH_TESTS=OFF -DWITHOUT_PNG=ON

# nettle: autotools; only the hashes and base64 (no GMP, no public-key code).
t=$SECONDS
mkdir -p "$work/build/nettle"
(cd "$work/build/nettle" &&
  "$work/src/nettle/configure" --host=x86_64-w64-mingw32 --prefix="$prefix" --libdir="$prefix/lib" \
    --disable-shared --enable-static --disable-public-key --disable-documentation --disable-openssl \
    --disable-assembler >nettle.log 2>&1 &&
  make -j "$jobs" install-headers install-static install-pkgconfig >>nettle.log 2>&1) ||
  { echo "charla: building nettle for Windows failed; see $work/build/nettle/nettle.log" >&2; tail -20 "$work/build/nettle/nettle.log" >&2; exit 1; }
echo "charla: nettle for Windows built in $((SECONDS - t)) s" >&2


rm -f "$prefix"/.built-*
touch "$stamp"
echo "charla: Windows libraries built into $prefix in $((SECONDS - started)) s" >&2
echo "$prefix"
