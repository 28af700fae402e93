# Sourced by the package checks (check-deb.sh, check-zip.sh): one line per
# check under the name in $check, and at the end one verdict for the file.
failures=0
fail() {
  echo "$check: FAIL: $*" >&2
  failures=$((failures + 1))
}
pass() { echo "$check: ok: $*"; }
# verdict FILE: exits 1 when a check failed, else says FILE passed and its size.
verdict() {
  if [ "$failures" -gt 0 ]; then
    echo "$check: $failures check(s) FAILED for $1" >&2
    exit 1
  fi
  echo "$check: $1 passed ($(du -k "$1" | cut -f1) KiB)"
}
