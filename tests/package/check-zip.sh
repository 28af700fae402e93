#!/usr/bin/env bash
# Checks the Windows zip (scripts/package.sh makes it from build-windows/):
#   - it holds one folder with charla.exe, LEEME-README.txt, LICENSE.txt
#     and THIRD-PARTY.txt, nothing else;
#   - the texts have Windows line ends (CRLF) and the README speaks Spanish
#     and English about starting, the firewall and joining;
#   - charla.exe is stripped, imports only system DLLs, and says its
#     version under wine (scripts/wine-run.sh).
#
#   tests/package/check-zip.sh ZIP
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
zip="$1"
[ -f "$zip" ] || { echo "check-zip: no $zip" >&2; exit 2; }
check=check-zip
# shellcheck source=tests/package/checks.sh
. "$(dirname "$0")/checks.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

name="$(basename "$zip" .zip)"
version="$(sed -n 's/^project(charla VERSION \([0-9][0-9.]*\) .*/\1/p' "$root/CMakeLists.txt")"
listed="$(unzip -Z1 "$zip" | grep -v '/$' | sort)"
expected="$(printf '%s\n' "$name/LEEME-README.txt" "$name/LICENSE.txt" "$name/THIRD-PARTY.txt" "$name/charla.exe" | sort)"
if [ "$listed" = "$expected" ]; then pass "holds $name/ with charla.exe and its three texts"; else fail "holds: $listed"; fi
unzip -q "$zip" -d "$work"
dir="$work/$name"

for t in LEEME-README.txt LICENSE.txt THIRD-PARTY.txt; do
  lines="$(wc -l <"$dir/$t")"
  crlf="$(grep -c $'\r$' "$dir/$t" || true)"
  if [ "$lines" -gt 0 ] && [ "$lines" = "$crlf" ]; then pass "$t has CRLF line ends"; else fail "$t: $crlf of $lines lines end in CRLF"; fi
done
for phrase in "Haga doble clic en charla.exe" "Double-click charla.exe" "Permitir acceso" "Allow access" \
  "Redes privadas" "Private networks" "código QR" "QR code" "host --headless"; do
  if grep -qF "$phrase" "$dir/LEEME-README.txt"; then pass "README says \"$phrase\""; else fail "README lacks \"$phrase\""; fi
done

exe="$dir/charla.exe"
if x86_64-w64-mingw32-objdump -h "$exe" | grep -q '\.debug_'; then fail "charla.exe carries debug sections"; else pass "charla.exe is stripped ($(du -k "$exe" | cut -f1) KiB)"; fi
dlls="$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sort | tr '\n' ' ')"
unexpected=""
for d in $dlls; do
  case "$d" in
    kernel32.dll | user32.dll | gdi32.dll | shell32.dll | ole32.dll | opengl32.dll | ws2_32.dll | mswsock.dll | iphlpapi.dll | msvcrt.dll) ;;
    *) unexpected+="$d " ;;
  esac
done
if [ -z "$unexpected" ]; then pass "imports only system DLLs: $dlls"; else fail "imports $unexpected(no DLL is shipped beside it)"; fi
said="$("$root/scripts/wine-run.sh" "$exe" --version 2>/dev/null | tr -d '\r')"
if [ "$said" = "charla $version" ]; then pass "charla.exe --version says \"$said\" under wine"; else fail "charla.exe --version says \"$said\", not \"charla $version\""; fi

verdict "$zip"
