#include "net/ws/frame.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "net/utf8.hpp"

namespace charla::net::ws {
namespace {

bool is_control(std::uint8_t op) {
  return (op & 0x8) != 0;
}

// XORs `n` bytes at `p` with the mask, starting `offset` bytes into the
// payload; eight bytes at a time where it can.
void unmask(char* p, std::size_t n, const std::array<std::uint8_t, 4>& mask, std::uint64_t offset) {
  std::array<std::uint8_t, 8> rotated{};
  for (std::size_t k = 0; k < 8; ++k) rotated[k] = mask[(offset + k) & 3];
  std::uint64_t word;
  std::memcpy(&word, rotated.data(), 8);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, p + i, 8);
    chunk ^= word;
    std::memcpy(p + i, &chunk, 8);
  }
  for (; i < n; ++i) p[i] = static_cast<char>(p[i] ^ rotated[i & 7]);
}

std::uint64_t read_big_endian(const std::uint8_t* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

void write_big_endian(char* out, std::uint64_t v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<char>(v >> (8 * (n - 1 - i)));
}

std::string frame_of(opcode op, std::string_view payload) {
  std::string out(framed_size(payload.size()), '\0');
  write_frame(out, payload, op);
  return out;
}

}  // namespace

bool is_valid_close_code(std::uint16_t code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

// ── The decoder ────────────────────────────────────────────────────────────

frame_event frame_decoder::fail(std::uint16_t code, std::string_view problem) {
  error_ = {frame_event::kind::error, {}, code, problem};
  std::string().swap(message_);
  std::string().swap(control_);
  return error_;
}

void frame_decoder::release_delivered() {
  if (release_message_) {
    // Give back the memory of a big message, as stream_decoder does.
    if (message_.capacity() > 16 * 1024)
      std::string().swap(message_);
    else
      message_.clear();
    release_message_ = false;
  }
  if (release_control_) {
    control_.clear();
    release_control_ = false;
  }
}

bool frame_decoder::check_header_byte() {
  if (raw_size_ == 1) {
    std::uint8_t b = raw_[0];
    header_ = {};
    header_.fin = (b & 0x80) != 0;
    header_.opcode = b & 0x0F;
    if (b & 0x70) {
      fail(close_code::protocol_error, "A frame has reserved bits set, and no extension was agreed.");
      return false;
    }
    switch (static_cast<opcode>(header_.opcode)) {
      case opcode::continuation:
        if (!in_message_) {
          fail(close_code::protocol_error, "A continuation frame came with no message to continue.");
          return false;
        }
        return true;
      case opcode::text:
        if (in_message_) {
          fail(close_code::protocol_error, "A new message began before the previous one ended.");
          return false;
        }
        return true;
      case opcode::binary:
        if (in_message_)
          fail(close_code::protocol_error, "A new message began before the previous one ended.");
        else
          fail(close_code::unsupported_data, "Binary messages are not accepted: this endpoint speaks text.");
        return false;
      case opcode::close:
      case opcode::ping:
      case opcode::pong:
        if (!header_.fin) {
          fail(close_code::protocol_error, "A control frame was fragmented.");
          return false;
        }
        return true;
    }
    fail(close_code::protocol_error, "A frame has a reserved opcode.");
    return false;
  }
  if (raw_size_ == 2) {
    std::uint8_t b = raw_[1];
    header_.masked = (b & 0x80) != 0;
    std::uint8_t length7 = b & 0x7F;
    if (!header_.masked) {
      fail(close_code::protocol_error, "A client frame was not masked.");
      return false;
    }
    if (is_control(header_.opcode) && length7 > max_control_payload) {
      fail(close_code::protocol_error, "A control frame is longer than 125 bytes.");
      return false;
    }
    raw_needed_ = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + 4;
    return true;
  }
  if (raw_size_ == raw_needed_) return finish_header();
  return true;
}

bool frame_decoder::finish_header() {
  std::uint8_t length7 = raw_[1] & 0x7F;
  std::size_t mask_at = 2;
  std::uint64_t length = length7;
  if (length7 == 126) {
    length = read_big_endian(&raw_[2], 2);
    mask_at = 4;
    if (length < 126) {
      fail(close_code::protocol_error, "A frame length was not in its shortest form.");
      return false;
    }
  } else if (length7 == 127) {
    length = read_big_endian(&raw_[2], 8);
    mask_at = 10;
    if (length >> 63) {
      fail(close_code::protocol_error, "A 64-bit frame length has its top bit set.");
      return false;
    }
    if (length <= 0xFFFF) {
      fail(close_code::protocol_error, "A frame length was not in its shortest form.");
      return false;
    }
  }
  // Refused from the header: nothing of an over-long message is read.
  if (!is_control(header_.opcode) && length > max_message_ - message_.size()) {
    fail(close_code::too_big, "A message is over the size limit.");
    return false;
  }
  header_.length = length;
  std::copy_n(raw_.begin() + mask_at, 4, header_.mask.begin());
  if (header_.opcode == static_cast<std::uint8_t>(opcode::text)) in_message_ = true;
  remaining_ = length;
  offset_ = 0;
  ++frames_;
  phase_ = phase::payload;
  raw_size_ = 0;
  raw_needed_ = 2;
  return true;
}

frame_event frame_decoder::next(std::span<char>& input) {
  if (failed()) return error_;
  if (closed_) return {};
  release_delivered();
  for (;;) {
    if (phase_ == phase::header) {
      while (phase_ == phase::header) {
        if (input.empty()) return {};
        raw_[raw_size_++] = static_cast<std::uint8_t>(input.front());
        input = input.subspan(1);
        if (!check_header_byte()) return error_;
      }
    }
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, input.size()));
    char* p = input.data();
    unmask(p, n, header_.mask, offset_);
    bool one_piece = offset_ == 0 && n == remaining_;
    offset_ += n;
    remaining_ -= n;
    std::string_view chunk(p, n);
    input = input.subspan(n);
    bool control = is_control(header_.opcode);
    if (!control) {
      if (!utf8_.feed(chunk)) return fail(close_code::invalid_payload, "A text message is not valid UTF-8.");
    }
    // An unfragmented frame that arrived whole stays in the caller's buffer.
    bool in_place = one_piece && (control || (header_.fin && header_.opcode != 0));
    if (!in_place) (control ? control_ : message_).append(chunk);
    if (remaining_ > 0) return {};

    phase_ = phase::header;
    std::string_view payload = in_place ? chunk : control ? std::string_view(control_) : std::string_view(message_);
    if (!control) {
      if (!header_.fin) continue;  // a fragment: the message goes on
      if (!utf8_.at_boundary()) {
        return fail(close_code::invalid_payload, "A text message ends inside a character.");
      }
      utf8_.reset();
      in_message_ = false;
      release_message_ = !in_place;
      return {frame_event::kind::text, payload, 0, {}};
    }
    release_control_ = !in_place;
    switch (static_cast<opcode>(header_.opcode)) {
      case opcode::ping:
        return {frame_event::kind::ping, payload, 0, {}};
      case opcode::pong:
        return {frame_event::kind::pong, payload, 0, {}};
      default:
        break;
    }
    // A close: no payload, or a code and a UTF-8 reason.
    if (payload.size() == 1) return fail(close_code::protocol_error, "A close frame has one byte: a code takes two.");
    std::uint16_t code = close_code::no_status;
    std::string_view reason;
    if (payload.size() >= 2) {
      code = static_cast<std::uint16_t>(read_big_endian(reinterpret_cast<const std::uint8_t*>(payload.data()), 2));
      if (!is_valid_close_code(code)) {
        return fail(close_code::protocol_error, "A close frame has a code no endpoint may send.");
      }
      reason = payload.substr(2);
      utf8_validator check;
      if (!check.feed(reason) || !check.at_boundary()) {
        return fail(close_code::invalid_payload, "A close reason is not valid UTF-8.");
      }
    }
    closed_ = true;
    return {frame_event::kind::close, reason, code, {}};
  }
}

// ── Server encoders ────────────────────────────────────────────────────────

std::size_t write_header(std::span<char> out, std::size_t payload_size, opcode op) {
  std::size_t size = header_size(payload_size);
  assert(out.size() >= size);
  out[0] = static_cast<char>(0x80 | static_cast<std::uint8_t>(op));
  if (size == 2) {
    out[1] = static_cast<char>(payload_size);
  } else if (size == 4) {
    out[1] = 126;
    write_big_endian(&out[2], payload_size, 2);
  } else {
    out[1] = 127;
    write_big_endian(&out[2], payload_size, 8);
  }
  return size;
}

std::size_t write_frame(std::span<char> out, std::string_view payload, opcode op) {
  assert(out.size() >= framed_size(payload.size()));
  std::size_t size = write_header(out, payload.size(), op);
  if (!payload.empty()) std::memcpy(out.data() + size, payload.data(), payload.size());
  return size + payload.size();
}

std::string text_frame(std::string_view payload) {
  return frame_of(opcode::text, payload);
}

std::string close_frame(std::uint16_t code, std::string_view reason) {
  if (code == close_code::no_status) return frame_of(opcode::close, {});
  std::string payload(2, '\0');
  write_big_endian(payload.data(), code, 2);
  payload += utf8::prefix_within(reason, max_control_payload - 2);
  return frame_of(opcode::close, payload);
}

std::string ping_frame(std::string_view payload) {
  return frame_of(opcode::ping, payload.substr(0, max_control_payload));
}

std::string pong_frame(std::string_view payload) {
  return frame_of(opcode::pong, payload.substr(0, max_control_payload));
}

// ── A client encoder ───────────────────────────────────────────────────────

std::string client_frame(std::uint8_t op, std::string_view payload, const client_frame_options& options) {
  std::size_t n = payload.size();
  int extended = options.extended_length;
  if (extended == 0) extended = n < 126 ? 0 : n <= 0xFFFF ? 2 : 8;
  assert(extended == 0 || extended == 2 || extended == 8);
  assert(extended != 2 || n <= 0xFFFF);
  std::string out;
  out += static_cast<char>((options.fin ? 0x80 : 0) | ((options.rsv & 7) << 4) | (op & 0x0F));
  std::uint8_t length7 = extended == 0 ? static_cast<std::uint8_t>(n) : extended == 2 ? 126 : 127;
  out += static_cast<char>((options.masked ? 0x80 : 0) | length7);
  if (extended != 0) {
    out.resize(2 + extended);
    write_big_endian(&out[2], n, extended);
  }
  if (options.masked) out.append(reinterpret_cast<const char*>(options.mask.data()), 4);
  std::size_t start = out.size();
  out += payload;
  if (options.masked) {
    for (std::size_t i = 0; i < n; ++i) out[start + i] = static_cast<char>(out[start + i] ^ options.mask[i & 3]);
  }
  return out;
}

}  // namespace charla::net::ws
