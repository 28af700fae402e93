#pragma once
// The client side of a WebSocket (RFC 6455), as far as the generator needs
// it: the upgrade request, the server's 101 answer, masked text frames out,
// unmasked frames in. Text messages only, no extensions, no fragments (none
// of the servers measured fragments a message of this size).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace charla::bench::websocket {

// GET `path` with the upgrade headers, for the server at host:port.
std::string upgrade_request(std::string_view host, std::uint16_t port, std::string_view path);

// The server's answer to the upgrade, read from the front of `data`.
struct answer {
  std::size_t used = 0;    // bytes of the answer (0 while incomplete)
  bool accepted = false;   // "HTTP/1.1 101"
  std::string_view first;  // its first line, for the error message
};
answer read_answer(std::string_view data);

// Appends one final, masked text frame carrying `payload` to `out`.
// `mask_seed` is advanced (a xorshift) to give every frame its own key.
void append_text_frame(std::string& out, std::string_view payload, std::uint32_t& mask_seed);
// A masked pong answering a ping's `payload`.
void append_pong(std::string& out, std::string_view payload, std::uint32_t& mask_seed);

enum class frame_kind { text, ping, close, other, malformed };

// Calls on_frame(kind, payload) for each complete server frame at the front
// of `data`; returns the bytes used (a partial last frame is given again,
// with more). Stops at a malformed frame (masked, fragmented or over 1 MiB)
// after reporting it.
template <typename F>
std::size_t for_each_frame(std::string_view data, F&& on_frame) {
  std::size_t pos = 0;
  while (data.size() - pos >= 2) {
    auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(data[pos + i]); };
    const std::uint8_t b0 = byte(0), b1 = byte(1);
    std::size_t header = 2;
    std::uint64_t length = b1 & 0x7F;
    if (length == 126) {
      header = 4;
      if (data.size() - pos < header) break;
      length = (std::uint64_t{byte(2)} << 8) | byte(3);
    } else if (length == 127) {
      header = 10;
      if (data.size() - pos < header) break;
      length = 0;
      for (int i = 2; i < 10; ++i) length = (length << 8) | byte(i);
    }
    if ((b1 & 0x80) || !(b0 & 0x80) || length > (1u << 20)) {
      on_frame(frame_kind::malformed, data.substr(pos, header));
      return data.size();
    }
    if (data.size() - pos - header < length) break;
    std::string_view payload = data.substr(pos + header, static_cast<std::size_t>(length));
    const std::uint8_t op = b0 & 0x0F;
    on_frame(op == 0x1   ? frame_kind::text
             : op == 0x9 ? frame_kind::ping
             : op == 0x8 ? frame_kind::close
                         : frame_kind::other,
             payload);
    pos += header + static_cast<std::size_t>(length);
  }
  return pos;
}

}  // namespace charla::bench::websocket
