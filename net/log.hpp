#pragma once
// What the server does, as timestamped lines: printed by the headless host
// (the seed's server console) and kept in a bounded list the window shows.
// Written on the network thread, read from any thread.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace charla::net {

struct log_entry {
  std::uint64_t seq = 0;
  std::chrono::system_clock::time_point time;
  std::string text;
};

class event_log {
 public:
  explicit event_log(std::size_t capacity = 2000) : capacity_(capacity) {}

  // Called for every entry, on the thread that adds it.
  void set_sink(std::function<void(const log_entry&)> sink);

  void add(std::string text);

  // Entries with seq greater than `after_seq`, oldest first (at most the
  // capacity; older ones are gone).
  std::vector<log_entry> entries_after(std::uint64_t after_seq) const;

  // `text` as one line of a log, in double quotes: line breaks, tabs, other
  // control characters, quotes, backslashes and the characters that reorder
  // or hide text on a console (bidirectional overrides, U+2028/2029) are
  // escaped; a text longer than `max_bytes` is cut on a character boundary
  // and ends with `…" (N bytes)`.
  static std::string quote(std::string_view text, std::size_t max_bytes = 160);

  // "HH:MM:SS.mmm text" in local time.
  static std::string format(const log_entry& entry);

 private:
  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::deque<log_entry> entries_;
  std::uint64_t next_seq_ = 1;
  std::function<void(const log_entry&)> sink_;
};

}  // namespace charla::net
