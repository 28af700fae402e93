// The room's removal rule (net/room.hpp) under fire: the host acts in the
// very middle of a delivery loop. A delivery hook (server::set_delivery_hook)
// runs inside the broadcast to 500 readers, or inside the presence flush,
// and there kicks, mutes, switches read-only, stops the server or closes
// both channels of a participant. Real server, real sockets; then everyone
// else must have every message whole and in order, and the room must still
// work. Under ASan and TSan these also catch any use of what was removed.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "net/room.hpp"
#include "net/tcp/pair_seat.hpp"
#include "tests/net/loopback.hpp"
#include "tests/support/crowd.hpp"
#include "tests/support/open_files.hpp"

namespace charla::test {
namespace {

constexpr std::size_t readers = 500;
constexpr std::size_t spoken = 40;  // messages from the teacher
// Deliveries of chat messages before the hook acts: the middle of the
// broadcast of message 11.
constexpr std::uint64_t act_at = readers * 10 + readers / 2;

std::string text_of(std::size_t k) {
  return "m" + std::to_string(k) + " " + std::string(1500, static_cast<char>('a' + k % 26));
}

std::vector<std::string> planned_texts() {
  std::vector<std::string> texts;
  for (std::size_t k = 0; k < spoken; ++k) texts.push_back(text_of(k));
  return texts;
}

bool is_chat(const std::string& bytes) {
  return bytes.rfind("{\"type\":\"msg\"", 0) == 0;
}

// 500 readers, the teacher (the host's own session), Kiko and Mara (v1,
// read and write), and a reader that never reads.
class busy_room : public ::testing::Test {
 protected:
  void SetUp() override {
    raise_open_files(4096);
    auto config = test_config();
    config.limits.rate = 0;
    config.limits.stall_timeout = std::chrono::milliseconds(1000);
    config.host_session = session_for(5000000);  // the crowd's first member
    server_ = std::make_unique<running_server>(config);
    room_ = std::make_unique<crowd>(server_->port());
    teacher_ = room_->add({.name = "Teacher", .read_channel = true});
    kiko_ = room_->add({.name = "Kiko"});
    mara_ = room_->add({.name = "Mara"});
    sleeper_ = room_->add(
        {.name = "Dormida", .write_channel = false, .reads = false, .receive_buffer = 4096, .max_segment = 536});
    for (std::size_t i = 0; i < readers; ++i) {
      std::string source = "127.0." + std::to_string(10 + i / 250) + "." + std::to_string(1 + i % 250);
      everyone_.push_back(room_->add({.name = "R" + std::to_string(i), .source = source, .write_channel = false}));
    }
    ASSERT_TRUE(eventually([&] { return server_->counters().participants == readers + 4; }, patience));
  }

  // Sets `act` to run once, at the act_at-th chat delivery; then the
  // teacher speaks and the crowd runs until every reader has everything
  // (or `enough` says to stop).
  void run(std::function<void(net::tcp::channel&)> act, const std::function<bool()>& enough = {}) {
    auto count = std::make_shared<std::atomic<std::uint64_t>>(0);
    auto done = std::make_shared<std::atomic<bool>>(false);
    server_->server().set_delivery_hook(
        [count, done, act](net::tcp::channel& ch, const std::shared_ptr<const std::string>& bytes) {
          if (!is_chat(*bytes) || done->load()) return;
          if (count->fetch_add(1) + 1 == act_at) {
            done->store(true);
            act(ch);
          }
        });
    room_->schedule(teacher_, planned_texts(), std::chrono::milliseconds(20), std::chrono::milliseconds(50));
    room_->start(patience * 3);
    bool finished = room_->wait([&] {
      if (enough) return enough();
      for (auto i : everyone_)
        if (room_->messages(i).size() < spoken) return false;
      return true;
    });
    EXPECT_TRUE(finished) << "not every reader got every message in time";
    EXPECT_TRUE(done->load()) << "the hook never acted";
  }

  // Every one of the 500 readers got every message, whole and in order.
  void expect_everyone_heard_everything() {
    std::size_t wrong = 0;
    for (auto i : everyone_) {
      auto& got = room_->messages(i);
      if (got.size() != spoken) {
        ++wrong;
        continue;
      }
      for (std::size_t k = 0; k < spoken; ++k) wrong += got[k].author != "Teacher" || got[k].text != text_of(k);
    }
    EXPECT_EQ(wrong, 0u) << "readers that missed, reordered or got changed messages";
  }

  // The room still works: a newcomer is welcomed and hears the teacher.
  void expect_room_still_works() {
    raw_channel late(server_->port());
    ASSERT_EQ(late.send(v1_hello(net::channel_type::read, session_for(77), "Tarde")), send_result::sent);
    EXPECT_TRUE(late.wait_for_type<net::welcome>());
  }

  std::unique_ptr<running_server> server_;
  std::unique_ptr<crowd> room_;
  std::size_t teacher_ = 0, kiko_ = 0, mara_ = 0, sleeper_ = 0;
  std::vector<std::size_t> everyone_;
};

TEST_F(busy_room, KickInTheMiddleOfABroadcastTo500Readers) {
  run([&](net::tcp::channel&) { server_->server().kick("Kiko", "fuera"); });
  room_->stop();
  expect_everyone_heard_everything();
  bool kicked = false;
  for (auto& e : room_->errors(kiko_)) kicked |= e.code == net::error_code::kicked && e.detail == "fuera";
  EXPECT_TRUE(kicked) << "Kiko was not told why";
  EXPECT_TRUE(room_->host_closed_reader(kiko_));
  EXPECT_LT(room_->messages(kiko_).size(), spoken);
  expect_room_still_works();
}

// True once member `i` has been refused with `code`.
bool refused(crowd& room, std::size_t i, net::error_code code) {
  for (auto& e : room.errors(i))
    if (e.code == code) return true;
  return false;
}

TEST_F(busy_room, MuteInTheMiddleOfABroadcastTo500Readers) {
  // Mara speaks once the teacher is done: after the mute.
  room_->schedule(mara_, {"hola"}, {}, std::chrono::milliseconds(1500));
  run([&](net::tcp::channel&) { server_->server().mute("Mara", true); },
      [&] {
        for (auto i : everyone_)
          if (room_->messages(i).size() < spoken) return false;
        return refused(*room_, mara_, net::error_code::muted);
      });
  room_->stop();
  // Her message was refused, so nobody heard it: everyone has exactly the
  // teacher's messages.
  expect_everyone_heard_everything();
  EXPECT_TRUE(refused(*room_, mara_, net::error_code::muted));
  EXPECT_FALSE(room_->read_closed(mara_));
  expect_room_still_works();
}

TEST_F(busy_room, ReadOnlyInTheMiddleOfABroadcastTo500Readers) {
  room_->schedule(kiko_, {"¿puedo?"}, {}, std::chrono::milliseconds(1500));
  run([&](net::tcp::channel&) { server_->server().set_read_only(true); },
      [&] {
        for (auto i : everyone_)
          if (room_->messages(i).size() < spoken) return false;
        return refused(*room_, kiko_, net::error_code::muted);
      });
  room_->stop();
  // The teacher (the host's own session) went on being heard by everyone;
  // Kiko was refused.
  expect_everyone_heard_everything();
  EXPECT_TRUE(refused(*room_, kiko_, net::error_code::muted));
  EXPECT_TRUE(server_->log_has("the room is read-only"));
  expect_room_still_works();
}

TEST_F(busy_room, ShutdownInTheMiddleOfABroadcastTo500Readers) {
  run([&](net::tcp::channel&) { server_->server().stop(); },
      [&] {
        for (auto i : everyone_)
          if (!room_->read_closed(i)) return false;
        return true;
      });
  room_->stop();
  // Everyone was closed, and what each got is a prefix of what was said,
  // whole and in order (what was still queued for a reader when the room
  // closed is dropped with its socket).
  std::size_t wrong = 0;
  for (auto i : everyone_) {
    auto& got = room_->messages(i);
    wrong += got.size() > spoken;
    for (std::size_t k = 0; k < got.size() && k < spoken; ++k) wrong += got[k].text != text_of(k);
  }
  EXPECT_EQ(wrong, 0u);
  server_->shutdown();
}

// A v1 participant and a seed participant lose both channels while the
// presence flush is delivering a join to 200 readers: the seed one is
// removed at once, the v1 one after its grace period; everyone else hears
// the join, both leaves, and the next message.
TEST(PresenceFlush, ParticipantsWhoseChannelsDieDuringThePresenceFlush) {
  raise_open_files(4096);
  auto config = test_config();
  config.limits.grace = std::chrono::milliseconds(300);
  running_server server(config);
  // The hook (on the server's thread) learns Vera's and Sol's seats from
  // deliveries to them (Vera from 127.0.5.1, Sol from 127.0.5.2), and cuts all four channels at the 100th delivery of
  // Nuevo's join batch (the first one after it at which both seats have
  // both channels).
  std::mutex mutex;
  std::map<std::string, std::weak_ptr<net::tcp::pair_seat>> victims;
  std::atomic<int> presence_deliveries{0};
  std::atomic<bool> acted{false};
  server.server().set_delivery_hook([&](net::tcp::channel& ch, const std::shared_ptr<const std::string>& bytes) {
    std::lock_guard lock(mutex);
    net::tcp::pair_seat* pair = ch.owner;
    // By address: Sol's seat may get a delivery before its first message
    // names it (a seed participant is named by what it says).
    if (pair && (pair->ip() == "127.0.5.1" || pair->ip() == "127.0.5.2")) victims[pair->ip()] = pair->weak_from_this();
    bool join_batch = bytes->find("{\"type\":\"join\",\"autor\":\"Nuevo\"") != std::string::npos;
    if (!join_batch || ++presence_deliveries < 100 || acted) return;
    std::vector<std::shared_ptr<net::tcp::channel>> channels;
    for (auto& [name, w] : victims)
      if (auto seat = w.lock())
        for (auto* c : {seat->reader(), seat->writer()})
          if (c) channels.push_back(c->shared_from_this());
    if (channels.size() < 4) return;
    acted = true;
    for (auto& c : channels) c->close(net::leave_reason::closed, "cut in the presence flush");
  });
  crowd room(server.port());
  auto teacher = room.add({.name = "Teacher"});
  auto vera = room.add({.name = "Vera", .source = "127.0.5.1"});
  auto sol = room.add({.name = "Sol", .seed = true, .source = "127.0.5.2"});
  std::vector<std::size_t> everyone;
  for (std::size_t i = 0; i < 200; ++i) {
    everyone.push_back(room.add(
        {.name = "R" + std::to_string(i), .source = "127.0.6." + std::to_string(1 + i % 250), .write_channel = false}));
  }
  // Sol joins when it first speaks; then its reader hears the teacher.
  room.schedule(sol, {"soy Sol"}, {}, std::chrono::milliseconds(100));
  room.schedule(teacher, {"uno"}, {}, std::chrono::milliseconds(400));
  room.schedule(teacher, {"dos"}, {}, std::chrono::milliseconds(3000 * slowdown));
  room.start(patience * 2);
  ASSERT_TRUE(room.wait([&] { return room.messages(vera).size() == 2 && room.messages(sol).size() == 1; }));
  // Nuevo arrives: its join goes out in the next presence batch.
  auto nuevo = std::make_unique<raw_channel>(server.port(), "127.0.7.1");
  ASSERT_EQ(nuevo->send(v1_hello(net::channel_type::read, session_for(99), "Nuevo")), send_result::sent);
  ASSERT_TRUE(nuevo->wait_for_type<net::welcome>());
  ASSERT_TRUE(eventually([&] { return acted.load(); }, patience));
  // Both leaves reach everyone (Vera's after her grace period).
  bool heard_all = room.wait([&] {
    for (auto i : everyone) {
      auto& p = room.presence(i);
      bool join = false, vera_left = false, sol_left = false;
      for (auto& line : p) {
        join |= line == "join Nuevo";
        vera_left |= line == "leave Vera";
        sol_left |= line == "leave Sol";
      }
      if (!join || !vera_left || !sol_left) return false;
    }
    return true;
  });
  EXPECT_TRUE(heard_all);
  // And the room goes on: the next message reaches all 200 and Nuevo.
  EXPECT_TRUE(room.wait([&] {
    for (auto i : everyone)
      if (room.messages(i).size() != 3 || room.messages(i).back().text != "dos") return false;
    return true;
  }));
  EXPECT_TRUE(nuevo->wait_for_type<net::chat_msg>(patience, [](auto& m) { return m.text == "dos"; }));
  room.stop();
  EXPECT_TRUE(eventually([&] { return server.counters().participants == 202; }));  // the teacher, 200 readers, Nuevo
}

}  // namespace
}  // namespace charla::test
