// What the hosting side shows: the join card, the server's counters and its
// log. Filled by the app from the server it runs.
#pragma once

#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <vector>

namespace charla::ui {

struct join_card {
  std::vector<std::string> addresses;  // every non-loopback IPv4 of this machine
  std::uint16_t port = 0;
  std::string pin;  // empty: no PIN
  std::string room;
  bool web = true;  // the host serves the page on its port: the card shows QR codes of it
};

struct host_counters {
  std::uint64_t connections = 0;  // open TCP connections
  std::uint64_t participants = 0;
  std::uint64_t messages = 0;  // accepted since start
  double messages_per_s = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
};

struct host_info {
  join_card card;
  host_counters counters;
  std::deque<std::string> log;  // oldest first, bounded by chat_model
  std::uint64_t log_added = 0;  // lines ever added (the deque drops old ones)
  bool read_only = false;       // only the host may write
  std::set<std::string> muted;  // participants the host muted
};

}  // namespace charla::ui
