// net::client against a real server (and against a raw acceptor standing in
// for a seed server) on loopback.
#include "net/client.hpp"

#include <filesystem>
#include <set>

#include "tests/net/loopback.hpp"

namespace charla::test {
namespace {

using net::client_state;

TEST(Client, JoinsAndSeesItsOwnMessageConfirmed) {
  running_server s;
  watched_client ana(s.io(), client_config_for(s.port(), "Ana"));
  ana->start();
  auto up = ana.wait_state(client_state::connected);
  ASSERT_TRUE(up);
  EXPECT_FALSE(up->seed_server);
  EXPECT_EQ(up->room, "test");
  auto members = ana.wait<net::members_event>();
  ASSERT_TRUE(members);
  ASSERT_EQ(members->members.size(), 1u);
  std::string cid = ana->send("Hola, ¿qué tal?");
  EXPECT_FALSE(cid.empty());
  auto m = ana.wait_text("Hola, ¿qué tal?");
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->own);
  EXPECT_EQ(m->msg.cid, cid);
  EXPECT_EQ(m->msg.id, 1u);
  EXPECT_TRUE(eventually([&] { return ana->unconfirmed() == 0; }));
}

TEST(Client, SessionIsStable32HexCharacters) {
  running_server s;
  watched_client ana(s.io(), client_config_for(s.port(), "Ana"));
  EXPECT_EQ(ana->session().size(), 32u);
  EXPECT_EQ(ana->session().find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Client, TwoClientsTalkAndSeePresence) {
  running_server s;
  watched_client ana(s.io(), client_config_for(s.port(), "Ana"));
  ana->start();
  ASSERT_TRUE(ana.wait_state(client_state::connected));
  {
    watched_client bo(s.io(), client_config_for(s.port(), "Bo"));
    bo->start();
    ASSERT_TRUE(bo.wait_state(client_state::connected));
    auto j = ana.wait<net::join_event>();
    ASSERT_TRUE(j);
    EXPECT_EQ(j->author, "Bo");
    bo->send("hola Ana");
    auto m = ana.wait_text("hola Ana");
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->own);
    EXPECT_EQ(m->msg.author, "Bo");
  }  // Bo stops: says bye
  auto l = ana.wait<net::leave_event>();
  ASSERT_TRUE(l);
  EXPECT_EQ(l->author, "Bo");
}

TEST(Client, TypingWhileTheHostIsDownIsSentOnceItIsBack) {
  // Find a free port, then start the server on it later.
  std::uint16_t port;
  {
    running_server probe;
    port = probe.port();
  }
  network_thread net;
  auto cfg = client_config_for(port, "Ana");
  cfg.backoff_max = 500ms;
  watched_client ana(net.io(), cfg);
  ana->start();
  auto down = ana.wait_state(client_state::reconnecting);
  ASSERT_TRUE(down);
  EXPECT_EQ(down->why, net::failure::refused);
  ana->send("escrito sin conexión");
  EXPECT_EQ(ana->unconfirmed(), 1u);
  auto scfg = test_config();
  scfg.port = port;
  running_server s(scfg);
  auto m = ana.wait_text("escrito sin conexión");
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->own);
  EXPECT_TRUE(eventually([&] { return ana->unconfirmed() == 0; }));
  EXPECT_EQ(s.counters().messages, 1u);
}

TEST(Client, BackoffDoublesFromAQuarterSecondToFiveWithJitter) {
  std::uint16_t port;
  {
    running_server probe;
    port = probe.port();
  }
  network_thread net;
  auto cfg = client_config_for(port, "Ana");
  cfg.backoff_min = 10ms;  // same doubling, scaled down so the test is quick
  cfg.backoff_max = 200ms;
  watched_client ana(net.io(), cfg);
  ana->start();
  std::vector<long> waits;
  for (int i = 0; i < 7; ++i) {
    auto e = ana.wait_state(client_state::reconnecting);
    ASSERT_TRUE(e);
    waits.push_back(e->retry_in.count());
  }
  for (int i = 0; i < 5; ++i) {
    double base = std::min(200.0, 10.0 * (1 << i));
    EXPECT_GE(waits[i], std::floor(base * 0.75) - 1) << i;
    EXPECT_LE(waits[i], std::min(200.0, base * 1.25) + 1) << i;
  }
  EXPECT_LE(waits[6], 200);
  EXPECT_GE(waits[6], 149);
}

TEST(Client, ReconnectsAfterTheHostRestartsAndLosesNothing) {
  auto path =
      (std::filesystem::temp_directory_path() / ("charla-client-restart-" + std::to_string(::getpid()))).string();
  std::filesystem::remove(path);
  // Removed once the hosts below are gone (Windows deletes no open file).
  struct remove_at_end {
    std::string path;
    ~remove_at_end() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  } cleanup{path};
  auto scfg = test_config();
  scfg.transcript_path = path;
  auto first = std::make_unique<running_server>(scfg);
  scfg.port = first->port();
  network_thread net;
  auto cfg = client_config_for(scfg.port, "Ana");
  cfg.backoff_max = 300ms;
  watched_client ana(net.io(), cfg);
  ana->start();
  ASSERT_TRUE(ana.wait_state(client_state::connected));
  ana->send("antes");
  ASSERT_TRUE(ana.wait_text("antes"));
  first.reset();  // the host goes away
  ASSERT_TRUE(ana.wait_state(client_state::reconnecting));
  ana->send("durante");
  running_server second(scfg);
  // Someone else talks before Ana is back.
  raw_participant bo(second.port(), "Bo");
  ASSERT_TRUE(bo.reader.next<net::welcome>());
  bo.say("mientras tanto");
  ASSERT_TRUE(bo.wait_msg("mientras tanto"));
  ASSERT_TRUE(ana.wait_state(client_state::connected));
  ASSERT_TRUE(ana.wait_text("durante"));
  ana.rewind();
  ASSERT_TRUE(ana.wait_text("mientras tanto"));
  // Exactly once each, in id order.
  auto messages = ana.all<net::message_event>();
  std::vector<std::string> texts;
  std::uint64_t last = 0;
  for (auto& m : messages) {
    texts.push_back(m.msg.text);
    EXPECT_GT(m.msg.id, last);
    last = m.msg.id;
  }
  std::sort(texts.begin(), texts.end());
  EXPECT_EQ(texts, (std::vector<std::string>{"antes", "durante", "mientras tanto"}));
}

TEST(Client, UnconfirmedMessageResentAfterADropIsNotDuplicated) {
  running_server s;
  auto cfg = client_config_for(s.port(), "Ana");
  cfg.backoff_min = 20ms;
  watched_client ana(s.io(), cfg);
  ana->start();
  ASSERT_TRUE(ana.wait_state(client_state::connected));
  // Replace Ana's read channel from outside: her client sees the drop before
  // any echo and resends everything unconfirmed with the same cids.
  for (int i = 0; i < 20; ++i) ana->send("m" + std::to_string(i));
  raw_peer thief(s.port());
  thief.send(raw_peer::v1_hello(net::channel_type::read, ana->session(), "Ana"));
  ASSERT_TRUE(ana.wait_text("m19"));
  ASSERT_TRUE(eventually([&] { return ana->unconfirmed() == 0; }));
  EXPECT_EQ(s.counters().messages, 20u);
  auto messages = ana.all<net::message_event>();
  std::set<std::string> distinct;
  for (auto& m : messages) distinct.insert(m.msg.text);
  EXPECT_EQ(distinct.size(), messages.size());
}

TEST(Client, NameTakenStopsRetryingAndSaysWhy) {
  running_server s;
  watched_client ana(s.io(), client_config_for(s.port(), "Ana"));
  ana->start();
  ASSERT_TRUE(ana.wait_state(client_state::connected));
  watched_client other(s.io(), client_config_for(s.port(), "ANA"));
  other->start();
  auto e = other.wait<net::error_event>();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, net::error_code::name_taken);
  auto failed = other.wait_state(client_state::failed);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->why, net::failure::rejected);
  EXPECT_TRUE(other.all<net::status_event>().size() < 5);  // no retry loop
}

TEST(Client, WrongPinFails) {
  auto scfg = test_config();
  scfg.pin = "2468";
  running_server s(scfg);
  auto cfg = client_config_for(s.port(), "Ana");
  cfg.pin = "1357";
  watched_client ana(s.io(), cfg);
  ana->start();
  auto e = ana.wait<net::error_event>();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, net::error_code::bad_pin);
  EXPECT_TRUE(ana.wait_state(client_state::failed));
}

TEST(Client, RightPinJoins) {
  auto scfg = test_config();
  scfg.pin = "2468";
  running_server s(scfg);
  auto cfg = client_config_for(s.port(), "Ana");
  cfg.pin = "2468";
  watched_client ana(s.io(), cfg);
  ana->start();
  EXPECT_TRUE(ana.wait_state(client_state::connected));
}

TEST(Client, RateLimitedMessagesAreRetriedNotLost) {
  auto scfg = test_config();
  scfg.limits.rate = 20;
  scfg.limits.burst = 2;
  running_server s(scfg);
  auto cfg = client_config_for(s.port(), "Ana");
  cfg.rate_retry = 100ms;
  watched_client ana(s.io(), cfg);
  ana->start();
  ASSERT_TRUE(ana.wait_state(client_state::connected));
  for (int i = 0; i < 8; ++i) ana->send("r" + std::to_string(i));
  EXPECT_TRUE(eventually([&] { return ana->unconfirmed() == 0; }));
  EXPECT_EQ(s.counters().messages, 8u);
  EXPECT_GT(s.counters().drop_count(net::drop_reason::rate_limited), 0u);
}

TEST(Client, SilentServerIsLeftAndRetried) {
  // A server that welcomes and then never says anything again.
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  auto port = acceptor.local_endpoint().port();
  network_thread net;
  auto cfg = client_config_for(port, "Ana");
  cfg.silence_timeout = 300ms;
  watched_client ana(net.io(), cfg);
  ana->start();
  asio::ip::tcp::socket read_side(io), write_side(io);
  acceptor.accept(read_side);
  std::string welcome = net::encode(net::welcome{1, "mudo", "x", ana->session(), 1, 0, {}});
  asio::write(read_side, asio::buffer(welcome));
  acceptor.accept(write_side);
  ASSERT_TRUE(ana.wait_state(client_state::connected));
  auto lost = ana.wait_state(client_state::reconnecting);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->why, net::failure::silent);
}

TEST(Client, UnknownHostIsNotFound) {
  network_thread net;
  auto cfg = client_config_for(5000, "Ana");
  cfg.host = "no-such-host.invalid";
  watched_client ana(net.io(), cfg);
  ana->start();
  auto e = ana.wait_state(client_state::reconnecting, 15000ms);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->why, net::failure::not_found);
}

// A seed server sends no welcome. The client waits 250 ms after its write
// hello, then sends ASCII-only objects under 1024 bytes, 60 ms apart, and
// shows its own messages as sent.
TEST(Client, SeedServerModeSendsSeedSizedAsciiObjects) {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  auto port = acceptor.local_endpoint().port();
  network_thread net;
  watched_client ana(net.io(), client_config_for(port, "Añá"));
  ana->start();
  asio::ip::tcp::socket read_side(io), write_side(io);
  acceptor.accept(read_side);
  acceptor.accept(write_side);
  auto t_hello = std::chrono::steady_clock::now();
  auto up = ana.wait_state(client_state::connected);
  ASSERT_TRUE(up);
  EXPECT_TRUE(up->seed_server);
  std::string text(2500, 'x');
  text += "ñ€";
  ana->send(text);
  auto own = ana.wait_text(text);
  ASSERT_TRUE(own);
  EXPECT_TRUE(own->own);
  EXPECT_EQ(own->msg.id, 0u);
  // What arrived on the write channel: the hello, then the parts.
  write_side.non_blocking(true);
  std::string bytes;
  char buf[8192];
  std::error_code ec;
  for (std::size_t n; (n = write_side.read_some(asio::buffer(buf), ec)) > 0 && !ec;) bytes.append(buf, n);
  net::stream_decoder dec(1 << 20);
  net::json_reader reader;
  std::vector<std::string> objects;
  dec.feed(bytes, [&](net::stream_decoder::kind, std::string_view t) { objects.emplace_back(t); });
  ASSERT_GE(objects.size(), 4u);
  EXPECT_NE(objects[0].find("\"type\":\"write\""), std::string::npos);
  std::string joined;
  for (std::size_t i = 1; i < objects.size(); ++i) {
    EXPECT_LT(objects[i].size(), 1024u);
    for (unsigned char c : objects[i]) EXPECT_LT(c, 0x80) << "non-ASCII byte in object " << i;
    auto m = reader.read(objects[i]);
    ASSERT_TRUE(m.value);
    auto& chat = std::get<net::chat_in>(*m.value);
    EXPECT_EQ(chat.author, "Añá");
    auto part = net::parse_legacy_part(chat.text);
    ASSERT_TRUE(part);
    joined += part->piece;
  }
  EXPECT_EQ(joined, text);
  EXPECT_GE(std::chrono::steady_clock::now() - t_hello, 250ms);
}

// A v1 host written by hand on loopback, for what a real host never sends:
// it accepts the client's read channel, answers with a welcome for the
// client's session, then accepts its write channel.
struct hand_made_host {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), 0}};
  asio::ip::tcp::socket read_side{io}, write_side{io};

  std::uint16_t port() const { return acceptor.local_endpoint().port(); }
  // Blocks until the client has both channels open; `w` is sent with the
  // room, the session and first_id filled in.
  void welcome(const std::string& session, net::welcome w = {}) {
    acceptor.accept(read_side);
    w.room = "Aula 3";
    w.session = session;
    w.first_id = 1;
    asio::write(read_side, asio::buffer(net::encode(w)));
    acceptor.accept(write_side);
  }
};

TEST(Client, ReportsTheMessageLimitTheWelcomeAnnounces) {
  hand_made_host host;  // its welcome says 100 bytes
  network_thread net;
  watched_client ana(net.io(), client_config_for(host.port(), "Ana"));
  ana->start();
  net::welcome w;
  w.max_text_bytes = 100;
  host.welcome(ana->session(), w);
  auto up = ana.wait_state(client_state::connected);
  ASSERT_TRUE(up);
  EXPECT_FALSE(up->seed_server);
  EXPECT_EQ(up->max_text_bytes, 100u);
}

// The client is where a replay is told from news (the chat model shows
// what it is given): a host that sends ids it already sent, as one replaying
// history after a reconnect would, gets each message passed on once.
TEST(Client, MessagesTheHostSendsTwiceArePassedOnOnce) {
  hand_made_host host;
  network_thread net;
  watched_client ana(net.io(), client_config_for(host.port(), "Ana"));
  ana->start();
  host.welcome(ana->session());
  ASSERT_TRUE(ana.wait_state(client_state::connected));
  std::string wire;
  for (std::uint64_t id : {1, 2, 1, 2, 3}) {
    net::chat_msg m;
    m.id = id;
    m.ts_ms = 1764050000000;
    m.author = "Bo";
    m.text = "m" + std::to_string(id);
    wire += net::encode(m);
  }
  asio::write(host.read_side, asio::buffer(wire));
  ASSERT_TRUE(ana.wait_text("m3"));
  std::vector<std::string> seen;
  for (auto& m : ana.all<net::message_event>()) {
    seen.push_back(m.msg.text);
    EXPECT_FALSE(m.own);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"m1", "m2", "m3"}));
}

// Own is decided by the client too: a message with our name is ours even
// when an earlier run (another session, other cids) wrote it.
TEST(Client, MessagesWithItsNameFromAnEarlierRunAreOwn) {
  running_server s;
  {
    watched_client before(s.io(), client_config_for(s.port(), "Ana"));
    before->start();
    ASSERT_TRUE(before.wait_state(client_state::connected));
    before->send("de antes");
    ASSERT_TRUE(before.wait_text("de antes"));
    watched_client bo(s.io(), client_config_for(s.port(), "Bo"));
    bo->start();
    ASSERT_TRUE(bo.wait_state(client_state::connected));
    bo->send("hola");
    ASSERT_TRUE(before.wait_text("hola"));
  }
  watched_client ana(s.io(), client_config_for(s.port(), "Ana"));
  ana->start();
  auto mine = ana.wait_text("de antes");
  ASSERT_TRUE(mine);
  EXPECT_TRUE(mine->own);
  EXPECT_TRUE(mine->msg.cid.empty() || mine->msg.cid.rfind(ana->session().substr(0, 8), 0) != 0);
  auto theirs = ana.wait_text("hola");
  ASSERT_TRUE(theirs);
  EXPECT_FALSE(theirs->own);
}

TEST(Client, ReportsTheLimitItsHostWasStartedWith) {
  // A real host with a limit other than the protocol's default: its welcome
  // carries it (an older host's welcome has none, and the client then keeps
  // default_max_text_bytes: Codec.WelcomeCarriesTheMessageLimitOnlyWhenSet).
  auto scfg = test_config();
  scfg.limits.max_text_bytes = 300;
  running_server server(scfg);
  watched_client ana(server.io(), client_config_for(server.port(), "Ana"));
  ana->start();
  auto up = ana.wait_state(client_state::connected);
  ASSERT_TRUE(up);
  EXPECT_EQ(up->max_text_bytes, 300u);
}

TEST(Client, SeedServerRelaysAreMessagesAndPartsAreRejoined) {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  auto port = acceptor.local_endpoint().port();
  network_thread net;
  watched_client ana(net.io(), client_config_for(port, "Ana"));
  ana->start();
  asio::ip::tcp::socket read_side(io), write_side(io);
  acceptor.accept(read_side);
  acceptor.accept(write_side);
  ASSERT_TRUE(ana.wait_state(client_state::connected));
  // A seed server relays raw reads: objects back to back, no newlines, pings.
  std::string long_text(2000, 'z');
  std::string stream = R"({"autor":"","mensaje":""}{"autor":"Seed","mensaje":"hola"})";
  for (auto& part : net::encode_legacy_parts("Seed", long_text)) stream += part;
  asio::write(read_side, asio::buffer(stream));
  auto hola = ana.wait_text("hola");
  ASSERT_TRUE(hola);
  EXPECT_EQ(hola->msg.author, "Seed");
  EXPECT_FALSE(hola->own);
  EXPECT_TRUE(ana.wait_text(long_text));
  EXPECT_EQ(ana.all<net::message_event>().size(), 2u);
}

}  // namespace
}  // namespace charla::test

namespace charla::test {
namespace {

// What the wire inspector shows: each channel's connect, every object as
// sent, in order.
TEST(ClientWireTap, SeesTheHandshakeAndAMessageByteForByte) {
  std::mutex m;
  std::vector<net::wire_event> seen;  // outlives the client and the server
  running_server s;
  watched_client ana(s.io(), client_config_for(s.port(), "Ana"));
  ana->set_wire_tap([&](const net::wire_event& e) {
    std::lock_guard lock(m);
    seen.push_back(e);
  });
  ana->start();
  ASSERT_TRUE(ana.wait_state(net::client_state::connected));
  std::string cid = ana->send("hola");
  ASSERT_TRUE(ana.wait_text("hola"));
  std::lock_guard lock(m);
  using k = net::wire_event::kind;
  auto find = [&](auto pred) {
    for (std::size_t i = 0; i < seen.size(); ++i)
      if (pred(seen[i])) return i;
    return seen.size();
  };
  auto read_open = find([](auto& e) { return e.what == k::connected && e.channel == net::channel_type::read; });
  auto read_hello = find([](auto& e) {
    return e.what == k::frame && e.from_participant && e.bytes.find("\"type\":\"read\"") != std::string::npos;
  });
  auto welcome = find([](auto& e) {
    return e.what == k::frame && !e.from_participant && e.bytes.find("\"welcome\"") != std::string::npos;
  });
  auto write_open = find([](auto& e) { return e.what == k::connected && e.channel == net::channel_type::write; });
  auto write_hello =
      find([](auto& e) { return e.what == k::frame && e.bytes.find("\"type\":\"write\"") != std::string::npos; });
  auto sent = find([](auto& e) {
    return e.what == k::frame && e.from_participant && e.bytes.find("\"mensaje\":\"hola\"") != std::string::npos;
  });
  auto echo = find([](auto& e) {
    return e.what == k::frame && !e.from_participant && e.bytes.find("\"type\":\"msg\"") != std::string::npos;
  });
  ASSERT_LT(echo, seen.size());
  EXPECT_LT(read_open, read_hello);
  EXPECT_LT(read_hello, welcome);
  EXPECT_LT(read_open, write_open);
  EXPECT_LT(write_open, write_hello);
  EXPECT_LT(write_hello, sent);
  EXPECT_LT(sent, echo);
  EXPECT_EQ(seen[sent].bytes, "{\"autor\":\"Ana\",\"mensaje\":\"hola\",\"cid\":\"" + cid + "\"}\n");
  EXPECT_EQ(seen[sent].server_end, "127.0.0.1:" + std::to_string(s.port()));
  EXPECT_EQ(seen[read_open].participant_end.rfind("127.0.0.1:", 0), 0u);
}

TEST(ServerWireTap, SeesTheChosenParticipantOnly) {
  std::mutex m;
  std::vector<net::wire_event> seen;  // outlives the server
  running_server s;
  s.server().set_wire_tap("Ana", [&](const net::wire_event& e) {
    std::lock_guard lock(m);
    seen.push_back(e);
  });
  raw_participant bo(s.port(), "Bo");
  ASSERT_TRUE(bo.reader.next<net::welcome>());
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ana.say("hola", "c1");
  bo.say("y yo");
  ASSERT_TRUE(ana.wait_msg("y yo"));
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(m);
    for (auto& e : seen)
      if (e.bytes.find("y yo") != std::string::npos) return true;
    return false;
  }));
  std::lock_guard lock(m);
  int connects = 0;
  bool hello = false, said = false;
  for (auto& e : seen) {
    EXPECT_EQ(e.participant, "Ana");
    connects += e.what == net::wire_event::kind::connected;
    hello |= e.from_participant && e.bytes.find("\"type\":\"read\"") != std::string::npos;
    // As the server read it: the object's bytes (the newline after it is
    // whitespace between objects, not part of it).
    said |= e.from_participant && e.bytes == "{\"autor\":\"Ana\",\"mensaje\":\"hola\",\"cid\":\"c1\"}";
  }
  EXPECT_EQ(connects, 2);
  EXPECT_TRUE(hello);
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace charla::test

namespace charla::test {
namespace {

// Watching starts after the handshake: both open channels are reported at
// once, marked as earlier, with the time they really opened and both ends.
TEST(ClientWireTap, LateTapReportsTheOpenChannelsAsEarlier) {
  std::mutex m;
  std::vector<net::wire_event> seen;
  running_server s;
  watched_client ana(s.io(), client_config_for(s.port(), "Ana"));
  ana->start();
  ASSERT_TRUE(ana.wait_state(net::client_state::connected));
  auto before_tap = std::chrono::system_clock::now();
  ana->set_wire_tap([&](const net::wire_event& e) {
    std::lock_guard lock(m);
    seen.push_back(e);
  });
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(m);
    return seen.size() >= 2;
  }));
  std::lock_guard lock(m);
  ASSERT_EQ(seen.size(), 2u) << "only the snapshot, no traffic yet";
  for (const auto& e : seen) {
    EXPECT_EQ(e.what, net::wire_event::kind::connected);
    EXPECT_TRUE(e.earlier);
    EXPECT_LE(e.time, before_tap);
    EXPECT_EQ(e.server_end, "127.0.0.1:" + std::to_string(s.port()));
    EXPECT_EQ(e.participant_end.rfind("127.0.0.1:", 0), 0u);
    EXPECT_FALSE(e.legacy);
  }
  EXPECT_EQ(seen[0].channel, net::channel_type::read);
  EXPECT_EQ(seen[1].channel, net::channel_type::write);
  EXPECT_NE(seen[0].participant_end, seen[1].participant_end);
}

// The server's view: which channel is paired with which, seed or v1.
TEST(ServerWireTap, ReportsPairingAndOpenChannelsWhenWatchingStarts) {
  // Declared before the server: the tap may still be called while the
  // participants close, until the server is gone.
  std::mutex m;
  std::vector<net::wire_event> seen;
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  // Both channels paired before watching starts.
  ASSERT_TRUE(eventually([&] { return s.log_has("hello v1 as write channel of Ana"); }));
  s.server().set_wire_tap("Ana", [&](const net::wire_event& e) {
    std::lock_guard lock(m);
    seen.push_back(e);
  });
  // The tap is set on the network thread: speak once it is in place.
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(m);
    return seen.size() >= 2;
  }));
  ana.say("hola", "c1");
  ASSERT_TRUE(ana.wait_msg("hola"));
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(m);
    return seen.size() >= 4;  // two snapshots, the message in, its echo out
  }));
  std::lock_guard lock(m);
  ASSERT_GE(seen.size(), 4u);
  const auto read_end = ana.reader.socket().local_endpoint();
  const auto write_end = ana.writer.socket().local_endpoint();
  const std::string reader = "127.0.0.1:" + std::to_string(read_end.port());
  const std::string writer = "127.0.0.1:" + std::to_string(write_end.port());
  EXPECT_EQ(seen[0].what, net::wire_event::kind::connected);
  EXPECT_TRUE(seen[0].earlier);
  EXPECT_EQ(seen[0].channel, net::channel_type::read);
  EXPECT_EQ(seen[0].participant_end, reader);
  EXPECT_EQ(seen[0].paired_with, writer);
  EXPECT_EQ(seen[1].channel, net::channel_type::write);
  EXPECT_EQ(seen[1].paired_with, reader);
  for (const auto& e : seen) EXPECT_FALSE(e.legacy);
  EXPECT_EQ(seen[2].bytes, "{\"autor\":\"Ana\",\"mensaje\":\"hola\",\"cid\":\"c1\"}");
  EXPECT_TRUE(seen[2].from_participant);
  EXPECT_FALSE(seen[3].from_participant);
  EXPECT_NE(seen[3].bytes.find("\"mensaje\":\"hola\""), std::string::npos);
}

// "Watch the next to join": whoever says hello first after the call is
// watched from its first byte, a seed client too; nobody else is.
TEST(ServerWireTap, WatchesTheNextParticipantFromItsFirstHello) {
  std::mutex m;  // before the server: see above
  std::vector<net::wire_event> seen;
  running_server s;
  raw_participant before(s.port(), "Antes");
  ASSERT_TRUE(before.reader.next<net::welcome>());
  s.server().watch_next_participant([&](const net::wire_event& e) {
    std::lock_guard lock(m);
    seen.push_back(e);
  });
  before.say("nadie me mira");
  ASSERT_TRUE(before.wait_msg("nadie me mira"));
  seed_participant seed(s.port(), "Semilla", "127.0.0.1");
  seed.say("hola");
  ASSERT_TRUE(before.wait_msg("hola"));
  raw_participant after(s.port(), "Despues");
  ASSERT_TRUE(after.reader.next<net::welcome>());
  after.say("tampoco");
  ASSERT_TRUE(before.wait_msg("tampoco"));
  std::lock_guard lock(m);
  ASSERT_GE(seen.size(), 5u);
  EXPECT_EQ(seen[0].what, net::wire_event::kind::connected);
  EXPECT_FALSE(seen[0].earlier);
  // Its first hello (the seed opens read then write; either may be read first).
  EXPECT_TRUE(seen[1].bytes == "{\"type\":\"read\"}" || seen[1].bytes == "{\"type\":\"write\"}") << seen[1].bytes;
  EXPECT_TRUE(seen[1].legacy);
  bool said = false;
  for (const auto& e : seen) {
    EXPECT_EQ(e.bytes.find("nadie me mira"), std::string::npos);
    EXPECT_EQ(e.bytes.find("tampoco"), std::string::npos);
    EXPECT_EQ(e.bytes.find("Despues"), std::string::npos);
    said |= e.from_participant && e.bytes.find("\"mensaje\":\"hola\"") != std::string::npos;
  }
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace charla::test
