#pragma once
// The wire format as plain structs (docs/PROTOCOL.md sections 2, 4 and 5),
// decoded with simdjson On-Demand and encoded as compact JSON, one object per
// line. Wire spellings (`autor`, `mensaje`) stay in this file and codec.cpp.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <simdjson.h>

#include "net/protocol.hpp"

namespace charla::net {

enum class channel_type { read, write };

// First object on every connection. `version` 0 is a seed (legacy) hello.
struct hello {
  channel_type type = channel_type::read;
  int version = 0;
  std::string session;
  std::string author;
  std::string pin;
  std::optional<std::uint64_t> since;
  // v1: this client keeps a heartbeat when the welcome announces one
  // (net/heartbeat.hpp); on a write channel it holds the channel to it.
  bool heartbeat = false;
};

// A chat message as a client writes it (legacy and v1), and as a seed server
// relays it to readers.
struct chat_in {
  std::string author;
  std::string text;
  std::string cid;  // v1 only; empty when absent
};

// A message as the server delivers it to v1 readers.
struct chat_msg {
  std::uint64_t id = 0;
  std::int64_t ts_ms = 0;
  std::string author;
  std::string text;
  std::string cid;
  bool replay = false;
};

struct member {
  std::string author;
  bool legacy = false;
};

struct welcome {
  int version = protocol_version;
  std::string room;
  std::string server;
  std::string session;
  std::uint64_t first_id = 0;
  std::uint64_t last_id = 0;
  std::vector<member> members;
  // The server's heartbeat interval in ms (0: absent, an older server).
  std::uint64_t ping_ms = 0;
  // The longest message text the server takes, in bytes as text_bytes()
  // counts them (0: absent; then default_max_text_bytes).
  std::uint64_t max_text_bytes = 0;
};

struct join_event {
  std::string author;
  bool legacy = false;
};

struct leave_event {
  std::string author;
  leave_reason reason = leave_reason::closed;
};

struct error_event {
  error_code code = error_code::bad_json;
  std::string detail;
  std::string cid;  // the message it refers to, where there is one
};

struct ping_event {
  std::int64_t ts_ms = 0;
};

// A v1 client's goodbye on its write channel: leave now, not after the
// reconnect grace period.
struct bye_event {};

// One line of the host's transcript file: a "msg" without "type", plus the
// sender's session (for cid de-duplication after a restart).
struct transcript_line {
  chat_msg msg;
  std::string session;
};

using inbound =
    std::variant<hello, chat_in, chat_msg, welcome, join_event, leave_event, error_event, ping_event, bye_event>;

// Result of decoding one object: a value, or why it is not one.
struct decoded {
  std::optional<inbound> value;
  std::string problem;  // set when value is empty: a sentence for the log
};

struct fields;

// Parses single JSON objects (as cut by stream_decoder) into `inbound`.
// Holds one simdjson parser and a padded scratch buffer, reused per object;
// one per channel.
class json_reader {
 public:
  decoded read(std::string_view object_text);
  std::optional<transcript_line> read_transcript_line(std::string_view line);

 private:
  bool read_fields_of(std::string_view object_text, fields& f, std::string& problem);

  simdjson::ondemand::parser parser_;
  std::string scratch_;
};

// Encoders. Each returns one compact JSON object followed by '\n'.
std::string encode(const hello& h);
std::string encode(const chat_in& m, bool ascii_only = false);
std::string encode(const chat_msg& m);
std::string encode(const welcome& w);
// The same from members already encoded (by append_member, comma-separated),
// so a server can keep its member list encoded between welcomes.
std::string encode_welcome(const welcome& w, std::string_view members);
void append_member(std::string& members, const member& m);
std::string encode(const join_event& e);
std::string encode(const leave_event& e);
std::string encode(const error_event& e);
std::string encode(const ping_event& e);
std::string encode(const bye_event& e);

std::string encode(const transcript_line& line);

// The seed client's keepalive: an object with an empty `autor`.
std::string encode_legacy_ping();

// A message as objects for a seed program: each at most `max_object` bytes
// (newline included); a text too long for one is cut on code-point
// boundaries into parts whose `mensaje` is "(i/n) " + piece, so the pieces
// joined give back the text exactly. With `ascii_only` every non-ASCII
// character is escaped (for seed servers, which decode each read alone).
std::vector<std::string> encode_legacy_parts(std::string_view author, std::string_view text, bool ascii_only = false,
                                             std::size_t max_object = legacy_max_object);

// If `text` is a part "(i/n) rest" as made above, returns i, n and rest.
struct legacy_part {
  std::size_t index = 0;
  std::size_t count = 0;
  std::string_view piece;
};
std::optional<legacy_part> parse_legacy_part(std::string_view text);

using shared_bytes = std::shared_ptr<const std::string>;

}  // namespace charla::net
