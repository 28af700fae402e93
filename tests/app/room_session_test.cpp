#include "app/room_session.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

namespace charla::app {
namespace {

using namespace std::chrono_literals;

// Collects a session's events the way the window does: on each wake-up.
struct drained {
  std::mutex m;
  std::condition_variable cv;
  int wakes = 0;
  void wake() {
    std::lock_guard lock(m);
    ++wakes;
    cv.notify_all();
  }
};

template <typename T>
std::optional<T> wait_for(room_session& s, drained& d, const std::function<bool(const T&)>& match,
                          std::chrono::milliseconds timeout = 5000ms) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int seen_wakes;
    {
      std::lock_guard lock(d.m);
      seen_wakes = d.wakes;
    }
    for (auto& e : s.take_events()) {
      if (auto* ce = std::get_if<net::client_event>(&e)) {
        if (auto* t = std::get_if<T>(ce); t && match(*t)) return *t;
      }
    }
    std::unique_lock lock(d.m);
    if (!d.cv.wait_until(lock, deadline, [&] { return d.wakes > seen_wakes; })) return std::nullopt;
  }
}

net::server_config local_room() {
  net::server_config c;
  c.bind_address = "127.0.0.1";
  c.port = 0;
  c.room = "Aula 3";
  return c;
}

TEST(RoomSession, HostingStartsTheServerAndJoinsIt) {
  drained d;
  room_session host([&] { d.wake(); });
  ASSERT_FALSE(host.host(local_room(), "Profe"));
  EXPECT_TRUE(host.hosting());
  auto up = wait_for<net::status_event>(host, d, [](auto& e) { return e.state == net::client_state::connected; });
  ASSERT_TRUE(up);
  EXPECT_EQ(up->room, "Aula 3");
  host.send("Bienvenidos");
  auto m = wait_for<net::message_event>(host, d, [](auto& e) { return e.msg.text == "Bienvenidos"; });
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->own);
  EXPECT_GT(d.wakes, 0);
  EXPECT_EQ(host.counters().messages, 1u);
  bool logged = false;
  for (auto& e : host.log_after(0)) logged |= e.text.find("Profe joined") != std::string::npos;
  EXPECT_TRUE(logged);
  // Log lines reach the window through the event queue too.
  host.send("otra");
  bool queued = false;
  for (int i = 0; i < 200 && !queued; ++i) {
    for (auto& e : host.take_events()) {
      if (auto* l = std::get_if<net::log_entry>(&e)) queued |= l->text.find("message #2") != std::string::npos;
    }
    if (!queued) std::this_thread::sleep_for(5ms);  // polling interval, bounded by the loop count
  }
  EXPECT_TRUE(queued);
}

TEST(RoomSession, StudentJoinsTheTeachersRoomAndTheHostCanKick) {
  drained dh, ds;
  room_session host([&] { dh.wake(); });
  ASSERT_FALSE(host.host(local_room(), "Profe"));
  // The host's own participant first: a student who came earlier would be in
  // its welcome's member list instead of a join event.
  ASSERT_TRUE(wait_for<net::status_event>(host, dh, [](auto& e) { return e.state == net::client_state::connected; }));
  room_session student([&] { ds.wake(); });
  net::client_config c;
  c.host = "127.0.0.1";
  c.port = host.port();
  c.name = "Ana";
  student.join(c);
  ASSERT_TRUE(
      wait_for<net::status_event>(student, ds, [](auto& e) { return e.state == net::client_state::connected; }));
  ASSERT_TRUE(wait_for<net::join_event>(host, dh, [](auto& e) { return e.author == "Ana"; }));
  host.kick("Ana", "fin de la clase");
  auto e = wait_for<net::error_event>(student, ds, [](auto& e) { return e.code == net::error_code::kicked; });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->detail, "fin de la clase");
}

TEST(RoomSession, PortInUseIsASentence) {
  drained d1, d2;
  room_session first([&] { d1.wake(); });
  ASSERT_FALSE(first.host(local_room(), "A"));
  room_session second([&] { d2.wake(); });
  auto cfg = local_room();
  cfg.port = first.port();
  auto error = second.host(cfg, "B");
  ASSERT_TRUE(error);
  EXPECT_TRUE(error->port_in_use);
  EXPECT_NE(error->sentence.find("already in use"), std::string::npos) << error->sentence;
  EXPECT_FALSE(second.hosting());
}

// Not every failure to start is a port in use: a transcript that cannot be
// opened says so.
TEST(RoomSession, ATranscriptThatCannotBeOpenedIsItsOwnSentence) {
  drained d;
  room_session s([&] { d.wake(); });
  auto cfg = local_room();
  cfg.transcript_path = "/nonexistent-folder/aula.jsonl";
  auto error = s.host(cfg, "A");
  ASSERT_TRUE(error);
  EXPECT_FALSE(error->port_in_use);
  EXPECT_NE(error->sentence.find("cannot open the transcript /nonexistent-folder/aula.jsonl"), std::string::npos)
      << error->sentence;
  EXPECT_EQ(error->sentence.find("listen"), std::string::npos) << error->sentence;
  EXPECT_FALSE(s.hosting());
}

TEST(RoomSession, LeavingTwiceAndHostingAgainWork) {
  drained d;
  room_session s([&] { d.wake(); });
  ASSERT_FALSE(s.host(local_room(), "A"));
  s.leave();
  s.leave();
  EXPECT_FALSE(s.hosting());
  ASSERT_FALSE(s.host(local_room(), "A"));
  EXPECT_TRUE(wait_for<net::status_event>(s, d, [](auto& e) { return e.state == net::client_state::connected; }));
}

}  // namespace
}  // namespace charla::app
