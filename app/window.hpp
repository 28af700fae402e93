// The desktop window: GLFW + OpenGL 3.3 core (glad), Dear ImGui on top,
// fonts embedded and rebuilt crisp at every zoom, event-driven redraw.
//
// The main loop the app runs (docs/IMGUI.md §1):
//
//   view.prefs.fonts = &win.fonts();               // rebuilt in place on zoom
//   while (!win.should_close()) {
//       win.wait(ui::next_redraw_in(view));        // sleeps when idle
//       if (drain_network_queue(view)) win.redraw(); // app code
//       if (ui::wants_frames(view)) win.redraw(1);
//       view.prefs.zoom = win.zoom();
//       std::optional<ui::intent> intent;
//       win.frame([&] { intent = ui::draw(view); });
//       win.set_title(ui::window_title(view));
//       if (intent) handle(*intent);                // app code
//   }
//
// Keys the window handles itself, before ImGui: Ctrl+= / Ctrl++ (also the
// Spanish keyboard's + key and the keypad's), Ctrl+- and Ctrl+0 for zoom,
// Ctrl+mouse wheel (previewed, rebuilt when the wheel stops), F11 for full
// screen. Only wake() may be called from another thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>

#include "app/settings.hpp"
#include "ui/font_set.hpp"
#include "ui/theme.hpp"

struct ImDrawData;

struct GLFWwindow;
struct ImGuiContext;

namespace charla::app {

struct window_options {
  std::string title = "charla";
  window_geometry geometry;
  float zoom = 1.0f;
  ui::theme look = ui::theme::light;
  std::string imgui_ini;  // ImGui layout file; empty: none
  bool visible = true;
};

// The sentence for "no usable OpenGL" (window's exception), so main can show
// it where a console is not seen (a message box on Windows).
extern const char* const no_opengl_sentence;

class window {
 public:
  // Opens the window; throws std::runtime_error when GLFW, the OpenGL 3.3
  // context or the ImGui backends cannot start.
  explicit window(const window_options& options);
  ~window();
  window(const window&) = delete;
  window& operator=(const window&) = delete;

  bool should_close() const;
  void request_close();

  // Sleeps until input arrives, wake() is called or timeout_s passes
  // (negative: nothing timed; waits at most 30 s). Does not sleep while
  // frames are owed after an event, but keeps those at most 60 per second.
  void wait(double timeout_s = -1);
  // Ends wait() early. Safe from any thread while the window exists.
  static void wake();
  // Owe `frames` more frames (after network events changed the view).
  void redraw(int frames = 3);
  // True when the next frame() has a reason to be drawn: frames owed (input,
  // network), a button held (a drag), a font rebuild waiting. A wake-up
  // without one (the 30 s safety wait, a window-manager event) draws nothing.
  bool wants_frame() const;

  // One frame: applies a pending font rebuild, starts the ImGui frame,
  // calls draw, renders and presents.
  void frame(const std::function<void()>& draw);

  // Writes the last frame as a PNG. Call after frame().
  bool save_screenshot(const std::string& path);

  float zoom() const { return zoom_; }
  void set_zoom(float zoom);  // clamped to ui::min_zoom..ui::max_zoom; applied next frame
  ui::theme look() const { return look_; }
  void set_theme(ui::theme look);
  bool fullscreen() const;
  void toggle_fullscreen();
  void set_title(const std::string& title);

  // The windowed geometry to remember (the restored one while full screen).
  window_geometry geometry() const;
  // Faces for ui::preferences::fonts; they change after a zoom.
  const ui::font_set& fonts() const { return fonts_; }
  std::uint64_t frames_drawn() const { return frames_drawn_; }
  // True once after the user changed zoom, theme or full screen by keyboard.
  bool take_view_changed();
  // The GLFW window, for platform code and tests (synthetic input).
  GLFWwindow* glfw_window() const { return handle_; }

 private:
  struct callbacks;
  friend struct callbacks;

  void install_callbacks();
  void rebuild_fonts();
  void apply_style();
  void latch_keys();
  void on_key(int key, int scancode, int action, int mods);
  void on_scroll(double dy);
  void remember_geometry();
  void render(ImDrawData* data);  // with the backend in use

  GLFWwindow* handle_ = nullptr;
  bool gl2_ = false;  // no OpenGL 3.3 core here: ImGui's OpenGL2 backend draws
  ImGuiContext* imgui_ = nullptr;
  std::string ini_path_;
  std::string title_;
  ui::font_set fonts_;
  ui::theme look_ = ui::theme::light;

  float zoom_ = 1.0f;         // what the user asked for
  float built_zoom_ = 0.0f;   // what the fonts were built for
  float built_scale_ = 0.0f;  // content scale at the last build
  bool rebuild_ = true;
  std::chrono::steady_clock::time_point wheel_quiet_at_{};  // rebuild once the wheel stops
  bool swallow_wheel_ = false;

  int frames_owed_ = 3;
  std::chrono::steady_clock::time_point last_frame_{};
  std::uint64_t frames_drawn_ = 0;
  bool view_changed_ = false;

  std::unordered_set<int> latched_;       // pressed during the last event batch
  std::unordered_set<int> release_next_;  // held down by the latch for one frame

  window_geometry windowed_;  // last windowed position and size
  std::string clipboard_;     // display form of the clipboard, for ImGui's paste
};

}  // namespace charla::app
