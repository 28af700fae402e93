#include "harness.hpp"

#include <gtest/gtest.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "ui/font_set.hpp"

namespace charla::ui::test {

harness::harness(ImVec2 display, float scale, theme look, language lang) {
  IMGUI_CHECKVERSION();
  ctx_ = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = display;
  io.DeltaTime = 1.0f / 60.0f;
  io.ConfigInputTextCursorBlink = false;

  // The same key numbers as imgui_impl_glfw, so the UI code sees what it sees in the app.
  io.KeyMap[ImGuiKey_Tab] = GLFW_KEY_TAB;
  io.KeyMap[ImGuiKey_LeftArrow] = GLFW_KEY_LEFT;
  io.KeyMap[ImGuiKey_RightArrow] = GLFW_KEY_RIGHT;
  io.KeyMap[ImGuiKey_UpArrow] = GLFW_KEY_UP;
  io.KeyMap[ImGuiKey_DownArrow] = GLFW_KEY_DOWN;
  io.KeyMap[ImGuiKey_PageUp] = GLFW_KEY_PAGE_UP;
  io.KeyMap[ImGuiKey_PageDown] = GLFW_KEY_PAGE_DOWN;
  io.KeyMap[ImGuiKey_Home] = GLFW_KEY_HOME;
  io.KeyMap[ImGuiKey_End] = GLFW_KEY_END;
  io.KeyMap[ImGuiKey_Insert] = GLFW_KEY_INSERT;
  io.KeyMap[ImGuiKey_Delete] = GLFW_KEY_DELETE;
  io.KeyMap[ImGuiKey_Backspace] = GLFW_KEY_BACKSPACE;
  io.KeyMap[ImGuiKey_Space] = GLFW_KEY_SPACE;
  io.KeyMap[ImGuiKey_Enter] = GLFW_KEY_ENTER;
  io.KeyMap[ImGuiKey_Escape] = GLFW_KEY_ESCAPE;
  io.KeyMap[ImGuiKey_KeyPadEnter] = GLFW_KEY_KP_ENTER;
  io.KeyMap[ImGuiKey_A] = GLFW_KEY_A;
  io.KeyMap[ImGuiKey_C] = GLFW_KEY_C;
  io.KeyMap[ImGuiKey_V] = GLFW_KEY_V;
  io.KeyMap[ImGuiKey_X] = GLFW_KEY_X;
  io.KeyMap[ImGuiKey_Y] = GLFW_KEY_Y;
  io.KeyMap[ImGuiKey_Z] = GLFW_KEY_Z;

  prefs_.lang = lang;
  prefs_.look = look;
  prefs_.zoom = scale;
  fonts_ = load_fonts(*io.Fonts, scale);
  prefs_.fonts = &fonts_;
  unsigned char* pixels = nullptr;
  int w = 0;
  int h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);

  ImGuiStyle style;
  apply_theme(look, style);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;

  io.MousePos = ImVec2(-1, -1);
  set_probe_sink(&probes_);
}

harness::~harness() {
  set_probe_sink(nullptr);
  ImGui::DestroyContext(ctx_);
}

void harness::set_ui_returning(std::function<std::optional<intent>()> ui) {
  ui_ = [this, ui = std::move(ui)] {
    if (auto i = ui()) intents_.push_back(std::move(*i));
  };
}

void harness::run_frame(bool log) {
  probes_.clear();
  ImGui::NewFrame();
  if (log) ImGui::LogToClipboard();
  if (ui_) ui_();
  if (log) ImGui::LogFinish();
  ImGui::Render();
}

void harness::step(int frames) {
  for (int i = 0; i < frames; ++i) run_frame(false);
}

bool harness::has(const std::string& name) const {
  return probes_.contains(name);
}

probe_rect harness::rect(const std::string& name) const {
  auto it = probes_.find(name);
  if (it == probes_.end()) {
    ADD_FAILURE() << "no widget probed as \"" << name << "\" in the last frame";
    return {};
  }
  return it->second;
}

void harness::move_to(ImVec2 pos) {
  io().MousePos = pos;
  step();
}

void harness::click(ImVec2 pos, int button) {
  move_to(pos);
  io().MouseDown[button] = true;
  step();
  io().MouseDown[button] = false;
  step();
}

void harness::click(const std::string& probe_name, int button) {
  click(rect(probe_name).center(), button);
}

void harness::type(const std::string& utf8) {
  io().AddInputCharactersUTF8(utf8.c_str());
  step();
}

void harness::press(int key, bool shift, bool ctrl) {
  ImGuiIO& io = this->io();
  io.KeyShift = shift;
  io.KeyCtrl = ctrl;
  io.KeysDown[GLFW_KEY_LEFT_SHIFT] = shift;
  io.KeysDown[GLFW_KEY_LEFT_CONTROL] = ctrl;
  io.KeysDown[key] = true;
  step();
  io.KeysDown[key] = false;
  step();
  io.KeyShift = false;
  io.KeyCtrl = false;
  io.KeysDown[GLFW_KEY_LEFT_SHIFT] = false;
  io.KeysDown[GLFW_KEY_LEFT_CONTROL] = false;
  step();
}

void harness::wheel(float dy) {
  io().MouseWheel = dy;
  step();
}

std::string harness::capture() {
  run_frame(true);
  const char* text = ImGui::GetClipboardText();
  return text != nullptr ? text : "";
}

std::optional<intent> harness::last_intent() const {
  if (intents_.empty()) return std::nullopt;
  return intents_.back();
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace charla::ui::test
