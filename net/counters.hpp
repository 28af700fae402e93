#pragma once
// Server counters, written on the network thread and readable from any
// thread (relaxed atomics: each figure is exact, a snapshot is not atomic as
// a whole).

#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>

namespace charla::net {

// Why something was dropped or closed; one counter each.
enum class drop_reason {
  too_large,      // object over the object limit (channel closed) or mensaje over its limit
  bad_json,       // bytes that are not a JSON object of the protocol
  rate_limited,   // message over the session's rate
  server_full,    // connection over the connection cap
  hello_timeout,  // no hello in time
  bad_hello,      // malformed hello, bad name, legacy channel in a PIN room
  bad_pin,        // missing or wrong PIN
  name_taken,     // name held by another participant
  slow_reader,    // reader over the queue cap or stalled
  duplicate,      // message with a cid already accepted
  empty_message,  // message with nothing in it after trimming
  kicked,         // participant removed by the host
  muted,          // message from a muted participant or in a read-only room
  room_full,      // participant over the participant cap
  pin_backoff,    // hello from an address still waiting after wrong PINs
  http_refused,   // an HTTP request answered with an error (bad request, foreign Host or Origin, no such page)
  ws_protocol,    // a WebSocket frame against RFC 6455 (closed with 1002, 1003, 1007 or 1009)
};
inline constexpr std::size_t drop_reason_count = 17;
std::string_view to_string(drop_reason reason);

struct counters_snapshot {
  std::uint64_t connections = 0;        // open TCP connections now
  std::uint64_t connections_total = 0;  // accepted since start
  std::uint64_t participants = 0;       // present now
  std::uint64_t messages = 0;           // accepted since start
  std::uint64_t deliveries = 0;         // objects queued to readers
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::uint64_t remembered = 0;  // sessions and addresses the room remembers (bounded)
  std::array<std::uint64_t, drop_reason_count> drops{};
  std::uint64_t drop_count(drop_reason r) const { return drops[static_cast<std::size_t>(r)]; }
};

class server_counters {
 public:
  std::atomic<std::uint64_t> connections{0};
  std::atomic<std::uint64_t> connections_total{0};
  std::atomic<std::uint64_t> participants{0};
  std::atomic<std::uint64_t> messages{0};
  std::atomic<std::uint64_t> deliveries{0};
  std::atomic<std::uint64_t> bytes_in{0};
  std::atomic<std::uint64_t> bytes_out{0};
  std::atomic<std::uint64_t> remembered{0};

  void drop(drop_reason r) { drops_[static_cast<std::size_t>(r)].fetch_add(1, std::memory_order_relaxed); }
  counters_snapshot snapshot() const;

 private:
  std::array<std::atomic<std::uint64_t>, drop_reason_count> drops_{};
};

}  // namespace charla::net
