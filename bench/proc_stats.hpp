#pragma once
// What a server process has cost so far, read from /proc/PID/stat and
// /proc/PID/status (Linux).

#include <optional>

namespace charla::bench {

struct process_sample {
  double cpu_seconds = 0;  // user + system, since the process started
  long rss_kib = 0;        // VmRSS now
  long peak_rss_kib = 0;   // VmHWM: the most it has held
};

// Empty when the process does not exist (or pid is 0).
std::optional<process_sample> sample_process(int pid);

// CPU seconds every process of the machine has used so far (all cores,
// from /proc/stat): with the server's and the generator's own, it shows
// whether something else was running during a measurement.
double machine_busy_seconds();

}  // namespace charla::bench
