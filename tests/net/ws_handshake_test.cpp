#include "net/ws/handshake.hpp"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "net/ws/http_request.hpp"

namespace charla::net::ws {
namespace {

const std::string_view index_html = "<!doctype html><title>charla</title><script src=app.js></script>";
const std::string_view app_js = "console.log('hola');";

handshake_policy classroom() {
  handshake_policy p;
  p.hosts = with_loopback({"192.168.1.5", "10.0.0.7"});
  p.port = 5000;
  p.pages["/"] = {"text/html; charset=utf-8", index_html};
  p.pages["/app.js"] = {"text/javascript; charset=utf-8", app_js};
  return p;
}

// Parses `text` (which must be a complete request) and answers it.
handshake_answer answer_to(const std::string& text, const handshake_policy& policy = classroom()) {
  http_request_parser parser;
  auto r = parser.feed(text);
  if (r.status == http_request_parser::state::error) return refusal(r.http_status, r.problem);
  EXPECT_EQ(r.status, http_request_parser::state::done) << text;
  return answer(parser.request(), policy);
}

// An upgrade request with `extra` header lines (each ending in CRLF), and
// the usual ones unless replaced: pass a header in `drop` to leave it out.
std::string upgrade_request(std::string extra = {}, std::vector<std::string> drop = {}, std::string target = "/ws") {
  auto keep = [&](const std::string& name) { return std::find(drop.begin(), drop.end(), name) == drop.end(); };
  std::string s = "GET " + target + " HTTP/1.1\r\n";
  if (keep("Host")) s += "Host: 192.168.1.5:5000\r\n";
  if (keep("Upgrade")) s += "Upgrade: websocket\r\n";
  if (keep("Connection")) s += "Connection: Upgrade\r\n";
  if (keep("Sec-WebSocket-Key")) s += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  if (keep("Sec-WebSocket-Version")) s += "Sec-WebSocket-Version: 13\r\n";
  if (keep("Origin")) s += "Origin: http://192.168.1.5:5000\r\n";
  return s + extra + "\r\n";
}

bool has_header_line(const handshake_answer& a, std::string_view line) {
  return a.head.find("\r\n" + std::string(line) + "\r\n") != std::string::npos;
}

TEST(WsHandshake, RfcSampleKey) {
  EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  // Two more keys, their answers computed with Python's hashlib and base64.
  EXPECT_EQ(accept_key("x3JJHMbDL1EzLkh9GBhXDw=="), "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
  EXPECT_EQ(accept_key("AQIDBAUGBwgJCgsMDQ4PEA=="), "C/0nmHhBztSRGR1CwL6Tf4ZjwpY=");
}

TEST(WsHandshake, ExplainAcceptShowsEachStep) {
  auto steps = explain_accept("dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_EQ(steps.key, "dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_EQ(steps.joined, "dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
  // The digest bytes printed in RFC 6455 section 1.3.
  EXPECT_EQ(steps.sha1_hex, "b37a4f2cc0624f1690f64606cf385945b2bec4ea");
  EXPECT_EQ(steps.accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WsHandshake, UpgradesABrowserRequest) {
  auto a = answer_to(upgrade_request());
  ASSERT_EQ(a.outcome, handshake_answer::kind::upgrade) << a.head << a.body;
  EXPECT_EQ(a.status, 101);
  EXPECT_EQ(a.head,
            "HTTP/1.1 101 Switching Protocols\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            "\r\n");
  EXPECT_TRUE(a.body.empty());
  EXPECT_TRUE(a.subprotocol.empty());
}

TEST(WsHandshake, HeadersAreCaseInsensitive) {
  std::string request =
      "GET /ws HTTP/1.1\r\n"
      "HOST: LOCALHOST:5000\r\n"
      "upgrade: WebSocket\r\n"
      "CONNECTION: UPGRADE\r\n"
      "sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "SEC-WEBSOCKET-VERSION: 13\r\n"
      "origin: HTTP://localhost:5000\r\n"
      "\r\n";
  auto a = answer_to(request);
  ASSERT_EQ(a.outcome, handshake_answer::kind::upgrade) << a.body;
  EXPECT_TRUE(has_header_line(a, "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

// Firefox sends "Connection: keep-alive, Upgrade".
TEST(WsHandshake, ConnectionIsATokenList) {
  for (std::string connection : {"keep-alive, Upgrade", "Upgrade, keep-alive", "keep-alive,upgrade"}) {
    auto a = answer_to(upgrade_request("Connection: " + connection + "\r\n", {"Connection"}));
    EXPECT_EQ(a.outcome, handshake_answer::kind::upgrade) << connection << ": " << a.body;
  }
  // And as two header lines.
  auto a = answer_to(upgrade_request("Connection: keep-alive\r\nConnection: Upgrade\r\n", {"Connection"}));
  EXPECT_EQ(a.outcome, handshake_answer::kind::upgrade) << a.body;
}

TEST(WsHandshake, WrongVersionGets426WithTheVersionSpoken) {
  for (std::string version : {"8", "12", "14", "13, 8", "", "thirteen"}) {
    auto a = answer_to(upgrade_request("Sec-WebSocket-Version: " + version + "\r\n", {"Sec-WebSocket-Version"}));
    EXPECT_EQ(a.status, 426) << version;
    EXPECT_TRUE(has_header_line(a, "Sec-WebSocket-Version: 13")) << a.head;
  }
  auto missing = answer_to(upgrade_request({}, {"Sec-WebSocket-Version"}));
  EXPECT_EQ(missing.status, 426);
}

TEST(WsHandshake, MissingOrInvalidKeyGets400) {
  auto missing = answer_to(upgrade_request({}, {"Sec-WebSocket-Key"}));
  EXPECT_EQ(missing.status, 400);
  for (std::string key : {
           "",
           "dGhlIHNhbXBsZSBub25jZQ",      // no padding
           "AAAAAAAAAAAAAAAAAAAA",        // 15 bytes
           "AAAAAAAAAAAAAAAAAAAAAAA=",    // 17 bytes
           "dGhlIHNhbXBsZSBub25jZQ==AA",  // too long
           "dGhlIHNhbXBsZSBub25j!Q==",    // not base64
           "dGhl IHNhbXBsZSBub25jZQ=",    // a space inside
           "dGhlIHNhbXBsZSBub25jZ===",    // padding too early
       }) {
    auto a = answer_to(upgrade_request("Sec-WebSocket-Key: " + key + "\r\n", {"Sec-WebSocket-Key"}));
    EXPECT_EQ(a.status, 400) << "key '" << key << "'";
    EXPECT_FALSE(is_valid_key(key)) << key;
  }
  // Two keys are joined by the parser, and so refused.
  auto two = answer_to(upgrade_request("Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\n"));
  EXPECT_EQ(two.status, 400);
  EXPECT_TRUE(is_valid_key("x3JJHMbDL1EzLkh9GBhXDw=="));
}

TEST(WsHandshake, NotAnUpgradeGets400) {
  EXPECT_EQ(answer_to(upgrade_request({}, {"Upgrade"})).status, 400);
  EXPECT_EQ(answer_to(upgrade_request({}, {"Connection"})).status, 400);
  EXPECT_EQ(answer_to(upgrade_request("Upgrade: h2c\r\n", {"Upgrade"})).status, 400);
  EXPECT_EQ(answer_to(upgrade_request("Connection: keep-alive\r\n", {"Connection"})).status, 400);
}

TEST(WsHandshake, ForeignOriginGets403) {
  for (std::string origin : {"http://evil.example", "http://evil.example:5000", "http://192.168.1.5:5001",
                             "http://192.168.1.5", "https://192.168.1.5:5000", "null", "http://192.168.1.5:5000/",
                             "http://192.168.1.50:5000", "http://192.168.1.5:50000", "file://", ""}) {
    auto a = answer_to(upgrade_request("Origin: " + origin + "\r\n", {"Origin"}));
    EXPECT_EQ(a.status, 403) << "Origin '" << origin << "'";
    EXPECT_EQ(a.outcome, handshake_answer::kind::refuse);
  }
  // Any of the host's own addresses is its own page.
  for (std::string origin : {"http://10.0.0.7:5000", "http://127.0.0.1:5000", "http://localhost:5000"}) {
    auto a = answer_to(upgrade_request("Origin: " + origin + "\r\n", {"Origin"}));
    EXPECT_EQ(a.outcome, handshake_answer::kind::upgrade) << origin;
  }
}

// A program (not a browser) sends no Origin: it is not a cross-site page.
TEST(WsHandshake, AbsentOriginIsAllowed) {
  auto a = answer_to(upgrade_request({}, {"Origin"}));
  EXPECT_EQ(a.outcome, handshake_answer::kind::upgrade) << a.body;
}

// DNS rebinding: a foreign name pointing at the host reaches it with that
// name in Host. Pages and the upgrade both check it.
TEST(WsHandshake, ForeignHostGets403) {
  for (std::string host : {"evil.example:5000", "192.168.1.5", "192.168.1.5:80", "192.168.1.5:5001",
                           "192.168.1.55:5000", "localhost", "127.0.0.2:5000", "", "192.168.1.5:5000 x"}) {
    auto ws = answer_to(upgrade_request("Host: " + host + "\r\n", {"Host"}));
    EXPECT_EQ(ws.status, 403) << "Host '" << host << "'";
    auto page = answer_to("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    EXPECT_EQ(page.status, 403) << "Host '" << host << "'";
  }
  auto policy = classroom();
  policy.port = 80;
  EXPECT_EQ(answer_to("GET / HTTP/1.1\r\nHost: 192.168.1.5\r\n\r\n", policy).status, 200) << "port 80 may be left out";
  EXPECT_EQ(answer_to("GET / HTTP/1.1\r\nHost: 192.168.1.5:80\r\n\r\n", policy).status, 200);
}

TEST(WsHandshake, PostGets405) {
  std::string post = upgrade_request();
  post.replace(0, 3, "POST");
  auto a = answer_to(post);
  EXPECT_EQ(a.status, 405);
  EXPECT_TRUE(has_header_line(a, "Allow: GET")) << a.head;
  // answer() checks the method too, for a request built by hand.
  http_request r;
  r.method = "POST";
  r.path = "/";
  r.headers = {{"host", "192.168.1.5:5000"}};
  EXPECT_EQ(answer(r, classroom()).status, 405);
}

TEST(WsHandshake, OversizedHeadersGet431) {
  auto a = answer_to(upgrade_request("X-Big: " + std::string(9000, 'b') + "\r\n"));
  EXPECT_EQ(a.status, 431);
  EXPECT_TRUE(has_header_line(a, "Connection: close"));
}

TEST(WsHandshake, UnknownPathGets404) {
  for (std::string path : {"/nope", "/ws/", "/WS", "/app.js/", "/%2F", "//"}) {
    auto a = answer_to("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:5000\r\n\r\n");
    EXPECT_EQ(a.status, 404) << path;
  }
  // An upgrade on a page's path is just a page request.
  auto page = answer_to(upgrade_request({}, {}, "/"));
  EXPECT_EQ(page.outcome, handshake_answer::kind::page);
}

TEST(WsHandshake, ServesPagesWithTheirHeaders) {
  auto a = answer_to("GET /?x=1 HTTP/1.1\r\nHost: 192.168.1.5:5000\r\nCookie: a=b\r\n\r\n");
  ASSERT_EQ(a.outcome, handshake_answer::kind::page);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, index_html);
  EXPECT_EQ(a.head.substr(0, 17), "HTTP/1.1 200 OK\r\n");
  EXPECT_TRUE(has_header_line(a, "Content-Type: text/html; charset=utf-8"));
  EXPECT_TRUE(has_header_line(a, "Content-Length: " + std::to_string(index_html.size())));
  EXPECT_TRUE(has_header_line(a, "X-Content-Type-Options: nosniff"));
  EXPECT_TRUE(has_header_line(a, "Cache-Control: no-store"));
  EXPECT_TRUE(has_header_line(a, "Referrer-Policy: no-referrer"));
  EXPECT_TRUE(has_header_line(a, "Connection: close"));
  EXPECT_TRUE(has_header_line(a,
                              "Content-Security-Policy: default-src 'self'; connect-src 'self' ws://192.168.1.5:5000; "
                              "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"));
  EXPECT_EQ(a.head.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(a.head.find("Set-Cookie"), std::string::npos);
  EXPECT_EQ(a.head.substr(a.head.size() - 4), "\r\n\r\n");

  auto js = answer_to("GET /app.js HTTP/1.1\r\nHost: localhost:5000\r\n\r\n");
  EXPECT_EQ(js.body, app_js);
  EXPECT_TRUE(has_header_line(js, "Content-Type: text/javascript; charset=utf-8"));
  EXPECT_NE(js.head.find("connect-src 'self' ws://localhost:5000;"), std::string::npos);
}

TEST(WsHandshake, RefusalsAreShortAndClosed) {
  auto a = refusal(404, "There is no such page here.");
  EXPECT_EQ(a.outcome, handshake_answer::kind::refuse);
  EXPECT_EQ(a.head.substr(0, 24), "HTTP/1.1 404 Not Found\r\n");
  EXPECT_EQ(a.body, "There is no such page here.");
  EXPECT_TRUE(has_header_line(a, "Content-Length: 27"));
  EXPECT_TRUE(has_header_line(a, "Content-Type: text/plain; charset=utf-8"));
  EXPECT_TRUE(has_header_line(a, "Connection: close"));
  EXPECT_TRUE(has_header_line(a, "X-Content-Type-Options: nosniff"));
  EXPECT_TRUE(has_header_line(a, "Content-Security-Policy: default-src 'none'"));
  for (int status : {400, 403, 404, 405, 414, 426, 431, 505}) {
    EXPECT_NE(reason_phrase(status), "Error") << status;
  }
}

TEST(WsHandshake, SubprotocolIsEchoedOnlyWhenOffered) {
  auto offered = answer_to(upgrade_request("Sec-WebSocket-Protocol: chat, charla.v1\r\n"));
  ASSERT_EQ(offered.outcome, handshake_answer::kind::upgrade);
  EXPECT_EQ(offered.subprotocol, "charla.v1");
  EXPECT_TRUE(has_header_line(offered, "Sec-WebSocket-Protocol: charla.v1"));

  auto other = answer_to(upgrade_request("Sec-WebSocket-Protocol: chat, superchat\r\n"));
  ASSERT_EQ(other.outcome, handshake_answer::kind::upgrade);
  EXPECT_TRUE(other.subprotocol.empty());
  EXPECT_EQ(other.head.find("Sec-WebSocket-Protocol"), std::string::npos);
}

TEST(WsHandshake, DeflateOfferIsNotEchoed) {
  auto a = answer_to(upgrade_request("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"));
  ASSERT_EQ(a.outcome, handshake_answer::kind::upgrade);
  EXPECT_EQ(a.head.find("Extensions"), std::string::npos);
  EXPECT_EQ(a.head.find("deflate"), std::string::npos);
}

// The parser's own refusals (a request dribbled or not) become answers.
TEST(WsHandshake, ParserErrorsBecomeAnswers) {
  http_request_parser p;
  auto r = p.feed("GET / HTTP/1.0\r\n");
  ASSERT_EQ(r.status, http_request_parser::state::error);
  auto a = refusal(r.http_status, r.problem);
  EXPECT_EQ(a.head.substr(0, 41), "HTTP/1.1 505 HTTP Version Not Supported\r\n");
  EXPECT_EQ(a.body, "Only HTTP/1.1 is served here.");
}

TEST(WsHandshake, DribbledRequestUpgrades) {
  std::string request = upgrade_request("User-Agent: slow\r\n");
  http_request_parser p;
  http_request_parser::result r;
  for (std::size_t i = 0; i < request.size(); ++i) {
    r = p.feed(std::string_view(request).substr(i, 1));
    ASSERT_EQ(r.status,
              i + 1 < request.size() ? http_request_parser::state::need_more : http_request_parser::state::done);
  }
  auto a = answer(p.request(), classroom());
  EXPECT_EQ(a.outcome, handshake_answer::kind::upgrade);
  EXPECT_TRUE(has_header_line(a, "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

TEST(WsHandshake, WithLoopbackAddsLocalNamesOnce) {
  auto hosts = with_loopback({"192.168.1.5", "127.0.0.1"});
  EXPECT_EQ(hosts, (std::vector<std::string>{"192.168.1.5", "127.0.0.1", "localhost"}));
}

}  // namespace
}  // namespace charla::net::ws
