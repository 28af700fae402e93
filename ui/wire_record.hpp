// One thing the wire inspector saw, as plain values: a channel opening or
// closing, or one JSON object exactly as it crossed. The app classifies
// each object (it owns the JSON reader) and hands these to the UI, which
// only formats and draws them.
#pragma once

#include <cstdint>
#include <string>

namespace charla::ui {

enum class wire_kind : std::uint8_t {
  connected,       // TCP connection opened (no bytes)
  closed,          // TCP connection closed (no bytes)
  hello,           // first object of a channel: says which channel it is
  welcome,         // the server's answer to the read hello
  message_out,     // a message written by the participant
  echo,            // the participant's own message back: the delivery receipt
  message_in,      // someone else's message
  replay,          // a message from the history, sent on (re)connecting
  legacy_message,  // a message in the seed format (no id)
  join,
  leave,
  error,
  ping,         // the server's keepalive
  legacy_ping,  // the seed's keepalive: an empty message
  bye,          // the participant leaves for good
  unreadable,   // not an object of this protocol
  ws_upgrade,   // a browser's HTTP request to switch to WebSocket
  ws_accept,    // the server's 101 answer to it
};
inline constexpr int wire_kind_count = 18;

enum class wire_channel : std::uint8_t { read, write };

// Groups for the inspector's kind filter.
enum class wire_group : std::uint8_t { connection, messages, presence, keepalive, errors };
inline constexpr int wire_group_count = 5;
wire_group group_of(wire_kind kind);

// What a record says, without its bytes (the diagram keeps only this).
struct wire_facts {
  wire_kind kind = wire_kind::unreadable;
  wire_channel channel = wire_channel::read;
  bool to_server = false;       // participant → server
  std::int64_t time_ms = 0;     // Unix time, milliseconds
  std::string subject;          // whose channel (participant name; may be empty for a seed client)
  std::string author;           // hello, messages, join, leave, bye
  std::string detail;           // message text, welcome room, error detail, problem
  std::string code;             // message cid, error code, leave reason
  std::uint64_t id = 0;         // message id; welcome: last id
  std::uint64_t count = 0;      // welcome: members
  int version = -1;             // hello: 1, or 0 for a seed hello; join: 0 for a seed client
  std::string session;          // hello, welcome: first 8 characters of the session
  std::string participant_end;  // "ip:port"
  std::string server_end;       // "ip:port"
  bool earlier = false;         // connected: before watching started
  bool legacy = false;          // the server's view: a seed channel / seed server
  std::string paired_with;      // the server's view: the other channel's participant end
  // A WebSocket channel. ws_upgrade: path is the request's target, detail
  // the key. ws_accept: detail the GUID the key is joined with, code the
  // SHA-1 (hex), path the Sec-WebSocket-Accept. Objects: the frame's header.
  bool websocket = false;
  std::string path;
  std::uint8_t ws_opcode = 0;
  bool ws_masked = false;
  std::string ws_mask;  // the masking key in hex ("37fa213d"), if masked
  std::uint64_t ws_length = 0;
};

struct wire_record {
  std::uint64_t seq = 0;  // assigned by wire_log, increasing
  wire_facts facts;
  std::string bytes;     // the object byte for byte (empty for connected/closed), in display form (ui/emoji.hpp)
  std::size_t size = 0;  // its size on the wire, in bytes
  std::string pretty;    // the same, indented for reading
  std::string secret;    // a full session id inside bytes, masked on screen unless asked
};

}  // namespace charla::ui
