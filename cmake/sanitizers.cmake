# Sanitizer builds, selected by one option and applied to every target
# (docs/HARDENING.md). Included from the top-level CMakeLists.txt right after
# project(), before any target exists, so that the flags below reach all of
# them.
#
#   -DCHARLA_SANITIZE=          none (the default)
#   -DCHARLA_SANITIZE=address   AddressSanitizer + UndefinedBehaviorSanitizer
#                               (LeakSanitizer included)
#   -DCHARLA_SANITIZE=thread    ThreadSanitizer
#   -DCHARLA_SANITIZE=fuzzer    libFuzzer coverage + ASan + UBSan (clang only);
#                               builds the tests/fuzz targets as fuzzers.
#                               scripts/fuzz.sh configures this build.
#
# Each value needs its own build folder (build-asan, build-tsan, build-fuzz):
# sanitized and plain objects do not mix. clang is recommended for all three
# (scripts/test.sh uses it): it builds them about twice as fast as g++, and
# g++'s TSan cannot see the fences asio uses. Every finding is fatal:
# UBSan checks do not recover, and cmake/sanitizer_options.cpp, linked into
# every target, makes TSan halt at its first report. The only suppressions
# are for third-party code, in tests/sanitizers/ (each entry says why).
#
# address and thread builds default to -O0 -g1 when no CMAKE_BUILD_TYPE is
# given: they exist to run the tests under the sanitizers, and -O0 halves
# their build time on a small machine; the plain build tests -O2. The fuzzer
# build defaults to -O1 -g1.

set(CHARLA_SANITIZE "" CACHE STRING "Sanitizers for every target: empty, address (ASan+UBSan), thread (TSan), fuzzer (clang)")
set_property(CACHE CHARLA_SANITIZE PROPERTY STRINGS "" address thread fuzzer)

set(charla_sanitize_common -fno-omit-frame-pointer -fno-optimize-sibling-calls)

if(CHARLA_SANITIZE STREQUAL "")
  # Plain build.
elseif(CHARLA_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all ${charla_sanitize_common})
  add_link_options(-fsanitize=address,undefined)
elseif(CHARLA_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread ${charla_sanitize_common})
  add_link_options(-fsanitize=thread)
elseif(CHARLA_SANITIZE STREQUAL "fuzzer")
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CHARLA_SANITIZE=fuzzer needs clang (libFuzzer); use scripts/fuzz.sh, "
                        "which configures build-fuzz with clang++")
  endif()
  # Every library gets coverage instrumentation; only the fuzz targets link
  # libFuzzer's main (tests/fuzz/CMakeLists.txt adds -fsanitize=fuzzer).
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      ${charla_sanitize_common})
  add_link_options(-fsanitize=address,undefined)
else()
  message(FATAL_ERROR "CHARLA_SANITIZE must be empty, address, thread or fuzzer, not \"${CHARLA_SANITIZE}\"")
endif()

if(NOT CHARLA_SANITIZE STREQUAL "")
  if(NOT CMAKE_BUILD_TYPE)
    if(CHARLA_SANITIZE STREQUAL "fuzzer")
      # libFuzzer wants optimised code for executions per second; -O1 builds
      # faster than -O2 and runs nearly as fast.
      set(CMAKE_BUILD_TYPE RelWithDebInfo)
      add_compile_options(-O1)
    else()
      set(CMAKE_BUILD_TYPE Debug)
    endif()
    add_compile_options(-g1)  # line tables are all a sanitizer's stack needs
  endif()
  # Tests that scale their load down (and their patience up) under a sanitizer.
  add_compile_definitions(CHARLA_SANITIZED=1)
  add_library(charla_sanitizer_options OBJECT ${CMAKE_CURRENT_LIST_DIR}/sanitizer_options.cpp)
  target_compile_definitions(charla_sanitizer_options PRIVATE
    CHARLA_TSAN_SUPPRESSIONS="${PROJECT_SOURCE_DIR}/tests/sanitizers/tsan.supp")
  link_libraries(charla_sanitizer_options)
  message(STATUS "charla: sanitizers: ${CHARLA_SANITIZE} (${CMAKE_CXX_COMPILER_ID}, ${CMAKE_BUILD_TYPE})")
endif()
