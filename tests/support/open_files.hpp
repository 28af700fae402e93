#pragma once
// Test support: room for the descriptors of a crowd in one test process.

#include <sys/resource.h>

#include <algorithm>

namespace charla::test {

// The soft limit on open descriptors raised as far as the hard limit allows
// (or to `want`); returns the new soft limit.
inline rlim_t raise_open_files(rlim_t want = RLIM_INFINITY) {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) != 0) return 0;
  rlim_t target = want == RLIM_INFINITY ? r.rlim_max : std::min(want, r.rlim_max);
  if (r.rlim_cur < target) {
    r.rlim_cur = target;
    ::setrlimit(RLIMIT_NOFILE, &r);
    ::getrlimit(RLIMIT_NOFILE, &r);
  }
  return r.rlim_cur;
}

}  // namespace charla::test
