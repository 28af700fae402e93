// The window's main loop and what each intent does. Sections:
//   1. settings <-> view
//   2. intents
//   3. the loop
#include "app/gui.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/platform/platform.hpp"
#include "app/room_session.hpp"
#include "app/settings.hpp"
#include "app/teaching_mode.hpp"
#include "app/ui_bridge.hpp"
#include "app/window.hpp"
#include "net/platform/platform.hpp"
#include "ui/emoji.hpp"
#include "ui/view.hpp"
#include "ui/wire_meaning.hpp"

namespace charla::app {
namespace {

// ---------------------------------------------------------------------------
// 1. Settings <-> view

void fill_view(ui::view& v, const settings& s) {
  v.prefs.lang = s.lang ? *s.lang : ui::language_from_environment();
  v.prefs.look = s.look;
  v.prefs.zoom = s.zoom;
  v.start.name = ui::to_display(s.name);
  v.start.recent = s.recent;
  for (auto& r : v.start.recent) r.room = ui::to_display(r.room);
  v.start.host_port = std::to_string(s.host_port);
  v.start.room = ui::to_display(s.room);
  v.model.set_self(v.start.name);
  v.teach.show_inspector = s.inspector;
}

// The app's state, owned by the loop.
struct app_state {
  settings saved;
  std::filesystem::path dir;
  ui::view view;
  ui_bridge bridge;
  teaching_mode teaching;                // wire inspector, attendance, saved files
  std::optional<ui::join_room> joining;  // remembered as a recent room once connected
  std::int64_t last_counter_ms = 0;
  std::uint64_t last_messages = 0;
  bool counters_busy = false;  // messages flowed at the last look: look again in a second
};

void save(app_state& st, const window& win) {
  st.saved.zoom = win.zoom();
  st.saved.look = win.look();
  st.saved.window = win.geometry();
  st.saved.recent = st.view.start.recent;
  for (auto& r : st.saved.recent) r.room = ui::from_display(r.room);
  st.saved.inspector = st.view.teach.show_inspector;
  std::string error;
  if (!st.dir.empty() && !save_settings(st.saved, st.dir, &error)) {
    std::cerr << "charla: could not save settings: " << error << "\n";
  }
}

// ---------------------------------------------------------------------------
// 2. Intents

// Intents carry the ui's display form of text (ui/emoji.hpp); what goes to
// the network and the settings file is converted back.
void start_host(app_state& st, room_session& session, const ui::host_room& h, const net::server_config* base) {
  net::server_config cfg = base ? *base : net::server_config{};
  cfg.port = h.port;
  cfg.room = h.room.empty() ? "charla" : ui::from_display(h.room);
  cfg.pin = ui::from_display(h.pin);
  st.view.model.clear();
  st.view.model.set_self(h.name);
  // The form shows what was tried (also when it came from the command line),
  // so after a failure only the wrong field needs fixing.
  st.view.start.name = h.name;
  st.view.start.host_port = std::to_string(h.port);
  st.view.start.room = h.room;
  st.view.start.host_pin = h.pin;
  st.saved.name = ui::from_display(h.name);
  st.teaching.room_started(h.name);
  st.saved.host_port = h.port;
  st.saved.room = ui::from_display(h.room);
  if (auto error = session.host(cfg, st.saved.name)) {
    if (error->port_in_use)
      ui::report_failure(st.view.start, ui::connect_error::port_in_use, std::to_string(h.port));
    else
      ui::report_failure(st.view.start, ui::connect_error::cannot_host, error->sentence);
    std::cerr << "charla: " << error->sentence << "\n";
    return;
  }
  st.view.model.start_hosting(
      ui::join_card{net::platform::local_ipv4_addresses(), session.port(), h.pin, ui::to_display(cfg.room)});
  st.view.model.set_read_only(cfg.read_only);
}

void start_join(app_state& st, room_session& session, const ui::join_room& j) {
  net::client_config c;
  c.host = ui::from_display(j.address);
  c.port = j.port;
  c.name = ui::from_display(j.name);
  c.pin = ui::from_display(j.pin);
  st.view.model.clear();
  st.view.model.stop_hosting();
  st.view.model.set_self(j.name);
  st.view.start.name = j.name;
  st.view.start.join_address = j.address;
  st.view.start.join_port = std::to_string(j.port);
  st.view.start.join_pin = j.pin;
  st.saved.name = c.name;
  st.joining = j;
  session.join(c);
}

void handle(app_state& st, room_session& session, window& win, const ui::intent& intent) {
  std::visit(
      [&](const auto& i) {
        using T = std::decay_t<decltype(i)>;
        if constexpr (std::is_same_v<T, ui::host_room>) {
          start_host(st, session, i, nullptr);
        } else if constexpr (std::is_same_v<T, ui::join_room>) {
          start_join(st, session, i);
        } else if constexpr (std::is_same_v<T, ui::cancel_connect>) {
          session.leave();
          ui::report_done(st.view.start);
        } else if constexpr (std::is_same_v<T, ui::forget_room>) {
          std::erase_if(st.view.start.recent,
                        [&](const ui::recent_room& r) { return r.address == i.address && r.port == i.port; });
          save(st, win);
        } else if constexpr (std::is_same_v<T, ui::send_text>) {
          std::string cid = session.send(ui::from_display(i.text));
          if (!cid.empty()) st.view.model.add_pending(cid, i.text, net::platform::unix_ms());
        } else if constexpr (std::is_same_v<T, ui::kick>) {
          session.kick(ui::from_display(i.author), ui::from_display(i.reason));
        } else if constexpr (std::is_same_v<T, ui::mute>) {
          session.mute(ui::from_display(i.author), i.muted);
          st.view.model.set_muted(i.author, i.muted);
        } else if constexpr (std::is_same_v<T, ui::set_read_only>) {
          session.set_read_only(i.value);
          st.view.model.set_read_only(i.value);
        } else if constexpr (std::is_same_v<T, ui::leave_room>) {
          session.leave();
          st.view.model.stop_hosting();
          ui::leave_chat(st.view);
        } else if constexpr (std::is_same_v<T, ui::set_zoom>) {
          win.set_zoom(i.zoom);
        } else if constexpr (std::is_same_v<T, ui::toggle_fullscreen>) {
          win.toggle_fullscreen();
        } else if constexpr (std::is_same_v<T, ui::set_theme>) {
          win.set_theme(i.value);
          st.view.prefs.look = i.value;
          save(st, win);
        } else if constexpr (std::is_same_v<T, ui::set_language>) {
          st.view.prefs.lang = i.value;
          st.saved.lang = i.value;
          save(st, win);
        } else if constexpr (std::is_same_v<T, ui::teaching_request>) {
          st.teaching.handle(st.view, session, i, net::platform::unix_ms());
        }
      },
      intent);
}

// Network events since the last frame; true when anything changed.
bool drain(app_state& st, room_session& session, window& win) {
  auto events = session.take_events();
  for (auto& e : events) {
    if (auto* ce = std::get_if<net::client_event>(&e)) {
      st.teaching.on_client_event(st.view, *ce, net::platform::unix_ms());
      bool was_start = st.view.current == ui::screen::start;
      if (st.bridge.apply(st.view, *ce, net::platform::unix_ms()) == ui_bridge::outcome::give_up) session.leave();
      if (was_start && st.view.current == ui::screen::chat && st.joining) {
        auto* s = std::get_if<net::status_event>(ce);
        ui::remember_room(st.view.start.recent, ui::recent_room{st.joining->address, st.joining->port,
                                                                s ? ui::to_display(s->room) : "", st.joining->pin});
        st.joining.reset();
        save(st, win);
      }
    } else if (auto* l = std::get_if<net::log_entry>(&e)) {
      st.bridge.apply(st.view, *l);
    } else if (auto* w = std::get_if<net::wire_event>(&e)) {
      st.teaching.on_wire(st.view, *w);
    }
  }
  return !events.empty();
}

// Host counters: cheap atomic reads at every wake-up, the message rate over
// windows of at least a second. Returns true when a figure shown changed.
bool refresh_counters(app_state& st, room_session& session) {
  if (!session.hosting()) return false;
  auto now = net::platform::unix_ms();
  auto c = session.counters();
  double rate = st.view.model.host() ? st.view.model.host()->counters.messages_per_s : 0.0;
  if (now - st.last_counter_ms >= 1000) {
    if (st.last_counter_ms) rate = (c.messages - st.last_messages) / ((now - st.last_counter_ms) / 1000.0);
    st.last_counter_ms = now;
    st.last_messages = c.messages;
  }
  ui::host_counters now_shown{c.connections, c.participants, c.messages, rate, c.bytes_in, c.bytes_out};
  const ui::host_counters* before = st.view.model.host() ? &st.view.model.host()->counters : nullptr;
  bool changed = !before || before->connections != now_shown.connections ||
                 before->participants != now_shown.participants || before->messages != now_shown.messages ||
                 before->messages_per_s != now_shown.messages_per_s || before->bytes_in != now_shown.bytes_in ||
                 before->bytes_out != now_shown.bytes_out;
  // Busy: messages flowing, or a rate still to fall back to 0.
  st.counters_busy = rate > 0 || (before && before->messages != now_shown.messages);
  st.view.model.set_counters(now_shown);
  return changed;
}

// Test hooks, read from the environment (used by tests/app/window_test.py):
//   CHARLA_TEST_SEND      a message sent, as the composer would, once in the room
//   CHARLA_TEST_WAIT_FOR  --screenshot waits until this text is in the history
//   CHARLA_TEST_INSPECTOR the wire inspector shown on this tab: frames,
//                         diagram or connections; "frames:echo" also selects
//                         the last echo (any wire kind name works)
//   CHARLA_TEST_QR        "full": the join card's first QR code full screen
//   CHARLA_TEST_STARTED_NS  when the process was launched (Unix time in ns, as
//                         `date +%s%N`): the first frame prints how long after
//                         that it was drawn (scripts/window-costs.sh)
// and next to every --screenshot FILE, FILE.txt: what the screen holds.
struct test_hooks {
  std::string send = ui::to_display(env("CHARLA_TEST_SEND"));  // as if typed
  std::string wait_for = ui::to_display(env("CHARLA_TEST_WAIT_FOR"));
  std::string inspector = env("CHARLA_TEST_INSPECTOR");
  bool qr_full_screen = env("CHARLA_TEST_QR") == "full";
  std::string started_ns = env("CHARLA_TEST_STARTED_NS");
  bool sent = false;

  void first_frame_drawn() {
    if (started_ns.empty()) return;
    using namespace std::chrono;
    auto now = duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
    std::fprintf(stderr, "charla: first frame drawn %.1f ms after launch\n",
                 static_cast<double>(now - std::atoll(started_ns.c_str())) / 1e6);
    started_ns.clear();
  }

  static std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
  }
};

bool history_has(const ui::view& v, const std::string& text) {
  for (const auto& r : v.model.rows()) {
    if (r.kind == ui::message_kind::message && !r.pending && r.text.find(text) != std::string::npos) return true;
  }
  return false;
}

void write_screen_text(const ui::view& v, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return;
  std::fprintf(f, "screen: %s\ntitle: %s\n", v.current == ui::screen::chat ? "chat" : "start",
               ui::from_display(ui::window_title(v)).c_str());
  for (const auto& m : v.model.members())
    std::fprintf(f, "member: %s%s\n", ui::from_display(m.author).c_str(), m.legacy ? " (seed)" : "");
  for (const auto& r : v.model.rows()) {
    if (r.kind == ui::message_kind::message) {
      std::fprintf(f, "message: %s: %s%s\n", ui::from_display(r.author).c_str(), ui::from_display(r.text).c_str(),
                   r.pending  ? " (pending)"
                   : r.failed ? " (not sent)"
                              : "");
    } else if (r.kind == ui::message_kind::join || r.kind == ui::message_kind::leave) {
      std::fprintf(f, "%s: %s\n", r.kind == ui::message_kind::join ? "joined" : "left",
                   ui::from_display(r.author).c_str());
    }
  }
  if (const auto* h = v.model.host()) {
    std::fprintf(f, "join card: port %u pin %s\n", h->card.port, h->card.pin.c_str());
    for (const auto& a : h->card.addresses) std::fprintf(f, "join address: %s\n", a.c_str());
    std::fprintf(f, "log lines: %zu\n", h->log.size());
    if (auto url = v.chat.qr_full_screen_url()) std::fprintf(f, "qr full screen: %s\n", url->c_str());
  }
  if (v.current == ui::screen::start) {
    std::fprintf(f, "form: name %s, join %s port %s, host port %s\n", v.start.name.c_str(),
                 v.start.join_address.c_str(), v.start.join_port.c_str(), v.start.host_port.c_str());
  }
  if (v.start.error != ui::connect_error::none) {
    std::fprintf(f, "error: %s\n", ui::error_sentence(v.prefs.lang, v.start.error, v.start.error_detail).c_str());
  }
  if (v.teach.show_inspector) {
    const auto& log = v.teach.inspector.log();
    for (std::size_t i = 0; i < log.size(); ++i) {
      const auto& r = log.at(i);
      std::fprintf(f, "frame: %s %s %s %s\n", ui::channel_name(r.facts.channel, ui::language::en),
                   r.facts.to_server ? "to_server" : "from_server", ui::wire_kind_name(r.facts.kind),
                   ui::printable(r.bytes, r.secret, false).c_str());
    }
    for (const auto& s : v.teach.inspector.steps()) {
      std::fprintf(f, "step: %s\n", ui::one_line(ui::step_label(s, ui::language::en), 200).c_str());
    }
  }
  std::fclose(f);
}

// CHARLA_TEST_INSPECTOR: show the inspector on a tab, and select a frame.
void show_inspector_for_test(ui::view& v, const std::string& spec) {
  if (spec.empty()) return;
  v.teach.show_inspector = true;
  const std::string tab = spec.substr(0, spec.find(':'));
  using ui::inspector_panel;
  v.teach.panel.show_tab = tab == "diagram"       ? inspector_panel::tab::diagram
                           : tab == "connections" ? inspector_panel::tab::connections
                                                  : inspector_panel::tab::frames;
  if (spec.find(':') == std::string::npos) return;
  const std::string kind = spec.substr(spec.find(':') + 1);
  const auto& log = v.teach.inspector.log();
  for (std::size_t i = log.size(); i-- > 0;) {
    if (kind == ui::wire_kind_name(log.at(i).facts.kind)) {
      v.teach.panel.select(log.at(i).seq);
      return;
    }
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// 3. The loop

int run_window(const command_line& cl) {
  app_state st;
  st.dir = platform::config_dir();
  st.saved = load_settings(st.dir);
  fill_view(st.view, st.saved);

  window_options options;
  options.geometry = st.saved.window;
  options.zoom = st.saved.zoom;
  options.look = st.saved.look;
  options.imgui_ini = platform::utf8(imgui_ini_path(st.dir));
  std::unique_ptr<window> win;
  try {
    win = std::make_unique<window>(options);
  } catch (const std::exception& e) {
    std::cerr << "charla: cannot open a window (" << e.what()
              << "); on a machine without a display use --headless (see charla --help)\n";
    // Started from a file browser nobody sees the line above.
    platform::show_error("charla", std::string("charla cannot open its window: ") + e.what() + ".");
    return 1;
  }
  st.view.prefs.fonts = &win->fonts();
  {
    room_session session([] { window::wake(); });
    // The inspector, when shown, watches from the first byte of the room.
    test_hooks hooks;
    if (!hooks.inspector.empty()) st.view.teach.show_inspector = true;
    st.teaching.sync(st.view, session, net::platform::unix_ms());
    if (cl.what == command_line::mode::host) {
      std::string name = !cl.host.name.empty() ? cl.host.name : (!st.saved.name.empty() ? st.saved.name : "Host");
      start_host(st, session,
                 ui::host_room{ui::to_display(name), cl.host.server.port, ui::to_display(cl.host.server.room),
                               ui::to_display(cl.host.server.pin)},
                 &cl.host.server);
      st.view.start.busy = ui::start_action::hosting;
    } else if (cl.what == command_line::mode::join) {
      const auto& c = cl.join.client;
      start_join(st, session, ui::join_room{ui::to_display(c.name), c.host, c.port, ui::to_display(c.pin)});
      st.view.start.busy = ui::start_action::joining;
    }

    // --screenshot: once the room is up (and CHARLA_TEST_WAIT_FOR seen), a
    // few frames, then save; give up after 20 s.
    auto started = std::chrono::steady_clock::now();
    int frames_after_ready = 0;
    int exit_code = 0;
    while (!win->should_close()) {
      // Idle costs nothing but these timed looks: the status bar's
      // countdown while reconnecting, and the host panel's counters (each
      // second while messages flow, every 10 s otherwise, for the byte
      // counts; a message, a join or a log line wakes the window anyway).
      // A look that changes nothing draws no frame.
      const double countdown = ui::next_redraw_in(st.view);
      double wait = countdown;
      if (session.hosting()) {
        const double look = st.counters_busy ? 1.0 : 10.0;
        wait = wait < 0 ? look : std::min(wait, look);
      }
      if (!cl.screenshot.empty()) wait = 0.05;
      win->wait(wait);
      if (drain(st, session, *win)) win->redraw();
      if (refresh_counters(st, session)) win->redraw(1);
      if (countdown >= 0) win->redraw(1);
      if (ui::wants_frames(st.view)) win->redraw(1);
      if (!win->wants_frame() && cl.screenshot.empty()) continue;
      st.view.prefs.zoom = win->zoom();
      std::optional<ui::intent> intent;
      win->frame([&] { intent = ui::draw(st.view); });
      hooks.first_frame_drawn();
      win->set_title(ui::from_display(ui::window_title(st.view)));
      if (win->take_view_changed()) {
        st.view.prefs.look = win->look();
        save(st, *win);
      }
      if (intent) {
        handle(st, session, *win, *intent);
        win->redraw();
      }
      st.teaching.sync(st.view, session, net::platform::unix_ms());
      if (st.view.teach.show_inspector != st.saved.inspector) save(st, *win);
      if (!hooks.send.empty() && !hooks.sent && st.view.current == ui::screen::chat) {
        hooks.sent = true;
        handle(st, session, *win, ui::send_text{hooks.send});
      }
      if (!cl.screenshot.empty()) {
        bool in_place = cl.what == command_line::mode::start_screen || st.view.current == ui::screen::chat ||
                        st.view.start.error != ui::connect_error::none;
        bool ready = in_place && (hooks.wait_for.empty() || history_has(st.view, hooks.wait_for));
        bool late = std::chrono::steady_clock::now() - started > std::chrono::seconds(20);
        if (ready && frames_after_ready == 0 && !hooks.inspector.empty()) {
          show_inspector_for_test(st.view, hooks.inspector);
          // The pointer away from the panel, so no hover tooltip covers it.
          glfwSetCursorPos(win->glfw_window(), 4.0, win->geometry().height - 4.0);
        }
        if (ready && frames_after_ready == 0 && hooks.qr_full_screen) st.view.chat.show_qr_full_screen(0);
        if ((ready || late) && ++frames_after_ready >= 6) {
          if (!win->save_screenshot(cl.screenshot)) {
            std::cerr << "charla: could not write " << cl.screenshot << "\n";
            exit_code = 1;
          }
          write_screen_text(st.view, cl.screenshot + ".txt");
          if (!ready) {
            std::cerr << "charla: the screenshot was taken before the room was ready\n";
            exit_code = 3;
          }
          break;
        }
      }
    }
    save(st, *win);
    session.leave();
    return exit_code;
  }
}

}  // namespace charla::app
