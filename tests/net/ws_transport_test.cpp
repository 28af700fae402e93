// Browsers on the chat port (docs/PROTOCOL.md section 11), against the real
// server over real sockets: the first byte picks the framing, pages and
// refusals over HTTP, a WebSocket as a channel of the room (the room's rules
// over WebSocket are the RoomRule tests of server_test.cpp), and what the
// WebSocket itself adds: control frames, close codes, the web grace.

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tests/net/loopback.hpp"

namespace charla::test {
namespace {

using net::channel_type;

constexpr std::string_view page_body = "<!doctype html><title>charla</title><p>hola</p>";

net::server_config web_config() {
  auto c = test_config();
  c.web_pages["/"] = net::ws::page{"text/html; charset=utf-8", page_body};
  return c;
}

// Sends `request` on a new connection and reads until the server closes it
// (or the timeout passes): the whole answer.
std::string http_exchange(std::uint16_t port, std::string_view request, milliseconds timeout = default_wait) {
  raw_peer peer(port, "127.0.0.1", 0, transport_kind::tcp);
  peer.send_bytes(request);
  auto& socket = peer.socket();
  std::string answer;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0 || !test::wait_readable(socket.native_handle(), static_cast<int>(left))) return answer + "<timeout>";
    char buf[4096];
    std::error_code ec;
    std::size_t n = socket.read_some(asio::buffer(buf), ec);
    if (ec) return answer;
    answer.append(buf, n);
  }
}

std::string get(std::uint16_t port, const std::string& path, const std::string& extra = {}) {
  return http_exchange(
      port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n" + extra + "\r\n");
}

// A v1 participant whose two channels are WebSockets, as the page opens them.
struct web_participant : raw_participant {
  web_participant(std::uint16_t port, std::string name)
      : raw_participant(port, std::move(name), {}, {}, {}, "127.0.0.1", transport_kind::websocket) {}
};

bool has_error(raw_peer& p, net::error_code code) {
  return p
      .next_matching([&](const net::inbound& i) {
        auto* e = std::get_if<net::error_event>(&i);
        return e && e->code == code;
      })
      .has_value();
}

TEST(WebTransport, ThePageIsServedWithItsSecurityHeadersAndTheConnectionCloses) {
  running_server s(web_config());
  std::string answer = get(s.port(), "/");
  EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer.substr(0, 200);
  EXPECT_NE(answer.find("Content-Type: text/html; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(answer.find("Content-Security-Policy: default-src 'self'; connect-src 'self' ws://127.0.0.1:" +
                        std::to_string(s.port())),
            std::string::npos);
  EXPECT_NE(answer.find("X-Content-Type-Options: nosniff\r\n"), std::string::npos);
  EXPECT_NE(answer.find("Connection: close\r\n"), std::string::npos);
  EXPECT_EQ(answer.find("Set-Cookie"), std::string::npos);
  EXPECT_EQ(answer.substr(answer.size() - page_body.size()), page_body) << "the body ends the answer";
  EXPECT_TRUE(eventually([&] { return s.log_has("GET / → 200"); }));
}

TEST(WebTransport, WhatIsNotAPageGetsAShortRefusalAndIsCounted) {
  running_server s(web_config());
  std::string missing = get(s.port(), "/nada");
  EXPECT_EQ(missing.rfind("HTTP/1.1 404 ", 0), 0u) << missing.substr(0, 100);
  std::string foreign = http_exchange(s.port(), "GET / HTTP/1.1\r\nHost: evil.example:5000\r\n\r\n");
  EXPECT_EQ(foreign.rfind("HTTP/1.1 403 ", 0), 0u) << foreign.substr(0, 100);
  std::string post = http_exchange(s.port(), "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(post.rfind("HTTP/1.1 405 ", 0), 0u) << post.substr(0, 100);
  std::string cross_site = get(s.port(), "/ws",
                               "Origin: http://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
  EXPECT_EQ(cross_site.rfind("HTTP/1.1 403 ", 0), 0u) << cross_site.substr(0, 100);
  EXPECT_TRUE(eventually([&] { return s.counters().drops[std::size_t(net::drop_reason::http_refused)] == 4; }));
  // Nothing of it touched the room: a participant still joins and speaks.
  raw_participant ana(s.port(), "Ana", {}, {}, {}, "127.0.0.1");
  ana.say("sigo aquí");
  EXPECT_TRUE(ana.wait_msg("sigo aquí"));
}

TEST(WebTransport, ARequestDribbledByteByByteIsAnswered) {
  running_server s(web_config());
  raw_peer peer(s.port(), "127.0.0.1", 0, transport_kind::tcp);
  const std::string request = "GET / HTTP/1.1\r\nHost: localhost:" + std::to_string(s.port()) + "\r\n\r\n";
  for (char c : request) peer.send_bytes(std::string_view(&c, 1));
  EXPECT_TRUE(eventually([&] { return s.log_has("GET / → 200"); }));
}

TEST(WebTransport, WithWebOffABrowserIsToldSoInASentence) {
  auto c = web_config();
  c.web = false;
  running_server s(c);
  std::string answer = get(s.port(), "/");
  EXPECT_EQ(answer.rfind("HTTP/1.1 404 ", 0), 0u) << answer.substr(0, 100);
  EXPECT_NE(answer.find("--web off"), std::string::npos) << answer;
  raw_peer web(s.port(), "127.0.0.1", 0, transport_kind::websocket);
  web.send(raw_peer::v1_hello(channel_type::read, raw_participant::make_session(), "Ana"));
  EXPECT_TRUE(web.wait_closed());
  EXPECT_EQ(web.http_status(), 404);
}

TEST(WebTransport, ATlsHelloIsClosedAtOnce) {
  running_server s(web_config());
  raw_peer peer(s.port(), "127.0.0.1", 0, transport_kind::tcp);
  peer.send_bytes(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11));
  // Well before the 5 s hello timeout.
  EXPECT_TRUE(peer.wait_closed(1000ms));
  EXPECT_TRUE(eventually([&] { return s.log_has("a TLS hello (https://): this host speaks plain http"); }));
}

TEST(WebTransport, WebTcpAndSeedParticipantsAllSeeEachOther) {
  running_server s(web_config());
  web_participant web(s.port(), "Web");
  raw_participant desk(s.port(), "Desk");
  seed_participant seed(s.port(), "Seed", "127.0.0.2");
  ASSERT_TRUE(web.reader.websocket());
  // A seed participant joins when it first speaks; its channels pair first.
  ASSERT_TRUE(eventually([&] { return s.counters().participants == 2 && s.log_has("paired with connection"); }));

  const std::string text = "¡Ñandú! ¿Qué tal? 😀👩‍👩‍👧 مرحبا";
  web.say(text, "w-1");
  auto echo = web.wait_msg(text);
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->cid, "w-1");
  EXPECT_TRUE(desk.wait_msg(text));
  EXPECT_TRUE(seed.wait_chat(text));
  desk.say("desde el escritorio");
  EXPECT_TRUE(web.wait_msg("desde el escritorio"));
  seed.say("desde la semilla");
  EXPECT_TRUE(web.wait_msg("desde la semilla"));
}

TEST(WebTransport, TheUpgradeIs101AndBothChannelsPairBySession) {
  running_server s(web_config());
  web_participant ana(s.port(), "Ana");
  auto w = ana.reader.next<net::welcome>();
  ASSERT_TRUE(w);
  EXPECT_EQ(ana.reader.http_status(), 101);
  EXPECT_EQ(ana.writer.http_status(), 0) << "the write channel has read nothing yet";
  EXPECT_EQ(w->session, ana.session);
  ana.say("hola", "a-1");
  auto m = ana.wait_msg("hola");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->author, "Ana");
  EXPECT_TRUE(s.log_has("GET /ws → 101 (WebSocket)"));
}

TEST(WebTransport, ARefusedHelloArrivesAsJsonThenClose1008) {
  running_server s(web_config());
  raw_participant first(s.port(), "Ana");
  ASSERT_TRUE(first.reader.next<net::welcome>());
  raw_peer web(s.port(), "127.0.0.1", 0, transport_kind::websocket);
  web.send(raw_peer::v1_hello(channel_type::read, raw_participant::make_session(), "ana"));
  EXPECT_TRUE(has_error(web, net::error_code::name_taken));
  EXPECT_TRUE(web.wait_closed());
  EXPECT_EQ(web.close_code(), net::ws::close_code::policy_violation);
}

TEST(WebTransport, ASeedHelloOverWebSocketIsABadHello) {
  running_server s(web_config());
  raw_peer web(s.port(), "127.0.0.1", 0, transport_kind::websocket);
  web.send("{\"type\":\"read\"}");
  EXPECT_TRUE(has_error(web, net::error_code::bad_hello));
  EXPECT_TRUE(web.wait_closed());
  EXPECT_EQ(web.close_code(), net::ws::close_code::policy_violation);
}

TEST(WebTransport, APingGetsItsPongAndFragmentsWithAPingBetweenAreOneObject) {
  running_server s(web_config());
  web_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ana.reader.send_bytes(net::ws::client_frame(net::ws::opcode::ping, "¿estás?"));
  EXPECT_TRUE(ana.reader.read_until([&] { return !ana.reader.pongs().empty(); }));
  ASSERT_EQ(ana.reader.pongs().size(), 1u);
  EXPECT_EQ(ana.reader.pongs()[0], "¿estás?");

  const std::string object = net::encode(net::chat_in{"Ana", "en tres trozos", "f-1"});
  net::ws::client_frame_options part;
  part.fin = false;
  ana.writer.send_bytes(net::ws::client_frame(net::ws::opcode::text, object.substr(0, 10), part));
  ana.writer.send_bytes(net::ws::client_frame(net::ws::opcode::ping, "entre medias"));
  ana.writer.send_bytes(net::ws::client_frame(net::ws::opcode::continuation, object.substr(10, 10), part));
  ana.writer.send_bytes(net::ws::client_frame(net::ws::opcode::continuation, object.substr(20)));
  auto m = ana.wait_msg("en tres trozos");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->cid, "f-1");
}

TEST(WebTransport, ABrokenFrameClosesWithItsCodeAndTheRoomGoesOn) {
  running_server s(web_config());
  raw_participant desk(s.port(), "Desk");
  ASSERT_TRUE(desk.reader.next<net::welcome>());

  raw_peer unmasked(s.port(), "127.0.0.1", 0, transport_kind::websocket);
  net::ws::client_frame_options bare;
  bare.masked = false;
  unmasked.send_bytes(net::ws::client_frame(net::ws::opcode::text, "{}", bare));
  EXPECT_TRUE(unmasked.wait_closed());
  EXPECT_EQ(unmasked.close_code(), net::ws::close_code::protocol_error);

  raw_peer not_utf8(s.port(), "127.0.0.1", 0, transport_kind::websocket);
  not_utf8.send_bytes(net::ws::client_frame(net::ws::opcode::text, "{\"a\":\"\xED\xA0\x80\"}"));
  EXPECT_TRUE(not_utf8.wait_closed());
  EXPECT_EQ(not_utf8.close_code(), net::ws::close_code::invalid_payload);

  // Over the object limit: refused at the header, before its payload.
  raw_peer huge(s.port(), "127.0.0.1", 0, transport_kind::websocket);
  std::string header = net::ws::client_frame(net::ws::opcode::text, std::string(70000, 'x')).substr(0, 14);
  huge.send_bytes(header);
  EXPECT_TRUE(huge.wait_closed());
  EXPECT_EQ(huge.close_code(), net::ws::close_code::too_big);

  EXPECT_EQ(s.counters().drops[std::size_t(net::drop_reason::ws_protocol)], 2u);
  desk.say("todo bien");
  EXPECT_TRUE(desk.wait_msg("todo bien"));
}

TEST(WebTransport, AClosingPeerGetsItsCodeEchoedAndTheSocketCloses) {
  running_server s(web_config());
  web_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ana.reader.send_bytes(net::ws::client_frame(net::ws::opcode::close, std::string("\x03\xe9", 2)));  // 1001
  EXPECT_TRUE(ana.reader.wait_closed());
  EXPECT_EQ(ana.reader.close_code(), net::ws::close_code::going_away);
  EXPECT_TRUE(eventually([&] { return s.log_has("closed by peer (WebSocket close 1001)"); }));
}

// A phone that locks its screen drops both sockets; it keeps its seat for
// the web grace, longer than a desktop client's.
TEST(WebTransport, AWebParticipantKeepsItsSeatForTheWebGrace) {
  auto c = web_config();
  c.limits.grace = 100ms;
  c.limits.web_grace = 1500ms;
  running_server s(c);
  raw_participant watcher(s.port(), "Mira");
  ASSERT_TRUE(watcher.reader.next<net::welcome>());
  std::chrono::steady_clock::time_point dropped;
  {
    web_participant phone(s.port(), "Movil");
    ASSERT_TRUE(phone.reader.next<net::welcome>());
    ASSERT_TRUE(watcher.reader.next<net::join_event>());
    dropped = std::chrono::steady_clock::now();
  }
  auto leave = watcher.reader.next<net::leave_event>(5000ms);
  ASSERT_TRUE(leave);
  EXPECT_EQ(leave->author, "Movil");
  EXPECT_GE(std::chrono::steady_clock::now() - dropped, 1400ms) << "a desktop participant would have left at 100 ms";
}

// Joins and leaves of one loop turn reach a reader as one shared batch;
// over WebSocket each is still a text frame of its own (raw_peer fails the
// test on a frame with several objects).
TEST(WebTransport, APresenceBatchLeavesAsOneFramePerObject) {
  running_server s(web_config());
  web_participant watcher(s.port(), "Mira");
  ASSERT_TRUE(watcher.reader.next<net::welcome>());
  std::vector<std::unique_ptr<raw_participant>> crowd;
  for (int i = 0; i < 12; ++i) crowd.push_back(std::make_unique<raw_participant>(s.port(), "P" + std::to_string(i)));
  int joins = 0;
  auto all_joined = [&] {
    return watcher.reader.next_matching(
        [&](const net::inbound& v) { return std::holds_alternative<net::join_event>(v) && ++joins == 12; });
  };
  EXPECT_TRUE(all_joined());
}

// The teaching mode sees a web participant's handshake (the request and the
// 101) before its hello, and each object's frame header.
TEST(WebTransport, TheWireTapShowsTheUpgradeAndEachFramesHeader) {
  // Before the server: the tap runs on its thread until it stops.
  std::mutex m;
  std::vector<net::wire_event> seen;
  running_server s(web_config());
  s.server().watch_next_participant([&](const net::wire_event& e) {
    std::lock_guard<std::mutex> lock(m);
    seen.push_back(e);
  });
  web_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  auto count = [&](auto match) {
    std::lock_guard<std::mutex> lock(m);
    return std::count_if(seen.begin(), seen.end(), match);
  };
  using kind = net::wire_event::kind;
  EXPECT_TRUE(eventually([&] {
    return count([](const net::wire_event& e) {
             return e.what == kind::upgrade && e.from_participant && e.bytes.rfind("GET /ws HTTP/1.1\r\n", 0) == 0;
           }) >= 1 &&
           count([](const net::wire_event& e) {
             return e.what == kind::upgrade && !e.from_participant &&
                    e.bytes.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") != std::string::npos &&
                    e.request.find("sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==") != std::string::npos;
           }) >= 1;
  }));
  EXPECT_TRUE(eventually([&] {
    return count([](const net::wire_event& e) {
             return e.what == kind::frame && e.from_participant && e.websocket && e.ws_masked && e.ws_opcode == 1 &&
                    e.ws_length == e.bytes.size();
           }) >= 1;
  })) << "the hello, with its masked text frame";
}

}  // namespace
}  // namespace charla::test
