#pragma once
// The text every benchmark message carries, identical for every server:
//
//   "<sender> <sequence> <send time in ns> xxxx..."   (padded to the size)
//
// Plain ASCII digits and 'x', so no JSON escaping is ever needed and a
// receiver finds the three numbers without a JSON parser.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace charla::bench {

struct payload_header {
  std::uint32_t sender = 0;
  std::uint64_t seq = 0;
  std::int64_t sent_ns = 0;
};

template <typename N>
void append_number(std::string& out, N n) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

inline void append_payload(std::string& out, const payload_header& h, std::size_t size) {
  std::size_t before = out.size();
  append_number(out, h.sender);
  out += ' ';
  append_number(out, h.seq);
  out += ' ';
  append_number(out, h.sent_ns);
  out += ' ';
  std::size_t n = out.size() - before;
  if (size > n) out.append(size - n, 'x');
}

inline std::optional<payload_header> parse_payload(std::string_view text) {
  payload_header h;
  const char* p = text.data();
  const char* end = p + text.size();
  auto r = std::from_chars(p, end, h.sender);
  if (r.ec != std::errc() || r.ptr == end || *r.ptr != ' ') return std::nullopt;
  r = std::from_chars(r.ptr + 1, end, h.seq);
  if (r.ec != std::errc() || r.ptr == end || *r.ptr != ' ') return std::nullopt;
  r = std::from_chars(r.ptr + 1, end, h.sent_ns);
  if (r.ec != std::errc()) return std::nullopt;
  return h;
}

}  // namespace charla::bench
