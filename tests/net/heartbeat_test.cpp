// The heartbeat (net/heartbeat.hpp, docs/PROTOCOL.md section 5): connections
// that die quietly, played by a loopback proxy that black-holes them (stops
// forwarding, keeps both sockets open), and one that only pauses.
//
// The tests run the server with a 200 ms heartbeat (dead after 600 ms) so
// they take seconds; HeartbeatDefaults checks the figures the real defaults
// give.
#include <algorithm>
#include <atomic>
#include <map>
#include <set>

#include "net/heartbeat.hpp"
#include "tests/net/loopback.hpp"
#include "tests/support/tcp_proxy.hpp"

namespace charla::test {
namespace {

using clock = std::chrono::steady_clock;
using tcp_proxy = charla::test::tcp_proxy;

constexpr milliseconds interval = 200ms;
const milliseconds dead = net::heartbeat::dead_after(interval);
// How late a detection may be past the deadline: the server batches
// deadlines a tenth of its shortest timeout apart, and the machine is shared
// (sanitizer builds are several times slower).
constexpr milliseconds late = 1500ms;

net::server_config heartbeat_config() {
  auto cfg = test_config();
  cfg.limits.heartbeat = interval;
  cfg.limits.rate = 0;
  cfg.limits.grace = 10s;
  return cfg;
}

net::client_config fast_client(std::uint16_t port, const std::string& name) {
  auto c = client_config_for(port, name);
  c.backoff_min = 50ms;
  c.backoff_max = 200ms;
  return c;
}

std::size_t count_state(watched_client& c, net::client_state s) {
  std::size_t n = 0;
  for (auto& e : c.all<net::status_event>()) n += e.state == s;
  return n;
}

// Every message `c` has heard, by id: ids one run from 1 up to `last`, each
// once, in order, each text one of the typed ones exactly once overall.
::testing::AssertionResult heard_exactly_once(watched_client& c, const std::vector<std::string>& typed) {
  auto got = c.all<net::message_event>();
  std::uint64_t previous = 0;
  std::map<std::string, int> times;
  for (auto& e : got) {
    if (e.msg.id != previous + 1)
      return ::testing::AssertionFailure() << "id " << e.msg.id << " after " << previous << " (" << e.msg.text << ")";
    previous = e.msg.id;
    ++times[e.msg.text];
  }
  for (auto& t : typed) {
    if (times[t] != 1) return ::testing::AssertionFailure() << "\"" << t << "\" heard " << times[t] << " times";
  }
  if (got.size() != typed.size())
    return ::testing::AssertionFailure() << got.size() << " messages heard, " << typed.size() << " typed";
  return ::testing::AssertionSuccess();
}

// Ana through the proxy, Bo directly. Both type before, during and after
// the fault; at the end everyone has confirmed and heard everything.
struct room_with_proxy {
  running_server server{heartbeat_config()};
  tcp_proxy proxy{server.port()};
  network_thread net;
  watched_client ana{net.io(), fast_client(proxy.port(), "Ana")};
  watched_client bo{net.io(), fast_client(server.port(), "Bo")};
  std::vector<std::string> typed;

  ::testing::AssertionResult start() {
    ana->start();
    if (!ana.wait_state(net::client_state::connected)) return ::testing::AssertionFailure() << "Ana did not connect";
    bo->start();
    if (!bo.wait_state(net::client_state::connected)) return ::testing::AssertionFailure() << "Bo did not connect";
    return ::testing::AssertionSuccess();
  }
  void type(watched_client& who, const std::string& name, int from, int to) {
    for (int i = from; i <= to; ++i) {
      typed.push_back(name + " " + std::to_string(i));
      who->send(typed.back());
    }
  }
  ::testing::AssertionResult settled() {
    for (auto* c : {&ana, &bo}) {
      if (!eventually([&] { return (*c)->unconfirmed() == 0; }, 10s))
        return ::testing::AssertionFailure() << "unconfirmed messages remain";
      if (!eventually([&] { return c->all<net::message_event>().size() >= typed.size(); }, 10s))
        return ::testing::AssertionFailure()
               << "not everything heard: " << c->all<net::message_event>().size() << " of " << typed.size();
    }
    auto a = heard_exactly_once(ana, typed);
    if (!a) return a << " (Ana)";
    auto b = heard_exactly_once(bo, typed);
    if (!b) return b << " (Bo)";
    return ::testing::AssertionSuccess();
  }
};

// Black-holes Ana's channels (`read`, `write` or both), and checks she
// notices within the deadline, says so, reconnects and loses nothing.
void quiet_drop(bool read, bool write) {
  room_with_proxy r;
  ASSERT_TRUE(r.start());
  r.type(r.ana, "Ana", 1, 5);
  r.type(r.bo, "Bo", 1, 5);
  ASSERT_TRUE(eventually([&] { return r.ana->unconfirmed() == 0 && r.bo->unconfirmed() == 0; }));
  // Ana's read channel is the proxy's first connection, her write channel
  // the second.
  ASSERT_EQ(r.proxy.connections(), 2u);
  if (read) r.proxy.black_hole(0);
  if (write) r.proxy.black_hole(1);
  const auto holed_at = clock::now();
  // Typed into the void (Ana) and while Ana cannot hear (Bo).
  r.type(r.ana, "Ana", 6, 8);
  r.type(r.bo, "Bo", 6, 8);
  auto lost = r.ana.wait_state(net::client_state::reconnecting, dead + late + 2s);
  ASSERT_TRUE(lost) << "Ana never noticed; swallowed " << r.proxy.swallowed() << " bytes, unconfirmed "
                    << r.ana->unconfirmed() << ", host connections " << r.server.counters().connections;
  const auto noticed = std::chrono::duration_cast<milliseconds>(clock::now() - holed_at);
  EXPECT_LE(noticed, dead + late) << "noticed after " << noticed.count() << " ms";
  EXPECT_TRUE(lost->why == net::failure::silent || lost->why == net::failure::closed) << to_string(lost->why);
  if (read) {
    // Before giving up she said the host was quiet.
    bool quiet = false;
    for (auto& s : r.ana.all<net::status_event>())
      quiet = quiet || (s.state == net::client_state::connected && s.quiet);
    EXPECT_TRUE(quiet);
  }
  ASSERT_TRUE(r.ana.wait_state(net::client_state::connected, 5s));
  r.type(r.ana, "Ana", 9, 10);
  r.type(r.bo, "Bo", 9, 10);
  EXPECT_TRUE(r.settled());
  EXPECT_EQ(count_state(r.bo, net::client_state::reconnecting), 0u);
  // The host freed the dead channels: Ana's two new ones and Bo's two.
  EXPECT_TRUE(eventually([&] { return r.server.counters().connections == 4; }, dead + late + 2s))
      << r.server.counters().connections << " connections";
  std::printf("figure: heartbeat %lld ms, dead after %lld ms; %s black hole noticed after %lld ms\n",
              static_cast<long long>(interval.count()), static_cast<long long>(dead.count()),
              read && write ? "both channels'"
              : read        ? "read channel's"
                            : "write channel's",
              static_cast<long long>(noticed.count()));
}

TEST(Heartbeat, BlackHoledReadChannelIsNoticedAndNothingIsLost) {
  quiet_drop(true, false);
}

TEST(Heartbeat, BlackHoledWriteChannelIsNoticedAndNothingIsLost) {
  quiet_drop(false, true);
}

TEST(Heartbeat, BothChannelsBlackHoledAreNoticedAndNothingIsLost) {
  quiet_drop(true, true);
}

// A write channel that dies while nothing is typed: the host notices (no
// heartbeat from Ana) and closes her read channel, which tells her.
TEST(Heartbeat, BlackHoledWriteChannelWithNothingTypedIsNoticedByTheHost) {
  room_with_proxy r;
  ASSERT_TRUE(r.start());
  r.proxy.black_hole(1);
  const auto holed_at = clock::now();
  auto lost = r.ana.wait_state(net::client_state::reconnecting, dead + late + 2s);
  if (!lost) {
    for (auto& e : r.server.server().log().entries_after(0)) std::printf("log: %s\n", e.text.c_str());
  }
  ASSERT_TRUE(lost);
  const auto noticed = std::chrono::duration_cast<milliseconds>(clock::now() - holed_at);
  EXPECT_LE(noticed, dead + late);
  EXPECT_TRUE(r.server.log_has("no heartbeat for"));
  ASSERT_TRUE(r.ana.wait_state(net::client_state::connected, 5s));
  r.type(r.ana, "Ana", 1, 3);
  EXPECT_TRUE(r.settled());
}

// A pause shorter than the deadline is not a drop: no reconnect, nothing
// lost, nothing repeated.
TEST(Heartbeat, PauseShorterThanTheDeadlineCostsNothing) {
  room_with_proxy r;
  ASSERT_TRUE(r.start());
  r.type(r.ana, "Ana", 1, 3);
  ASSERT_TRUE(eventually([&] { return r.ana->unconfirmed() == 0; }));
  // Ana was heard at most one interval before the pause began (a ping is
  // due every interval), so a pause of one and a half keeps her within the
  // three-interval deadline.
  r.proxy.pause(true);
  r.type(r.ana, "Ana", 4, 6);
  r.type(r.bo, "Bo", 1, 3);
  std::this_thread::sleep_for(interval * 3 / 2);  // the fault's length, not a wait for an event
  r.proxy.pause(false);
  r.type(r.ana, "Ana", 7, 8);
  EXPECT_TRUE(r.settled());
  EXPECT_EQ(count_state(r.ana, net::client_state::reconnecting), 0u);
  EXPECT_EQ(count_state(r.ana, net::client_state::connected), 1u);
  EXPECT_EQ(r.proxy.connections(), 2u);
}

// The host's own rule, with raw peers: a participant that has kept a
// heartbeat and goes silent (sockets open) is closed after three intervals
// and leaves after the grace period; one that never sent a heartbeat (an
// older client) is not held to it.
TEST(Heartbeat, HostClosesAParticipantWhoseHeartbeatStops) {
  auto cfg = heartbeat_config();
  cfg.limits.grace = 300ms;
  running_server s(cfg);
  raw_participant old(s.port(), "Old");
  raw_participant ana(s.port(), "Ana");
  auto w = ana.reader.next<net::welcome>();
  ASSERT_TRUE(w);
  EXPECT_EQ(w->ping_ms, static_cast<std::uint64_t>(interval.count()));
  ana.writer.send(net::encode(net::ping_event{1}));
  ASSERT_TRUE(old.reader.next_matching(
      [](const net::inbound& i) {
        auto* j = std::get_if<net::join_event>(&i);
        return j && j->author == "Ana";
      },
      2s));
  const auto started = clock::now();
  EXPECT_TRUE(ana.reader.wait_closed(dead + late + 2s));
  EXPECT_TRUE(ana.writer.wait_closed(1s));
  EXPECT_LE(clock::now() - started, dead + late + 2s);
  auto left = old.reader.next_matching(
      [](const net::inbound& i) {
        auto* l = std::get_if<net::leave_event>(&i);
        return l && l->author == "Ana";
      },
      3s);
  ASSERT_TRUE(left);
  EXPECT_EQ(std::get<net::leave_event>(*left).reason, net::leave_reason::timeout);
  // Old never pinged: still there, three deadlines on (it reads its pings).
  EXPECT_FALSE(old.reader.wait_closed(dead * 3));
  EXPECT_EQ(s.counters().connections, 2u);
}

// A v1 reader gets a ping each interval of silence and nothing more.
TEST(Heartbeat, IdleReaderGetsOnePingPerInterval) {
  running_server s(heartbeat_config());
  raw_participant ana(s.port(), "Ana");
  ASSERT_TRUE(ana.reader.next<net::welcome>());
  const auto first = ana.reader.next<net::ping_event>(2s);
  ASSERT_TRUE(first);
  const auto from = clock::now();
  int pings = 0;
  while (clock::now() - from < interval * 10) {
    if (ana.reader.next<net::ping_event>(interval * 3)) ++pings;
  }
  // 10 intervals: about 10 pings (the timer may batch a tenth early or late).
  EXPECT_GE(pings, 8);
  EXPECT_LE(pings, 11);
}

// The figures the defaults give: what docs/PROTOCOL.md promises.
TEST(HeartbeatDefaults, DeadlinesFitTheTenSecondPromise) {
  net::server_limits lim;
  EXPECT_EQ(lim.heartbeat, net::heartbeat::default_interval);
  EXPECT_EQ(lim.heartbeat.count(), 3000);
  EXPECT_EQ(lim.ping_interval.count(), 15000);  // seed clients' keepalive unchanged
  EXPECT_EQ(net::heartbeat::dead_after(lim.heartbeat).count(), 9000);
  EXPECT_LE(net::heartbeat::dead_after(lim.heartbeat), 10s);
  EXPECT_EQ(net::heartbeat::quiet_after(lim.heartbeat).count(), 6000);
  EXPECT_EQ(net::heartbeat::clamp_interval(1ms).count(), 50);
  EXPECT_EQ(net::heartbeat::clamp_interval(10min).count(), 60000);
  // A default server announces its interval.
  running_server s;
  raw_participant ana(s.port(), "Ana");
  auto w = ana.reader.next<net::welcome>();
  ASSERT_TRUE(w);
  EXPECT_EQ(w->ping_ms, 3000u);
}

// A welcome without ping_ms (an older charla host) keeps the 45 s rule and
// gets no pings from the client on its write channel.
TEST(HeartbeatDefaults, OlderHostGetsNoClientPings) {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  network_thread net;
  auto cfg = fast_client(acceptor.local_endpoint().port(), "Ana");
  watched_client ana(net.io(), cfg);
  ana->start();
  asio::ip::tcp::socket r(io), w(io);
  acceptor.accept(r);
  std::string hello(4096, '\0');
  r.read_some(asio::buffer(hello));
  std::string welcome = "{\"type\":\"welcome\",\"v\":1,\"room\":\"old\",\"server\":\"charla 0.0\",\"session\":\"" +
                        ana->session() + "\",\"first_id\":1,\"last_id\":0,\"members\":[]}\n";
  asio::write(r, asio::buffer(welcome));
  acceptor.accept(w);
  ASSERT_TRUE(ana.wait_state(net::client_state::connected));
  // Pings from the old host every 100 ms for a second: never answered.
  std::string ping = net::encode(net::ping_event{1});
  for (int i = 0; i < 10; ++i) {
    asio::write(r, asio::buffer(ping));
    std::this_thread::sleep_for(100ms);  // the old host's pace, not a wait for an event
  }
  w.non_blocking(true);
  std::string got(4096, '\0');
  std::error_code ec;
  std::size_t n = w.read_some(asio::buffer(got), ec);
  got.resize(ec ? 0 : n);
  EXPECT_EQ(got.find("\"ping\""), std::string::npos) << got;
  EXPECT_EQ(count_state(ana, net::client_state::reconnecting), 0u);
}

}  // namespace
}  // namespace charla::test
