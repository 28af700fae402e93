// charla-bench: a load generator for charla (v1 and seed protocols), Redis
// pub/sub and NATS, on loopback. See --help and docs/BENCHMARKS.md.
#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <exception>

#include "bench/options.hpp"
#include "bench/run.hpp"

int main(int argc, char** argv) {
  using namespace charla::bench;
  std::string message;
  auto o = parse_options(argc, argv, message);
  if (!o) {
    if (message.empty()) {
      std::fputs(usage().c_str(), stdout);
      return 0;
    }
    std::fprintf(stderr, "charla-bench: %s\n", message.c_str());
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  // Thousands of sockets: raise the descriptor limit as far as allowed.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  try {
    result r = run_benchmark(*o);
    std::fputs((o->kv ? format_kv(r) + "\n" : format_report(r)).c_str(), stdout);
    return o->check && !r.correct() ? 1 : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "charla-bench: %s\n", e.what());
    return 2;
  }
}
