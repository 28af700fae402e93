// Network events into the view-model, end to end: a real host and a real
// student on loopback, the student's events applied through ui_bridge as the
// window applies them, and the view-model checked.
#include "app/ui_bridge.hpp"

#include <condition_variable>
#include <functional>
#include <mutex>

#include <gtest/gtest.h>

#include "app/room_session.hpp"

namespace charla::app {
namespace {

using namespace std::chrono_literals;

// A participant's side as the window has it: a session, a view and the bridge.
struct side {
  std::mutex m;
  std::condition_variable cv;
  int wakes = 0;
  room_session session{[this] {
    std::lock_guard lock(m);
    ++wakes;
    cv.notify_all();
  }};
  ui::view view;
  ui_bridge bridge;

  // Applies events as they come until done(view) holds or the deadline passes.
  bool until(const std::function<bool(const ui::view&)>& done, std::chrono::milliseconds timeout = 5000ms) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      int seen;
      {
        std::lock_guard lock(m);
        seen = wakes;
      }
      for (auto& e : session.take_events()) {
        if (auto* ce = std::get_if<net::client_event>(&e)) bridge.apply(view, *ce, 0);
      }
      if (done(view)) return true;
      std::unique_lock lock(m);
      if (!cv.wait_until(lock, deadline, [&] { return wakes > seen; })) return done(view);
    }
  }
};

const ui::message* row_with(const ui::view& v, const std::string& text) {
  for (const auto& r : v.model.rows()) {
    if (r.kind == ui::message_kind::message && r.text == text) return &r;
  }
  return nullptr;
}

bool has_note(const ui::view& v, ui::system_note note, const std::string& text) {
  for (const auto& r : v.model.rows()) {
    if (r.kind == ui::message_kind::system && r.note == note && r.text == text) return true;
  }
  return false;
}

class UiBridge : public ::testing::Test {
 protected:
  void SetUp() override {
    net::server_config c;
    c.bind_address = "127.0.0.1";
    c.port = 0;
    c.room = "Aula 3";
    ASSERT_FALSE(teacher.session.host(c, "Profe"));
    net::client_config j;
    j.host = "127.0.0.1";
    j.port = teacher.session.port();
    j.name = "Ana";
    student.view.model.set_self("Ana");
    student.session.join(j);
    ASSERT_TRUE(student.until([](const ui::view& v) { return v.current == ui::screen::chat; }));
    ASSERT_TRUE(teacher.until([](const ui::view& v) {
      for (const auto& m : v.model.members()) {
        if (m.author == "Ana") return true;
      }
      return false;
    }));
  }

  // Waits for the host's log to mention `text`: the host's command has
  // reached the network thread.
  bool logged(const std::string& text) {
    return teacher.until([&](const ui::view&) {
      for (auto& e : teacher.session.log_after(0)) {
        if (e.text.find(text) != std::string::npos) return true;
      }
      return false;
    });
  }

  // What the window does with the composer's text.
  void type(side& s, const std::string& text) { s.view.model.add_pending(s.session.send(text), text, 0); }

  side teacher;
  side student;
};

TEST_F(UiBridge, MutedStudentSeesItsMessageNotSentAndWhy) {
  teacher.session.mute("Ana", true);
  ASSERT_TRUE(logged("muted Ana"));
  type(student, "¿Puedo hablar?");
  ASSERT_TRUE(student.until([](const ui::view& v) {
    const auto* r = row_with(v, "¿Puedo hablar?");
    return r != nullptr && r->failed;
  }));
  const auto* r = row_with(student.view, "¿Puedo hablar?");
  EXPECT_FALSE(r->pending);
  EXPECT_EQ(student.view.model.pending_count(), 0u);
  EXPECT_TRUE(has_note(student.view, ui::system_note::not_sent, "muted"));

  teacher.session.mute("Ana", false);
  ASSERT_TRUE(logged("unmuted Ana"));
  type(student, "Gracias");
  ASSERT_TRUE(student.until([](const ui::view& v) {
    const auto* r = row_with(v, "Gracias");
    return r != nullptr && r->id != 0;
  }));
  EXPECT_FALSE(row_with(student.view, "Gracias")->failed);
}

TEST_F(UiBridge, ReadOnlyRoomRefusesStudentsButNotTheHost) {
  teacher.session.set_read_only(true);
  ASSERT_TRUE(logged("read-only"));
  type(student, "Hola");
  type(teacher, "Solo escribo yo");
  ASSERT_TRUE(student.until([](const ui::view& v) {
    const auto* mine = row_with(v, "Hola");
    return mine != nullptr && mine->failed && row_with(v, "Solo escribo yo") != nullptr;
  }));
  EXPECT_TRUE(has_note(student.view, ui::system_note::not_sent, "muted"));
}

TEST_F(UiBridge, KickedStudentSeesTheReasonOrNone) {
  teacher.session.kick("Ana", "fin de la clase");
  ASSERT_TRUE(student.until([](const ui::view& v) { return has_note(v, ui::system_note::kicked, "fin de la clase"); }));
}

TEST_F(UiBridge, KickWithoutReasonIsThePlainSentence) {
  teacher.session.kick("Ana", "");
  ASSERT_TRUE(student.until([](const ui::view& v) { return has_note(v, ui::system_note::kicked, ""); }));
}

}  // namespace
}  // namespace charla::app
