// Faults while participants keep typing (docs/HARDENING.md): connections cut
// in the middle of an object on either channel, the host killed with
// SIGKILL and restarted on its transcript, and a network that stops
// answering for longer than the ping timeout. The host is the real
// `charla host --headless --transcript FILE`; participants are net::client,
// some of them behind a proxy (tests/support/tcp_proxy.hpp) that plays the
// network.
//
// What is measured, after every fault: every message the host accepted
// (its transcript) is in every participant's history exactly once, in id
// order, and every message typed was accepted exactly once. The counts are
// reported as figures.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/net/loopback.hpp"
#include "tests/support/host_process.hpp"
#include "tests/support/peers.hpp"
#include "tests/support/tcp_proxy.hpp"

namespace charla::test {
namespace {

using namespace std::chrono_literals;

// A transcript file in a fresh temporary folder, removed at the end.
class temp_transcript {
 public:
  explicit temp_transcript(const std::string& name) {
    dir_ = std::filesystem::temp_directory_path() / ("charla-fault-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~temp_transcript() { std::filesystem::remove_all(dir_); }
  std::string path() const { return (dir_ / "room.jsonl").string(); }

  // Every line the host wrote: the messages it accepted.
  std::vector<net::chat_msg> accepted() const {
    std::vector<net::chat_msg> out;
    std::ifstream in(path());
    net::json_reader reader;
    std::string line;
    while (std::getline(in, line)) {
      if (auto l = reader.read_transcript_line(line)) out.push_back(l->msg);
    }
    return out;
  }

 private:
  std::filesystem::path dir_;
};

// A participant that types `count` messages, one every `gap`, on its own
// thread.
class typist {
 public:
  typist(watched_client& client, std::string name, int count, milliseconds gap)
      : client_(client), name_(std::move(name)) {
    thread_ = std::thread([this, count, gap] {
      for (int i = 0; i < count; ++i) {
        std::string text = name_ + " " + std::to_string(i);
        client_->send(text);
        typed_.fetch_add(1);
        std::this_thread::sleep_for(gap);  // typing speed, not a wait for an event
      }
    });
  }
  ~typist() { join(); }
  void join() {
    if (thread_.joinable()) thread_.join();
  }
  int typed() const { return typed_.load(); }
  // Waits until at least `n` messages have been typed.
  bool reached(int n) {
    return eventually([&] { return typed() >= n; }, patience);
  }
  std::vector<std::string> texts(int count) const {
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) out.push_back(name_ + " " + std::to_string(i));
    return out;
  }

 private:
  watched_client& client_;
  std::string name_;
  std::atomic<int> typed_{0};
  std::thread thread_;
};

net::client_config participant(std::uint16_t port, const std::string& name) {
  auto c = client_config_for(port, name);
  c.backoff_min = 50ms;
  c.backoff_max = 500ms;
  c.silence_timeout = 1500ms;  // the host pings every 300 ms in these tests
  return c;
}

// A participant's connection history, for a failure message.
std::string statuses(watched_client& c) {
  static const char* names[] = {"connecting", "connected", "reconnecting", "failed", "stopped"};
  std::string out;
  for (auto& s : c.all<net::status_event>()) {
    out += std::string(names[static_cast<int>(s.state)]) + (s.seed_server ? "(seed)" : "") + " " +
           std::string(net::to_string(s.why)) + " " + s.detail + "\n";
  }
  return out;
}

// Starts Ana and Bo and waits until both are in the room.
::testing::AssertionResult both_connected(watched_client& a, watched_client& b) {
  a->start();
  b->start();
  if (!a.wait_state(net::client_state::connected, patience))
    return ::testing::AssertionFailure() << "Ana never connected";
  if (!b.wait_state(net::client_state::connected, patience))
    return ::testing::AssertionFailure() << "Bo never connected";
  return ::testing::AssertionSuccess();
}

// Everything the two typists typed, Ana's first.
std::vector<std::string> typed_by_both(const typist& ta, const typist& tb, int each) {
  std::vector<std::string> typed = ta.texts(each);
  for (auto& t : tb.texts(each)) typed.push_back(t);
  return typed;
}

// The measurement. Waits until every participant has confirmed what it typed
// and heard everything the host accepted, then checks exactly-once in id
// order against the transcript.
void check_exactly_once(const std::string& fault, const temp_transcript& transcript,
                        const std::vector<std::pair<std::string, watched_client*>>& participants,
                        const std::vector<std::string>& typed) {
  SCOPED_TRACE(fault);
  for (const auto& entry : participants) {
    watched_client* c = entry.second;  // (clang 14 cannot capture a structured binding)
    EXPECT_TRUE(eventually([&] { return (*c)->unconfirmed() == 0; }, patience))
        << entry.first << " has unconfirmed messages";
  }
  auto accepted = transcript.accepted();
  ASSERT_FALSE(accepted.empty());
  // The host's side: ids one run from 1, every typed text exactly once.
  std::map<std::string, int> times_accepted;
  for (std::size_t i = 0; i < accepted.size(); ++i) {
    EXPECT_EQ(accepted[i].id, i + 1) << "transcript ids are one run";
    ++times_accepted[accepted[i].text];
  }
  std::size_t lost = 0, repeated = 0;
  for (auto& t : typed) {
    int n = times_accepted.count(t) ? times_accepted[t] : 0;
    lost += n == 0;
    repeated += n > 1 ? static_cast<std::size_t>(n - 1) : 0;
  }
  EXPECT_EQ(lost, 0u) << "typed messages the host never accepted";
  EXPECT_EQ(repeated, 0u) << "typed messages the host accepted twice";
  EXPECT_EQ(accepted.size(), typed.size());
  std::uint64_t last = accepted.back().id;

  record_figure("fault." + fault + ".typed", std::to_string(typed.size()));
  record_figure("fault." + fault + ".accepted", std::to_string(accepted.size()));
  for (const auto& entry : participants) {
    const std::string& name = entry.first;
    watched_client* c = entry.second;
    SCOPED_TRACE(name);
    EXPECT_TRUE(eventually(
        [&] {
          auto got = c->all<net::message_event>();
          return !got.empty() && got.back().msg.id >= last;
        },
        patience))
        << "did not hear everything";
    auto got = c->all<net::message_event>();
    std::size_t out_of_order = 0, duplicates = 0, without_id = 0;
    std::set<std::uint64_t> ids;
    std::uint64_t previous = 0;
    for (auto& e : got) {
      if (e.msg.id == 0) {
        ++without_id;  // shown without the host's id: not in its total order
        continue;
      }
      if (!ids.insert(e.msg.id).second) ++duplicates;
      if (e.msg.id <= previous) ++out_of_order;
      previous = std::max(previous, e.msg.id);
      if (e.msg.id <= accepted.size()) {
        EXPECT_EQ(e.msg.text, accepted[e.msg.id - 1].text) << "id " << e.msg.id;
      }
    }
    std::size_t missing = 0;
    for (auto& m : accepted) missing += ids.count(m.id) == 0;
    EXPECT_EQ(duplicates, 0u);
    EXPECT_EQ(out_of_order, 0u);
    EXPECT_EQ(without_id, 0u);
    EXPECT_EQ(missing, 0u);
    EXPECT_TRUE(c->all<net::gap_event>().empty()) << "the host could no longer replay something";
    if (::testing::Test::HasFailure()) std::printf("%s:\n%s", name.c_str(), statuses(*c).c_str());
    record_figure("fault." + fault + "." + name + ".delivered",
                  std::to_string(ids.size()) + "_of_" + std::to_string(accepted.size()) + "_duplicates_" +
                      std::to_string(duplicates) + "_out_of_order_" + std::to_string(out_of_order) + "_without_id_" +
                      std::to_string(without_id));
  }
}

// Status events saying `connected`.
std::size_t connects(watched_client& c) {
  std::size_t n = 0;
  for (auto& s : c.all<net::status_event>()) n += s.state == net::client_state::connected;
  return n;
}

const std::vector<std::string> host_args(const temp_transcript& t) {
  return {"--transcript",    t.path(), "--rate",    "0",    "--ping-interval", "0.3",
          "--stall-timeout", "1",      "--history", "5000", "--grace",         "30"};
}

void cut_mid_stream(const std::string& fault, tcp_proxy::direction d, const std::string& needle) {
  temp_transcript transcript(fault);
  host_process host(host_args(transcript));
  tcp_proxy proxy(host.port());
  network_thread net;
  watched_client a(net.io(), participant(proxy.port(), "Ana"));
  watched_client b(net.io(), participant(host.port(), "Bo"));
  ASSERT_TRUE(both_connected(a, b));

  constexpr int each = 60;
  typist ta(a, "Ana", each, 15ms), tb(b, "Bo", each, 15ms);
  constexpr int cuts = 4;
  for (int i = 0; i < cuts; ++i) {
    ASSERT_TRUE(ta.reached(each * i / (cuts + 1)));
    std::size_t before = connects(a);
    proxy.cut_next(d, needle);
    ASSERT_TRUE(eventually([&] { return proxy.cut_done(); }, patience)) << "cut " << i;
    ASSERT_TRUE(eventually([&] { return connects(a) > before; }, patience))
        << "Ana did not come back after cut " << i << ":\n"
        << statuses(a);
  }
  ta.join();
  tb.join();
  EXPECT_EQ(proxy.cuts(), static_cast<std::uint64_t>(cuts));
  const std::vector<std::string> typed = typed_by_both(ta, tb, each);
  check_exactly_once(fault, transcript, {{"Ana", &a}, {"Bo", &b}}, typed);
  record_figure("fault." + fault + ".cuts", std::to_string(proxy.cuts()));
  EXPECT_EQ(host.stop(), 0);
}

TEST(Fault, WriteChannelCutMidObjectAndResumed) {
  cut_mid_stream("write_cut", tcp_proxy::direction::to_host, R"("mensaje":")");
}

TEST(Fault, ReadChannelCutMidObjectAndResumed) {
  cut_mid_stream("read_cut", tcp_proxy::direction::to_participant, R"({"type":"msg")");
}

TEST(Fault, HostKilledHardAndRestartedOnItsTranscript) {
  temp_transcript transcript("sigkill");
  host_process host(host_args(transcript));
  network_thread net;
  watched_client a(net.io(), participant(host.port(), "Ana"));
  watched_client b(net.io(), participant(host.port(), "Bo"));
  ASSERT_TRUE(both_connected(a, b));

  constexpr int each = 80;
  typist ta(a, "Ana", each, 15ms), tb(b, "Bo", each, 15ms);
  constexpr int kills = 2;
  std::size_t accepted_before_kill = 0;
  for (int i = 0; i < kills; ++i) {
    ASSERT_TRUE(ta.reached(each * (i + 1) / (kills + 1)));
    std::size_t before = connects(a);
    host.kill_hard();
    accepted_before_kill = transcript.accepted().size();
    host.restart();
    ASSERT_TRUE(host.wait_log("transcript " + transcript.path() + ": "));
    ASSERT_TRUE(eventually([&] { return connects(a) > before; }, patience)) << "Ana did not come back:\n"
                                                                            << statuses(a);
  }
  ta.join();
  tb.join();
  const std::vector<std::string> typed = typed_by_both(ta, tb, each);
  check_exactly_once("sigkill", transcript, {{"Ana", &a}, {"Bo", &b}}, typed);
  record_figure("fault.sigkill.accepted_before_last_kill", std::to_string(accepted_before_kill));
  EXPECT_EQ(host.stop(), 0);
}

TEST(Fault, NetworkPauseLongerThanThePingTimeout) {
  temp_transcript transcript("pause");
  host_process host(host_args(transcript));
  // A small window toward the host side, so that what the host sends during
  // the pause waits in the host's queue (and trips its stall timeout)
  // instead of in kernel buffers.
  tcp_proxy proxy(host.port(), 4096);
  network_thread net;
  watched_client a(net.io(), participant(proxy.port(), "Ana"));
  watched_client b(net.io(), participant(host.port(), "Bo"));
  ASSERT_TRUE(both_connected(a, b));

  constexpr int each = 120;
  typist ta(a, "Ana", each, 25ms), tb(b, "Bo", each, 25ms);
  ASSERT_TRUE(ta.reached(each / 4));
  auto paused_at = clock_type::now();
  proxy.pause(true);
  // Longer than Ana's silence timeout (1.5 s, five pings) and the host's
  // stall timeout (1 s): both ends notice; Ana keeps typing meanwhile.
  ASSERT_TRUE(eventually(
      [&] {
        for (auto& s : a.all<net::status_event>()) {
          if (s.state == net::client_state::reconnecting && s.why == net::failure::silent) return true;
        }
        return false;
      },
      patience))
      << "Ana did not notice the silence";
  // The pause itself lasts 3 s in all (a duration of the fault, not a wait
  // for an event).
  ASSERT_TRUE(eventually([&] { return clock_type::now() - paused_at >= 3s; }, patience));
  std::size_t before = connects(a);
  proxy.pause(false);
  ASSERT_TRUE(eventually([&] { return connects(a) > before; }, patience)) << "Ana did not come back:\n" << statuses(a);
  ta.join();
  tb.join();
  const std::vector<std::string> typed = typed_by_both(ta, tb, each);
  check_exactly_once("pause", transcript, {{"Ana", &a}, {"Bo", &b}}, typed);
  EXPECT_EQ(host.stop(), 0);
}

}  // namespace
}  // namespace charla::test
