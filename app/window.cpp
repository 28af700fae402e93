#include "app/window.hpp"

// glad before GLFW: it provides the GL declarations GLFW would otherwise pull in.
#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl2.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include "app/platform/platform.hpp"
#include "charla/assets/assets.hpp"
#include "ui/emoji.hpp"
#include "ui/zoom.hpp"

// Sections: callbacks · life cycle · waiting and frames · keys and zoom ·
// fonts and style · window state · screenshot.

namespace charla::app {

namespace {

using clock = std::chrono::steady_clock;

constexpr auto frame_interval = std::chrono::microseconds(16'667);  // 60 fps cap
constexpr auto wheel_settle = std::chrono::milliseconds(300);

void report_glfw_error(int code, const char* description) {
  std::fprintf(stderr, "charla: GLFW error %d: %s\n", code, description);
}

bool position_visible(int x, int y, int w) {
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  for (int i = 0; i < count; ++i) {
    int mx = 0;
    int my = 0;
    int mw = 0;
    int mh = 0;
    glfwGetMonitorWorkarea(monitors[i], &mx, &my, &mw, &mh);
    // The title bar area must be reachable: some 100x40 px of the top on a monitor.
    const int left = std::max(x, mx);
    const int right = std::min(x + w, mx + mw);
    if (right - left >= 100 && y >= my && y + 40 <= my + mh) return true;
  }
  return false;
}

// The icon the window manager shows in the title bar and task switcher, at
// the sizes embedded from assets/. A PNG that does not decode is skipped.
void set_icon(GLFWwindow* win) {
  std::vector<GLFWimage> images;
  std::vector<unsigned char*> pixels;
  for (const assets::blob& png : {assets::icon_32(), assets::icon_48(), assets::icon_128()}) {
    int w = 0;
    int h = 0;
    int channels = 0;
    unsigned char* rgba =
        png.size == 0 ? nullptr : stbi_load_from_memory(png.data, static_cast<int>(png.size), &w, &h, &channels, 4);
    if (rgba == nullptr) continue;
    pixels.push_back(rgba);
    images.push_back(GLFWimage{w, h, rgba});
  }
  if (!images.empty()) glfwSetWindowIcon(win, static_cast<int>(images.size()), images.data());
  for (unsigned char* p : pixels) stbi_image_free(p);
}

GLFWmonitor* monitor_under(GLFWwindow* win) {
  int x = 0;
  int y = 0;
  int w = 0;
  int h = 0;
  glfwGetWindowPos(win, &x, &y);
  glfwGetWindowSize(win, &w, &h);
  const int cx = x + w / 2;
  const int cy = y + h / 2;
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  for (int i = 0; i < count; ++i) {
    int mx = 0;
    int my = 0;
    glfwGetMonitorPos(monitors[i], &mx, &my);
    const GLFWvidmode* mode = glfwGetVideoMode(monitors[i]);
    if (mode != nullptr && cx >= mx && cx < mx + mode->width && cy >= my && cy < my + mode->height) {
      return monitors[i];
    }
  }
  return glfwGetPrimaryMonitor();
}

}  // namespace

// ---- callbacks -------------------------------------------------------------
// Installed before ImGui_ImplGlfw_InitForOpenGL, which chains to them, so
// every event also owes frames (docs/IMGUI.md §1.1).

struct window::callbacks {
  static window& self(GLFWwindow* w) { return *static_cast<window*>(glfwGetWindowUserPointer(w)); }

  static void key(GLFWwindow* w, int key, int scancode, int action, int mods) {
    self(w).on_key(key, scancode, action, mods);
  }
  static void character(GLFWwindow* w, unsigned int) { self(w).redraw(); }
  // Replaces the backend's own, after its init: an emoji typed becomes its
  // display stand-in (ui/emoji.hpp) instead of ImGui's U+FFFD.
  static void typed(GLFWwindow* w, unsigned int c) {
    ImGui::GetIO().AddInputCharacter(ui::to_display(static_cast<char32_t>(c)));
    self(w).redraw();
  }
  // The clipboard holds real text; the ui holds the display form.
  static const char* clipboard_get(void* user) {
    auto& win = *static_cast<window*>(user);
    const char* text = glfwGetClipboardString(win.handle_);
    win.clipboard_ = ui::to_display(text != nullptr ? text : "");
    return win.clipboard_.c_str();
  }
  static void clipboard_set(void* user, const char* text) {
    glfwSetClipboardString(static_cast<window*>(user)->handle_, ui::from_display(text).c_str());
  }
  static void mouse_button(GLFWwindow* w, int, int, int) { self(w).redraw(); }
  static void scroll(GLFWwindow* w, double, double dy) { self(w).on_scroll(dy); }
  static void cursor_pos(GLFWwindow* w, double, double) { self(w).redraw(); }
  static void cursor_enter(GLFWwindow* w, int) { self(w).redraw(); }
  static void focus(GLFWwindow* w, int) { self(w).redraw(); }
  static void refresh(GLFWwindow* w) { self(w).redraw(); }
  static void iconify(GLFWwindow* w, int) { self(w).redraw(); }
  static void maximize(GLFWwindow* w, int) { self(w).redraw(); }
  static void moved(GLFWwindow* w, int, int) {
    self(w).remember_geometry();
    self(w).redraw();
  }
  static void resized(GLFWwindow* w, int, int) {
    self(w).remember_geometry();
    self(w).redraw();
  }
  static void content_scale(GLFWwindow* w, float, float) {
    self(w).rebuild_ = true;
    self(w).redraw();
  }
};

void window::install_callbacks() {
  glfwSetWindowUserPointer(handle_, this);
  glfwSetKeyCallback(handle_, callbacks::key);
  glfwSetCharCallback(handle_, callbacks::character);
  glfwSetMouseButtonCallback(handle_, callbacks::mouse_button);
  glfwSetScrollCallback(handle_, callbacks::scroll);
  glfwSetCursorPosCallback(handle_, callbacks::cursor_pos);
  glfwSetCursorEnterCallback(handle_, callbacks::cursor_enter);
  glfwSetWindowFocusCallback(handle_, callbacks::focus);
  glfwSetWindowRefreshCallback(handle_, callbacks::refresh);
  glfwSetWindowIconifyCallback(handle_, callbacks::iconify);
  glfwSetWindowMaximizeCallback(handle_, callbacks::maximize);
  glfwSetWindowPosCallback(handle_, callbacks::moved);
  glfwSetWindowSizeCallback(handle_, callbacks::resized);
  glfwSetWindowContentScaleCallback(handle_, callbacks::content_scale);
}

// ---- life cycle ------------------------------------------------------------

const char* const no_opengl_sentence =
    "this computer's graphics driver offers no OpenGL 2.1 or 3.3; install or update the graphics driver "
    "(from the maker of the graphics card), or use charla --headless";

void window::render(ImDrawData* data) {
  if (gl2_)
    ImGui_ImplOpenGL2_RenderDrawData(data);
  else
    ImGui_ImplOpenGL3_RenderDrawData(data);
}

window::window(const window_options& options)
    : ini_path_(options.imgui_ini),
      title_(options.title),
      look_(options.look),
      zoom_(ui::clamp_zoom(options.zoom)),
      windowed_(options.geometry) {
  glfwSetErrorCallback(report_glfw_error);
  if (glfwInit() == GLFW_FALSE)
    throw std::runtime_error("cannot start GLFW (is there a display? DISPLAY is unset or wrong)");

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  glfwWindowHint(GLFW_MAXIMIZED, options.geometry.maximized ? GLFW_TRUE : GLFW_FALSE);
  const int width = std::max(options.geometry.width, 320);
  const int height = std::max(options.geometry.height, 240);
  handle_ = glfwCreateWindow(width, height, title_.c_str(), nullptr, nullptr);
  if (handle_ == nullptr) {
    // An old or basic driver (a virtual machine, remote desktop) may have no
    // 3.3 core context but a 2.1 one: ImGui's OpenGL2 backend draws there.
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 2);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 1);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_ANY_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_FALSE);
    handle_ = glfwCreateWindow(width, height, title_.c_str(), nullptr, nullptr);
    gl2_ = handle_ != nullptr;
  }
  if (handle_ == nullptr) {
    glfwTerminate();
    throw std::runtime_error(no_opengl_sentence);
  }

  try {
    const window_geometry& g = options.geometry;
    if (g.has_position && position_visible(g.x, g.y, width)) glfwSetWindowPos(handle_, g.x, g.y);
    set_icon(handle_);
    glfwMakeContextCurrent(handle_);
    glfwSwapInterval(1);
    if (gladLoadGL(glfwGetProcAddress) == 0) throw std::runtime_error(no_opengl_sentence);

    install_callbacks();
    IMGUI_CHECKVERSION();
    imgui_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    if (!ini_path_.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(platform::from_utf8(ini_path_).parent_path(), ec);
    }
    io.IniFilename = ini_path_.empty() ? nullptr : ini_path_.c_str();
    io.LogFilename = nullptr;               // nothing is ever written to the current directory
    io.ConfigInputTextCursorBlink = false;  // a blinking caret would need frames while idle
    if (!ImGui_ImplGlfw_InitForOpenGL(handle_, true)) throw std::runtime_error("cannot start ImGui's GLFW backend");
    glfwSetCharCallback(handle_, callbacks::typed);
    io.GetClipboardTextFn = callbacks::clipboard_get;
    io.SetClipboardTextFn = callbacks::clipboard_set;
    io.ClipboardUserData = this;
    if (gl2_ ? !ImGui_ImplOpenGL2_Init() : !ImGui_ImplOpenGL3_Init("#version 330 core")) {
      ImGui_ImplGlfw_Shutdown();
      throw std::runtime_error("cannot start ImGui's OpenGL backend");
    }
    rebuild_fonts();
    if (gl2_)
      ImGui_ImplOpenGL2_CreateDeviceObjects();  // font texture, once
    else
      ImGui_ImplOpenGL3_CreateDeviceObjects();  // shader and font texture, once
    remember_geometry();
    if (options.visible) glfwShowWindow(handle_);
  } catch (...) {
    if (imgui_ != nullptr) ImGui::DestroyContext(imgui_);
    glfwDestroyWindow(handle_);
    glfwTerminate();
    throw;
  }
}

window::~window() {
  if (gl2_)
    ImGui_ImplOpenGL2_Shutdown();
  else
    ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext(imgui_);  // writes the layout file
  glfwDestroyWindow(handle_);
  glfwTerminate();
}

bool window::should_close() const {
  return glfwWindowShouldClose(handle_) != 0;
}

void window::request_close() {
  glfwSetWindowShouldClose(handle_, GLFW_TRUE);
}

// ---- waiting and frames ----------------------------------------------------

void window::wake() {
  glfwPostEmptyEvent();
}

void window::redraw(int frames) {
  frames_owed_ = std::max(frames_owed_, frames);
}

bool window::wants_frame() const {
  if (frames_owed_ > 0 || rebuild_) return true;
  return glfwGetMouseButton(handle_, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS ||
         glfwGetMouseButton(handle_, GLFW_MOUSE_BUTTON_RIGHT) == GLFW_PRESS;
}

void window::wait(double timeout_s) {
  if (glfwGetWindowAttrib(handle_, GLFW_ICONIFIED) != 0) {
    glfwWaitEvents();  // nothing to draw; wake() still ends it
    return;
  }
  const bool held = glfwGetMouseButton(handle_, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS ||
                    glfwGetMouseButton(handle_, GLFW_MOUSE_BUTTON_RIGHT) == GLFW_PRESS;
  if (frames_owed_ > 0 || held) {
    // Frames are owed: take events until the next 60 fps slot, then draw.
    const auto next = last_frame_ + frame_interval;
    for (auto now = clock::now(); now < next; now = clock::now()) {
      glfwWaitEventsTimeout(std::chrono::duration<double>(next - now).count());
    }
    glfwPollEvents();
    return;
  }
  // Nothing timed: sleep until an event or wake(), with a 30 s safety net.
  double t = timeout_s < 0 ? 30.0 : std::clamp(timeout_s, 0.05, 30.0);  // GLFW rejects t <= 0
  if (rebuild_ && wheel_quiet_at_ != clock::time_point{}) {
    t = std::clamp(std::chrono::duration<double>(wheel_quiet_at_ - clock::now()).count(), 0.01, t);
  }
  glfwWaitEventsTimeout(t);
}

void window::frame(const std::function<void()>& draw) {
  const auto now = clock::now();
  // Never between NewFrame and Render (docs/IMGUI.md §4.3).
  if (rebuild_ && (wheel_quiet_at_ == clock::time_point{} || now >= wheel_quiet_at_)) rebuild_fonts();

  if (gl2_)
    ImGui_ImplOpenGL2_NewFrame();
  else
    ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  latch_keys();
  ImGuiIO& io = ImGui::GetIO();
  if (swallow_wheel_) {  // Ctrl+wheel zoomed; it must not also scroll
    io.MouseWheel = 0;
    io.MouseWheelH = 0;
    swallow_wheel_ = false;
  }
  ImGui::NewFrame();
  draw();
  ImGui::Render();

  int fb_w = 0;
  int fb_h = 0;
  glfwGetFramebufferSize(handle_, &fb_w, &fb_h);
  if (fb_w > 0 && fb_h > 0) {
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    render(ImGui::GetDrawData());
    glfwSwapBuffers(handle_);
  }
  frames_owed_ = std::max(frames_owed_ - 1, 0);
  last_frame_ = now;
  ++frames_drawn_;
}

// ---- keys and zoom ---------------------------------------------------------

void window::on_key(int key, int scancode, int action, int mods) {
  redraw();
  if (action == GLFW_PRESS && key >= 0) latched_.insert(key);
  if (action == GLFW_RELEASE) return;

  if (key == GLFW_KEY_F11 && action == GLFW_PRESS) {
    toggle_fullscreen();
    view_changed_ = true;
    return;
  }
  if ((mods & GLFW_MOD_CONTROL) == 0) return;
  // 1.86 matches keys by US position (docs/IMGUI.md §8): accept the US keys,
  // the keypad, and whatever the layout prints as + - 0 (Spanish "+" is
  // the US "]" key).
  const char* printed = glfwGetKeyName(key, scancode);
  const std::string_view name = printed != nullptr ? printed : "";
  if (key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD || key == GLFW_KEY_RIGHT_BRACKET || name == "+" || name == "=") {
    set_zoom(ui::zoom_step_in(zoom_));
    view_changed_ = true;
  } else if (key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT || name == "-") {
    set_zoom(ui::zoom_step_out(zoom_));
    view_changed_ = true;
  } else if (key == GLFW_KEY_0 || key == GLFW_KEY_KP_0 || name == "0") {
    set_zoom(1.0f);
    view_changed_ = true;
  }
}

void window::on_scroll(double dy) {
  redraw();
  const bool ctrl = glfwGetKey(handle_, GLFW_KEY_LEFT_CONTROL) == GLFW_PRESS ||
                    glfwGetKey(handle_, GLFW_KEY_RIGHT_CONTROL) == GLFW_PRESS;
  if (!ctrl || dy == 0) return;
  zoom_ = dy > 0 ? ui::zoom_step_in(zoom_) : ui::zoom_step_out(zoom_);
  // Preview by stretching the current atlas; rebuild crisp once the wheel stops.
  ImGui::GetIO().FontGlobalScale = built_zoom_ > 0 ? zoom_ / built_zoom_ : 1.0f;
  rebuild_ = true;
  wheel_quiet_at_ = clock::now() + wheel_settle;
  swallow_wheel_ = true;
  view_changed_ = true;
}

// The 1.86 backend writes io.KeysDown from callbacks, so a key pressed and
// released within one event batch would never be seen (docs/IMGUI.md §1.7).
// Keys pressed in the batch are held down for one frame.
void window::latch_keys() {
  ImGuiIO& io = ImGui::GetIO();
  constexpr int key_count = static_cast<int>(sizeof(io.KeysDown) / sizeof(io.KeysDown[0]));
  for (int key : release_next_) {
    if (key < key_count && glfwGetKey(handle_, key) != GLFW_PRESS) io.KeysDown[key] = false;
  }
  release_next_.clear();
  for (int key : latched_) {
    if (key < key_count && !io.KeysDown[key]) {
      io.KeysDown[key] = true;
      release_next_.insert(key);
    }
  }
  latched_.clear();
  io.KeyCtrl = io.KeysDown[GLFW_KEY_LEFT_CONTROL] || io.KeysDown[GLFW_KEY_RIGHT_CONTROL];
  io.KeyShift = io.KeysDown[GLFW_KEY_LEFT_SHIFT] || io.KeysDown[GLFW_KEY_RIGHT_SHIFT];
  io.KeyAlt = io.KeysDown[GLFW_KEY_LEFT_ALT] || io.KeysDown[GLFW_KEY_RIGHT_ALT];
  io.KeySuper = io.KeysDown[GLFW_KEY_LEFT_SUPER] || io.KeysDown[GLFW_KEY_RIGHT_SUPER];
  if (!release_next_.empty()) redraw();
}

void window::set_zoom(float zoom) {
  zoom = ui::clamp_zoom(zoom);
  if (zoom == zoom_ && zoom == built_zoom_) return;
  zoom_ = zoom;
  rebuild_ = true;
  wheel_quiet_at_ = {};
  redraw();
}

bool window::take_view_changed() {
  return std::exchange(view_changed_, false);
}

// ---- fonts and style -------------------------------------------------------

// The single rebuild path (Tracy's habit): fonts at the new pixel size, the
// texture re-uploaded, the style scaled from a clean copy.
void window::rebuild_fonts() {
  float xs = 1.0f;
  float ys = 1.0f;
  glfwGetWindowContentScale(handle_, &xs, &ys);
  const float content = xs > 0 ? xs : 1.0f;
  const float scale = content * zoom_;
  ImGuiIO& io = ImGui::GetIO();
  fonts_ = ui::load_fonts(*io.Fonts, scale);
  if (built_scale_ > 0) {  // the first build is uploaded by CreateDeviceObjects
    if (gl2_) {
      ImGui_ImplOpenGL2_DestroyFontsTexture();
      ImGui_ImplOpenGL2_CreateFontsTexture();
    } else {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
  }
  io.FontGlobalScale = 1.0f;
  built_zoom_ = zoom_;
  built_scale_ = scale;
  rebuild_ = false;
  wheel_quiet_at_ = {};
  apply_style();
  redraw();
}

void window::apply_style() {
  ImGuiStyle style;
  ui::apply_theme(look_, style);
  style.ScaleAllSizes(built_scale_ > 0 ? built_scale_ : 1.0f);  // floors fields: always from a clean copy
  ImGui::GetStyle() = style;
}

void window::set_theme(ui::theme look) {
  look_ = look;
  apply_style();
  redraw();
}

// ---- window state ----------------------------------------------------------

bool window::fullscreen() const {
  return glfwGetWindowMonitor(handle_) != nullptr;
}

void window::toggle_fullscreen() {
  if (fullscreen()) {
    glfwSetWindowMonitor(handle_, nullptr, windowed_.x, windowed_.y, windowed_.width, windowed_.height, 0);
  } else {
    remember_geometry();
    GLFWmonitor* monitor = monitor_under(handle_);
    const GLFWvidmode* mode = monitor != nullptr ? glfwGetVideoMode(monitor) : nullptr;
    if (mode == nullptr) return;
    glfwSetWindowMonitor(handle_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  }
  redraw();
}

void window::remember_geometry() {
  if (fullscreen() || glfwGetWindowAttrib(handle_, GLFW_MAXIMIZED) != 0 ||
      glfwGetWindowAttrib(handle_, GLFW_ICONIFIED) != 0) {
    return;
  }
  glfwGetWindowPos(handle_, &windowed_.x, &windowed_.y);
  glfwGetWindowSize(handle_, &windowed_.width, &windowed_.height);
  windowed_.has_position = true;
}

window_geometry window::geometry() const {
  window_geometry g = windowed_;
  g.maximized = !fullscreen() && glfwGetWindowAttrib(handle_, GLFW_MAXIMIZED) != 0;
  return g;
}

void window::set_title(const std::string& title) {
  if (title == title_) return;
  title_ = title;
  glfwSetWindowTitle(handle_, title_.c_str());
}

// ---- screenshot ------------------------------------------------------------

bool window::save_screenshot(const std::string& path) {
  ImDrawData* data = ImGui::GetDrawData();
  int w = 0;
  int h = 0;
  glfwGetFramebufferSize(handle_, &w, &h);
  if (data == nullptr || !data->Valid || w <= 0 || h <= 0) return false;

  // The presented image is gone after the swap; draw the same frame again
  // into the back buffer and read it there.
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glViewport(0, 0, w, h);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  render(data);
  glFinish();

  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  stbi_flip_vertically_on_write(1);  // GL rows start at the bottom
  const int ok = stbi_write_png(path.c_str(), w, h, 3, pixels.data(), w * 3);
  stbi_flip_vertically_on_write(0);
  return ok != 0;
}

}  // namespace charla::app
