// Fuzz target: bytes -> stream_decoder -> json_reader -> encode, the path
// every byte from the network takes (docs/HARDENING.md).
//
// Invariants checked on every input (a failure aborts, which libFuzzer
// reports as a crash):
//   1. Framing does not depend on how the bytes are cut: the whole input at
//      once, one byte at a time and pseudo-random chunks give the same
//      values and the same final status.
//   2. Framing neither loses nor invents bytes: the values are the input's
//      own bytes, in order, separated only by whitespace.
//   3. The size limit: with a small limit the values are those of the large
//      limit up to the first value over it, and too_large is reported exactly
//      when some value (finished or not) is over it; what the decoder holds
//      never exceeds the limit.
//   4. Every decoded value encodes to one valid UTF-8 line that decodes back
//      to a value encoding to the same bytes (encode is a fixed point).
//   5. A chat message survives the ASCII-only encoding and the seed's
//      numbered parts: each part at most 1024 bytes, the pieces rejoin to the
//      text exactly.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "net/codec.hpp"
#include "net/framing.hpp"
#include "net/utf8.hpp"

namespace {

using charla::net::stream_decoder;
namespace net = charla::net;

[[noreturn]] void fail(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz_decoder: invariant broken: %s\n", what);
  if (!detail.empty()) {
    std::fprintf(stderr, "  near: ");
    for (unsigned char c : detail.substr(0, 200)) std::fprintf(stderr, c >= 0x20 && c < 0x7F ? "%c" : "\\x%02x", c);
    std::fprintf(stderr, "\n");
  }
  std::abort();
}

void check(bool ok, const char* what, std::string_view detail = {}) {
  if (!ok) fail(what, detail);
}

struct value {
  stream_decoder::kind kind;
  std::string text;
  bool operator==(const value&) const = default;
};

struct framed {
  std::vector<value> values;
  stream_decoder::status status = stream_decoder::status::ok;
  bool operator==(const framed&) const = default;
};

// Feeds `input` cut at the sizes `next_chunk` returns; stops at too_large,
// as a channel does.
template <typename NextChunk>
framed frame(std::string_view input, std::size_t limit, NextChunk next_chunk) {
  stream_decoder d(limit);
  framed out;
  std::size_t pos = 0;
  while (pos < input.size()) {
    std::size_t n = std::min(next_chunk(), input.size() - pos);
    out.status = d.feed(input.substr(pos, n), [&](stream_decoder::kind k, std::string_view text) {
      out.values.push_back({k, std::string(text)});
    });
    pos += n;
    if (out.status == stream_decoder::status::too_large) break;
    check(d.pending_bytes() <= limit, "decoder holds more than the object limit");
  }
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Invariant 2; returns where the unfinished tail starts.
std::size_t check_values_are_the_input(std::string_view input, const std::vector<value>& values) {
  std::size_t pos = 0;
  for (const auto& v : values) {
    while (pos < input.size() && is_space(input[pos])) ++pos;
    check(!v.text.empty() && input.substr(pos, v.text.size()) == v.text, "a value is not the next input bytes", v.text);
    check((v.kind == stream_decoder::kind::object) == (v.text.front() == '{'), "object kind does not match '{'",
          v.text);
    // Depth is counted, brackets are not matched: `{"a":1]` is one value,
    // for the codec to refuse.
    if (v.kind == stream_decoder::kind::object) {
      check(v.text.back() == '}' || v.text.back() == ']', "object does not end with a closing bracket", v.text);
    }
    pos += v.text.size();
  }
  while (pos < input.size() && is_space(input[pos])) ++pos;
  return pos;
}

// Invariant 3.
void check_limit(std::string_view input, const framed& unlimited, std::size_t tail_start, std::size_t limit) {
  framed limited = frame(input, limit, [] { return std::size_t{64}; });
  std::size_t first_over = unlimited.values.size();
  for (std::size_t i = 0; i < unlimited.values.size(); ++i) {
    if (unlimited.values[i].text.size() > limit) {
      first_over = i;
      break;
    }
  }
  bool tail_over = input.size() - tail_start > limit;
  bool expect_too_large = first_over < unlimited.values.size() || tail_over;
  check((limited.status == stream_decoder::status::too_large) == expect_too_large, "too_large reported wrongly");
  check(limited.values.size() <= first_over, "a value over the limit was handed out");
  for (std::size_t i = 0; i < limited.values.size(); ++i) {
    check(limited.values[i] == unlimited.values[i], "the limit changed a value under it", limited.values[i].text);
  }
  if (!expect_too_large) check(limited.values.size() == unlimited.values.size(), "the limit lost a value");
}

std::string encode_any(const net::inbound& v) {
  return std::visit([](const auto& x) { return net::encode(x); }, v);
}

// Checks that `line` is one compact object on one line, valid UTF-8.
void check_one_line(const std::string& line) {
  check(!line.empty() && line.back() == '\n', "encoding does not end with a newline", line);
  check(line.find('\n') == line.size() - 1, "encoding spans several lines", line);
  check(net::utf8::is_valid(line), "encoding is not valid UTF-8", line);
  stream_decoder d(line.size() + 1);
  int objects = 0;
  d.feed(line, [&](stream_decoder::kind k, std::string_view text) {
    ++objects;
    check(k == stream_decoder::kind::object && text.size() + 1 == line.size(), "encoding frames differently", line);
  });
  check(objects == 1 && d.pending_bytes() == 0, "encoding is not exactly one object", line);
}

// Invariant 4.
void check_round_trip(net::json_reader& reader, const net::inbound& v) {
  std::string first = encode_any(v);
  check_one_line(first);
  auto again = reader.read(std::string_view(first).substr(0, first.size() - 1));
  check(again.value.has_value(), "own encoding does not decode", first);
  check(encode_any(*again.value) == first, "encode is not a fixed point", first);
}

bool seed_name(std::string_view author) {
  return net::utf8::count_code_points(author) <= net::max_author_code_points && !net::utf8::has_control(author);
}

// Invariant 5.
void check_chat(net::json_reader& reader, const net::chat_in& m) {
  std::string ascii = net::encode(m, true);
  check_one_line(ascii);
  for (unsigned char c : ascii) check(c < 0x80, "ASCII-only encoding has a non-ASCII byte", ascii);
  auto back = reader.read(std::string_view(ascii).substr(0, ascii.size() - 1));
  auto* chat = back.value ? std::get_if<net::chat_in>(&*back.value) : nullptr;
  check(chat && chat->author == m.author && chat->text == m.text && chat->cid == m.cid,
        "ASCII-only encoding changes the message", ascii);

  if (!seed_name(m.author)) return;  // the seed limits hold for names the server accepts
  for (bool ascii_only : {false, true}) {
    auto parts = net::encode_legacy_parts(m.author, m.text, ascii_only);
    check(!parts.empty(), "no legacy parts");
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const std::string& part = parts[i];
      check_one_line(part);
      check(part.size() <= net::legacy_max_object, "legacy part over 1024 bytes", part);
      if (ascii_only) {
        for (unsigned char c : part) check(c < 0x80, "ASCII-only part has a non-ASCII byte", part);
      }
      auto d = reader.read(std::string_view(part).substr(0, part.size() - 1));
      auto* p = d.value ? std::get_if<net::chat_in>(&*d.value) : nullptr;
      check(p && p->author == m.author && p->cid.empty(), "legacy part does not decode as the author's message", part);
      if (parts.size() == 1) {
        check(p->text == m.text, "single legacy object changes the text", part);
        continue;
      }
      auto numbered = net::parse_legacy_part(p->text);
      check(numbered && numbered->index == i + 1 && numbered->count == parts.size(), "legacy part is misnumbered",
            part);
      joined += numbered->piece;
    }
    if (parts.size() > 1) check(joined == m.text, "legacy parts do not rejoin to the text");
  }
}

void check_values(const framed& f) {
  net::json_reader reader;  // one per channel, reused as a channel does
  for (const auto& v : f.values) {
    if (v.kind != stream_decoder::kind::object) continue;
    auto d = reader.read(v.text);
    check(d.value.has_value() != !d.problem.empty(), "decoded and problem disagree", v.text);
    if (d.value) {
      check_round_trip(reader, *d.value);
      if (auto* m = std::get_if<net::chat_in>(&*d.value)) check_chat(reader, *m);
    }
    if (auto line = reader.read_transcript_line(v.text)) {
      std::string first = net::encode(*line);
      check_one_line(first);
      auto back = reader.read_transcript_line(std::string_view(first).substr(0, first.size() - 1));
      check(back && net::encode(*back) == first, "transcript line is not a fixed point", first);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr std::size_t big = 1 << 20;

  framed whole = frame(input, big, [&] { return input.size(); });
  framed bytewise = frame(input, big, [] { return std::size_t{1}; });
  std::uint32_t state = 2166136261u;
  for (unsigned char c : input) state = (state ^ c) * 16777619u;
  framed chunked = frame(input, big, [&] {
    state = state * 1103515245u + 12345u;
    return std::size_t{1} + (state >> 16) % 97;
  });
  check(whole == bytewise, "one byte at a time frames differently");
  check(whole == chunked, "random chunks frame differently");

  std::size_t tail = check_values_are_the_input(input, whole.values);
  for (std::size_t limit : {std::size_t{1}, std::size_t{16}, std::size_t{256}}) check_limit(input, whole, tail, limit);

  check_values(whole);
  return 0;
}
