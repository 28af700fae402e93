// Fuzz target: the WebSocket layer (net/ws/), as a browser connection's
// bytes reach it: the HTTP request parser and the handshake, then the frame
// decoder (docs/HARDENING.md).
//
// The first input byte chooses: bit 0 set, the rest is a whole connection
// (an HTTP request, and after an upgrade, frames); bit 0 clear, the rest is
// frames only (most inputs never pass a handshake). Bits 1-3 choose the
// message limit from `limits`.
//
// Invariants checked on every input (a failure aborts):
//   1. Neither parser depends on how the bytes are cut: the whole input at
//      once, one byte at a time and pseudo-random chunks give the same
//      request or status, and the same frame events.
//   2. The HTTP parser's results are what it promises: a done request's
//      bytes end with an empty line, names are lower-case tokens, values
//      hold no CR, LF or NUL, the limits hold; an error has one of its
//      statuses and a sentence.
//   3. Every answer is well formed: a head of CRLF-terminated lines with no
//      stray CR or LF (nothing from the request can inject a header), a
//      Content-Length equal to the body; an upgrade only for an allowed
//      Host and Origin and a valid key, with the right accept.
//   4. Frame events keep the rules: text is valid UTF-8 (checked by
//      simdjson, not by the decoder's own validator) and within the limit;
//      control payloads at most 125 bytes; close codes valid; errors only
//      1002, 1003, 1007 or 1009; the decoder never holds more than the
//      limit plus one control frame.
//   5. The limit: with a smaller limit the events are those of the large
//      limit up to the first message over it, where 1009 comes instead.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "net/utf8.hpp"
#include "net/ws/frame.hpp"
#include "net/ws/handshake.hpp"
#include "net/ws/http_request.hpp"

namespace {

namespace ws = charla::net::ws;
namespace utf8 = charla::net::utf8;
using ws::frame_event;
using ws::http_request_parser;

[[noreturn]] void fail(const char* what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz_ws: invariant broken: %s\n", what);
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

constexpr std::size_t limits[] = {65536, 0, 16, 125, 126, 1000, 65535, 70000};
constexpr std::size_t big_limit = 1 << 20;

// A pseudo-random chunk size generator seeded from the input.
struct chunker {
  std::uint32_t state;
  std::size_t operator()() {
    state = state * 1103515245u + 12345u;
    return std::size_t{1} + (state >> 16) % 61;
  }
};

std::uint32_t seed_of(std::string_view input) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : input) h = (h ^ c) * 16777619u;
  return h;
}

// ── HTTP ──────────────────────────────────────────────────────────────────

struct parsed {
  http_request_parser::state status = http_request_parser::state::need_more;
  std::size_t consumed = 0;  // of the whole input
  int http_status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string target;
  bool operator==(const parsed&) const = default;
};

template <typename NextChunk>
parsed parse(std::string_view input, NextChunk next_chunk, http_request_parser& p) {
  parsed out;
  std::size_t pos = 0;
  while (pos < input.size()) {
    std::size_t n = std::min(next_chunk(), input.size() - pos);
    auto r = p.feed(input.substr(pos, n));
    out.status = r.status;
    out.http_status = r.http_status;
    if (r.status == http_request_parser::state::need_more) check(r.consumed == n, "need_more left bytes unread");
    check(r.consumed <= n, "consumed more than given");
    if (r.status == http_request_parser::state::error) {
      check(!r.problem.empty(), "an HTTP error without a sentence");
      out.consumed = 0;  // nothing of a refused request is used
      break;
    }
    out.consumed = pos + r.consumed;
    if (r.status == http_request_parser::state::done) break;
    pos += n;
  }
  if (out.status == http_request_parser::state::done) {
    out.headers = p.request().headers;
    out.target = p.request().target;
  }
  return out;
}

bool is_lower_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

void check_request(std::string_view input, const parsed& r, const ws::http_request& req) {
  using state = http_request_parser::state;
  if (r.status == state::error) {
    int s = r.http_status;
    check(s == 400 || s == 405 || s == 414 || s == 431 || s == 505, "an HTTP error with an unexpected status");
    return;
  }
  if (r.status != state::done) return;
  std::string_view head = input.substr(0, r.consumed);
  check(head.size() >= 4 && head.substr(head.size() - 4) == "\r\n\r\n", "a request that does not end with CRLF CRLF",
        head);
  std::size_t line_end = head.find("\r\n");
  check(line_end + 2 <= ws::http_limits{}.max_request_line, "request line over its limit");
  check(head.size() - line_end - 2 <= ws::http_limits{}.max_header_bytes, "headers over their limit");
  check(req.method == "GET" && req.version == "HTTP/1.1", "a done request that is not GET HTTP/1.1");
  check(!req.target.empty() && req.target[0] == '/' && req.target.substr(0, req.path.size()) == req.path,
        "bad target or path");
  check(req.headers.size() <= ws::http_limits{}.max_headers, "too many headers");
  check(req.header("host").has_value(), "done without Host");
  for (const auto& [name, value] : req.headers) {
    check(is_lower_token(name), "a header name that is not a lower-case token", name);
    for (char c : value) check(c != '\r' && c != '\n' && c != '\0', "a header value with CR, LF or NUL", value);
  }
}

ws::handshake_policy test_policy() {
  static const std::string_view index = "<!doctype html><title>charla</title>";
  ws::handshake_policy p;
  p.hosts = ws::with_loopback({"192.168.1.5"});
  p.port = 5000;
  p.pages["/"] = {"text/html; charset=utf-8", index};
  p.pages["/app.js"] = {"text/javascript; charset=utf-8", "void 0;"};
  return p;
}

void check_answer(const ws::http_request& req, const ws::handshake_answer& a, const ws::handshake_policy& policy) {
  const std::string& h = a.head;
  check(h.size() >= 4 && h.substr(h.size() - 4) == "\r\n\r\n", "an answer head that does not end with CRLF CRLF", h);
  // Every CR is followed by LF and every LF preceded by CR.
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (h[i] == '\r') check(i + 1 < h.size() && h[i + 1] == '\n', "a stray CR in an answer", h);
    if (h[i] == '\n') check(i > 0 && h[i - 1] == '\r', "a stray LF in an answer", h);
    check(h[i] != '\0', "NUL in an answer", h);
  }
  check(h.find("\r\n\r\n") == h.size() - 4, "an empty line inside an answer head", h);
  check(h.rfind("HTTP/1.1 " + std::to_string(a.status) + " ", 0) == 0, "status line does not match the status", h);
  auto host = req.header("host");
  switch (a.outcome) {
    case ws::handshake_answer::kind::upgrade: {
      check(a.status == 101 && a.body.empty(), "an upgrade with a body or another status");
      check(host && ws::is_allowed_authority(*host, policy), "an upgrade for a foreign Host");
      check(req.path == policy.websocket_path, "an upgrade on another path");
      if (auto origin = req.header("origin")) {
        check(origin->size() > 7 && ws::is_allowed_authority(origin->substr(7), policy),
              "an upgrade for a foreign Origin", *origin);
      }
      auto key = req.header("sec-websocket-key");
      check(key && ws::is_valid_key(*key), "an upgrade without a valid key");
      check(h.find("\r\nSec-WebSocket-Accept: " + ws::accept_key(*key) + "\r\n") != std::string::npos,
            "an upgrade with a wrong accept", h);
      check(ws::explain_accept(*key).accept == ws::accept_key(*key), "explain_accept disagrees with accept_key");
      break;
    }
    case ws::handshake_answer::kind::page: {
      check(a.status == 200, "a page that is not 200");
      check(host && ws::is_allowed_authority(*host, policy), "a page for a foreign Host");
      auto it = policy.pages.find(req.path);
      check(it != policy.pages.end() && it->second.body == a.body, "a page that is not the policy's");
      check(h.find("\r\nContent-Length: " + std::to_string(a.body.size()) + "\r\n") != std::string::npos,
            "a page with a wrong Content-Length", h);
      break;
    }
    case ws::handshake_answer::kind::refuse: {
      int s = a.status;
      check(s == 400 || s == 403 || s == 404 || s == 405 || s == 426, "a refusal with an unexpected status", h);
      check(!a.body.empty(), "a refusal without a sentence");
      check(h.find("\r\nContent-Length: " + std::to_string(a.body.size()) + "\r\n") != std::string::npos,
            "a refusal with a wrong Content-Length", h);
      break;
    }
  }
}

// ── Frames ────────────────────────────────────────────────────────────────

struct event {
  frame_event::kind type;
  std::string payload;
  std::uint16_t code;
  bool operator==(const event&) const = default;
};

template <typename NextChunk>
std::vector<event> frames(std::string bytes, std::size_t limit, NextChunk next_chunk) {
  ws::frame_decoder d(limit);
  std::vector<event> out;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t n = std::min(next_chunk(), bytes.size() - pos);
    std::span<char> input(bytes.data() + pos, n);
    for (;;) {
      auto e = d.next(input);
      check(d.pending_bytes() <= limit + ws::max_control_payload, "the decoder holds more than the limit");
      if (e.type == frame_event::kind::need_more) {
        check(input.empty() || d.closed(), "need_more with input left");
        break;
      }
      out.push_back({e.type, std::string(e.payload), e.code});
      if (e.type == frame_event::kind::error || e.type == frame_event::kind::close) {
        check(d.next(input).type == (e.type == frame_event::kind::error ? e.type : frame_event::kind::need_more),
              "the decoder went on after an error or a close");
        return out;
      }
    }
    pos += n;
  }
  return out;
}

void check_events(const std::vector<event>& events, std::size_t limit) {
  for (const auto& e : events) {
    switch (e.type) {
      case frame_event::kind::text:
        check(e.payload.size() <= limit, "a text message over the limit");
        check(utf8::is_valid(e.payload), "a text message that is not UTF-8", e.payload);
        break;
      case frame_event::kind::ping:
      case frame_event::kind::pong:
        check(e.payload.size() <= ws::max_control_payload, "a control payload over 125 bytes");
        break;
      case frame_event::kind::close:
        check(e.code == ws::close_code::no_status || ws::is_valid_close_code(e.code), "an invalid close code passed");
        check(e.payload.size() <= ws::max_control_payload - 2, "a close reason over 123 bytes");
        check(utf8::is_valid(e.payload), "a close reason that is not UTF-8", e.payload);
        break;
      case frame_event::kind::error:
        check(e.code == 1002 || e.code == 1003 || e.code == 1007 || e.code == 1009, "an unexpected error code");
        break;
      case frame_event::kind::need_more:
        fail("need_more collected as an event");
    }
  }
}

// Invariant 5.
void check_limit(const std::vector<event>& unlimited, const std::vector<event>& limited, std::size_t limit) {
  std::size_t n = limited.size();
  bool cut = n > 0 && limited.back().type == frame_event::kind::error && limited.back().code == 1009;
  std::size_t same = cut ? n - 1 : n;
  check(same <= unlimited.size(), "the limit added events");
  for (std::size_t i = 0; i < same; ++i) check(limited[i] == unlimited[i], "the limit changed an event under it");
  if (cut) {
    // Where the limit cut, the unlimited decoder's next message is over it
    // (control frames between its fragments may come first), unless it
    // failed or closed before that message ended.
    for (std::size_t i = same; i < unlimited.size(); ++i) {
      const auto& u = unlimited[i];
      if (u.type == frame_event::kind::ping || u.type == frame_event::kind::pong) continue;
      if (u.type == frame_event::kind::text)
        check(u.payload.size() > limit, "1009 where no message was over the limit");
      break;
    }
  } else {
    check(limited == unlimited, "the limit lost an event");
  }
}

void fuzz_frames(std::string_view bytes, std::size_t limit) {
  std::string copy(bytes);
  auto whole = frames(copy, big_limit, [&] { return copy.size(); });
  auto bytewise = frames(copy, big_limit, [] { return std::size_t{1}; });
  auto chunked = frames(copy, big_limit, chunker{seed_of(bytes)});
  check(whole == bytewise, "frames decode differently one byte at a time");
  check(whole == chunked, "frames decode differently in random chunks");
  check_events(whole, big_limit);
  auto limited = frames(copy, limit, chunker{seed_of(bytes) + 1});
  check_events(limited, limit);
  check_limit(whole, limited, limit);
}

void fuzz_connection(std::string_view input, std::size_t limit) {
  static const ws::handshake_policy policy = test_policy();
  http_request_parser whole_parser, byte_parser, chunk_parser;
  parsed whole = parse(
      input, [&] { return input.size(); }, whole_parser);
  parsed bytewise = parse(
      input, [] { return std::size_t{1}; }, byte_parser);
  parsed chunked = parse(input, chunker{seed_of(input)}, chunk_parser);
  check(whole == bytewise, "the request parses differently one byte at a time");
  check(whole == chunked, "the request parses differently in random chunks");
  check_request(input, whole, whole_parser.request());
  if (whole.status == http_request_parser::state::error) {
    auto a = ws::refusal(whole.http_status, "sentence");
    check(a.outcome == ws::handshake_answer::kind::refuse && a.status == whole.http_status, "refusal is not one");
    return;
  }
  if (whole.status != http_request_parser::state::done) return;
  auto a = ws::answer(whole_parser.request(), policy);
  check_answer(whole_parser.request(), a, policy);
  if (a.outcome == ws::handshake_answer::kind::upgrade) fuzz_frames(input.substr(whole.consumed), limit);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t limit = limits[(data[0] >> 1) & 7];
  if (data[0] & 1)
    fuzz_connection(input, limit);
  else
    fuzz_frames(input, limit);
  return 0;
}
