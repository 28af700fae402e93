#pragma once
// WebSocket frames (RFC 6455 section 5), server side: a decoder for what a
// client sends and encoders for what the server sends. Text messages only;
// no extensions.
//
// Sections: close codes · the decoder · server encoders · a client encoder
// (for tests and tools).
//
// The decoder is pulled: next(input) takes bytes from the front of `input`
// and returns one event. It unmasks payloads in place, in the caller's
// buffer, so an unfragmented text frame that arrived whole is handed out as
// a view into that buffer with no copy; only a message cut across reads or
// sent in fragments is gathered in the decoder.
//
//            ┌──────── need_more (input used up) ◄──────┐
//            ▼                                          │
//   header (2-14 bytes) ──► checks ──► payload: unmask, check UTF-8
//      │                      │            │
//      │                      ▼            ▼ frame complete
//      │       error(1002/1003/1009)    text (FIN) · ping · pong · close
//      │                                   │ fragment without FIN:
//      └───────────────────────────────────┘ next header
//
// Each check fails as early as the bytes allow: reserved bits and opcodes on
// the first byte, a missing mask or an over-long control frame on the
// second, a message over the limit once the length is read (before any of
// the payload), invalid UTF-8 on the first byte that cannot be right.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "net/ws/utf8_validator.hpp"

namespace charla::net::ws {

enum class opcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};

// ── Close codes (RFC 6455 section 7.4) ─────────────────────────────────────
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t unsupported_data = 1003;
inline constexpr std::uint16_t no_status = 1005;  // never on the wire: "the close had no code"
inline constexpr std::uint16_t invalid_payload = 1007;
inline constexpr std::uint16_t policy_violation = 1008;
inline constexpr std::uint16_t too_big = 1009;
inline constexpr std::uint16_t internal_error = 1011;
}  // namespace close_code

// True for a code a peer may send in a close frame: 1000-1003, 1007-1014
// (defined or registered) and 3000-4999 (libraries and applications).
bool is_valid_close_code(std::uint16_t code);

inline constexpr std::size_t max_control_payload = 125;

// ── The decoder ────────────────────────────────────────────────────────────
struct frame_event {
  enum class kind { need_more, text, ping, pong, close, error };
  kind type = kind::need_more;
  // text: the whole message (fragments joined), valid UTF-8; ping and pong:
  // the payload; close: the reason. Valid until the next call of next() or
  // until the caller's input buffer changes.
  std::string_view payload;
  // close: the code received (close_code::no_status for an empty close);
  // error: the code to close the connection with.
  std::uint16_t code = 0;
  std::string_view problem;  // error: one sentence for the log (static storage)
};

// The header of the last frame read, for the teaching mode.
struct frame_header {
  bool fin = false;
  std::uint8_t opcode = 0;
  bool masked = false;
  std::array<std::uint8_t, 4> mask{};
  std::uint64_t length = 0;
};

class frame_decoder {
 public:
  // `max_message`: the largest text message accepted, fragments joined
  // (the server's object limit); past it: error 1009.
  explicit frame_decoder(std::size_t max_message) : max_message_(max_message) {}

  // Takes bytes from the front of `input` (advancing it) until one event is
  // complete, and returns it; need_more when `input` is used up first.
  // After an error, next() returns that error again and takes nothing;
  // after a close, it returns need_more and takes nothing (RFC 6455 section
  // 5.5.1: nothing follows a close).
  frame_event next(std::span<char>& input);

  bool failed() const { return error_.type == frame_event::kind::error; }
  bool closed() const { return closed_; }
  // Bytes held for a message or a control frame not yet complete.
  std::size_t pending_bytes() const { return message_.size() + control_.size(); }
  // Frames whose header was read so far, and the last such header.
  std::uint64_t frames() const { return frames_; }
  const frame_header& last_header() const { return header_; }

 private:
  enum class phase : std::uint8_t { header, payload };

  frame_event fail(std::uint16_t code, std::string_view problem);
  // Checks the header byte just collected; returns false on error.
  bool check_header_byte();
  bool finish_header();
  // The frame's payload is complete; `whole` is it when it arrived in one
  // piece in the caller's buffer (else it is in message_ or control_).
  frame_event end_of_frame(std::string_view whole, bool in_one_piece, bool& yielded);
  void release_delivered();

  std::size_t max_message_;
  phase phase_ = phase::header;
  std::array<std::uint8_t, 14> raw_{};  // the header being read
  std::uint8_t raw_size_ = 0;
  std::uint8_t raw_needed_ = 2;
  frame_header header_;
  std::uint64_t remaining_ = 0;  // payload bytes of this frame still to come
  std::uint64_t offset_ = 0;     // payload bytes of this frame already read (mask position)
  std::uint64_t frames_ = 0;
  bool in_message_ = false;  // a text message has begun and not ended
  bool closed_ = false;
  bool release_message_ = false;  // message_ or control_ was handed out: clear on the next call
  bool release_control_ = false;
  utf8_validator utf8_;
  std::string message_;  // fragments (or a frame cut across reads) of the message so far
  std::string control_;  // a control frame cut across reads
  frame_event error_;
};

// ── Server encoders (unmasked, one final frame each) ──────────────────────
// The header size depends only on the payload length, so a transport can
// write each header straight into its gather buffer before the payload.
inline constexpr std::size_t max_header_size = 10;

constexpr std::size_t header_size(std::size_t payload_size) {
  return payload_size < 126 ? 2 : payload_size <= 0xFFFF ? 4 : 10;
}
constexpr std::size_t framed_size(std::size_t payload_size) {
  return header_size(payload_size) + payload_size;
}

// Writes the header of a final frame of `op` carrying `payload_size` bytes
// at the start of `out` (at least header_size(payload_size) bytes); returns
// the bytes written.
std::size_t write_header(std::span<char> out, std::size_t payload_size, opcode op = opcode::text);

// Writes header and payload at the start of `out` (at least
// framed_size(payload.size()) bytes); returns the bytes written.
std::size_t write_frame(std::span<char> out, std::string_view payload, opcode op = opcode::text);

std::string text_frame(std::string_view payload);
// A close with `code` and `reason` (cut on a code point boundary to fit the
// 125-byte control payload). close_code::no_status gives an empty close, the
// echo of a close that carried no code.
std::string close_frame(std::uint16_t code, std::string_view reason = {});
// Payloads over 125 bytes are cut to 125.
std::string ping_frame(std::string_view payload = {});
std::string pong_frame(std::string_view payload);

// ── A client encoder ───────────────────────────────────────────────────────
// Builds what a client would send, including frames a client must not send,
// to test and fuzz the decoder.
struct client_frame_options {
  bool fin = true;
  std::uint8_t rsv = 0;  // the three reserved bits, 0-7
  bool masked = true;
  std::array<std::uint8_t, 4> mask{0x37, 0xFA, 0x21, 0x3D};
  // 0: the shortest length form; 2 or 8: that extended form, even when
  // shorter would do (to test the decoder refusing it).
  int extended_length = 0;
};
std::string client_frame(std::uint8_t opcode, std::string_view payload, const client_frame_options& options = {});
inline std::string client_frame(opcode op, std::string_view payload, const client_frame_options& options = {}) {
  return client_frame(static_cast<std::uint8_t>(op), payload, options);
}

}  // namespace charla::net::ws
