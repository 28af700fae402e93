// Default options of the sanitizer runtimes, linked into every target of a
// sanitizer build (cmake/sanitizers.cmake), so that ctest, the python tests
// (which start the charla executable) and anyone running a binary by hand
// get the same behaviour: every finding ends the process with a failure and
// a stack, none is printed and forgotten. ASAN_OPTIONS, UBSAN_OPTIONS,
// TSAN_OPTIONS and LSAN_OPTIONS in the environment still override them.

extern "C" {

// ASan stops at its first finding anyway; LeakSanitizer runs at exit and
// fails the process when memory was lost.
const char* __asan_default_options() {
  return "detect_leaks=1:strict_string_checks=1:check_initialization_order=1:"
         "detect_invalid_pointer_pairs=0:print_summary=1";
}

// -fno-sanitize-recover=all already makes each UBSan check fatal; the stack
// says where.
const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1";
}

// A data race or lock-order inversion ends the process at once (TSan's
// default is to report, go on and fail only at exit, which a killed child
// process never reaches).
const char* __tsan_default_options() {
  return "halt_on_error=1:second_deadlock_stack=1:report_signal_unsafe=1:suppressions='" CHARLA_TSAN_SUPPRESSIONS "'";
}

}  // extern "C"
