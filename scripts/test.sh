#!/usr/bin/env bash
# Installs what is missing, checks the formatting (scripts/check-format.sh),
# then builds and runs the whole test suite in four
# configurations (docs/HARDENING.md):
#   build/       plain (the system compiler, -O2): every test
#   build-asan/  clang, AddressSanitizer + UndefinedBehaviorSanitizer (and
#                LeakSanitizer): every test
#   build-tsan/  clang, ThreadSanitizer: every test
#   build-fuzz/  clang, libFuzzer: each fuzz target for 20 s (scripts/fuzz.sh)
# The plain and ASan runs include the browser test (tests/web/: Debian's
# Chromium and playwright-core, which scripts/setup-web-test.sh installs),
# and a fifth step, package: the .deb made from the plain build's charla
# (scripts/package.sh --from build/, into build/dist/), checked by lintian
# and run from an unpacked root (tests/package/check-deb.sh).
# A sixth, windows: the Windows cross-build (scripts/build-windows.sh into
# build-windows/, its libraries cached in ~/.cache/charla), its tests run
# under wine by ctest, including charla.exe with the Linux charla in one
# room both ways and its window under Xvfb, then the Windows zip made and
# checked (tests/package/check-zip.sh).
# CHARLA_TEST_CONFIGS picks some of them (default "plain package windows asan tsan fuzz");
# CHARLA_FUZZ_SECONDS sets the length of each fuzz run (default 20).
# Every configuration runs even when one fails; the script fails if any did.
# At the end it prints the figures of docs/HARDENING.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${CHARLA_BUILD_DIR:-$root/build}"
configs="${CHARLA_TEST_CONFIGS:-plain package windows asan tsan fuzz}"
jobs="$(nproc)"

"$root/scripts/setup-deps.sh"
"$root/scripts/setup-web-test.sh"

failed=()
# One formatting: an unformatted file fails the run (it still builds and tests).
"$root/scripts/check-format.sh" || failed+=("format")

started=$SECONDS
step_start=$SECONDS

elapsed() {
  local s=$((SECONDS - step_start))
  printf '%dm%02ds' $((s / 60)) $((s % 60))
}

# run_ctest NAME DIR: the tests of one build folder; figures go to DIR/figures.txt.
run_ctest() {
  rm -f "$2/figures.txt"
  step_start=$SECONDS
  if (cd "$2" && ctest --output-on-failure -j "$jobs" --timeout 300); then
    echo "charla: $1 tests passed in $(elapsed)"
  else
    echo "charla: $1 tests FAILED" >&2
    failed+=("$1")
  fi
}

# build_sanitized NAME DIR VALUE: a clang build with -DCHARLA_SANITIZE=VALUE.
build_sanitized() {
  step_start=$SECONDS
  CC=clang CXX=clang++ cmake -S "$root" -B "$2" -DCHARLA_SANITIZE="$3" >/dev/null &&
    cmake --build "$2" -j "$jobs" &&
    echo "charla: $1 build done in $(elapsed)"
}

for config in $configs; do
  case "$config" in
    plain)
      step_start=$SECONDS
      if CHARLA_BUILD_DIR="$build" "$root/scripts/build.sh"; then
        echo "charla: plain build done in $(elapsed)"
        run_ctest plain "$build"
      else
        failed+=("plain build")
      fi
      ;;
    package)
      step_start=$SECONDS
      # Only the charla target: a no-op after the plain build.
      if { [ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" >/dev/null; } &&
        cmake --build "$build" --target charla -j "$jobs" >/dev/null &&
        rm -rf "$build/dist" &&
        "$root/scripts/package.sh" --from "$build" --out "$build/dist" &&
        "$root/tests/package/check-deb.sh" "$build/dist/charla_"*_amd64.deb; then
        echo "charla: package made and checked in $(elapsed)"
      else
        failed+=("package")
      fi
      ;;
    windows)
      win="$root/build-windows"
      step_start=$SECONDS
      # The Linux charla joins the cross-build interop test (a no-op after
      # the plain build) and makes the .deb beside the zip.
      if { [ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" >/dev/null; } &&
        cmake --build "$build" --target charla -j "$jobs" >/dev/null &&
        "$root/scripts/setup-windows-deps.sh" >/dev/null; then
        echo "charla: windows dependencies ready in $(elapsed)"
        step_start=$SECONDS
        if CHARLA_WINDOWS_BUILD_DIR="$win" "$root/scripts/build-windows.sh" -DCHARLA_LINUX_BIN="$build/app/charla" >/dev/null; then
          echo "charla: windows build done in $(elapsed)"
          # One X display for the window test; the rest need none.
          step_start=$SECONDS
          if (cd "$win" && xvfb-run -a -s "-screen 0 1280x800x24" ctest --output-on-failure -j "$jobs" --timeout 300 >"$win/ctest.log" 2>&1); then
            echo "charla: windows tests passed under wine in $(elapsed) ($(grep -E 'tests passed' "$win/ctest.log" | tail -1))"
          else
            tail -60 "$win/ctest.log" >&2
            echo "charla: windows tests FAILED under wine (build-windows/ctest.log)" >&2
            failed+=("windows")
          fi
          step_start=$SECONDS
          if rm -rf "$win/dist" && CHARLA_WINDOWS_BUILD_DIR="$win" "$root/scripts/package.sh" --from "$build" --out "$win/dist" >/dev/null &&
            "$root/tests/package/check-zip.sh" "$win/dist/charla-"*-windows-x64.zip; then
            echo "charla: windows zip made and checked in $(elapsed)"
          else
            failed+=("windows zip")
          fi
        else
          failed+=("windows build")
        fi
      else
        failed+=("windows setup")
      fi
      ;;
    asan | tsan)
      dir="$root/build-$config"
      value=address
      [ "$config" = tsan ] && value=thread
      if build_sanitized "$config" "$dir" "$value"; then
        run_ctest "$config" "$dir"
      else
        failed+=("$config build")
      fi
      ;;
    fuzz)
      step_start=$SECONDS
      rm -f "$root/build-fuzz/figures.txt"
      if CHARLA_FIGURES="$root/build-fuzz/figures.txt" "$root/scripts/fuzz.sh" "${CHARLA_FUZZ_SECONDS:-20}"; then
        echo "charla: fuzz build and runs done in $(elapsed)"
      else
        failed+=("fuzz")
      fi
      ;;
    *)
      echo "charla: unknown configuration \"$config\"; use plain, package, windows, asan, tsan or fuzz" >&2
      exit 2
      ;;
  esac
done

# The figures docs/HARDENING.md reports, from the plain build and the fuzz runs.
if [ -f "$build/figures.txt" ]; then
  echo "charla: figures (plain build):"
  awk '$1 ~ /peak_rss_kib$/ { if ($2 > max) { max = $2; at = $1 } }
       END { if (max) printf "  biggest host RSS in the hostile tests: %d KiB (%s)\n", max, at }' "$build/figures.txt"
  grep -E '^(fault\.|hostile\.crowd\.participants|hostile\.flood\.accepted)' "$build/figures.txt" | sort | sed 's/^/  /'
fi
if [ -f "$root/build-fuzz/figures.txt" ]; then
  echo "charla: figures (fuzzing):"
  sed 's/^/  /' "$root/build-fuzz/figures.txt"
fi

total=$((SECONDS - started))
if [ ${#failed[@]} -gt 0 ]; then
  echo "charla: FAILED: ${failed[*]} (after $((total / 60))m$((total % 60))s)" >&2
  exit 1
fi
echo "charla: every configuration passed in $((total / 60))m$((total % 60))s"
