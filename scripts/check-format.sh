#!/usr/bin/env bash
# Checks that every C++ file of the project follows .clang-format (the
# formatter is Debian's clang-format-14, installed by setup-deps.sh).
#   scripts/check-format.sh        lists the files that differ, fails if any
#   scripts/check-format.sh --fix  rewrites them in place
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
formatter="$(command -v clang-format-14 || true)"
if [ -z "$formatter" ]; then
  echo "charla: clang-format-14 is missing; run scripts/setup-deps.sh" >&2
  exit 1
fi
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' ':!:third_party/**')
if [ "${1:-}" = "--fix" ]; then
  "$formatter" -i "${files[@]}"
  exit 0
fi
unformatted=()
for f in "${files[@]}"; do
  if ! "$formatter" --dry-run --Werror "$f" >/dev/null 2>&1; then
    unformatted+=("$f")
  fi
done
if [ ${#unformatted[@]} -gt 0 ]; then
  echo "charla: ${#unformatted[@]} file(s) do not follow .clang-format:" >&2
  printf '  %s\n' "${unformatted[@]}" >&2
  echo "charla: run scripts/check-format.sh --fix and commit the result" >&2
  exit 1
fi
echo "charla: ${#files[@]} C++ files follow .clang-format"
