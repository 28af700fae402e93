#!/usr/bin/env bash
# Makes the packages a teacher downloads, into dist/ (docs/BUILDING.md):
#   dist/charla_VERSION_amd64.deb           always
#   dist/charla-VERSION-windows-x64.zip     only when build-windows/charla.exe
#                                           exists (the Windows cross-build)
# VERSION is the project's version in CMakeLists.txt; the binary's own
# --version must say the same.
#
#   scripts/package.sh                 builds charla (Release) into
#                                      build-release/ and packages it
#   scripts/package.sh --from DIR      packages the charla already built in
#                                      DIR (any build type; it is stripped)
#   scripts/package.sh --out DIR       writes the packages into DIR
#
# Needs dpkg-dev (dpkg-shlibdeps computes Depends) and, for the zip, zip.
# CHARLA_MAINTAINER overrides the package's Maintainer field.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
from=""
out="$root/dist"
windows="${CHARLA_WINDOWS_BUILD_DIR:-$root/build-windows}"
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="$(cd "$2" && pwd)"; shift 2 ;;
    --out) mkdir -p "$2"; out="$(cd "$2" && pwd)"; shift 2 ;;
    *) echo "charla: package.sh: unknown argument \"$1\" (use --from DIR, --out DIR)" >&2; exit 2 ;;
  esac
done

version="$(sed -n 's/^project(charla VERSION \([0-9][0-9.]*\) .*/\1/p' "$root/CMakeLists.txt")"
[ -n "$version" ] || { echo "charla: no version found in CMakeLists.txt" >&2; exit 1; }
changelog_version="$(sed -n '1s/^charla (\([^)]*\)).*/\1/p' "$root/packaging/linux/changelog")"
if [ "$changelog_version" != "$version" ]; then
  echo "charla: packaging/linux/changelog starts at $changelog_version, the project is $version: add an entry" >&2
  exit 1
fi
# Dates inside the packages come from the last commit: the same tree gives
# the same files.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}"

if [ -z "$from" ]; then
  from="$root/build-release"
  # Debian's hardening linker flags (the compiler's own are already on).
  cmake -S "$root" -B "$from" -DCMAKE_BUILD_TYPE=Release -DCHARLA_TESTS=OFF \
    -DCMAKE_EXE_LINKER_FLAGS="-Wl,-z,relro -Wl,-z,now" >/dev/null
  cmake --build "$from" --target charla -j "$(nproc)"
fi
[ -x "$from/app/charla" ] || { echo "charla: $from/app/charla is not built" >&2; exit 1; }
said="$("$from/app/charla" --version)"
if [ "$said" != "charla $version" ]; then
  echo "charla: $from/app/charla says \"$said\", the project is $version: rebuild it" >&2
  exit 1
fi

mkdir -p "$out"
work="$(mktemp -d "$out/.package.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# ---- the .deb -------------------------------------------------------------
stage="$work/deb"
DESTDIR="$stage" cmake --install "$from" --prefix /usr --strip >/dev/null
# The install rules put the binary, the desktop entry and the icons; the
# rest of a Debian package is added here.
doc="$stage/usr/share/doc/charla"
install -d "$doc" "$stage/usr/share/man/man1"
install -m 644 "$root/packaging/linux/copyright" "$doc/copyright"
install -D -m 644 "$root/packaging/linux/lintian-overrides" "$stage/usr/share/lintian/overrides/charla"
gzip -9n <"$root/packaging/linux/changelog" >"$doc/changelog.gz"
gzip -9n <"$root/docs/PROTOCOL.md" >"$doc/PROTOCOL.md.gz"
date="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)"
python3 "$root/packaging/linux/make-manpage.py" "$from/app/charla" "$work/charla.1" --date "$date"
gzip -9n <"$work/charla.1" >"$stage/usr/share/man/man1/charla.1.gz"
strip --remove-section=.comment --remove-section=.note "$stage/usr/bin/charla"
find "$stage" -type d -exec chmod 755 {} +
find "$stage" -type f -exec chmod 644 {} +
chmod 755 "$stage/usr/bin/charla"

# Depends: the shared libraries the binary really uses, as dpkg knows them.
mkdir -p "$work/shlibs/debian"
printf 'Source: charla\n\nPackage: charla\nArchitecture: amd64\n' >"$work/shlibs/debian/control"
depends="$(cd "$work/shlibs" && dpkg-shlibdeps -O -e"$stage/usr/bin/charla" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
[ -n "$depends" ] || { echo "charla: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

install -d "$stage/DEBIAN"
(cd "$stage" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$stage/DEBIAN/md5sums"
chmod 644 "$stage/DEBIAN/md5sums"
size="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
sed -e "s/@VERSION@/$version/" \
  -e "s/@MAINTAINER@/${CHARLA_MAINTAINER:-charla maintainers <charla@example.org>}/" \
  -e "s/@INSTALLED_SIZE@/$size/" \
  -e "s/@DEPENDS@/$depends/" \
  "$root/packaging/linux/control.in" >"$stage/DEBIAN/control"
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
deb="$out/charla_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "charla: $deb ($(du -k "$deb" | cut -f1) KiB; Depends: $depends)"

# ---- the Windows zip, once the Windows build exists -------------------------
if [ -f "$windows/charla.exe" ]; then
  command -v zip >/dev/null || { echo "charla: zip is needed for the Windows package (apt-get install zip)" >&2; exit 1; }
  name="charla-$version-windows-x64"
  z="$work/$name"
  mkdir -p "$z"
  # Stripped: the test build keeps symbols (7.1 MB instead of 10.6 MB).
  command -v x86_64-w64-mingw32-strip >/dev/null || { echo "charla: x86_64-w64-mingw32-strip is needed (scripts/setup-windows-deps.sh)" >&2; exit 1; }
  x86_64-w64-mingw32-strip -o "$z/charla.exe" "$windows/charla.exe"
  # Notepad and every Windows editor read CRLF text.
  # The notices: what only the Windows build carries, then the Debian
  # package's copyright (the parts both carry), then the Apache licence.
  {
    cat "$root/packaging/windows/THIRD-PARTY.txt"
    echo
    sed -n '/^Files: imgui/,$p' "$root/packaging/linux/copyright"
    echo
    cat /usr/share/common-licenses/Apache-2.0
  } | sed 's/$/\r/' >"$z/THIRD-PARTY.txt"
  sed 's/$/\r/' "$root/packaging/windows/LEEME-README.txt" >"$z/LEEME-README.txt"
  sed 's/$/\r/' "$root/LICENSE" >"$z/LICENSE.txt"
  find "$z" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  rm -f "$out/$name.zip"
  (cd "$work" && TZ=UTC zip -X -q -r "$out/$name.zip" "$name")
  echo "charla: $out/$name.zip ($(du -k "$out/$name.zip" | cut -f1) KiB)"
else
  echo "charla: no $windows/charla.exe yet: no Windows package (see docs/BUILDING.md, Windows)"
fi
