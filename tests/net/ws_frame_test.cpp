// Frame decoder and encoders. The decoder cases follow the sections of the
// Autobahn|Testsuite (1 framing, 2 ping/pong, 3 reserved bits, 4 opcodes,
// 5 fragmentation, 6 UTF-8, 7 close, 9 limits), rewritten as tables over
// bytes: each input is also fed one byte at a time and in random chunks,
// and must give the same events.
#include "net/ws/frame.hpp"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace charla::net::ws {
namespace {

using kind = frame_event::kind;

struct event {
  kind type;
  std::string payload;
  std::uint16_t code = 0;
  bool operator==(const event&) const = default;
};

std::ostream& operator<<(std::ostream& os, const event& e) {
  static const char* names[] = {"need_more", "text", "ping", "pong", "close", "error"};
  os << names[static_cast<int>(e.type)] << "(" << e.payload.size() << " bytes";
  if (e.code) os << ", code " << e.code;
  return os << ")";
}

event text(std::string s) {
  return {kind::text, std::move(s)};
}
event ping(std::string s = {}) {
  return {kind::ping, std::move(s)};
}
event pong(std::string s = {}) {
  return {kind::pong, std::move(s)};
}
event close(std::uint16_t code, std::string reason = {}) {
  return {kind::close, std::move(reason), code};
}
event error(std::uint16_t code) {
  return {kind::error, {}, code};
}

// Feeds `bytes` in pieces of the sizes `next_chunk` returns and collects
// every event up to the first error or close. Copies the bytes first: the
// decoder unmasks in place.
template <typename NextChunk>
std::vector<event> decode(std::string bytes, std::size_t max_message, NextChunk next_chunk) {
  frame_decoder d(max_message);
  std::vector<event> out;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t n = std::min(next_chunk(), bytes.size() - pos);
    std::span<char> input(bytes.data() + pos, n);
    for (;;) {
      auto e = d.next(input);
      if (e.type == kind::need_more) break;
      out.push_back({e.type, std::string(e.payload), e.code});
      if (e.type == kind::error || e.type == kind::close) return out;
    }
    EXPECT_TRUE(input.empty()) << "need_more before the input was used up";
    pos += n;
  }
  return out;
}

std::vector<event> decode_whole(const std::string& bytes, std::size_t max_message = 1 << 20) {
  return decode(bytes, max_message, [&] { return bytes.size(); });
}

// The events must not depend on how the bytes are cut.
void expect_events(const std::string& bytes, const std::vector<event>& expected, std::size_t max_message = 1 << 20,
                   const char* name = "") {
  EXPECT_EQ(decode_whole(bytes, max_message), expected) << name << " (whole)";
  EXPECT_EQ(decode(bytes, max_message, [] { return std::size_t{1}; }), expected) << name << " (byte by byte)";
  std::mt19937 rng(static_cast<unsigned>(bytes.size()));
  EXPECT_EQ(decode(bytes, max_message, [&] { return std::size_t{1} + rng() % 997; }), expected)
      << name << " (random chunks)";
}

std::string frame(opcode op, std::string_view payload, client_frame_options o = {}) {
  return client_frame(op, payload, o);
}
std::string frame(std::uint8_t op, std::string_view payload, client_frame_options o = {}) {
  return client_frame(op, payload, o);
}
client_frame_options fragment() {
  client_frame_options o;
  o.fin = false;
  return o;
}
client_frame_options with_rsv(std::uint8_t rsv) {
  client_frame_options o;
  o.rsv = rsv;
  return o;
}

std::string close_payload(std::uint16_t code, std::string_view reason = {}) {
  std::string p;
  p += static_cast<char>(code >> 8);
  p += static_cast<char>(code & 0xFF);
  return p += reason;
}

// ── 1.x framing ───────────────────────────────────────────────────────────

TEST(WsFrame, TextOfEveryLengthForm) {
  // 7-bit (0..125), 16-bit (126..65535) and 64-bit (65536..) lengths.
  for (std::size_t n : {0, 1, 125, 126, 127, 128, 1000, 65535, 65536, 65537, 200000}) {
    std::string payload(n, 'a');
    for (std::size_t i = 0; i < n; ++i) payload[i] = static_cast<char>('a' + i % 26);
    std::string bytes = frame(opcode::text, payload);
    EXPECT_EQ(bytes.size(), n + 2 + (n < 126 ? 0 : n <= 65535 ? 2 : 8) + 4);
    expect_events(bytes, {text(payload)}, 1 << 20, std::to_string(n).c_str());
  }
}

TEST(WsFrame, SeveralMessagesInOneRead) {
  std::string bytes = frame(opcode::text, "uno") + frame(opcode::text, "") + frame(opcode::text, "tres");
  expect_events(bytes, {text("uno"), text(""), text("tres")});
}

// An unfragmented frame that arrived whole is handed out in place: the view
// points into the caller's buffer, unmasked there.
TEST(WsFrame, WholeFramesAreNotCopied) {
  std::string bytes = frame(opcode::text, "hola") + frame(opcode::ping, "p");
  frame_decoder d(1024);
  std::span<char> input(bytes);
  auto e = d.next(input);
  ASSERT_EQ(e.type, kind::text);
  EXPECT_EQ(e.payload, "hola");
  EXPECT_EQ(e.payload.data(), bytes.data() + 6);
  EXPECT_EQ(d.pending_bytes(), 0u);
  auto p = d.next(input);
  ASSERT_EQ(p.type, kind::ping);
  EXPECT_EQ(p.payload.data(), bytes.data() + 10 + 6);
  EXPECT_TRUE(input.empty());
  EXPECT_EQ(d.next(input).type, kind::need_more);
  EXPECT_EQ(d.frames(), 2u);
  EXPECT_EQ(d.last_header().opcode, 0x9);
  EXPECT_TRUE(d.last_header().masked);
  EXPECT_EQ(d.last_header().length, 1u);
}

TEST(WsFrame, UnmaskedClientFramesAreRefused) {
  client_frame_options bare;
  bare.masked = false;
  for (auto op : {opcode::text, opcode::ping, opcode::close, opcode::pong}) {
    expect_events(frame(op, "x", bare), {error(close_code::protocol_error)});
  }
  // After a good message, too; the first message still arrives.
  expect_events(frame(opcode::text, "ok") + frame(opcode::text, "x", bare),
                {text("ok"), error(close_code::protocol_error)});
}

TEST(WsFrame, LengthsNotInTheShortestFormAreRefused) {
  client_frame_options o;
  o.extended_length = 2;
  expect_events(frame(opcode::text, std::string(125, 'a'), o), {error(close_code::protocol_error)});
  o.extended_length = 8;
  expect_events(frame(opcode::text, std::string(65535, 'a'), o), {error(close_code::protocol_error)});
  // The top bit of a 64-bit length must be 0.
  std::string huge("\x81\xFF\x80\x00\x00\x00\x00\x00\x00\x01\x01\x02\x03\x04", 14);
  expect_events(huge, {error(close_code::protocol_error)});
}

TEST(WsFrame, BinaryMessagesAreRefusedWith1003) {
  expect_events(frame(opcode::binary, "\x00\x01\x02"), {error(close_code::unsupported_data)});
  expect_events(frame(opcode::binary, ""), {error(close_code::unsupported_data)});
  // Refused at the first byte: nothing else need arrive.
  std::string bytes = frame(opcode::binary, std::string(1000, 'b'));
  frame_decoder d(1 << 20);
  std::span<char> input(bytes.data(), 1);
  EXPECT_EQ(d.next(input).code, close_code::unsupported_data);
}

// ── 2.x ping and pong ─────────────────────────────────────────────────────

TEST(WsFrame, PingsAndPongs) {
  std::string all_bytes;
  for (int i = 0; i < 125; ++i) all_bytes += static_cast<char>(i * 2 + 1);
  expect_events(frame(opcode::ping, ""), {ping()});
  expect_events(frame(opcode::ping, "Hello, world!"), {ping("Hello, world!")});
  expect_events(frame(opcode::ping, all_bytes), {ping(all_bytes)});  // 125 bytes, not UTF-8: fine
  expect_events(frame(opcode::pong, "unsolicited"), {pong("unsolicited")});
  std::string ten;
  std::vector<event> ten_pings;
  for (int i = 0; i < 10; ++i) {
    ten += frame(opcode::ping, "ping " + std::to_string(i));
    ten_pings.push_back(ping("ping " + std::to_string(i)));
  }
  expect_events(ten, ten_pings);
}

TEST(WsFrame, ControlFramesOver125BytesAreRefused) {
  for (auto op : {opcode::ping, opcode::pong, opcode::close}) {
    std::string payload(126, 'x');
    if (op == opcode::close) payload = close_payload(1000, std::string(124, 'r'));
    expect_events(frame(op, payload), {error(close_code::protocol_error)});
  }
  // Refused at the second byte, before any length or payload.
  std::string bytes = frame(opcode::ping, std::string(200, 'x'));
  frame_decoder d(1024);
  std::span<char> input(bytes.data(), 2);
  EXPECT_EQ(d.next(input).code, close_code::protocol_error);
}

// ── 3.x reserved bits ─────────────────────────────────────────────────────

TEST(WsFrame, ReservedBitsAreRefused) {
  for (std::uint8_t rsv = 1; rsv <= 7; ++rsv) {
    expect_events(frame(opcode::text, "Hello", with_rsv(rsv)), {error(close_code::protocol_error)});
    expect_events(frame(opcode::ping, "p", with_rsv(rsv)), {error(close_code::protocol_error)});
    expect_events(frame(opcode::close, close_payload(1000), with_rsv(rsv)), {error(close_code::protocol_error)});
    // Autobahn 3.2/3.3: a good text, then the bad frame, then a ping never seen.
    expect_events(frame(opcode::text, "ok") + frame(opcode::text, "bad", with_rsv(rsv)) + frame(opcode::ping, ""),
                  {text("ok"), error(close_code::protocol_error)});
  }
}

// ── 4.x opcodes ───────────────────────────────────────────────────────────

TEST(WsFrame, ReservedOpcodesAreRefused) {
  for (std::uint8_t op : {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
    expect_events(frame(op, ""), {error(close_code::protocol_error)});
    expect_events(frame(op, "reserved"), {error(close_code::protocol_error)});
    expect_events(frame(opcode::text, "ok") + frame(op, "r") + frame(opcode::ping, ""),
                  {text("ok"), error(close_code::protocol_error)});
  }
}

// ── 5.x fragmentation ─────────────────────────────────────────────────────

TEST(WsFrame, FragmentsAreJoined) {
  expect_events(frame(opcode::text, "frag", fragment()) + frame(opcode::continuation, "ment"), {text("fragment")});
  // Many fragments, some empty.
  std::string bytes = frame(opcode::text, "", fragment());
  std::string expected;
  for (int i = 0; i < 50; ++i) {
    std::string piece = i % 7 == 0 ? "" : std::to_string(i) + ",";
    bytes += frame(opcode::continuation, piece, fragment());
    expected += piece;
  }
  bytes += frame(opcode::continuation, "fin");
  expect_events(bytes, {text(expected + "fin")});
  // Fragments of the 16- and 64-bit length forms.
  std::string big(70000, 'z');
  expect_events(frame(opcode::text, big.substr(0, 300), fragment()) +
                    frame(opcode::continuation, big.substr(300, 65000), fragment()) +
                    frame(opcode::continuation, big.substr(65300)),
                {text(big)});
}

TEST(WsFrame, ControlFramesBetweenFragments) {
  std::string bytes = frame(opcode::text, "Hel", fragment()) + frame(opcode::ping, "1") +
                      frame(opcode::continuation, "lo, ", fragment()) + frame(opcode::pong, "2") +
                      frame(opcode::ping, "") + frame(opcode::continuation, "world") + frame(opcode::text, "next");
  expect_events(bytes, {ping("1"), pong("2"), ping(), text("Hello, world"), text("next")});
  // A close between fragments ends it all.
  expect_events(frame(opcode::text, "a", fragment()) + frame(opcode::close, close_payload(1000)), {close(1000)});
}

TEST(WsFrame, FragmentedControlFramesAreRefused) {
  for (auto op : {opcode::ping, opcode::pong, opcode::close}) {
    expect_events(frame(op, "x", fragment()) + frame(opcode::continuation, "y"), {error(close_code::protocol_error)});
  }
}

TEST(WsFrame, BadContinuationsAreRefused) {
  const std::uint16_t e = close_code::protocol_error;
  // A continuation with nothing to continue (5.9-5.14), with and without FIN.
  expect_events(frame(opcode::continuation, "x"), {error(e)});
  expect_events(frame(opcode::continuation, "x", fragment()) + frame(opcode::text, "y"), {error(e)});
  expect_events(frame(opcode::text, "done") + frame(opcode::continuation, "late"), {text("done"), error(e)});
  // A new message before the first ended (5.15-5.18).
  expect_events(frame(opcode::text, "a", fragment()) + frame(opcode::text, "b"), {error(e)});
  expect_events(frame(opcode::text, "a", fragment()) + frame(opcode::text, "b", fragment()), {error(e)});
  expect_events(frame(opcode::text, "a", fragment()) + frame(opcode::binary, "b"), {error(e)});
}

// ── 6.x UTF-8 ─────────────────────────────────────────────────────────────

TEST(WsFrame, ValidUtf8InAnyFragmentation) {
  const std::string texts[] = {"¡Ñandú! ¿Qué tal? 😀👩‍👩‍👧 مرحبا",
                               "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5", "\xF4\x8F\xBF\xBF", "\xEF\xBF\xBF",
                               "\xED\x9F\xBF"};
  for (const auto& t : texts) {
    expect_events(frame(opcode::text, t), {text(t)});
    // Cut into two fragments at every byte, also inside a character.
    for (std::size_t cut = 0; cut <= t.size(); ++cut) {
      expect_events(frame(opcode::text, t.substr(0, cut), fragment()) + frame(opcode::continuation, t.substr(cut)),
                    {text(t)});
    }
    // One byte per fragment.
    std::string bytes = frame(opcode::text, "", fragment());
    for (char c : t) bytes += frame(opcode::continuation, std::string(1, c), fragment());
    bytes += frame(opcode::continuation, "");
    expect_events(bytes, {text(t)});
  }
}

TEST(WsFrame, InvalidUtf8IsRefusedWith1007) {
  const std::uint16_t e = close_code::invalid_payload;
  const std::string bad[] = {"\xFF",
                             "\xC0\xAF",
                             "\xED\xA0\x80",
                             "\xF4\x90\x80\x80",
                             "\x80",
                             "a\xC2",
                             "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80\x65\x64\x69\x74\x65\x64",
                             "\xE0\x80\xAF",
                             "\xF8\x88\x80\x80\x80"};
  for (const auto& t : bad) {
    expect_events(frame(opcode::text, t), {error(e)});
    for (std::size_t cut = 0; cut <= t.size(); ++cut) {
      expect_events(frame(opcode::text, t.substr(0, cut), fragment()) + frame(opcode::continuation, t.substr(cut)),
                    {error(e)});
    }
  }
  // A character cut by the end of the message: the first fragment is fine,
  // the message is not.
  expect_events(frame(opcode::text, "ok\xE2\x82", fragment()) + frame(opcode::continuation, ""), {error(e)});
  expect_events(frame(opcode::text, "ok\xE2\x82"), {error(e)});
}

// Autobahn 6.4: the decoder fails as soon as an impossible byte arrives,
// before the rest of the frame.
TEST(WsFrame, InvalidUtf8FailsFast) {
  std::string payload =
      "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5" + std::string("\xF4\x90\x80\x80") + std::string(1000, 'a');
  std::string bytes = frame(opcode::text, payload);
  frame_decoder d(1 << 20);
  // Header (8 bytes) and the payload up to F4 90.
  std::span<char> head(bytes.data(), 8 + 11 + 1);
  EXPECT_EQ(d.next(head).type, kind::need_more) << "F4 alone may still be valid";
  std::span<char> one_more(bytes.data() + 20, 1);
  EXPECT_EQ(d.next(one_more).code, close_code::invalid_payload);
  // Across fragments: the first fragment is fine, the second fails at once.
  frame_decoder f(1 << 20);
  std::string frags = frame(opcode::text, "\xF0", fragment()) + frame(opcode::continuation, "\x9F\x98\x80 plus more");
  std::span<char> input(frags);
  auto ev = f.next(input);
  EXPECT_EQ(ev.type, kind::text);
  EXPECT_EQ(ev.payload, "😀 plus more");
  std::string bad =
      frame(opcode::text, "\xF0", fragment()) + frame(opcode::continuation, "\x7F" + std::string(500, 'x'));
  frame_decoder g(1 << 20);
  std::span<char> part(bad.data(), 7 + 8 + 1);  // the first fragment, the second's header and one byte
  EXPECT_EQ(g.next(part).code, close_code::invalid_payload);
}

// ── 7.x close ─────────────────────────────────────────────────────────────

TEST(WsFrame, CloseFrames) {
  expect_events(frame(opcode::close, ""), {close(close_code::no_status)});
  expect_events(frame(opcode::close, close_payload(1000)), {close(1000)});
  expect_events(frame(opcode::close, close_payload(1000, "Hasta luego ñ")), {close(1000, "Hasta luego ñ")});
  std::string reason(123, 'r');
  expect_events(frame(opcode::close, close_payload(1001, reason)), {close(1001, reason)});
  // One byte cannot hold a code.
  expect_events(frame(opcode::close, "\x03"), {error(close_code::protocol_error)});
  // The reason must be UTF-8.
  expect_events(frame(opcode::close, close_payload(1000, "\xFF\xFE")), {error(close_code::invalid_payload)});
  expect_events(frame(opcode::close, close_payload(1000, "a\xE2\x82")), {error(close_code::invalid_payload)});
}

TEST(WsFrame, CloseCodesValidAndInvalid) {
  // Autobahn 7.7.x plus the registered 1012-1014.
  for (std::uint16_t code :
       {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999}) {
    EXPECT_TRUE(is_valid_close_code(code)) << code;
    expect_events(frame(opcode::close, close_payload(code, "bye")), {close(code, "bye")});
  }
  // Autobahn 7.9.x and more.
  for (std::uint16_t code : {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
    EXPECT_FALSE(is_valid_close_code(code)) << code;
    expect_events(frame(opcode::close, close_payload(code)), {error(close_code::protocol_error)});
  }
}

// After a close the decoder takes nothing more; after an error it keeps
// returning that error.
TEST(WsFrame, NothingAfterCloseOrError) {
  std::string bytes = frame(opcode::close, close_payload(1000)) + frame(opcode::text, "late");
  frame_decoder d(1024);
  std::span<char> input(bytes);
  EXPECT_EQ(d.next(input).type, kind::close);
  EXPECT_TRUE(d.closed());
  std::size_t left = input.size();
  EXPECT_EQ(d.next(input).type, kind::need_more);
  EXPECT_EQ(input.size(), left);

  std::string bad = frame(opcode::text, "x", with_rsv(4)) + frame(opcode::text, "y");
  frame_decoder e(1024);
  std::span<char> in2(bad);
  EXPECT_EQ(e.next(in2).code, close_code::protocol_error);
  EXPECT_TRUE(e.failed());
  left = in2.size();
  EXPECT_EQ(e.next(in2).code, close_code::protocol_error);
  EXPECT_EQ(in2.size(), left);
}

// ── 9.x limits ────────────────────────────────────────────────────────────

TEST(WsFrame, MessageAtTheLimitPassesAndOverIsRefused) {
  const std::size_t limit = 64 * 1024;
  std::string at(limit, 'a');
  expect_events(frame(opcode::text, at), {text(at)}, limit);
  expect_events(frame(opcode::text, at + "b"), {error(close_code::too_big)}, limit);
  // Fragments count together.
  expect_events(frame(opcode::text, at.substr(0, 1000), fragment()) + frame(opcode::continuation, at.substr(1000)),
                {text(at)}, limit);
  expect_events(frame(opcode::text, at.substr(0, 1000), fragment()) +
                    frame(opcode::continuation, at.substr(1000), fragment()) + frame(opcode::continuation, "b"),
                {error(close_code::too_big)}, limit);
}

// Over the limit is refused from the header alone: the payload is never read.
TEST(WsFrame, OverTheLimitIsRefusedAtTheHeader) {
  for (std::size_t n : {1025, 65536, 1 << 24}) {
    std::string header = frame(opcode::text, std::string(n, 'x')).substr(0, n < 65536 ? 8 : 14);
    frame_decoder d(1024);
    std::span<char> input(header);
    auto e = d.next(input);
    EXPECT_EQ(e.type, kind::error) << n;
    EXPECT_EQ(e.code, close_code::too_big) << n;
    EXPECT_EQ(d.pending_bytes(), 0u);
  }
  // A 64-bit length near 2^63 does not wrap around the check.
  std::string huge = "\x81\xFF\x7F\xFF\xFF\xFF\xFF\xFF\xFF\xFF" + std::string("\x01\x02\x03\x04");
  expect_events(huge, {error(close_code::too_big)}, 1024);
}

// What the decoder holds is bounded by the limit whatever the cut.
TEST(WsFrame, HeldBytesStayUnderTheLimit) {
  const std::size_t limit = 4096;
  std::string bytes;
  for (int i = 0; i < 8; ++i)
    bytes += frame(i == 0 ? opcode::text : opcode::continuation, std::string(512, 'm'), fragment());
  bytes += frame(opcode::continuation, "");
  frame_decoder d(limit);
  std::size_t max_held = 0;
  for (std::size_t pos = 0; pos < bytes.size(); pos += 100) {
    std::span<char> input(bytes.data() + pos, std::min<std::size_t>(100, bytes.size() - pos));
    for (;;) {
      auto e = d.next(input);
      if (e.type == kind::need_more) break;
      EXPECT_EQ(e.type, kind::text);
      EXPECT_EQ(e.payload.size(), 4096u);
    }
    max_held = std::max(max_held, d.pending_bytes());
  }
  EXPECT_LE(max_held, limit);
}

// ── Server encoders ───────────────────────────────────────────────────────

TEST(WsFrame, HeaderSizes) {
  EXPECT_EQ(header_size(0), 2u);
  EXPECT_EQ(header_size(125), 2u);
  EXPECT_EQ(header_size(126), 4u);
  EXPECT_EQ(header_size(65535), 4u);
  EXPECT_EQ(header_size(65536), 10u);
  EXPECT_EQ(framed_size(100), 102u);
  EXPECT_EQ(framed_size(1000), 1004u);
  EXPECT_EQ(framed_size(100000), 100010u);
}

TEST(WsFrame, ServerHeadersAreUnmaskedAndFinal) {
  char out[max_header_size];
  EXPECT_EQ(write_header(out, 5), 2u);
  EXPECT_EQ(std::string(out, 2), "\x81\x05");
  EXPECT_EQ(write_header(out, 126), 4u);
  EXPECT_EQ(std::string(out, 4), std::string("\x81\x7E\x00\x7E", 4));
  EXPECT_EQ(write_header(out, 65535), 4u);
  EXPECT_EQ(std::string(out, 4), "\x81\x7E\xFF\xFF");
  EXPECT_EQ(write_header(out, 65536), 10u);
  EXPECT_EQ(std::string(out, 10), std::string("\x81\x7F\x00\x00\x00\x00\x00\x01\x00\x00", 10));
  EXPECT_EQ(write_header(out, 3, opcode::pong), 2u);
  EXPECT_EQ(std::string(out, 2), "\x8A\x03");
}

// A transport gathers frames into one buffer: header then payload, back to
// back, with no allocation.
TEST(WsFrame, WriteFrameGathersIntoABuffer) {
  std::vector<char> scratch(1024);
  std::size_t used = 0;
  for (std::string_view json : {R"({"type":"ping","ts":1})", R"({"type":"msg","id":1})"}) {
    used += write_frame(std::span<char>(scratch).subspan(used), json);
  }
  std::string expected =
      std::string("\x81\x16") + R"({"type":"ping","ts":1})" + "\x81\x15" + R"({"type":"msg","id":1})";
  EXPECT_EQ(std::string(scratch.data(), used), expected);
  EXPECT_EQ(text_frame("hi"), "\x81\x02hi");
}

TEST(WsFrame, ControlBuilders) {
  EXPECT_EQ(close_frame(1000), std::string("\x88\x02\x03\xE8", 4));
  EXPECT_EQ(close_frame(1009, "too big"), std::string("\x88\x09\x03\xF1too big", 11));
  EXPECT_EQ(close_frame(close_code::no_status), std::string("\x88\x00", 2));
  // A long reason is cut to fit 125 bytes, on a character boundary.
  std::string reason;
  for (int i = 0; i < 100; ++i) reason += "ñ";
  std::string c = close_frame(1000, reason);
  ASSERT_LE(c.size(), 2u + 125u);
  EXPECT_EQ(static_cast<unsigned char>(c[1]), 124u) << "61 two-byte characters";
  EXPECT_EQ(ping_frame(), std::string("\x89\x00", 2));
  EXPECT_EQ(ping_frame(std::string(200, 'p')).size(), 127u);
  EXPECT_EQ(pong_frame("abc"),
            "\x8A\x03"
            "abc");
}

// What the server sends, masked as a client would, decodes to the same
// events: encoders and decoder agree.
TEST(WsFrame, EncodersAndDecoderAgree) {
  auto as_client = [](const std::string& server) {
    auto op = static_cast<std::uint8_t>(server[0] & 0x0F);
    std::size_t h = header_size(server.size() - 2);
    // Server frames here are short: the payload starts after the header.
    std::size_t start = static_cast<unsigned char>(server[1]) < 126 ? 2 : h;
    return client_frame(op, std::string_view(server).substr(start));
  };
  expect_events(as_client(close_frame(1001, "adiós")), {close(1001, "adiós")});
  expect_events(as_client(ping_frame("x")), {ping("x")});
  expect_events(as_client(pong_frame("y")), {pong("y")});
  expect_events(as_client(text_frame("¡hola!")), {text("¡hola!")});
}

// Random valid streams, cut at random: the same messages as built.
TEST(WsFrame, RandomStreamsDecodeToWhatWasSent) {
  std::mt19937 rng(20261202);
  const std::string alphabet[] = {"a", "ñ", "€", "😀", "{", "\"", " "};
  for (int round = 0; round < 300; ++round) {
    std::string bytes;
    std::vector<event> expected;
    int messages = 1 + rng() % 6;
    for (int m = 0; m < messages; ++m) {
      std::string t;
      std::size_t chars = rng() % 300;
      for (std::size_t i = 0; i < chars; ++i) t += alphabet[rng() % 7];
      std::size_t pieces = 1 + rng() % 4, pos = 0;
      for (std::size_t p = 0; p < pieces; ++p) {
        std::size_t end = p + 1 == pieces ? t.size() : pos + rng() % (t.size() - pos + 1);
        client_frame_options o;
        o.fin = p + 1 == pieces;
        for (auto& b : o.mask) b = static_cast<std::uint8_t>(rng());
        bytes += client_frame(p == 0 ? opcode::text : opcode::continuation, t.substr(pos, end - pos), o);
        pos = end;
        if (p + 1 < pieces && rng() % 4 == 0) {
          bytes += frame(opcode::ping, "k");
          expected.push_back(ping("k"));
        }
      }
      expected.push_back(text(t));
    }
    ASSERT_EQ(decode(bytes, 1 << 20, [&] { return std::size_t{1} + rng() % 64; }), expected) << "round " << round;
  }
}

}  // namespace
}  // namespace charla::net::ws
