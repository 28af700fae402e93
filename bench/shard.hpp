#pragma once
// A share of the simulated clients on one io_context and one thread. The
// run (run.cpp) drives every shard through the same phases:
//
//   setup ──all ready──► probe (legacy) ──► sending ──stop──► draining ──► shutdown
//
// A shard reports to the run through run_control; the run talks to a shard
// only through asio::post, so everything inside a shard is single-threaded.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <asio.hpp>

#include "bench/client.hpp"
#include "bench/histogram.hpp"
#include "bench/options.hpp"
#include "bench/speakers.hpp"

namespace charla::bench {

// Shared by the run and its shards: progress counters under one mutex.
struct run_control {
  std::mutex mutex;
  std::condition_variable changed;
  int ready = 0;    // shards whose clients are all set up
  int probed = 0;   // shards whose clients all saw a probe
  int stopped = 0;  // shards whose senders stopped
  int drained = 0;  // shards that received everything expected

  void bump(int& counter) {
    {
      std::lock_guard lock(mutex);
      ++counter;
    }
    changed.notify_all();
  }
};

struct shard_stats {
  std::uint64_t sent = 0;
  std::uint64_t sent_to_self = 0;  // legacy: sent by this shard's senders, never delivered back to them
  std::uint64_t received = 0;      // every copy that arrived
  std::uint64_t unique = 0;        // first copies
  std::uint64_t duplicates = 0;    // copies already seen (or out of order)
  std::uint64_t skipped = 0;       // sequence numbers jumped over when they happened
  std::uint64_t malformed = 0;
  std::uint64_t server_errors = 0;
  std::uint64_t disconnects = 0;
  std::uint64_t setup_failures = 0;
  std::int64_t last_delivery_ns = 0;
  latency_histogram latency;
  std::string first_problem;
};

std::int64_t now_ns();

class shard {
 public:
  shard(const options& o, int id, run_control& control, std::uint32_t run_tag);
  ~shard();

  void add_client(std::uint32_t index);
  std::size_t client_count() const { return clients_.size(); }

  asio::io_context& io() { return io_; }
  const options& opts() const { return options_; }
  const asio::ip::tcp::endpoint& server() const { return server_; }

  // Phases, posted by the run.
  void begin_setup();
  void begin_probe();
  void end_probe();
  void begin_sending(std::int64_t start_ns, std::int64_t stop_ns);
  void expect(std::uint64_t deliveries);
  void shutdown();

  // From links and speakers.
  void client_ready(client& c);
  void client_failed(client& c, const std::string& why);
  void on_delivery(client& receiver, std::string_view payload, std::int64_t now_ns);
  void on_probe(client& receiver);
  void on_server_error(std::string_view what);
  void on_link_closed(link& l, const std::string& why);
  void on_malformed(std::string_view what);
  void mark_dirty(link& l);
  asio::mutable_buffer read_buffer() { return asio::buffer(read_buffer_); }
  speaker& protocol() { return *speaker_; }
  bool shutting_down() const { return shutting_down_; }

  // Valid once the shard reported `stopped` (sent) or its thread ended.
  const shard_stats& stats() const { return stats_; }

 private:
  void open_next();
  void send_more(client& c, std::int64_t now);
  void tick();
  void stop_sending();
  void check_drained();
  void probe_tick();
  client* local(std::uint32_t index);
  void note(std::string problem);

  const options& options_;
  int id_;
  run_control& control_;
  asio::io_context io_;
  asio::ip::tcp::endpoint server_;
  std::unique_ptr<speaker> speaker_;
  std::vector<std::unique_ptr<client>> clients_;  // local, in index order
  std::vector<client*> senders_;

  std::deque<client*> to_open_;
  std::size_t opening_ = 0, settled_ = 0, probed_ = 0;
  std::size_t senders_done_ = 0;
  bool sending_ = false, stopped_ = false, shutting_down_ = false, probing_ = false, probe_reported_ = false;
  std::int64_t start_ns_ = 0, stop_ns_ = 0;
  double rate_per_sender_ = 0;
  std::uint64_t expected_ = 0;
  bool expecting_ = false, drained_ = false;
  asio::steady_timer tick_timer_, stop_timer_, probe_timer_;
  std::uint32_t run_tag_;

  std::vector<link*> dirty_, flushing_;
  bool flush_posted_ = false;
  std::vector<char> read_buffer_ = std::vector<char>(256 * 1024);
  shard_stats stats_;
};

}  // namespace charla::bench
