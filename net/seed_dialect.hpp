#pragma once
// How net::client talks to a seed server: one that answers a hello with no
// welcome (docs/PROTOCOL.md, sections 4 and 8). Everything here exists only for
// that dialect, so the client's state machine reads the same for both:
//
// - outgoing: a message goes out as ASCII-only objects under 1024 bytes,
//   long texts cut into "(i/n) " parts, written at least `pace` apart so the
//   seed server and the seed clients behind it read each one whole;
// - incoming: relays come as bare `{"autor","mensaje"}` objects with no id;
//   an empty author is the seed's keepalive, and the "(i/n) " parts of one
//   long message from one author are joined again, in order.
//
// One seed_dialect lives per connection attempt: a dropped connection
// forgets the parts it was collecting and its pacing.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/codec.hpp"

namespace charla::net {

class seed_dialect {
 public:
  using clock = std::chrono::steady_clock;

  explicit seed_dialect(std::chrono::milliseconds pace) : pace_(pace) {}

  // The objects to write for one message, in order.
  static std::vector<std::string> encode(std::string_view author, std::string_view text);

  // When the next paced object may be written, and that one was.
  clock::time_point next_write_at() const { return last_written_ + pace_; }
  void wrote(clock::time_point at) { last_written_ = at; }

  // A relay from the seed server: the message to show (id 0, stamped now),
  // or nothing for a keepalive or a part of a message still incomplete.
  // Parts out of order are shown as they came.
  std::optional<chat_msg> on_relay(chat_in&& m);

 private:
  std::chrono::milliseconds pace_;
  clock::time_point last_written_{};
  std::vector<std::string> parts_;  // the "(i/n) " parts so far, from parts_author_
  std::string parts_author_;
};

}  // namespace charla::net
