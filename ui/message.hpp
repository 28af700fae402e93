// One row of the chat history, as the view-model keeps it. The app builds
// these from network events; the draw code formats them in the current
// language, so rows hold codes and names, not finished sentences.
#pragma once

#include <cstdint>
#include <string>

namespace charla::ui {

enum class message_kind : std::uint8_t {
  message,        // something someone wrote
  join,           // author joined
  leave,          // author left; text holds the reason code
  system,         // a note for the local user (see system_note)
  unread_marker,  // "Unread" line placed after a reconnect
};

enum class system_note : std::uint8_t {
  none,
  joined_room,  // text: room name
  connection_lost,
  reconnected,
  history_gap,  // messages older than the server keeps were missed
  kicked,
  error,  // text: what the server said
  room_created,
  not_sent,  // an own message the server refused; text: the reason code (muted, too_large, ...)
};

struct message {
  std::uint64_t id = 0;    // server's total order; 0 while pending or from a seed server
  std::string cid;         // local key of an own message until (and after) confirmation
  std::int64_t ts_ms = 0;  // Unix time in milliseconds
  std::string author;
  std::string text;  // body; leave: reason code ("closed", "timeout", "kicked", "slow")
  message_kind kind = message_kind::message;
  system_note note = system_note::none;
  bool own = false;         // written by the local user
  bool pending = false;     // own message not yet confirmed by the server
  bool failed = false;      // own message the server refused: it was not sent
  bool legacy = false;      // join: the author uses a seed client
  std::uint64_t order = 0;  // chat_model's sort key, see chat_model.hpp
};

// A chat message as the network delivered it.
struct incoming_message {
  std::uint64_t id = 0;  // 0 from a seed server (no ids there)
  std::int64_t ts_ms = 0;
  std::string author;
  std::string text;
  std::string cid;   // echo of our own cid, when the server confirms our message
  bool own = false;  // ours (net::client decides: our cid, or our name)
};

}  // namespace charla::ui
