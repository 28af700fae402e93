// A room that runs all day: 20,000 distinct sessions join, send a message
// with a cid and leave. What the room remembers about them (recent_map.hpp)
// stays within its bound, the memory of the process stays flat once the
// bound is reached, and resends from recent sessions are still recognised.
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/net/loopback.hpp"
#include "tests/support/figures.hpp"

namespace charla::test {
namespace {

constexpr std::size_t sessions = 20000;
constexpr std::size_t bound = 2000;

std::uint64_t rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string key;
  std::uint64_t value = 0;
  while (in >> key) {
    if (key == "VmRSS:") {
      in >> value;
      return value;
    }
    in.ignore(1 << 12, '\n');
  }
  return 0;
}

std::string session_number(std::size_t k) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%032zx", k + 0x5e55);
  return buf;
}

// One visit: join, say one message with a cid, see its echo, say goodbye.
void visit(std::uint16_t port, std::size_t k) {
  std::string source = "127.1." + std::to_string(k / 250 % 250) + "." + std::to_string(1 + k % 250);
  raw_participant p(port, "V" + std::to_string(k), session_number(k), {}, {}, source);
  p.say("hola " + std::to_string(k), "c" + std::to_string(k));
  ASSERT_TRUE(p.wait_msg("hola " + std::to_string(k))) << "visit " << k;
  p.writer.send("{\"type\":\"bye\"}\n");
}

TEST(MemoryBound, TwentyThousandSessionsComingAndGoingKeepWhatTheRoomRemembersBounded) {
  auto config = test_config();
  config.limits.remembered_sessions = bound;
  config.limits.rate = 0;
  config.limits.history = 100;
  running_server s(config);
  std::uint64_t rss_at_bound = 0, most_remembered = 0;
  for (std::size_t k = 0; k < sessions && !::testing::Test::HasFatalFailure(); ++k) {
    visit(s.port(), k);
    most_remembered = std::max(most_remembered, s.counters().remembered);
    if (k + 1 == 2 * bound) rss_at_bound = rss_kib();
  }
  ASSERT_TRUE(eventually([&] { return s.counters().participants == 0; }, std::chrono::milliseconds(60000)));
  std::uint64_t rss_end = rss_kib();
  record_figure("memory.sessions", std::to_string(sessions));
  record_figure("memory.most_remembered", std::to_string(most_remembered));
  record_figure("memory.rss_kib_after_4000_sessions", std::to_string(rss_at_bound));
  record_figure("memory.rss_kib_after_20000_sessions", std::to_string(rss_end));
  // The bound holds (the counter is refreshed every tick; between ticks a
  // touch keeps each list at its bound by itself).
  EXPECT_LE(most_remembered, bound + 1);
  EXPECT_LE(s.counters().remembered, bound);
  // A recent session's resend is still recognised; the oldest was forgotten.
  {
    raw_participant recent(s.port(), "Reciente", session_number(sessions - 1));
    recent.say("hola " + std::to_string(sessions - 1), "c" + std::to_string(sessions - 1));
    recent.say("marca", "m1");
    ASSERT_TRUE(recent.wait_msg("marca"));
    EXPECT_EQ(s.counters().drop_count(net::drop_reason::duplicate), 1u);
  }
}

}  // namespace
}  // namespace charla::test
