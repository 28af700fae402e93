#!/usr/bin/env bash
# The Windows build's charla.exe under wine, for tests that start a host
# program (CHARLA_TEST_HOST in tests/support/host_process.hpp): the hostile
# and fault suites, built for Linux, attack a Windows host this way.
# CHARLA_WINDOWS_EXE overrides where charla.exe is.
root="$(cd "$(dirname "$0")/../.." && pwd)"
exec "$root/scripts/wine-run.sh" "${CHARLA_WINDOWS_EXE:-$root/build-windows/charla.exe}" "$@"
