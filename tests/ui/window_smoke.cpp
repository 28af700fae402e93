// Opens the real window (run under xvfb-run), draws the start screen, a busy
// hosted chat and the dark theme at 150 %, saves each as PNG and checks the
// images are not blank; measures start-up, idle CPU and wake-up latency,
// sends real X11 key and wheel events (quick taps, Ctrl+=, Ctrl+wheel).
//
//   window_smoke OUTPUT_DIR
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <stb_image.h>
#if CHARLA_SMOKE_X11
#include <X11/Xlib.h>
#include <X11/keysym.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_X11
#include <GLFW/glfw3native.h>
#endif

#include <imgui.h>

#include "app/window.hpp"
#include "ui/view.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using namespace charla;

int failures = 0;

void check(bool ok, const std::string& what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  if (!ok) ++failures;
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Not blank: several colours, and text-dark and background-light pixels
// both present in a fair amount (or the reverse for the dark theme).
void check_image(const std::string& path, bool dark) {
  int w = 0;
  int h = 0;
  int n = 0;
  unsigned char* px = stbi_load(path.c_str(), &w, &h, &n, 3);
  check(px != nullptr, path + " was written and reads back");
  if (px == nullptr) return;
  std::set<unsigned> colours;
  long text = 0;
  long background = 0;
  for (long i = 0; i < static_cast<long>(w) * h; ++i) {
    const unsigned char* p = px + i * 3;
    colours.insert((p[0] << 16) | (p[1] << 8) | p[2]);
    const int lum = (p[0] * 3 + p[1] * 6 + p[2]) / 10;
    if (dark ? lum > 200 : lum < 60) ++text;
    if (dark ? lum < 40 : lum > 240) ++background;
  }
  stbi_image_free(px);
  const double total = static_cast<double>(w) * h;
  check(colours.size() > 50, path + ": " + std::to_string(colours.size()) + " colours");
  check(text / total > 0.005, path + ": text pixels " + std::to_string(100.0 * text / total) + " %");
  check(background / total > 0.3, path + ": background pixels " + std::to_string(100.0 * background / total) + " %");
}

#if CHARLA_SMOKE_X11
// A key pressed and released within one event batch, as a fast typist or
// xdotool produces: the 1.86 trap of docs/IMGUI.md §1.7.
void tap_key(GLFWwindow* win, KeySym sym, unsigned int state) {
  Display* d = glfwGetX11Display();
  XKeyEvent e{};
  e.display = d;
  e.window = glfwGetX11Window(win);
  e.root = DefaultRootWindow(d);
  e.subwindow = None;
  e.time = CurrentTime;
  e.same_screen = True;
  e.keycode = XKeysymToKeycode(d, sym);
  e.state = state;
  e.type = KeyPress;
  XSendEvent(d, e.window, True, KeyPressMask, reinterpret_cast<XEvent*>(&e));
  e.type = KeyRelease;
  XSendEvent(d, e.window, True, KeyReleaseMask, reinterpret_cast<XEvent*>(&e));
  XFlush(d);
}

// The window manager's icon property: width, height, then ARGB pixels, for
// each size the window set. Returns how many icons it holds.
int net_wm_icons(GLFWwindow* win) {
  Display* d = glfwGetX11Display();
  Atom icon = XInternAtom(d, "_NET_WM_ICON", False);
  Atom type = None;
  int format = 0;
  unsigned long items = 0;
  unsigned long after = 0;
  unsigned char* data = nullptr;
  if (XGetWindowProperty(d, glfwGetX11Window(win), icon, 0, 1L << 20, False, AnyPropertyType, &type, &format, &items,
                         &after, &data) != Success ||
      data == nullptr) {
    return 0;
  }
  const auto* v = reinterpret_cast<const unsigned long*>(data);
  int count = 0;
  for (unsigned long i = 0; i + 2 <= items;) {
    const unsigned long pixels = v[i] * v[i + 1];
    if (pixels == 0 || i + 2 + pixels > items) break;
    i += 2 + pixels;
    ++count;
  }
  XFree(data);
  return count;
}

// Ctrl held while the wheel turns one notch up, all in one batch.
void ctrl_wheel_up(GLFWwindow* win) {
  Display* d = glfwGetX11Display();
  const Window xw = glfwGetX11Window(win);
  XKeyEvent k{};
  k.display = d;
  k.window = xw;
  k.root = DefaultRootWindow(d);
  k.same_screen = True;
  k.keycode = XKeysymToKeycode(d, XK_Control_L);
  k.type = KeyPress;
  XSendEvent(d, xw, True, KeyPressMask, reinterpret_cast<XEvent*>(&k));
  XButtonEvent b{};
  b.display = d;
  b.window = xw;
  b.root = DefaultRootWindow(d);
  b.same_screen = True;
  b.x = 400;
  b.y = 400;
  b.state = ControlMask;
  b.button = Button4;
  b.type = ButtonPress;
  XSendEvent(d, xw, True, ButtonPressMask, reinterpret_cast<XEvent*>(&b));
  b.type = ButtonRelease;
  XSendEvent(d, xw, True, ButtonReleaseMask, reinterpret_cast<XEvent*>(&b));
  k.type = KeyRelease;
  k.state = ControlMask;
  XSendEvent(d, xw, True, KeyReleaseMask, reinterpret_cast<XEvent*>(&k));
  XFlush(d);
}
#endif

void fill_chat(ui::view& v) {
  v.model.set_self("Profe");
  ui::connection_status st;
  st.state = ui::connection_state::connected;
  st.server_address = "192.168.1.20:5000";
  st.room = "Redes 2ºB";
  const std::int64_t t0 = 1764050000000;
  v.model.set_status(st, t0);
  v.model.set_members({{"Profe", false}, {"Ana", false}, {"Bo", false}, {"Carla", false}, {"Seed", true}});
  ui::join_card card;
  card.addresses = {"192.168.1.20", "10.0.0.7"};
  card.port = 5000;
  card.pin = "4321";
  card.room = "Redes 2ºB";
  v.model.start_hosting(card);
  v.model.add_note(ui::system_note::room_created, {}, t0);
  v.model.member_joined("Ana", false, t0 + 1000);
  v.model.member_joined("Seed", true, t0 + 2000);
  const char* lines[][2] = {
      {"Ana", "Hola señor ¿qué tal? ñ ü € “” … → ✓"},
      {"Bo", "¡Buenos días! Ya estoy conectado desde el portátil."},
      {"Profe",
       "Perfecto. Hoy vemos sockets TCP: cada cliente abre dos conexiones, una para leer y otra para escribir."},
      {"Carla", "¿Por qué dos y no una sola? Con una bastaría, ¿no?"},
      {"Seed", "yo uso la versión antigua y funciona igual"},
      {"Ana", "Acción, corazón, pingüino, año, niño: áéíóú ÁÉÍÓÚ ñÑ üÜ ¿¡ «» €"},
  };
  std::uint64_t id = 1;
  for (auto& l : lines) {
    ui::incoming_message m;
    m.id = id;
    m.ts_ms = t0 + static_cast<std::int64_t>(id) * 60'000;
    m.author = l[0];
    m.text = l[1];
    m.own = m.author == "Profe";  // net::client's rule: our name
    v.model.receive(m);
    ++id;
  }
  v.model.member_left("Bo", "timeout", t0 + 9 * 60'000);
  st.state = ui::connection_state::reconnecting;
  v.model.set_status(st, t0 + 9 * 60'000);
  st.state = ui::connection_state::connected;
  v.model.set_status(st, t0 + 9 * 60'000);
  ui::incoming_message missed;
  missed.id = id;
  missed.ts_ms = t0 + 9 * 60'000;
  missed.author = "Carla";
  missed.text = "Mientras no estabas: ¿el PIN es el mismo para todos?";
  v.model.receive(missed);
  v.model.add_pending("c1", "Un momento, os paso el enunciado…", t0 + 10 * 60'000);
  ui::host_counters c;
  c.connections = 9;
  c.participants = 5;
  c.messages = 6;
  c.messages_per_s = 0.4;
  c.bytes_in = 3210;
  c.bytes_out = 18'400;
  v.model.set_counters(c);
  v.model.add_log_line("05:53:20 listening on 0.0.0.0:5000");
  v.model.add_log_line("05:53:21 read channel from 192.168.1.31:51234 (v1, Ana)");
  v.model.add_log_line("05:53:21 write channel from 192.168.1.31:51236 paired with Ana");
  v.model.add_log_line("05:53:22 legacy read channel from 192.168.1.40:40100");
  ui::enter_chat(v);
}

void frames(app::window& w, ui::view& v, int n) {
  for (int i = 0; i < n; ++i) {
    v.prefs.fonts = &w.fonts();
    v.prefs.zoom = w.zoom();
    v.prefs.look = w.look();
    w.frame([&] { ui::draw(v); });
    w.set_title(ui::window_title(v));
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path out = argc > 1 ? argv[1] : "screenshots";
  std::filesystem::create_directories(out);

  const auto t_start = clock_type::now();
  app::window_options options;
  options.geometry.width = 1280;
  options.geometry.height = 800;
  options.imgui_ini = (out / "config" / "imgui.ini").string();
  app::window w(options);

  ui::view v;
  v.prefs.lang = ui::language::es;
  v.start.name = "";
  v.start.recent = {{"192.168.1.20", 5000, "Redes 2ºB", "4321"}, {"10.0.0.7", 5001, "Física", ""}};
  frames(w, v, 1);
  const double first_frame_ms = std::chrono::duration<double, std::milli>(clock_type::now() - t_start).count();
  std::printf("metric: start to first frame %.1f ms\n", first_frame_ms);
  frames(w, v, 3);
  check(w.save_screenshot((out / "start.png").string()), "start screen screenshot saved");
  check_image((out / "start.png").string(), false);

  v.prefs.lang = ui::language::en;
  v.start.busy = ui::start_action::joining;
  report_failure(v.start, ui::connect_error::timed_out, "192.168.1.20:5000");
  frames(w, v, 3);
  check(w.save_screenshot((out / "start_en_error.png").string()), "English start screen with an error saved");

  // Projector zoom on the start screen: nothing may be cut off.
  v.prefs.lang = ui::language::es;
  report_done(v.start);
  w.set_zoom(2.0f);
  frames(w, v, 4);
  check(w.save_screenshot((out / "start_200.png").string()), "start screen at 200 % saved");
  check_image((out / "start_200.png").string(), false);
  w.set_zoom(1.0f);

  fill_chat(v);
  frames(w, v, 4);
  check(w.save_screenshot((out / "chat_host.png").string()), "busy hosted chat screenshot saved");
  check_image((out / "chat_host.png").string(), false);

  w.set_theme(ui::theme::dark);
  w.set_zoom(1.5f);
  frames(w, v, 4);
  check(w.fonts().size_px == 30.0f, "fonts rebuilt at 150 % (" + std::to_string(w.fonts().size_px) + " px)");
  check(w.save_screenshot((out / "chat_dark_150.png").string()), "dark theme at 150 % saved");
  check_image((out / "chat_dark_150.png").string(), true);
  w.set_zoom(1.0f);
  w.set_theme(ui::theme::light);
  frames(w, v, 2);

  // Idle with the room open: nothing happens for 3 s (CHARLA_IDLE_SECONDS
  // to measure longer); the loop must sleep.
  const char* idle_env = std::getenv("CHARLA_IDLE_SECONDS");
  const int idle_seconds = idle_env != nullptr ? std::max(1, std::atoi(idle_env)) : 3;
  frames(w, v, 3);
  const auto drawn_before = w.frames_drawn();
  const double cpu_before = cpu_seconds();
  const auto idle_start = clock_type::now();
  while (clock_type::now() - idle_start < std::chrono::seconds(idle_seconds)) {
    w.wait(ui::next_redraw_in(v));
    frames(w, v, 1);
  }
  const double idle_wall = std::chrono::duration<double>(clock_type::now() - idle_start).count();
  const double idle_cpu = cpu_seconds() - cpu_before;
  const auto idle_frames = w.frames_drawn() - drawn_before;
  std::printf("metric: idle %.1f s: %llu frames, CPU %.2f %%\n", idle_wall,
              static_cast<unsigned long long>(idle_frames), 100.0 * idle_cpu / idle_wall);
  // A count of frames, not a CPU share: the machine may be busy with other tests.
  check(idle_frames <= 8, "idle window draws almost nothing");

  // wake() from another thread ends the wait at once.
  const auto wake_start = clock_type::now();
  std::thread waker([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the waiting side must be asleep first
    app::window::wake();
  });
  w.wait(5.0);
  const double woke_after = std::chrono::duration<double, std::milli>(clock_type::now() - wake_start).count();
  waker.join();
  std::printf("metric: wake() ended wait after %.1f ms\n", woke_after);
  check(woke_after < 4500, "wake() from another thread ends wait() before its 5 s timeout");

  // A long history in the real window: CPU per frame, GL included.
  ui::view big;
  big.prefs.lang = ui::language::es;
  big.model.set_self("Profe");
  for (std::uint64_t i = 1; i <= 100'000; ++i) {
    ui::incoming_message m;
    m.id = i;
    m.ts_ms = 1764050000000 + static_cast<std::int64_t>(i) * 1000;
    m.author = i % 3 == 0 ? "Ana" : i % 3 == 1 ? "Bo" : "Carla";
    m.text = "Mensaje " + std::to_string(i) + ": ¿qué tal? ñ ü € “” … → ✓";
    for (std::uint64_t k = 0; k < (i * 7919) % 30; ++k) m.text += " palabra";
    big.model.receive(std::move(m));
  }
  ui::enter_chat(big);
  for (int i = 0; i < 300 && (i < 3 || big.chat.history_busy()); ++i) frames(w, big, 1);
  const double cpu_frames_before = cpu_seconds();
  const auto wall_frames_before = clock_type::now();
  constexpr int timed_frames = 60;
  for (int i = 0; i < timed_frames; ++i) {
    ui::incoming_message m;
    m.id = 100'001 + static_cast<std::uint64_t>(i);
    m.ts_ms = 1764050000000 + static_cast<std::int64_t>(m.id) * 1000;
    m.author = "Bo";
    m.text = "nuevo " + std::to_string(i);
    big.model.receive(std::move(m));
    frames(w, big, 1);
  }
  const double per_frame_cpu = (cpu_seconds() - cpu_frames_before) * 1000 / timed_frames;
  const double per_frame_wall =
      std::chrono::duration<double, std::milli>(clock_type::now() - wall_frames_before).count() / timed_frames;
  std::printf("metric: 100k messages, a new one per frame: %.2f ms CPU, %.2f ms wall per frame (GL on llvmpipe)\n",
              per_frame_cpu, per_frame_wall);
  check(big.chat.history().drawn_rows() < 40,
        "only visible rows drawn: " + std::to_string(big.chat.history().drawn_rows()));
  check(w.save_screenshot((out / "chat_100k.png").string()), "100k history screenshot saved");

#if CHARLA_SMOKE_X11
  // Real key events through GLFW: a quick Enter tap still sends, Ctrl+= zooms.
  {
    ui::view chat;
    chat.prefs.lang = ui::language::es;
    chat.model.set_self("Ana");
    ui::enter_chat(chat);
    std::vector<ui::intent> asked;
    auto run = [&](int n) {
      for (int i = 0; i < n; ++i) {
        chat.prefs.fonts = &w.fonts();
        chat.prefs.zoom = w.zoom();
        w.frame([&] {
          if (auto i = ui::draw(chat)) asked.push_back(*i);
        });
      }
    };
    run(3);
    check(net_wm_icons(w.glfw_window()) == 3, "the window shows charla's icon (3 sizes)");
    ImGui::GetIO().AddInputCharactersUTF8("Hola señor ¿qué tal? ✓");
    run(2);
    tap_key(w.glfw_window(), XK_Return, 0);
    for (int i = 0; i < 4; ++i) {
      w.wait(0.2);
      run(1);
    }
    const auto* sent = asked.empty() ? nullptr : std::get_if<ui::send_text>(&asked.back());
    check(sent != nullptr && sent->text == "Hola señor ¿qué tal? ✓", "a quick Enter tap through X11 sends the message");

    const float before = w.zoom();
    tap_key(w.glfw_window(), XK_equal, ControlMask);
    for (int i = 0; i < 4; ++i) {
      w.wait(0.2);
      run(1);
    }
    check(w.zoom() > before, "Ctrl+= zooms in (" + std::to_string(before) + " -> " + std::to_string(w.zoom()) + ")");
    check(w.fonts().size_px > ui::base_font_px, "fonts rebuilt after Ctrl+=");
    check(w.take_view_changed(), "the window reports the keyboard zoom");
    tap_key(w.glfw_window(), XK_0, ControlMask);
    for (int i = 0; i < 4; ++i) {
      w.wait(0.2);
      run(1);
    }
    check(w.zoom() == 1.0f, "Ctrl+0 resets the zoom");

    ctrl_wheel_up(w.glfw_window());
    w.wait(0.2);
    run(1);
    check(w.zoom() > 1.0f && w.fonts().size_px == ui::base_font_px,
          "Ctrl+wheel previews the zoom before rebuilding the fonts");
    const auto wheel_start = clock_type::now();
    while (w.fonts().size_px == ui::base_font_px && clock_type::now() - wheel_start < std::chrono::seconds(2)) {
      w.wait(-1);
      run(1);
    }
    const double settle_ms = std::chrono::duration<double, std::milli>(clock_type::now() - wheel_start).count();
    check(w.fonts().size_px > ui::base_font_px,
          "fonts rebuilt crisp once the wheel stopped (" + std::to_string(settle_ms) + " ms)");
    check(ImGui::GetIO().FontGlobalScale == 1.0f, "no stretched glyphs after the rebuild");
    w.set_zoom(1.0f);
    run(1);

    // The join code full screen, closed by a quick Esc tap through X11.
    ui::join_card card;
    card.addresses = {"192.168.1.20"};
    card.port = 5000;
    chat.model.start_hosting(card);
    chat.chat.show_qr_full_screen(0);
    run(3);
    check(chat.chat.qr_full_screen_url() == "http://192.168.1.20:5000/", "the join code is shown full screen");
    tap_key(w.glfw_window(), XK_Escape, 0);
    for (int i = 0; i < 4 && chat.chat.qr_full_screen_url(); ++i) {
      w.wait(0.2);
      run(1);
    }
    check(!chat.chat.qr_full_screen_url(), "a quick Esc tap through X11 closes the full-screen code");
  }
#else
  std::printf("skip real key and wheel events (built without libx11-dev)\n");
#endif

  const app::window_geometry g = w.geometry();
  check(g.width == 1280 && g.height == 800,
        "geometry remembered: " + std::to_string(g.width) + "x" + std::to_string(g.height));

  std::printf("%s\n", failures == 0 ? "window smoke: all good" : "window smoke: FAILED");
  return failures == 0 ? 0 : 1;
}
