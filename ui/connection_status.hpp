// Where the local participant stands with the room, for the status bar,
// the title and the start screen.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "net/protocol.hpp"

namespace charla::ui {

enum class connection_state : std::uint8_t { idle, connecting, connected, reconnecting, failed };

struct connection_status {
  connection_state state = connection_state::idle;
  std::string server_address;  // "192.168.1.20:5000"
  std::string room;            // room name from the server's welcome (may be empty)
  // reconnecting: when the next attempt starts; default (epoch) = unknown.
  std::chrono::steady_clock::time_point retry_at{};
  // connected, but nothing heard from the host for two heartbeats (6 s by
  // default): the connection may be dead; at three the client reconnects.
  bool quiet = false;
  // The longest message the host takes, in bytes as they travel
  // (net::text_bytes): from its welcome, kept while reconnecting.
  std::size_t max_message_bytes = net::default_max_text_bytes;
};

}  // namespace charla::ui
