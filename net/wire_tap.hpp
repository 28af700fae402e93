#pragma once
// A window on the wire, for teaching: every object exactly as it crossed a
// channel, plus each channel's connect and close with its endpoints. Off
// unless someone sets a tap; then called on the network thread.

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "net/codec.hpp"

namespace charla::net {

struct wire_event {
  // upgrade: from the participant, a browser's HTTP request; from the
  // server, its 101 answer. Both are reported with the channel's hello,
  // before it.
  enum class kind { connected, upgrade, frame, closed };
  kind what = kind::frame;
  std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
  channel_type channel = channel_type::read;
  bool from_participant = false;  // direction: participant → server, or server → participant
  std::string bytes;              // kind::frame: the object as sent, byte for byte
  std::string participant_end;    // "ip:port" of the participant's socket
  std::string server_end;         // "ip:port" of the server's socket
  std::string participant;        // whose channel (server side; empty before its hello)
  // kind::connected reported when watching started: the connection is older
  // (`time` is when it was made).
  bool earlier = false;
  // The server's view of the channel, where the reporter knows it: a seed
  // (legacy) channel, and the participant's other channel ("ip:port" of its
  // participant end) once both are paired.
  bool legacy = false;
  std::string paired_with;
  // A WebSocket channel: for the server's kind::upgrade, the request it
  // answers; for kind::frame the header of the frame that carried the
  // object (the last one, when the client cut a message into fragments).
  bool websocket = false;
  std::string request;
  std::uint8_t ws_opcode = 0;
  bool ws_masked = false;
  std::array<std::uint8_t, 4> ws_mask{};
  std::uint64_t ws_length = 0;
};

using wire_tap = std::function<void(const wire_event&)>;

}  // namespace charla::net
