// The server's rules (docs/PROTOCOL.md sections 2 to 7), one test each, with
// real sockets on 127.0.0.0/8.
#include "net/server.hpp"

#include <filesystem>

#include "tests/net/loopback.hpp"

namespace charla::test {
namespace {

using net::channel_type;

bool is_msg(const net::inbound& i, const std::string& text) {
  auto* m = std::get_if<net::chat_msg>(&i);
  return m && m->text == text;
}

template <typename T>
bool is(const net::inbound& i) {
  return std::holds_alternative<T>(i);
}

std::optional<net::error_event> wait_error(raw_peer& p, net::error_code code, milliseconds t = default_wait) {
  auto v = p.next_matching(
      [&](const net::inbound& i) {
        auto* e = std::get_if<net::error_event>(&i);
        return e && e->code == code;
      },
      t);
  if (!v) return std::nullopt;
  return std::get<net::error_event>(*v);
}

// The room's rules hold whatever the transport: each RoomRule test runs once
// with raw peers over TCP and once over WebSocket (net/tcp/channel.hpp: a
// WebSocket is a channel of its own framing). What only one transport has
// (seed pairing, bytes between objects, the connection cap's refusal before
// any HTTP) stays a Server test; ws_transport_test.cpp has the WebSocket's own.
class RoomRule : public ::testing::TestWithParam<transport_kind> {
 protected:
  void SetUp() override { default_transport() = GetParam(); }
  void TearDown() override { default_transport() = transport_kind::tcp; }
};

INSTANTIATE_TEST_SUITE_P(OverEachTransport, RoomRule, ::testing::Values(transport_kind::tcp, transport_kind::websocket),
                         [](const ::testing::TestParamInfo<transport_kind>& info) { return to_string(info.param); });

// -- hellos, welcome, pairing ------------------------------------------------

TEST_P(RoomRule, V1HelloGetsWelcomeWithRoomAndMembers) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  auto w = ana.reader.next<net::welcome>();
  ASSERT_TRUE(w);
  EXPECT_EQ(w->room, "test");
  EXPECT_EQ(w->session, ana.session);
  EXPECT_EQ(w->server.rfind("charla ", 0), 0u);
  ASSERT_EQ(w->members.size(), 1u);
  EXPECT_EQ(w->members[0].author, "Ana");
}

TEST(Server, SeedHelloInTheSameSegmentAsTheMessageIsAccepted) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  raw_peer seed_read(s.port(), "127.0.0.2");
  seed_read.send("{\"type\":\"read\"}");
  raw_peer seed_write(s.port(), "127.0.0.2");
  seed_write.send(R"({"type":"write"}{"autor":"Seed","mensaje":"hola"})");
  auto m = ana.wait_msg("hola");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->author, "Seed");
}

TEST(Server, LegacyChannelsPairByIpOldestFirstSoTwoSeedClientsOnOneIpWork) {
  running_server s;
  seed_participant a(s.port(), "A", "127.0.0.2");
  ASSERT_TRUE(eventually([&] { return s.log_has("waiting for its other channel") && s.log_has("paired"); }));
  seed_participant b(s.port(), "B", "127.0.0.2");
  seed_participant c(s.port(), "C", "127.0.0.3");
  ASSERT_TRUE(eventually([&] { return s.counters().connections == 6; }));
  a.say("from A");
  ASSERT_TRUE(b.wait_chat("from A"));
  ASSERT_TRUE(c.wait_chat("from A"));
  b.say("from B");
  ASSERT_TRUE(a.wait_chat("from B"));
  ASSERT_TRUE(c.wait_chat("from B"));
  // A seed reader never gets its own message back.
  EXPECT_FALSE(a.wait_chat("from A", 300ms));
}

TEST(Server, SeedReadersGetExactlyAutorAndMensaje) {
  running_server s;
  seed_participant seed(s.port(), "Seed", "127.0.0.2");
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ASSERT_TRUE(eventually([&] { return s.counters().connections == 4; }));
  ana.say("Hola \"tú\"", "c1");
  ASSERT_TRUE(seed.wait_chat("Hola \"tú\""));
  EXPECT_EQ(seed.reader.raw_objects().back(), R"({"autor":"Ana","mensaje":"Hola \"tú\""})");
}

TEST(Server, LegacyMessagesReachV1ReadersAsNumberedMessagesWithPresence) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  seed_participant seed(s.port(), "Seed", "127.0.0.2");
  seed.say("hola");
  auto j = ana.reader.next<net::join_event>();
  ASSERT_TRUE(j);
  EXPECT_EQ(j->author, "Seed");
  EXPECT_TRUE(j->legacy);
  auto m = ana.wait_msg("hola");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->id, 1u);
  EXPECT_GT(m->ts_ms, 0);
}

TEST(Server, LongMessageReachesSeedReadersAsPartsUnder1024Bytes) {
  running_server s;
  seed_participant seed(s.port(), "Seed", "127.0.0.2");
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ASSERT_TRUE(eventually([&] { return s.counters().connections == 4; }));
  std::string text;
  for (int i = 0; i < 3000; ++i) text += i % 5 ? "a" : "ñ";
  ana.say(text, "c1");
  std::string joined;
  for (std::size_t i = 1;; ++i) {
    auto v = seed.reader.next<net::chat_in>();
    ASSERT_TRUE(v) << "part " << i;
    auto part = net::parse_legacy_part(v->text);
    ASSERT_TRUE(part);
    EXPECT_EQ(part->index, i);
    joined += part->piece;
    if (part->index == part->count) break;
  }
  EXPECT_EQ(joined, text);
  for (auto& raw : seed.reader.raw_objects()) EXPECT_LE(raw.size() + 1, 1024u);
}

TEST(Server, SeedReadersArePacedOneObjectPer60Ms) {
  running_server s;
  seed_participant seed(s.port(), "Seed", "127.0.0.2");
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ASSERT_TRUE(eventually([&] { return s.counters().connections == 4; }));
  for (int i = 0; i < 4; ++i) ana.say("m" + std::to_string(i));
  ASSERT_TRUE(seed.wait_chat("m3"));
  auto& t = seed.reader.arrival_times;
  ASSERT_EQ(t.size(), 4u);
  // The server never sends sooner; later is fine (a lower bound only).
  for (std::size_t i = 1; i < t.size(); ++i) EXPECT_GE(t[i] - t[i - 1], 50ms);
  EXPECT_EQ(seed.reader.reads(), 4u);
}

// -- messages ----------------------------------------------------------------

TEST_P(RoomRule, V1ReadersGetEveryMessageIncludingTheirOwnAsReceipt) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  raw_participant bo(s.port(), "Bo");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ASSERT_TRUE(bo.reader.next<net::welcome>());
  ana.say("hola", "c7");
  auto own = ana.wait_msg("hola");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->cid, "c7");
  EXPECT_FALSE(own->replay);
  auto other = bo.wait_msg("hola");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->id, own->id);
}

TEST_P(RoomRule, IdsAreOneTotalOrderForEveryone) {
  auto cfg = test_config();
  cfg.limits.rate = 0;
  running_server s(cfg);
  raw_participant ana(s.port(), "Ana"), bo(s.port(), "Bo"), cy(s.port(), "Cy");
  for (auto* p : {&ana, &bo, &cy}) ASSERT_TRUE(p->reader.next<net::welcome>());
  for (int i = 0; i < 30; ++i) {
    ana.say("a" + std::to_string(i));
    bo.say("b" + std::to_string(i));
  }
  std::vector<std::vector<std::pair<std::uint64_t, std::string>>> orders;
  for (auto* p : {&ana, &bo, &cy}) {
    int count = 0;
    ASSERT_TRUE(p->reader.next_matching(
        [&](const net::inbound& i) { return std::holds_alternative<net::chat_msg>(i) && ++count == 60; }));
    std::vector<std::pair<std::uint64_t, std::string>> order;
    for (auto& v : p->reader.seen()) {
      if (auto* m = std::get_if<net::chat_msg>(&v)) order.emplace_back(m->id, m->text);
    }
    orders.push_back(order);
  }
  ASSERT_EQ(orders[0].size(), 60u);
  for (std::size_t i = 0; i < orders[0].size(); ++i) EXPECT_EQ(orders[0][i].first, i + 1);
  EXPECT_EQ(orders[0], orders[1]);
  EXPECT_EQ(orders[0], orders[2]);
}

TEST_P(RoomRule, AutorOfAV1SessionCannotBeSpoofed) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ana.writer.send(R"({"autor":"Profesora","mensaje":"examen cancelado"})"
                  "\n");
  auto m = ana.wait_msg("examen cancelado");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->author, "Ana");
}

TEST(Server, SeedClientClaimingATakenNameIsShownWithItsAddress) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  seed_participant fake(s.port(), "Ana", "127.0.0.9");
  fake.say("soy Ana");
  auto m = ana.wait_msg("soy Ana");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->author, "Ana (127.0.0.9)");
}

TEST_P(RoomRule, ResentCidIsNotDuplicated) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ana.say("una vez", "c1");
  ana.say("una vez", "c1");
  ana.say("marca", "c2");
  ASSERT_TRUE(ana.wait_msg("marca"));
  int copies = 0;
  for (auto& v : ana.reader.seen()) copies += is_msg(v, "una vez");
  EXPECT_EQ(copies, 1);
  EXPECT_EQ(s.counters().drop_count(net::drop_reason::duplicate), 1u);
}

TEST_P(RoomRule, EmptyAndWhitespaceMessagesAreDropped) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ana.say("   \n ");
  ana.say("real");
  auto m = ana.wait_msg("real");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->id, 1u);
}

// -- history and replay ------------------------------------------------------

TEST_P(RoomRule, ReplaysWhatCameAfterSince) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  for (int i = 1; i <= 5; ++i) ana.say("m" + std::to_string(i));
  ASSERT_TRUE(ana.wait_msg("m5"));
  raw_participant late(s.port(), "Late", {}, 3);
  auto w = late.reader.next<net::welcome>();
  ASSERT_TRUE(w);
  EXPECT_EQ(w->first_id, 1u);
  EXPECT_EQ(w->last_id, 5u);
  auto m4 = late.wait_msg("m4");
  ASSERT_TRUE(m4);
  EXPECT_TRUE(m4->replay);
  EXPECT_TRUE(late.wait_msg("m5"));
  for (auto& v : late.reader.seen()) EXPECT_FALSE(is_msg(v, "m3"));
}

TEST_P(RoomRule, WithoutSinceTheLast200AreReplayed) {
  auto cfg = test_config();
  cfg.limits.rate = 0;
  running_server s(cfg);
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  for (int i = 1; i <= 250; ++i) ana.say("m" + std::to_string(i));
  ASSERT_TRUE(ana.wait_msg("m250"));
  raw_participant late(s.port(), "Late");
  ASSERT_TRUE(late.wait_msg("m250"));
  std::size_t replayed = 0;
  std::uint64_t first = 0;
  for (auto& v : late.reader.seen()) {
    if (auto* m = std::get_if<net::chat_msg>(&v)) {
      if (!first) first = m->id;
      ++replayed;
    }
  }
  EXPECT_EQ(replayed, 200u);
  EXPECT_EQ(first, 51u);
}

TEST_P(RoomRule, WelcomeFirstIdShowsWhatCanNoLongerBeReplayed) {
  auto cfg = test_config();
  cfg.limits.history = 5;
  running_server s(cfg);
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  for (int i = 1; i <= 12; ++i) ana.say("m" + std::to_string(i));
  ASSERT_TRUE(ana.wait_msg("m12"));
  raw_participant late(s.port(), "Late", {}, 2);
  auto w = late.reader.next<net::welcome>();
  ASSERT_TRUE(w);
  EXPECT_EQ(w->first_id, 8u);
  EXPECT_EQ(w->last_id, 12u);
  auto first = late.reader.next<net::chat_msg>();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->id, 8u);
}

// -- presence and names ------------------------------------------------------

TEST_P(RoomRule, JoinAndLeaveAreAnnouncedToOthers) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  {
    raw_participant bo(s.port(), "Bo");
    ASSERT_TRUE(bo.reader.next<net::welcome>());
    auto j = ana.reader.next<net::join_event>();
    ASSERT_TRUE(j);
    EXPECT_EQ(j->author, "Bo");
    EXPECT_FALSE(j->legacy);
    bo.writer.send(net::encode(net::bye_event{}));
    auto l = ana.reader.next<net::leave_event>();
    ASSERT_TRUE(l);
    EXPECT_EQ(l->author, "Bo");
    EXPECT_EQ(l->reason, net::leave_reason::closed);
  }
}

TEST(Server, ParticipantWhoVanishesLeavesAfterTheGracePeriod) {
  auto cfg = test_config();
  cfg.limits.grace = 300ms;
  running_server s(cfg);
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  {
    raw_participant bo(s.port(), "Bo");
    ASSERT_TRUE(bo.reader.next<net::welcome>());
  }  // both sockets closed without a bye
  auto l = ana.reader.next<net::leave_event>();
  ASSERT_TRUE(l);
  EXPECT_EQ(l->author, "Bo");
  EXPECT_EQ(s.counters().participants, 1u);
}

TEST_P(RoomRule, ReconnectWithinTheGracePeriodIsNoLeave) {
  auto cfg = test_config();
  cfg.limits.grace = 3000ms;
  running_server s(cfg);
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  std::string session;
  {
    raw_participant bo(s.port(), "Bo");
    session = bo.session;
    ASSERT_TRUE(bo.reader.next<net::welcome>());
  }
  raw_participant bo_again(s.port(), "Bo", session);
  ASSERT_TRUE(bo_again.reader.next<net::welcome>());
  bo_again.say("sigo aquí");
  ASSERT_TRUE(ana.wait_msg("sigo aquí"));
  for (auto& v : ana.reader.seen()) EXPECT_FALSE(is<net::leave_event>(v));
  EXPECT_EQ(s.counters().participants, 2u);
}

TEST_P(RoomRule, NewChannelOfAKnownSessionReplacesTheOldOne) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  raw_peer second_reader(s.port());
  second_reader.send(raw_peer::v1_hello(channel_type::read, ana.session, "Ana"));
  ASSERT_TRUE(second_reader.next<net::welcome>());
  EXPECT_TRUE(ana.reader.wait_closed());
  ana.say("por el nuevo");
  EXPECT_TRUE(second_reader.next_matching([](const net::inbound& i) { return is_msg(i, "por el nuevo"); }));
}

TEST_P(RoomRule, TakenNameIsRefusedIgnoringCase) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  raw_participant other(s.port(), "ana");
  auto e = wait_error(other.reader, net::error_code::name_taken);
  ASSERT_TRUE(e);
  EXPECT_NE(e->detail.find("ana"), std::string::npos);
  EXPECT_TRUE(other.reader.wait_closed());
  // Both channels are refused.
  EXPECT_TRUE(eventually([&] { return s.counters().drop_count(net::drop_reason::name_taken) == 2; }));
}

TEST_P(RoomRule, BadNamesAndSessionsAreBadHello) {
  running_server s;
  raw_peer empty_name(s.port());
  empty_name.send(raw_peer::v1_hello(channel_type::read, raw_participant::make_session(), "   "));
  EXPECT_TRUE(wait_error(empty_name, net::error_code::bad_hello));
  raw_peer long_name(s.port());
  long_name.send(raw_peer::v1_hello(channel_type::read, raw_participant::make_session(), std::string(33, 'x')));
  EXPECT_TRUE(wait_error(long_name, net::error_code::bad_hello));
  raw_peer bad_session(s.port());
  bad_session.send(raw_peer::v1_hello(channel_type::read, "XYZ", "Ana"));
  EXPECT_TRUE(wait_error(bad_session, net::error_code::bad_hello));
  raw_peer no_hello(s.port());
  no_hello.send(R"({"autor":"a","mensaje":"sin hello"})");
  EXPECT_TRUE(wait_error(no_hello, net::error_code::bad_hello));
  EXPECT_TRUE(no_hello.wait_closed());
}

// -- PIN -----------------------------------------------------------------------

TEST_P(RoomRule, PinRoomRequiresTheRightPin) {
  auto cfg = test_config();
  cfg.pin = "4321";
  running_server s(cfg);
  raw_participant none(s.port(), "Sin");
  EXPECT_TRUE(wait_error(none.reader, net::error_code::pin_required));
  raw_participant wrong(s.port(), "Mal", {}, {}, "1111");
  EXPECT_TRUE(wait_error(wrong.reader, net::error_code::bad_pin));
  EXPECT_TRUE(wrong.reader.wait_closed());
  // Another computer (the wrong PIN above makes 127.0.0.1 wait).
  raw_participant right(s.port(), "Bien", {}, {}, "4321", "127.0.0.5");
  EXPECT_TRUE(right.reader.next<net::welcome>());
}

TEST_P(RoomRule, WrongPinsMakeThatAddressWaitLongerEachTime) {
  auto cfg = test_config();
  cfg.pin = "4321";
  cfg.limits.pin_backoff = 300ms;
  running_server s(cfg);
  raw_participant wrong(s.port(), "Mal", {}, {}, "0000", "127.0.0.6");
  ASSERT_TRUE(wait_error(wrong.reader, net::error_code::bad_pin));
  // Even the right PIN waits its turn...
  raw_participant too_soon(s.port(), "Pronto", {}, {}, "4321", "127.0.0.6");
  auto e = wait_error(too_soon.reader, net::error_code::bad_pin);
  ASSERT_TRUE(e);
  EXPECT_NE(e->detail.find("try again in"), std::string::npos);
  // Both channels of the early try (and perhaps the wrong one's second channel).
  EXPECT_GE(s.counters().drop_count(net::drop_reason::pin_backoff), 2u);
  // ...other computers do not...
  raw_participant other(s.port(), "Otro", {}, {}, "4321", "127.0.0.7");
  EXPECT_TRUE(other.reader.next<net::welcome>());
  // ...and after the wait the right PIN works. (Each try has its own name:
  // a try that got in but answered late still holds its name.)
  int tries = 0;
  EXPECT_TRUE(eventually(
      [&] {
        raw_participant later(s.port(), "Luego" + std::to_string(++tries), {}, {}, "4321", "127.0.0.6");
        return later.reader.next<net::welcome>(1000ms).has_value();
      },
      10000ms));
  EXPECT_TRUE(s.log_has("gave a wrong PIN 1 time(s)"));
}

TEST_P(RoomRule, ParticipantCapRefusesTheNextOne) {
  auto cfg = test_config();
  cfg.limits.max_participants = 2;
  running_server s(cfg);
  raw_participant a(s.port(), "A"), b(s.port(), "B");
  ASSERT_TRUE(a.reader.next<net::welcome>());
  ASSERT_TRUE(b.reader.next<net::welcome>());
  raw_participant c(s.port(), "C");
  auto e = wait_error(c.reader, net::error_code::server_full);
  ASSERT_TRUE(e);
  EXPECT_NE(e->detail.find("2 participants"), std::string::npos);
  EXPECT_GE(s.counters().drop_count(net::drop_reason::room_full), 1u);
}

TEST_P(RoomRule, MutedParticipantCannotWriteUntilUnmuted) {
  running_server s;
  raw_participant ana(s.port(), "Ana"), troll(s.port(), "Troll");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ASSERT_TRUE(troll.reader.next<net::welcome>());
  s.server().mute("Troll", true);
  ASSERT_TRUE(eventually([&] { return s.log_has("the host muted Troll"); }));
  troll.say("spam", "t1");
  auto e = wait_error(troll.reader, net::error_code::muted);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->cid, "t1");
  ana.say("Ana sí puede");
  EXPECT_TRUE(ana.wait_msg("Ana sí puede"));
  s.server().mute("Troll", false);
  ASSERT_TRUE(eventually([&] { return s.log_has("the host unmuted Troll"); }));
  troll.say("perdón", "t2");
  EXPECT_TRUE(ana.wait_msg("perdón"));
  EXPECT_EQ(s.counters().drop_count(net::drop_reason::muted), 1u);
}

TEST_P(RoomRule, ReadOnlyRoomLetsOnlyTheHostWrite) {
  auto cfg = test_config();
  cfg.read_only = true;
  cfg.host_session = raw_participant::make_session();
  running_server s(cfg);
  raw_participant teacher(s.port(), "Profe", cfg.host_session);
  raw_participant student(s.port(), "Ana");
  ASSERT_TRUE(teacher.reader.next<net::welcome>());
  ASSERT_TRUE(student.reader.next<net::welcome>());
  student.say("¿puedo?", "s1");
  auto e = wait_error(student.reader, net::error_code::muted);
  ASSERT_TRUE(e);
  EXPECT_NE(e->detail.find("only the host"), std::string::npos);
  teacher.say("silencio, por favor");
  EXPECT_TRUE(student.wait_msg("silencio, por favor"));
  s.server().set_read_only(false);
  ASSERT_TRUE(eventually([&] { return s.log_has("everyone can write again"); }));
  student.say("gracias");
  EXPECT_TRUE(teacher.wait_msg("gracias"));
}

TEST(Server, PinRoomRefusesSeedClientsAndLogsWhy) {
  auto cfg = test_config();
  cfg.pin = "4321";
  running_server s(cfg);
  raw_peer seed(s.port(), "127.0.0.2");
  seed.send("{\"type\":\"read\"}");
  EXPECT_TRUE(seed.wait_closed());
  EXPECT_TRUE(eventually([&] { return s.log_has("this room has a PIN and seed clients cannot send one"); }));
}

// -- keepalive and timeouts ----------------------------------------------------

TEST(Server, SilentReadersGetPingsV1AndLegacy) {
  auto cfg = test_config();
  cfg.limits.ping_interval = 200ms;
  running_server s(cfg);
  raw_participant ana(s.port(), "Ana");
  seed_participant seed(s.port(), "Seed", "127.0.0.2");
  auto ping = ana.reader.next<net::ping_event>();
  ASSERT_TRUE(ping);
  EXPECT_GT(ping->ts_ms, 0);
  ASSERT_TRUE(seed.reader.next<net::chat_in>());
  EXPECT_EQ(seed.reader.raw_objects().front(), R"({"autor":"","mensaje":""})");
}

TEST_P(RoomRule, ConnectionWithoutHelloIsClosedAfterTheTimeout) {
  auto cfg = test_config();
  cfg.limits.hello_timeout = 200ms;
  running_server s(cfg);
  raw_peer quiet(s.port());
  EXPECT_TRUE(quiet.wait_closed());
  EXPECT_EQ(s.counters().drop_count(net::drop_reason::hello_timeout), 1u);
}

// -- limits ------------------------------------------------------------------

TEST_P(RoomRule, RateLimitRejectsPastTheBurstWithTheCid) {
  auto cfg = test_config();
  cfg.limits.rate = 0.5;
  cfg.limits.burst = 3;
  running_server s(cfg);
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  for (int i = 1; i <= 4; ++i) ana.say("m" + std::to_string(i), "c" + std::to_string(i));
  auto e = wait_error(ana.reader, net::error_code::rate_limited);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->cid, "c4");
  EXPECT_EQ(s.counters().messages, 3u);
  EXPECT_EQ(s.counters().drop_count(net::drop_reason::rate_limited), 1u);
}

TEST(Server, ConnectionCapRefusesWithServerFull) {
  auto cfg = test_config();
  cfg.limits.max_connections = 2;
  running_server s(cfg);
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  raw_peer third(s.port());
  EXPECT_TRUE(wait_error(third, net::error_code::server_full));
  EXPECT_TRUE(third.wait_closed());
  EXPECT_TRUE(s.log_has("server full"));
}

TEST_P(RoomRule, MessageOverTheLimitIsRefusedAndTheChannelStays) {
  auto cfg = test_config();
  cfg.limits.max_text_bytes = 100;
  running_server s(cfg);
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ana.say(std::string(100, 'x'), "fits");
  ana.say(std::string(101, 'x'), "over");
  auto e = wait_error(ana.reader, net::error_code::too_large);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->cid, "over");
  ana.say("después");
  EXPECT_TRUE(ana.wait_msg("después"));
  EXPECT_EQ(s.counters().messages, 2u);
}

TEST(Server, ObjectOverTheLimitClosesTheChannel) {
  auto cfg = test_config();
  cfg.limits.max_object = 1024;
  running_server s(cfg);
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ana.writer.send("{\"autor\":\"Ana\",\"mensaje\":\"" + std::string(2000, 'x') + "\"}");
  EXPECT_TRUE(wait_error(ana.writer, net::error_code::too_large));
  EXPECT_TRUE(ana.writer.wait_closed());
  EXPECT_EQ(s.counters().drop_count(net::drop_reason::too_large), 1u);
}

TEST(Server, BadJsonCostsThatObjectOnly) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  ana.writer.send("123 [1,2] {\"autor\":\"Ana\",\"mensaje\":\"\xFF\"} {\"x\":1}");
  ana.say("sigue vivo");
  EXPECT_TRUE(ana.wait_msg("sigue vivo"));
  EXPECT_EQ(s.counters().drop_count(net::drop_reason::bad_json), 4u);
  int errors = 0;
  for (auto& v : ana.reader.seen()) {
    auto* e = std::get_if<net::error_event>(&v);
    errors += e && e->code == net::error_code::bad_json;
  }
  EXPECT_EQ(errors, 4);
}

TEST_P(RoomRule, EightBadObjectsInARowCloseTheChannel) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  for (int i = 0; i < 8; ++i) ana.writer.send("[] ");
  EXPECT_TRUE(ana.writer.wait_closed());
  EXPECT_TRUE(eventually([&] { return s.log_has("8 bad objects in a row"); }));
}

TEST_P(RoomRule, SlowReaderIsDroppedAndOthersAreUnaffected) {
  auto cfg = test_config();
  cfg.limits.rate = 0;
  cfg.limits.max_queue = 64 * 1024;
  running_server s(cfg);
  // A reader with a tiny receive buffer that never reads.
  raw_peer stuck_reader(s.port(), "127.0.0.1", 4096);
  std::string stuck_session = raw_participant::make_session();
  stuck_reader.send(raw_peer::v1_hello(channel_type::read, stuck_session, "Lento"));
  // The sender has only a write channel, so no reader of its own to drain.
  raw_peer ana(s.port());
  ana.send(raw_peer::v1_hello(channel_type::write, raw_participant::make_session(), "Ana"));
  raw_participant bo(s.port(), "Bo");
  ASSERT_TRUE(bo.reader.next<net::welcome>());
  // Past the kernel's socket buffers (up to 4 MiB on loopback) and the cap.
  std::string big(8000, 'x');
  for (int i = 0; i < 2000 && s.counters().drop_count(net::drop_reason::slow_reader) == 0; ++i) {
    ana.send(net::encode(net::chat_in{"Ana", big + std::to_string(i), {}}));
    if (i % 20 == 0) {
      auto got = bo.wait_msg(big + std::to_string(i));  // Bo keeps reading
      if (!got)
        for (auto& e : s.server().log().entries_after(0)) std::cerr << e.text << "\n";
      ASSERT_TRUE(got);
    }
  }
  EXPECT_TRUE(eventually([&] { return s.counters().drop_count(net::drop_reason::slow_reader) == 1; }));
  EXPECT_TRUE(eventually([&] { return s.log_has("slow reader"); }));
  ana.send(net::encode(net::chat_in{"Ana", "todavía bien", {}}));
  EXPECT_TRUE(bo.wait_msg("todavía bien"));
  EXPECT_EQ(s.counters().drop_count(net::drop_reason::slow_reader), 1u);
}

// The one stalled reader of a stall test is cut within `wait`, counted as a
// slow reader and logged as a stall; the host's log is shown when it is not.
void expect_cut_as_stalled(running_server& s, milliseconds wait) {
  bool cut = eventually([&] { return s.counters().drop_count(net::drop_reason::slow_reader) == 1; }, wait);
  EXPECT_TRUE(cut);
  EXPECT_TRUE(eventually([&] { return s.log_has("stall"); }));
  if (!cut)
    for (auto& e : s.server().log().entries_after(0)) std::cerr << e.text << "\n";
}

TEST_P(RoomRule, ReaderThatStallsIsClosedAfterTheStallTimeout) {
  auto cfg = test_config();
  cfg.limits.rate = 0;
  cfg.limits.stall_timeout = 300ms;
  cfg.limits.max_queue = 256 * 1024 * 1024;  // so that the stall, not the cap, closes it
  running_server s(cfg);
  raw_peer stuck_reader(s.port(), "127.0.0.1", 4096);
  stuck_reader.send(raw_peer::v1_hello(channel_type::read, raw_participant::make_session(), "Lento"));
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  std::string big(8000, 'y');
  for (int i = 0; i < 1000; ++i) {
    ana.say(big + std::to_string(i));
    if (i % 20 == 0) ana.wait_msg(big + std::to_string(i));  // keep Ana's own reader drained
  }
  expect_cut_as_stalled(s, default_wait);
}

// A reader that takes nothing while everything sent to it already left our
// queue: the bytes wait unacknowledged in the kernel's send buffer, where
// the transport's stall rule cannot see them, until the kernel gives the
// connection up (TCP_USER_TIMEOUT, twice the stall timeout and at least
// 1 s). That is a stalled reader too: cut, counted and logged as one, not
// a plain "connection timed out".
TEST_P(RoomRule, ReaderWhoseBytesWaitInTheKernelIsCutAsStalled) {
#ifdef _WIN32
  GTEST_SKIP() << "Windows has no TCP_USER_TIMEOUT: there nothing bounds how long our bytes may wait in the kernel, "
                  "and the stall rule sees such a reader only once our own queue backs up";
#endif
  auto cfg = test_config();
  cfg.limits.rate = 0;
  cfg.limits.stall_timeout = 300ms;
  running_server s(cfg);
  raw_peer stuck_reader(s.port(), "127.0.0.1", 4096);
  stuck_reader.send(raw_peer::v1_hello(channel_type::read, raw_participant::make_session(), "Lento"));
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  // More than the reader's window, less than what the kernel will take
  // from us: our queue empties, the reader's window closes.
  std::string text(4000, 'z');
  for (int i = 0; i < 4; ++i) {
    ana.say(text + std::to_string(i));
    ASSERT_TRUE(ana.wait_msg(text + std::to_string(i)));
  }
  expect_cut_as_stalled(s, 10s);
}

// -- host controls, transcript, counters, shutdown --------------------------------

TEST_P(RoomRule, KickRemovesTheParticipantAndKeepsItsSessionOut) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  raw_participant troll(s.port(), "Troll");
  ASSERT_TRUE(troll.reader.next<net::welcome>());
  ASSERT_TRUE(ana.reader.next<net::join_event>());
  s.server().kick("Troll", "be nice");
  auto e = wait_error(troll.reader, net::error_code::kicked);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->detail, "be nice");
  auto l = ana.reader.next<net::leave_event>();
  ASSERT_TRUE(l);
  EXPECT_EQ(l->reason, net::leave_reason::kicked);
  raw_participant again(s.port(), "Troll", troll.session);
  EXPECT_TRUE(wait_error(again.reader, net::error_code::kicked));
}

TEST_P(RoomRule, RestartOnTheSameTranscriptContinuesIdsAndRemembersCids) {
  auto path = (std::filesystem::temp_directory_path() / ("charla-restart-" + std::to_string(::getpid()))).string();
  std::filesystem::remove(path);
  auto cfg = test_config();
  cfg.transcript_path = path;
  std::string session = raw_participant::make_session();
  {
    running_server s(cfg);
    raw_participant ana(s.port(), "Ana", session);
    ASSERT_TRUE(ana.reader.next<net::welcome>());
    for (int i = 1; i <= 3; ++i) ana.say("m" + std::to_string(i), "c" + std::to_string(i));
    ASSERT_TRUE(ana.wait_msg("m3"));
  }
  {
    running_server s(cfg);
    raw_participant ana(s.port(), "Ana", session, 1);
    auto w = ana.reader.next<net::welcome>();
    ASSERT_TRUE(w);
    EXPECT_EQ(w->last_id, 3u);
    EXPECT_TRUE(ana.wait_msg("m2"));
    EXPECT_TRUE(ana.wait_msg("m3"));
    ana.say("m3", "c3");  // a resend of a message the old host accepted
    ana.say("m4", "c4");
    auto m4 = ana.wait_msg("m4");
    ASSERT_TRUE(m4);
    EXPECT_EQ(m4->id, 4u);
    EXPECT_EQ(s.counters().drop_count(net::drop_reason::duplicate), 1u);
  }
  // After the host has closed the file: Windows deletes no open file.
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

TEST(Server, CountersAndLogFollowWhatHappens) {
  running_server s;
  {
    raw_participant ana(s.port(), "Ana");
    raw_participant bo(s.port(), "Bo");
    ASSERT_TRUE(bo.reader.next<net::welcome>());
    ana.say("hola");
    ASSERT_TRUE(bo.wait_msg("hola"));
    auto c = s.counters();
    EXPECT_EQ(c.connections, 4u);
    EXPECT_EQ(c.participants, 2u);
    EXPECT_EQ(c.messages, 1u);
    EXPECT_GE(c.deliveries, 2u);
    EXPECT_GT(c.bytes_in, 0u);
    EXPECT_GT(c.bytes_out, 0u);
  }
  EXPECT_TRUE(eventually([&] { return s.counters().connections == 0; }));
  for (const char* line : {"connection #1", "hello v1 as read channel of Ana", "Ana joined", "message #1 from Ana"}) {
    EXPECT_TRUE(s.log_has(line)) << line;
  }
}

// The console tells what the room says (docs/PROTOCOL.md section 6), on one
// line, unless the host asked for quiet messages.
TEST_P(RoomRule, TheLogQuotesEachMessageOrOnlyItsLengthWhenQuiet) {
  for (bool quiet : {false, true}) {
    auto config = test_config();
    config.quiet_messages = quiet;
    running_server s(config);
    raw_participant ana(s.port(), "Ana");
    raw_participant bo(s.port(), "Bo");
    ASSERT_TRUE(bo.reader.next<net::welcome>());
    ana.say("Hola\nqué tal");
    ASSERT_TRUE(bo.wait_msg("Hola\nqué tal"));
    const std::string loud = "message #1 from Ana: \"Hola\\nqué tal\"";
    const std::string silent = "message #1 from Ana (13 bytes)";
    EXPECT_EQ(s.log_has(loud), !quiet) << loud;
    EXPECT_EQ(s.log_has(silent), quiet) << silent;
  }
}

TEST(Server, StopClosesEverySocketAndTheThreadJoins) {
  running_server s;
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  std::uint16_t port = s.port();
  s.shutdown();
  EXPECT_TRUE(ana.reader.wait_closed());
  EXPECT_TRUE(ana.writer.wait_closed());
  asio::io_context io;
  asio::ip::tcp::socket probe(io);
  std::error_code ec;
  probe.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  EXPECT_TRUE(ec);  // nobody listens any more
}

TEST(Server, PortInUseThrowsAtStart) {
  running_server first;
  asio::io_context io;
  auto cfg = test_config();
  cfg.port = first.port();
  net::server second(io, cfg);
  try {
    second.start();
    FAIL() << "start() should have thrown";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code(), asio::error::address_in_use);
  }
}

}  // namespace
}  // namespace charla::test
