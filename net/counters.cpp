#include "net/counters.hpp"

namespace charla::net {

std::string_view to_string(drop_reason reason) {
  static constexpr std::array<std::string_view, drop_reason_count> names = {
      "too_large", "bad_json",   "rate_limited", "server_full",  "hello_timeout", "bad_hello",
      "bad_pin",   "name_taken", "slow_reader",  "duplicate",    "empty_message", "kicked",
      "muted",     "room_full",  "pin_backoff",  "http_refused", "ws_protocol",
  };
  return names[static_cast<std::size_t>(reason)];
}

counters_snapshot server_counters::snapshot() const {
  constexpr auto r = std::memory_order_relaxed;
  counters_snapshot s;
  s.connections = connections.load(r);
  s.connections_total = connections_total.load(r);
  s.participants = participants.load(r);
  s.messages = messages.load(r);
  s.deliveries = deliveries.load(r);
  s.bytes_in = bytes_in.load(r);
  s.bytes_out = bytes_out.load(r);
  s.remembered = remembered.load(r);
  for (std::size_t i = 0; i < drop_reason_count; ++i) s.drops[i] = drops_[i].load(r);
  return s;
}

}  // namespace charla::net
