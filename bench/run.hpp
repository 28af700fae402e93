#pragma once
// One benchmark run: set up every client, (legacy) probe, send for the
// duration or the message count, wait for the deliveries, and sum up.

#include <cstdint>
#include <string>

#include "bench/options.hpp"

namespace charla::bench {

struct result {
  options opts;
  std::size_t sockets = 0;  // server-side sockets the clients opened
  bool setup_ok = false;
  double connect_seconds = 0;

  std::uint64_t sent = 0, expected = 0, received = 0, unique = 0, lost = 0, duplicates = 0, skipped = 0;
  std::uint64_t malformed = 0, server_errors = 0, disconnects = 0, setup_failures = 0;
  bool drained = false;         // everything expected arrived before the drain timeout
  double send_seconds = 0;      // start of sending to its end
  double delivery_seconds = 0;  // start of sending to the last first copy received
  double deliveries_per_second = 0;
  std::int64_t p50_ns = 0, p99_ns = 0, p999_ns = 0, max_ns = 0;

  bool server_measured = false;
  double server_cpu_seconds = 0;           // while sending and draining (W4: while idle)
  double server_setup_cpu_seconds = 0;     // while the clients connected and said hello
  double generator_setup_cpu_seconds = 0;  // this process, over the same span
  long server_rss_before_kib = 0, server_rss_ready_kib = 0, server_rss_end_kib = 0, server_peak_rss_kib = 0;
  // (RSS at the end - RSS before the clients connected) / sockets: with no
  // senders (W4) the end comes after the idle span, so this is what an idle
  // socket costs once the setup's transient buffers are gone.
  double rss_per_socket_kib = 0;
  double generator_cpu_seconds = 0;  // this process, over the same span as server_cpu_seconds
  double other_cpu_seconds = 0;      // everything else on the machine, same span
  double span_seconds = 0;           // that span

  std::string problem;  // the first thing that went wrong, if any

  bool correct() const {
    return setup_ok && lost == 0 && duplicates == 0 && malformed == 0 && server_errors == 0 && disconnects == 0;
  }
};

result run_benchmark(const options& o);

// The report for people, and one "key=value ..." line for scripts.
std::string format_report(const result& r);
std::string format_kv(const result& r);

}  // namespace charla::bench
