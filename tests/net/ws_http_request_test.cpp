#include "net/ws/http_request.hpp"

#include <random>
#include <string>

#include <gtest/gtest.h>

namespace charla::net::ws {
namespace {

using state = http_request_parser::state;

// What Chromium sends to open a WebSocket (its header order and spelling).
const std::string browser_upgrade =
    "GET /ws HTTP/1.1\r\n"
    "Host: 192.168.1.5:5000\r\n"
    "Connection: Upgrade\r\n"
    "Pragma: no-cache\r\n"
    "Cache-Control: no-cache\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36\r\n"
    "Upgrade: websocket\r\n"
    "Origin: http://192.168.1.5:5000\r\n"
    "Sec-WebSocket-Version: 13\r\n"
    "Accept-Encoding: gzip, deflate\r\n"
    "Accept-Language: es-ES,es;q=0.9\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
    "\r\n";

TEST(WsHttpRequest, ParsesABrowserUpgrade) {
  http_request_parser p;
  auto r = p.feed(browser_upgrade);
  ASSERT_EQ(r.status, state::done) << r.problem;
  EXPECT_EQ(r.consumed, browser_upgrade.size());
  const auto& req = p.request();
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.target, "/ws");
  EXPECT_EQ(req.path, "/ws");
  EXPECT_EQ(req.version, "HTTP/1.1");
  EXPECT_EQ(req.headers.size(), 12u);
  EXPECT_EQ(req.header("host"), "192.168.1.5:5000");
  EXPECT_EQ(req.header("sec-websocket-key"), "dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_EQ(req.header("Accept-Encoding"), "gzip, deflate");
  EXPECT_FALSE(req.header("cookie"));
}

TEST(WsHttpRequest, HeaderNamesAreCaseInsensitiveAndValuesTrimmed) {
  http_request_parser p;
  auto r = p.feed("GET / HTTP/1.1\r\nHOST:\t localhost:5000 \t\r\nsEc-WeBsOcKeT-kEy:   abc  \r\nX-Empty:\r\n\r\n");
  ASSERT_EQ(r.status, state::done) << r.problem;
  EXPECT_EQ(p.request().header("Host"), "localhost:5000");
  EXPECT_EQ(p.request().header("SEC-WEBSOCKET-KEY"), "abc");
  EXPECT_EQ(p.request().header("sec-websocket-key"), "abc");
  EXPECT_EQ(p.request().header("x-empty"), "");
  EXPECT_EQ(p.request().headers[0].first, "host") << "names are kept in lower case";
}

TEST(WsHttpRequest, RepeatedHeadersAreJoinedWithCommas) {
  http_request_parser p;
  auto r = p.feed(
      "GET /ws HTTP/1.1\r\nHost: h:1\r\nConnection: keep-alive\r\nconnection: Upgrade\r\n"
      "Sec-WebSocket-Protocol: a, b\r\nSec-WebSocket-Protocol: charla.v1\r\n\r\n");
  ASSERT_EQ(r.status, state::done) << r.problem;
  EXPECT_EQ(p.request().header("connection"), "keep-alive, Upgrade");
  EXPECT_EQ(p.request().header("sec-websocket-protocol"), "a, b, charla.v1");
  EXPECT_EQ(p.request().headers.size(), 3u);
}

TEST(WsHttpRequest, TargetKeepsTheQueryAndPathDropsIt) {
  http_request_parser p;
  ASSERT_EQ(p.feed("GET /?lang=es&x=1 HTTP/1.1\r\nHost: h:1\r\n\r\n").status, state::done);
  EXPECT_EQ(p.request().target, "/?lang=es&x=1");
  EXPECT_EQ(p.request().path, "/");
}

TEST(WsHttpRequest, TokenListsMatchWithoutCase) {
  EXPECT_TRUE(has_token("keep-alive, Upgrade", "upgrade"));
  EXPECT_TRUE(has_token("Upgrade", "upgrade"));
  EXPECT_TRUE(has_token("  UPGRADE  ,x", "upgrade"));
  EXPECT_TRUE(has_token("a,,websocket", "WebSocket"));
  EXPECT_FALSE(has_token("keep-alive", "upgrade"));
  EXPECT_FALSE(has_token("upgrades", "upgrade"));
  EXPECT_FALSE(has_token("", "upgrade"));
  EXPECT_FALSE(has_token("up grade", "upgrade"));
}

// A request dribbled one byte at a time gives the same request, and says
// done exactly on its last byte.
TEST(WsHttpRequest, DribbledByteByByte) {
  http_request_parser whole;
  ASSERT_EQ(whole.feed(browser_upgrade).status, state::done);
  http_request_parser p;
  for (std::size_t i = 0; i < browser_upgrade.size(); ++i) {
    auto r = p.feed(std::string_view(browser_upgrade).substr(i, 1));
    if (i + 1 < browser_upgrade.size()) {
      ASSERT_EQ(r.status, state::need_more) << "at byte " << i << ": " << r.problem;
      ASSERT_EQ(r.consumed, 1u);
    } else {
      ASSERT_EQ(r.status, state::done);
      EXPECT_EQ(r.consumed, 1u);
    }
  }
  EXPECT_EQ(p.request().headers, whole.request().headers);
  EXPECT_EQ(p.request().target, whole.request().target);
}

TEST(WsHttpRequest, EveryRandomSplitGivesTheSameRequest) {
  http_request_parser whole;
  ASSERT_EQ(whole.feed(browser_upgrade).status, state::done);
  std::mt19937 rng(11);
  for (int round = 0; round < 500; ++round) {
    http_request_parser p;
    std::size_t pos = 0;
    http_request_parser::result r;
    while (pos < browser_upgrade.size()) {
      std::size_t n = 1 + rng() % 40;
      r = p.feed(std::string_view(browser_upgrade).substr(pos, n));
      pos += r.consumed;
      if (r.status != state::need_more) break;
    }
    ASSERT_EQ(r.status, state::done);
    ASSERT_EQ(pos, browser_upgrade.size());
    ASSERT_EQ(p.request().headers, whole.request().headers);
  }
}

// The first frame may come in the same segment as the request: the parser
// takes only the request's bytes.
TEST(WsHttpRequest, LeavesTheBytesAfterTheRequest) {
  std::string segment = browser_upgrade + "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58";
  http_request_parser p;
  auto r = p.feed(segment);
  ASSERT_EQ(r.status, state::done);
  EXPECT_EQ(r.consumed, browser_upgrade.size());
  // Once done, it takes nothing more.
  auto again = p.feed("GET / HTTP/1.1\r\n");
  EXPECT_EQ(again.status, state::done);
  EXPECT_EQ(again.consumed, 0u);
}

struct refused_case {
  const char* name;
  std::string bytes;
  int status;
};

// Table: each malformed or refused request, and its status.
TEST(WsHttpRequest, RefusesWithTheRightStatus) {
  const std::string host = "Host: h:1\r\n";
  const refused_case cases[] = {
      {"POST", "POST /ws HTTP/1.1\r\n" + host + "\r\n", 405},
      {"HEAD", "HEAD / HTTP/1.1\r\n" + host + "\r\n", 405},
      {"lower-case get", "get / HTTP/1.1\r\n" + host + "\r\n", 405},
      {"HTTP/1.0", "GET / HTTP/1.0\r\n" + host + "\r\n", 505},
      {"HTTP/2.0", "GET / HTTP/2.0\r\n" + host + "\r\n", 505},
      {"no version", "GET /\r\n" + host + "\r\n", 400},
      {"garbage version", "GET / HTTX/1.1\r\n" + host + "\r\n", 400},
      {"double space", "GET  / HTTP/1.1\r\n" + host + "\r\n", 400},
      {"trailing space", "GET / HTTP/1.1 \r\n" + host + "\r\n", 400},
      {"absolute target", "GET http://h:1/ HTTP/1.1\r\n" + host + "\r\n", 400},
      {"asterisk target", "GET * HTTP/1.1\r\n" + host + "\r\n", 400},
      {"control in target", std::string("GET /a\x01 HTTP/1.1\r\n") + host + "\r\n", 400},
      {"empty first line", "\r\nGET / HTTP/1.1\r\n" + host + "\r\n", 400},
      {"bare LF", "GET / HTTP/1.1\n" + host + "\r\n", 400},
      {"bare LF in headers", "GET / HTTP/1.1\r\nHost: h:1\n\r\n", 400},
      {"no Host", "GET / HTTP/1.1\r\n\r\n", 400},
      {"two Hosts", "GET / HTTP/1.1\r\n" + host + host + "\r\n", 400},
      {"space before colon", "GET / HTTP/1.1\r\nHost : h:1\r\n\r\n", 400},
      {"no colon", "GET / HTTP/1.1\r\n" + host + "Nonsense\r\n\r\n", 400},
      {"empty name", "GET / HTTP/1.1\r\n" + host + ": x\r\n\r\n", 400},
      {"folded header", "GET / HTTP/1.1\r\n" + host + "X-A: 1\r\n  2\r\n\r\n", 400},
      {"NUL in value", std::string("GET / HTTP/1.1\r\nX: a") + '\0' + "b\r\n" + host + "\r\n", 400},
      {"CR in value", "GET / HTTP/1.1\r\nX: a\rb\r\n" + host + "\r\n", 400},
      {"DEL in value", "GET / HTTP/1.1\r\nX: a\x7f\r\n" + host + "\r\n", 400},
      {"a body", "GET / HTTP/1.1\r\n" + host + "Content-Length: 5\r\n\r\nhello", 400},
      {"chunked", "GET / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n", 400},
      {"TLS ClientHello", std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n", 13), 400},
      {"long request line", "GET /" + std::string(3000, 'a') + " HTTP/1.1\r\n" + host + "\r\n", 414},
      {"headers over 8 KiB", "GET / HTTP/1.1\r\n" + host + "X-Big: " + std::string(8200, 'b') + "\r\n\r\n", 431},
      {"many small headers over 8 KiB",
       [&] {
         std::string s = "GET / HTTP/1.1\r\n" + host;
         for (int i = 0; i < 50; ++i) s += "X-" + std::to_string(i) + ": " + std::string(200, 'v') + "\r\n";
         return s + "\r\n";
       }(),
       431},
      {"65 headers",
       [&] {
         std::string s = "GET / HTTP/1.1\r\n" + host;
         for (int i = 0; i < 64; ++i) s += "X-" + std::to_string(i) + ": v\r\n";
         return s + "\r\n";
       }(),
       431},
  };
  for (const auto& c : cases) {
    http_request_parser p;
    auto r = p.feed(c.bytes);
    EXPECT_EQ(r.status, state::error) << c.name;
    EXPECT_EQ(r.http_status, c.status) << c.name << ": " << r.problem;
    EXPECT_FALSE(r.problem.empty()) << c.name;
    // The same byte by byte: the same answer (never done).
    http_request_parser slow;
    http_request_parser::result s;
    for (std::size_t i = 0; i < c.bytes.size(); ++i) {
      s = slow.feed(std::string_view(c.bytes).substr(i, 1));
      if (s.status != state::need_more) break;
    }
    EXPECT_EQ(s.status, state::error) << c.name << " byte by byte";
    EXPECT_EQ(s.http_status, c.status) << c.name << " byte by byte";
    // And it stays refused.
    EXPECT_EQ(p.feed("GET / HTTP/1.1\r\n").http_status, c.status) << c.name;
  }
}

TEST(WsHttpRequest, ContentLengthZeroIsNoBody) {
  http_request_parser p;
  EXPECT_EQ(p.feed("GET / HTTP/1.1\r\nHost: h:1\r\nContent-Length: 0\r\n\r\n").status, state::done);
}

TEST(WsHttpRequest, HeadersExactlyAtTheLimitPass) {
  // Header section (every header line and the empty line) of exactly 8192 bytes.
  std::string head = "GET / HTTP/1.1\r\n";
  std::string host = "Host: h:1\r\n";
  std::string filler_name = "X-Fill: ";
  std::size_t filler = 8192 - host.size() - 2 - filler_name.size() - 2;
  std::string request = head + host + filler_name + std::string(filler, 'f') + "\r\n\r\n";
  http_request_parser p;
  EXPECT_EQ(p.feed(request).status, state::done);
  // One byte more is refused.
  std::string over = head + host + filler_name + std::string(filler + 1, 'f') + "\r\n\r\n";
  http_request_parser q;
  EXPECT_EQ(q.feed(over).http_status, 431);
}

// An oversized header is refused as soon as the limit is passed, without
// waiting for its end (a client cannot make the parser hold more).
TEST(WsHttpRequest, OversizedHeadersAreRefusedBeforeTheirEnd) {
  http_request_parser p;
  ASSERT_EQ(p.feed("GET / HTTP/1.1\r\nHost: h:1\r\nX-Big: ").status, state::need_more);
  http_request_parser::result r;
  std::size_t fed = 0;
  std::string chunk(100, 'x');
  for (int i = 0; i < 200; ++i) {
    r = p.feed(chunk);
    fed += chunk.size();
    if (r.status != state::need_more) break;
  }
  EXPECT_EQ(r.status, state::error);
  EXPECT_EQ(r.http_status, 431);
  EXPECT_LE(fed, 8192u + chunk.size());
  // The same for a request line that never ends.
  http_request_parser q;
  for (int i = 0; i < 100; ++i) {
    r = q.feed(i == 0 ? "GET /" : "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    if (r.status != state::need_more) break;
  }
  EXPECT_EQ(r.http_status, 414);
}

TEST(WsHttpRequest, ObsTextInValuesIsKept) {
  http_request_parser p;
  ASSERT_EQ(p.feed("GET / HTTP/1.1\r\nHost: h:1\r\nX-Name: Ñandú\r\n\r\n").status, state::done);
  EXPECT_EQ(p.request().header("x-name"), "Ñandú");
}

}  // namespace
}  // namespace charla::net::ws

namespace charla::net::ws {
namespace {

// What is not HTTP at all is refused at its first byte, without waiting for
// a line end that may never come.
TEST(WsHttpRequest, NotHttpIsRefusedAtTheFirstByte) {
  for (std::string_view first :
       {std::string_view("\x16", 1), std::string_view("{"), std::string_view("\x80"), std::string_view("\0", 1)}) {
    http_request_parser p;
    auto r = p.feed(std::string_view(first.data(), 1));
    EXPECT_EQ(r.status, http_request_parser::state::error) << testing::PrintToString(first);
    EXPECT_EQ(r.http_status, 400);
  }
  http_request_parser p;
  EXPECT_EQ(p.feed("GET").status, http_request_parser::state::need_more);
  EXPECT_EQ(p.feed(" /{}").status, http_request_parser::state::need_more) << "only the method is checked early";
}

}  // namespace
}  // namespace charla::net::ws
