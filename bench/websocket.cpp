#include "bench/websocket.hpp"

#include <array>

namespace charla::bench::websocket {
namespace {

std::uint32_t next_mask(std::uint32_t& state) {
  // xorshift32: cheap, and never 0 once seeded with a non-zero value.
  if (state == 0) state = 0x9E3779B9u;
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return state;
}

void append_frame(std::string& out, std::uint8_t opcode, std::string_view payload, std::uint32_t& mask_seed) {
  const std::size_t n = payload.size();
  out += static_cast<char>(0x80 | opcode);
  if (n < 126) {
    out += static_cast<char>(0x80 | n);
  } else if (n <= 0xFFFF) {
    out += static_cast<char>(0x80 | 126);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xFF);
  } else {
    out += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8)
      out += static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xFF);
  }
  const std::uint32_t m = next_mask(mask_seed);
  const std::array<char, 4> key{static_cast<char>(m >> 24), static_cast<char>(m >> 16), static_cast<char>(m >> 8),
                                static_cast<char>(m)};
  out.append(key.data(), key.size());
  const std::size_t start = out.size();
  out.append(payload);
  for (std::size_t i = 0; i < n; ++i) out[start + i] ^= key[i & 3];
}

}  // namespace

std::string upgrade_request(std::string_view host, std::uint16_t port, std::string_view path) {
  std::string r = "GET ";
  r += path;
  r += " HTTP/1.1\r\nHost: ";
  r += host;
  r += ':';
  r += std::to_string(port);
  // The RFC's sample key: the generator does not check the accept value, it
  // measures the servers, not their handshakes.
  r += "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
       "Sec-WebSocket-Version: 13\r\n\r\n";
  return r;
}

answer read_answer(std::string_view data) {
  answer a;
  const std::size_t end = data.find("\r\n\r\n");
  if (end == std::string_view::npos) return a;
  a.used = end + 4;
  a.first = data.substr(0, data.find("\r\n"));
  a.accepted = a.first.starts_with("HTTP/1.1 101");
  return a;
}

void append_text_frame(std::string& out, std::string_view payload, std::uint32_t& mask_seed) {
  append_frame(out, 0x1, payload, mask_seed);
}

void append_pong(std::string& out, std::string_view payload, std::uint32_t& mask_seed) {
  append_frame(out, 0xA, payload, mask_seed);
}

}  // namespace charla::bench::websocket
