// Regression tests for a crash of the host: a slow seed reader closed in the
// middle of a broadcast erased its participant from the map the broadcast
// was walking (SIGSEGV in room::broadcast). They run the real
// `charla host --headless` over loopback with the classroom that found it:
// observers that read everything, a reader that never reads, and many
// senders of long messages that seed readers get cut into parts. Each test
// checks that the host is alive, every observer got every message whole and
// in order, the slow reader was cut, and the host's memory stayed bounded.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/crowd.hpp"
#include "tests/support/host_process.hpp"

namespace charla::test {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t senders = 32;
constexpr std::size_t messages_per_sender = 80;  // 32 × 80 × 8000 bytes ≈ 19.5 MiB
constexpr std::size_t message_bytes = 8000;
// 8 messages per second: under the rate limit of 10. Under a sanitizer a
// quarter of that: the observers are this test's own instrumented readers,
// and at full rate they fell behind the host and were (rightly) cut as slow
// readers, which is not what this test is about.
constexpr milliseconds gap{125 * slowdown};
constexpr std::uint64_t max_growth_kib = 64 * 1024 * (slowdown == 1 ? 1 : 8);

// Message k of sender s: its own tag first, then text with two-byte
// characters so that seed parts are cut between code points, exactly
// message_bytes long.
std::string long_text(std::size_t s, std::size_t k) {
  std::string text = "S" + std::to_string(s) + " m" + std::to_string(k) + " ";
  static const std::string filler = "¡Ñandú, qué tal! ";
  while (text.size() + filler.size() <= message_bytes) text += filler;
  text.append(message_bytes - text.size(), '.');
  return text;
}

void print_log_on_failure(host_process& host) {
  if (!::testing::Test::HasFailure()) return;
  auto lines = host.lines();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i < 40 || i + 60 >= lines.size()) std::printf("host: %s\n", lines[i].c_str());
  }
}

// The scenario, in the seed dialect or in v1.
void run_cut_during_long_broadcast(bool seed, const std::string& figure) {
  host_process host({"--legacy-pace-ms", "0"});
  crowd room(host.port());
  std::vector<std::size_t> observers;
  for (int i = 0; i < 2; ++i) {
    observers.push_back(
        room.add({.name = "Obs" + std::to_string(i), .seed = seed, .source = "127.0.1." + std::to_string(i + 1)}));
  }
  std::size_t sleeper = room.add({.name = "Dormida",
                                  .seed = seed,
                                  .source = "127.0.2.1",
                                  .reads = false,
                                  .receive_buffer = 4096,
                                  .max_segment = 536});
  std::vector<std::vector<std::string>> planned(senders);
  for (std::size_t s = 0; s < senders; ++s) {
    auto i = room.add({.name = "S" + std::to_string(s),
                       .seed = seed,
                       .source = "127.0.3." + std::to_string(s + 1),
                       .read_channel = false});
    for (std::size_t k = 0; k < messages_per_sender; ++k) planned[s].push_back(long_text(s, k));
    // Senders start a few milliseconds apart, as a class does.
    room.schedule(i, planned[s], gap, milliseconds(200 + 3 * static_cast<int>(s)));
  }
  // Every hello handled before the first message.
  const std::size_t channels = 2 * observers.size() + 2 + senders;
  const std::string hello_line = seed ? ": seed " : ": hello v1 ";
  ASSERT_TRUE(host.wait_log_count(hello_line, channels, 20s * slowdown));
  auto before = host.memory();
  room.start(120s * slowdown);

  const std::size_t total = senders * messages_per_sender;
  bool complete = room.wait(
      [&] {
        for (auto o : observers)
          if (room.read_closed(o)) return true;  // cut (or the host died): no point waiting
        for (auto o : observers)
          if (room.messages(o).size() < total) return false;
        return true;
      },
      120s * slowdown);
  room.stop();
  auto after = host.memory();
  EXPECT_TRUE(host.alive()) << "the host died";
  EXPECT_TRUE(complete) << "the observers did not get every message in time";

  for (auto o : observers) {
    SCOPED_TRACE("observer " + std::to_string(o));
    EXPECT_FALSE(room.read_closed(o));
    auto& got = room.messages(o);
    EXPECT_EQ(got.size(), total);
    // Whole and in order: each sender's messages arrive exactly as planned.
    std::vector<std::size_t> next(senders, 0);
    std::size_t wrong = 0;
    for (auto& m : got) {
      std::size_t s = std::stoul(m.author.substr(1));
      ASSERT_LT(s, senders) << m.author;
      if (next[s] >= planned[s].size() || m.text != planned[s][next[s]]) ++wrong;
      ++next[s];
    }
    EXPECT_EQ(wrong, 0u) << "messages out of order, cut or changed";
    for (std::size_t s = 0; s < senders; ++s) EXPECT_EQ(next[s], messages_per_sender) << "sender S" << s;
  }
  // Both observers saw the room in the same order.
  EXPECT_TRUE(room.messages(observers[0]).size() == room.messages(observers[1]).size() &&
              std::equal(room.messages(observers[0]).begin(), room.messages(observers[0]).end(),
                         room.messages(observers[1]).begin(),
                         [](auto& a, auto& b) { return a.author == b.author && a.text == b.text; }));

  EXPECT_GE(host.count_log("slow reader"), 1u) << "the reader that never reads was not cut";
  EXPECT_TRUE(room.host_closed_reader(sleeper, 10s * slowdown));
  std::uint64_t growth = after.peak_kib > before.rss_kib ? after.peak_kib - before.rss_kib : 0;
  EXPECT_LT(growth, max_growth_kib);
  record_figure(figure + ".peak_rss_kib", std::to_string(after.peak_kib));
  record_figure(figure + ".growth_kib", std::to_string(growth));
  print_log_on_failure(host);
}

// The crash as found: seed readers, 8000-byte messages cut into parts of at
// most 1024 bytes, and a seed reader that never reads.
TEST(BroadcastClose, SeedReaderCutInTheMiddleOfALongBroadcastLeavesTheHostAlive) {
  raise_open_files(4096);
  run_cut_during_long_broadcast(true, "hostile.seed_reader_cut");
}

// The same room in the v1 dialect: the slow reader is closed, its
// participant waits out its grace period, and nobody else notices.
TEST(BroadcastClose, V1ReaderCutInTheMiddleOfALongBroadcastLeavesTheHostAlive) {
  raise_open_files(4096);
  run_cut_during_long_broadcast(false, "hostile.v1_reader_cut");
}

}  // namespace
}  // namespace charla::test
