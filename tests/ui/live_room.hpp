// A window's worth of charla for headless UI tests: the view, the app's
// wiring (ui_bridge, teaching_mode) and a real room on loopback (the app's
// room_session), frames drawn in a headless ImGui context.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>

#include <gtest/gtest.h>

#include "app/room_session.hpp"
#include "app/teaching_mode.hpp"
#include "app/ui_bridge.hpp"
#include "harness.hpp"
#include "ui/view.hpp"
#include "ui/wire_meaning.hpp"

namespace charla::ui {

inline std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

class live_room {
 public:
  explicit live_room(language lang = language::es, ImVec2 display = ImVec2(1280, 1600), float scale = 1.0f)
      : h(display, scale, theme::light, lang) {
    v.prefs = h.prefs();
    h.set_ui_returning([this] { return draw(v); });
  }
  ~live_room() { session.leave(); }

  // Hosts room "Aula 3" on 127.0.0.1 (any port) as `name`.
  void host(const std::string& name, const std::string& transcript = {}) {
    net::server_config cfg;
    cfg.bind_address = "127.0.0.1";
    cfg.port = 0;
    cfg.room = "Aula 3";
    cfg.transcript_path = transcript;
    v.model.set_self(name);
    teaching.room_started(name);
    teaching.sync(v, session, now_ms());  // watch from the first byte
    v.start.busy = start_action::hosting;
    ASSERT_FALSE(session.host(cfg, name).has_value());
    v.model.start_hosting(join_card{{"127.0.0.1"}, session.port(), {}, cfg.room});
    ASSERT_TRUE(pump([&] { return v.current == screen::chat; })) << "the room never opened";
  }

  std::string send(const std::string& text) {
    const std::string cid = session.send(text);
    v.model.add_pending(cid, text, now_ms());
    return cid;
  }

  // Draws frames, handing over network events as the app does, until
  // `done` holds (true) or the deadline passes (false). Waits on the
  // session's wake-ups between frames, never on a bare sleep.
  bool pump(const std::function<bool()>& done, std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
    const auto end = std::chrono::steady_clock::now() + deadline;
    for (;;) {
      frame();
      if (done()) return true;
      if (std::chrono::steady_clock::now() >= end) return false;
      std::unique_lock lock(mutex_);
      woken_.wait_for(lock, std::chrono::milliseconds(50), [this] { return pending_; });
      pending_ = false;
    }
  }

  void frame() {
    for (auto& e : session.take_events()) {
      if (auto* ce = std::get_if<net::client_event>(&e)) {
        teaching.on_client_event(v, *ce, now_ms());
        bridge.apply(v, *ce, now_ms());
      } else if (auto* w = std::get_if<net::wire_event>(&e)) {
        ++wire_events;
        teaching.on_wire(v, *w);
      } else if (auto* l = std::get_if<net::log_entry>(&e)) {
        bridge.apply(v, *l);
      }
    }
    h.step();
    for (auto& i : h.intents()) {
      if (auto* t = std::get_if<teaching_request>(&i)) teaching.handle(v, session, *t, now_ms());
    }
    h.intents().clear();
    teaching.sync(v, session, now_ms());
  }

  const wire_record* find(wire_kind kind, wire_channel ch) const {
    const wire_log& log = v.teach.inspector.log();
    for (std::size_t i = 0; i < log.size(); ++i) {
      if (log.at(i).facts.kind == kind && log.at(i).facts.channel == ch) return &log.at(i);
    }
    return nullptr;
  }
  bool has(wire_kind kind, wire_channel ch = wire_channel::read) const { return find(kind, ch) != nullptr; }

  bool history_has(const std::string& text) const {
    for (const auto& r : v.model.rows()) {
      if (r.kind == message_kind::message && !r.pending && r.text == text) return true;
    }
    return false;
  }

 private:
  std::mutex mutex_;
  std::condition_variable woken_;
  bool pending_ = false;

 public:
  test::harness h;
  view v;
  app::ui_bridge bridge;
  app::teaching_mode teaching;
  std::size_t wire_events = 0;
  app::room_session session{[this] {
    std::lock_guard lock(mutex_);
    pending_ = true;
    woken_.notify_all();
  }};
};

}  // namespace charla::ui
