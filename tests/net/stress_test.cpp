// A seeded random schedule of disruptions inside the room's delivery loops
// (net/room.hpp, the removal rule). Each run starts a real server and a
// crowd of v1 and seed participants, some of which never read, while four
// speakers send short and long messages. A delivery hook, driven by a seeded
// random generator, closes the channel being delivered to, closes its
// participant's other channel, kicks, mutes and unmutes, switches read-only,
// and once in a while stops the server, all in the middle of broadcasts,
// presence flushes and replays. After each run: the two observers (never
// disrupted) got every accepted message exactly once and in id order, the
// room still welcomes a newcomer, and once everyone has gone the server
// counts no channel and no participant. The same test runs in the ASan and
// TSan builds, where any use of something removed too early is reported.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "net/room.hpp"
#include "net/tcp/pair_seat.hpp"
#include "tests/net/loopback.hpp"
#include "tests/support/crowd.hpp"
#include "tests/support/figures.hpp"
#include "tests/support/open_files.hpp"

namespace charla::test {
namespace {

constexpr int runs = slowdown == 1 ? 30 : 10;
constexpr std::size_t speakers = 4;
constexpr std::size_t messages_per_speaker = 40;

struct tally {
  std::uint64_t deliveries = 0, disruptions = 0, stops = 0;
};

// One run with its own seed; adds what happened to `total`.
void run_once(std::uint32_t seed, tally& total) {
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random(seed);
  auto config = test_config();
  config.limits.rate = 0;
  config.limits.grace = std::chrono::milliseconds(100);
  config.limits.stall_timeout = std::chrono::milliseconds(500);
  config.limits.legacy_pace = std::chrono::milliseconds(0);
  config.limits.max_queue = 256 * 1024;
  running_server server(config);
  net::server* srv = &server.server();

  // The hook runs on the network thread only; what it uses is its own.
  struct hook_state {
    std::mt19937 random;
    tally counts;
    bool stopped = false;
    bool read_only = false;
    std::uint64_t stop_at = 0;  // 0: this run never stops the server
  };
  auto state = std::make_shared<hook_state>();
  state->random.seed(seed * 7919u + 1);
  // One run in five stops the server in the middle of a delivery.
  if (seed % 5 == 4) state->stop_at = std::uniform_int_distribution<std::uint64_t>(50, 200)(random);
  srv->set_delivery_hook([state, srv](net::tcp::channel& ch, const std::shared_ptr<const std::string>&) {
    auto& s = *state;
    ++s.counts.deliveries;
    if (s.stopped) return;
    if (s.stop_at && s.counts.deliveries >= s.stop_at) {
      s.stopped = true;
      ++s.counts.stops;
      srv->stop();
      return;
    }
    net::tcp::pair_seat* pair = ch.owner;
    const net::participant* p = pair ? pair->who() : nullptr;
    if (!p || p->author.rfind("Obs", 0) == 0) return;  // observers are never disrupted
    if (std::uniform_int_distribution<int>(0, 99)(s.random) >= 5) return;
    ++s.counts.disruptions;
    switch (std::uniform_int_distribution<int>(0, 5)(s.random)) {
      case 0:
        ch.close(net::leave_reason::closed, "closed at random");
        break;
      case 1:
        if (auto* other = pair->other(ch)) other->close(net::leave_reason::closed, "other channel closed at random");
        break;
      case 2:
        srv->kick(p->author, "at random");
        break;
      case 3:
        srv->mute(p->author, true);
        break;
      case 4:
        srv->mute(p->author, false);
        break;
      default:
        s.read_only = !s.read_only;
        srv->set_read_only(s.read_only);
        break;
    }
  });

  auto crowd_owner = std::make_unique<crowd>(server.port());
  crowd& room = *crowd_owner;
  std::vector<std::size_t> observers = {room.add({.name = "Obs0"}), room.add({.name = "Obs1"})};
  std::vector<std::size_t> talkers;
  for (std::size_t i = 0; i < speakers; ++i) {
    bool seed_speaker = i % 2 == 1;
    talkers.push_back(room.add(
        {.name = "Sp" + std::to_string(i), .seed = seed_speaker, .source = "127.0.8." + std::to_string(i + 1)}));
  }
  for (int i = 0; i < 24; ++i) {
    bool seed_member = i % 3 == 0;
    bool sleeper = i % 8 == 7;
    room.add({.name = "M" + std::to_string(i),
              .seed = seed_member,
              .source = "127.0.9." + std::to_string(i + 1),
              .reads = !sleeper,
              .receive_buffer = sleeper ? 4096 : 0,
              .max_segment = sleeper ? 536 : 0});
  }
  for (auto t : talkers) {
    std::vector<std::string> texts;
    for (std::size_t k = 0; k < messages_per_speaker; ++k) {
      std::size_t length = std::uniform_int_distribution<std::size_t>(1, 100)(random) <= 10
                               ? std::uniform_int_distribution<std::size_t>(1025, 6000)(random)
                               : std::uniform_int_distribution<std::size_t>(5, 200)(random);
      std::string text = "t" + std::to_string(t) + "." + std::to_string(k) + " ";
      text.append(length, static_cast<char>('a' + k % 26));
      texts.push_back(std::move(text));
    }
    room.schedule(t, texts, std::chrono::milliseconds(4), std::chrono::milliseconds(30 + 2 * static_cast<int>(t)));
  }
  room.start(patience);
  // Done when everything was said and the observers hold the same number
  // of messages as the server accepted (or the server was stopped).
  bool settled = room.wait(
      [&] {
        if (!room.all_said()) return false;
        auto accepted = server.counters().messages;
        for (auto o : observers) {
          if (room.read_closed(o)) continue;  // a stop
          if (room.messages(o).size() < accepted) return false;
        }
        return true;
      },
      patience);
  EXPECT_TRUE(settled) << "the observers did not get every accepted message";
  room.stop();

  // The hook's counts, read on the network thread.
  auto done = std::make_shared<std::promise<hook_state>>();
  auto copied = done->get_future();
  asio::post(server.io(), [state, done] { done->set_value(*state); });
  ASSERT_EQ(copied.wait_for(patience), std::future_status::ready);
  hook_state state_copy = copied.get();
  total.deliveries += state_copy.counts.deliveries;
  total.disruptions += state_copy.counts.disruptions;
  total.stops += state_copy.counts.stops;

  // Every accepted message, once, in id order, to both observers alike.
  for (auto o : observers) {
    auto& got = room.messages(o);
    for (std::size_t k = 0; k < got.size(); ++k) {
      ASSERT_EQ(got[k].id, k + 1) << "observer " << o << " message " << k;
    }
  }
  ASSERT_EQ(room.messages(observers[0]).size(), room.messages(observers[1]).size());

  srv->set_delivery_hook(nullptr);  // the newcomer below is not disrupted
  if (!state_copy.stopped) {
    raw_channel late(server.port());
    ASSERT_EQ(late.send(v1_hello(net::channel_type::read, session_for(4242), "Tarde")), send_result::sent);
    EXPECT_TRUE(late.wait_for_type<net::welcome>()) << "the room no longer welcomes anyone";
  }
  // Everyone gone: nothing left behind.
  crowd_owner.reset();
  EXPECT_TRUE(eventually([&] { return server.counters().connections == 0; }, patience))
      << server.counters().connections << " channels left";
  EXPECT_TRUE(eventually([&] { return server.counters().participants == 0; }, patience))
      << server.counters().participants << " participants left";
}

TEST(RoomStress, ClosesKicksMutesAndStopsAtRandomDeliveries) {
  raise_open_files(4096);
  tally total;
  for (int r = 0; r < runs && !::testing::Test::HasFatalFailure(); ++r) run_once(static_cast<std::uint32_t>(r), total);
  record_figure("stress.runs", std::to_string(runs));
  record_figure("stress.deliveries", std::to_string(total.deliveries));
  record_figure("stress.disruptions", std::to_string(total.disruptions));
  record_figure("stress.stops", std::to_string(total.stops));
  EXPECT_GT(total.disruptions, 100u * runs / 10) << "the schedule disrupted too little to test anything";
  EXPECT_GT(total.stops, 0u);
}

}  // namespace
}  // namespace charla::test
