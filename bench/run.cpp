#include "bench/run.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "bench/proc_stats.hpp"
#include "bench/shard.hpp"

namespace charla::bench {
namespace {

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", s);
  return buf;
}

template <typename Predicate>
bool wait_for(run_control& control, double seconds, Predicate done) {
  std::unique_lock lock(control.mutex);
  return control.changed.wait_for(lock, std::chrono::duration<double>(seconds), done);
}

template <typename F>
void on_every(std::vector<std::unique_ptr<shard>>& shards, F f) {
  for (auto& s : shards) asio::post(s->io(), [p = s.get(), f] { f(*p); });
}

}  // namespace

result run_benchmark(const options& o) {
  result r;
  r.opts = o;
  for (std::size_t i = 0; i < o.clients; ++i) r.sockets += sockets_per_client(o.kind, i < o.senders);

  const int shard_count = static_cast<int>(std::min<std::size_t>(o.threads, o.clients));
  options shard_options = o;
  shard_options.threads = shard_count;
  run_control control;
  auto run_tag = static_cast<std::uint32_t>(std::random_device{}());
  std::vector<std::unique_ptr<shard>> shards;
  for (int i = 0; i < shard_count; ++i) shards.push_back(std::make_unique<shard>(shard_options, i, control, run_tag));
  for (std::size_t i = 0; i < o.clients; ++i) shards[i % shard_count]->add_client(static_cast<std::uint32_t>(i));

  auto before = sample_process(o.server_pid);
  auto self_before = sample_process(getpid());
  std::vector<std::thread> threads;
  for (auto& s : shards) {
    threads.emplace_back([p = s.get()] {
      auto guard = asio::make_work_guard(p->io());
      p->io().run();
    });
  }
  auto finish = [&] {
    on_every(shards, [](shard& s) { s.shutdown(); });
    for (auto& t : threads) t.join();
  };

  // Setup.
  auto t0 = now_ns();
  on_every(shards, [](shard& s) { s.begin_setup(); });
  bool ready = wait_for(control, o.setup_timeout, [&] { return control.ready == shard_count; });
  r.connect_seconds = static_cast<double>(now_ns() - t0) * 1e-9;
  r.setup_ok = ready;
  if (!ready) r.problem = "setup did not finish within " + seconds_text(o.setup_timeout);

  if (r.setup_ok && o.kind == target::legacy && o.senders > 0) {
    on_every(shards, [](shard& s) { s.begin_probe(); });
    r.setup_ok = wait_for(control, o.setup_timeout, [&] { return control.probed == shard_count; });
    on_every(shards, [](shard& s) { s.end_probe(); });
    if (!r.setup_ok) r.problem = "some seed readers never received a probe";
  }

  auto at_ready = sample_process(o.server_pid);
  auto self_at_ready = sample_process(getpid());
  double busy_at_ready = machine_busy_seconds();
  auto span_start = now_ns();
  std::int64_t start = now_ns() + 1'000'000;
  if (r.setup_ok && o.senders == 0) {
    wait_for(control, o.duration, [] { return false; });  // the workload is to stay idle
  } else if (r.setup_ok) {
    std::int64_t stop = start + static_cast<std::int64_t>(o.duration * 1e9);
    on_every(shards, [start, stop](shard& s) { s.begin_sending(start, stop); });
    wait_for(control, o.duration + 60, [&] { return control.stopped == shard_count; });
    r.send_seconds = static_cast<double>(now_ns() - start) * 1e-9;
    std::uint64_t total = 0;
    {
      std::lock_guard lock(control.mutex);  // each shard's `sent` is final once it reported stopped
      for (auto& s : shards) total += s->stats().sent;
      for (auto& s : shards) {
        std::uint64_t expected = total * s->client_count() - s->stats().sent_to_self;
        r.expected += expected;
        asio::post(s->io(), [p = s.get(), expected] { p->expect(expected); });
      }
    }
    r.drained = wait_for(control, o.drain_timeout, [&] { return control.drained == shard_count; });
  }
  auto at_end = sample_process(o.server_pid);
  auto self_at_end = sample_process(getpid());
  double busy_at_end = machine_busy_seconds();
  r.span_seconds = static_cast<double>(now_ns() - span_start) * 1e-9;
  finish();

  // Sum up.
  latency_histogram latency;
  std::int64_t last = start;
  for (auto& s : shards) {
    const auto& st = s->stats();
    r.sent += st.sent;
    r.received += st.received;
    r.unique += st.unique;
    r.duplicates += st.duplicates;
    r.skipped += st.skipped;
    r.malformed += st.malformed;
    r.server_errors += st.server_errors;
    r.disconnects += st.disconnects;
    r.setup_failures += st.setup_failures;
    latency.merge(st.latency);
    last = std::max(last, st.last_delivery_ns);
    if (r.problem.empty()) r.problem = st.first_problem;
  }
  if (r.setup_failures > 0) r.setup_ok = false;
  r.lost = r.expected > r.unique ? r.expected - r.unique : 0;
  r.delivery_seconds = static_cast<double>(last - start) * 1e-9;
  if (r.delivery_seconds > 0) r.deliveries_per_second = static_cast<double>(r.unique) / r.delivery_seconds;
  r.p50_ns = latency.quantile(0.50);
  r.p99_ns = latency.quantile(0.99);
  r.p999_ns = latency.quantile(0.999);
  r.max_ns = latency.max();
  if (self_at_ready && self_at_end) r.generator_cpu_seconds = self_at_end->cpu_seconds - self_at_ready->cpu_seconds;
  if (self_before && self_at_ready)
    r.generator_setup_cpu_seconds = self_at_ready->cpu_seconds - self_before->cpu_seconds;
  r.other_cpu_seconds = std::max(0.0, busy_at_end - busy_at_ready - r.generator_cpu_seconds);
  if (before && at_ready && at_end) {
    r.server_measured = true;
    r.server_cpu_seconds = at_end->cpu_seconds - at_ready->cpu_seconds;
    r.server_setup_cpu_seconds = at_ready->cpu_seconds - before->cpu_seconds;
    r.server_rss_before_kib = before->rss_kib;
    r.server_rss_ready_kib = at_ready->rss_kib;
    r.server_rss_end_kib = at_end->rss_kib;
    r.server_peak_rss_kib = at_end->peak_rss_kib;
    r.other_cpu_seconds = std::max(0.0, r.other_cpu_seconds - r.server_cpu_seconds);
    if (r.sockets) {
      r.rss_per_socket_kib = static_cast<double>(at_end->rss_kib - before->rss_kib) / static_cast<double>(r.sockets);
    }
  }
  return r;
}

// ---------------------------------------------------------------------------
// Output

namespace {

std::string ms(std::int64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f ms", static_cast<double>(ns) * 1e-6);
  return buf;
}

std::string rate(double per_second) {
  char buf[32];
  if (per_second >= 1e6)
    std::snprintf(buf, sizeof buf, "%.2f M/s", per_second * 1e-6);
  else if (per_second >= 1e3)
    std::snprintf(buf, sizeof buf, "%.1f k/s", per_second * 1e-3);
  else
    std::snprintf(buf, sizeof buf, "%.0f /s", per_second);
  return buf;
}

}  // namespace

std::string format_report(const result& r) {
  const options& o = r.opts;
  char buf[512];
  std::string out;
  auto line = [&](const char* fmt, auto... args) {
    std::snprintf(buf, sizeof buf, fmt, args...);
    out += buf;
    out += '\n';
  };
  std::string how = o.rate > 0 ? std::to_string(static_cast<long>(o.rate)) + " msg/s" : std::string("flat out");
  std::string limit = o.messages ? std::to_string(o.messages) + " messages each" : seconds_text(o.duration);
  line("charla-bench: %s, %s: %zu clients, %zu senders, %s, window %zu, %zu-byte messages, %s", to_string(o.kind),
       o.workload.c_str(), o.clients, o.senders, how.c_str(), o.window, o.size, limit.c_str());
  line("  setup       %zu clients (%zu server sockets) %s in %.3f s (CPU: server %.2f s, generator %.2f s)", o.clients,
       r.sockets, r.setup_ok ? "ready" : "NOT ready", r.connect_seconds, r.server_setup_cpu_seconds,
       r.generator_setup_cpu_seconds);
  if (o.senders > 0) {
    line("  sent        %llu messages in %.2f s", static_cast<unsigned long long>(r.sent), r.send_seconds);
    line("  expected    %llu deliveries (every message to every receiver)",
         static_cast<unsigned long long>(r.expected));
    line("  received    %llu (%llu first copies): lost %llu, duplicated %llu, out of order %llu%s",
         static_cast<unsigned long long>(r.received), static_cast<unsigned long long>(r.unique),
         static_cast<unsigned long long>(r.lost), static_cast<unsigned long long>(r.duplicates),
         static_cast<unsigned long long>(r.skipped), r.drained ? "" : " (drain timed out)");
    line("  throughput  %s deliveries over %.3f s", rate(r.deliveries_per_second).c_str(), r.delivery_seconds);
    line("  latency     p50 %s, p99 %s, p99.9 %s, max %s", ms(r.p50_ns).c_str(), ms(r.p99_ns).c_str(),
         ms(r.p999_ns).c_str(), ms(r.max_ns).c_str());
  }
  if (r.server_measured) {
    line("  server      pid %d: %.2f s CPU %s, peak RSS %.1f MiB", o.server_pid, r.server_cpu_seconds,
         o.senders > 0 ? "sending and draining" : "idle", static_cast<double>(r.server_peak_rss_kib) / 1024.0);
    line("  memory      RSS %.1f MiB before setup, %.1f MiB when ready, %.1f MiB at the end: %.2f KiB per socket",
         static_cast<double>(r.server_rss_before_kib) / 1024.0, static_cast<double>(r.server_rss_ready_kib) / 1024.0,
         static_cast<double>(r.server_rss_end_kib) / 1024.0, r.rss_per_socket_kib);
  }
  line("  generator   %.2f s CPU (%d thread%s); everything else on the machine: %.2f s CPU, over %.2f s",
       r.generator_cpu_seconds, o.threads, o.threads == 1 ? "" : "s", r.other_cpu_seconds, r.span_seconds);
  if (r.malformed || r.server_errors || r.disconnects || r.setup_failures) {
    line("  problems    %llu unreadable, %llu server errors, %llu disconnects, %llu clients failed to set up",
         static_cast<unsigned long long>(r.malformed), static_cast<unsigned long long>(r.server_errors),
         static_cast<unsigned long long>(r.disconnects), static_cast<unsigned long long>(r.setup_failures));
  }
  if (!r.problem.empty()) line("  first       %s", r.problem.c_str());
  line("  result      %s", r.correct() ? "correct: nothing lost, nothing duplicated" : "INCORRECT");
  return out;
}

std::string format_kv(const result& r) {
  const options& o = r.opts;
  char buf[2048];
  std::snprintf(
      buf, sizeof buf,
      "target=%s workload=%s clients=%zu senders=%zu sockets=%zu setup_ok=%d connect_s=%.4f "
      "server_setup_cpu_s=%.3f generator_setup_cpu_s=%.3f "
      "sent=%llu expected=%llu received=%llu unique=%llu lost=%llu dup=%llu out_of_order=%llu "
      "malformed=%llu server_errors=%llu disconnects=%llu drained=%d deliveries_per_s=%.0f "
      "delivery_s=%.4f p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f server_cpu_s=%.3f "
      "server_peak_rss_kib=%ld rss_per_socket_kib=%.3f generator_cpu_s=%.3f other_cpu_s=%.3f span_s=%.3f correct=%d",
      to_string(o.kind), o.workload.c_str(), o.clients, o.senders, r.sockets, r.setup_ok ? 1 : 0, r.connect_seconds,
      r.server_setup_cpu_seconds, r.generator_setup_cpu_seconds, static_cast<unsigned long long>(r.sent),
      static_cast<unsigned long long>(r.expected), static_cast<unsigned long long>(r.received),
      static_cast<unsigned long long>(r.unique), static_cast<unsigned long long>(r.lost),
      static_cast<unsigned long long>(r.duplicates), static_cast<unsigned long long>(r.skipped),
      static_cast<unsigned long long>(r.malformed), static_cast<unsigned long long>(r.server_errors),
      static_cast<unsigned long long>(r.disconnects), r.drained ? 1 : 0, r.deliveries_per_second, r.delivery_seconds,
      static_cast<double>(r.p50_ns) * 1e-3, static_cast<double>(r.p99_ns) * 1e-3, static_cast<double>(r.p999_ns) * 1e-3,
      static_cast<double>(r.max_ns) * 1e-3, r.server_cpu_seconds, r.server_peak_rss_kib, r.rss_per_socket_kib,
      r.generator_cpu_seconds, r.other_cpu_seconds, r.span_seconds, r.correct() ? 1 : 0);
  return buf;
}

}  // namespace charla::bench
