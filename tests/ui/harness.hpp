// A headless Dear ImGui context for UI tests (docs/IMGUI.md §7): no window,
// no GPU; fonts built from the embedded faces; synthetic mouse and keyboard
// through io with GLFW's key numbers, as the real backend delivers them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "ui/font_set.hpp"
#include "ui/intent.hpp"
#include "ui/preferences.hpp"
#include "ui/probe.hpp"

namespace charla::ui::test {

class harness {
 public:
  explicit harness(ImVec2 display = ImVec2(1280, 800), float scale = 1.0f, theme look = theme::light,
                   language lang = language::es);
  ~harness();
  harness(const harness&) = delete;
  harness& operator=(const harness&) = delete;

  // What the UI draws every frame.
  void set_ui(std::function<void()> ui) { ui_ = std::move(ui); }
  // Draws a view-like callable returning optional<intent>; intents collected.
  void set_ui_returning(std::function<std::optional<intent>()> ui);

  void step(int frames = 1);

  // Where a probed widget was in the last frame; fails the test if absent.
  probe_rect rect(const std::string& name) const;
  bool has(const std::string& name) const;

  void move_to(ImVec2 pos);
  void click(ImVec2 pos, int button = 0);
  void click(const std::string& probe_name, int button = 0);
  void type(const std::string& utf8);
  // Presses and releases key (a GLFW_KEY_* number), with modifiers held.
  void press(int key, bool shift = false, bool ctrl = false);
  void wheel(float dy);

  // One frame with ImGui's logging on: the text drawn in that frame.
  std::string capture();

  std::vector<intent>& intents() { return intents_; }
  std::optional<intent> last_intent() const;

  preferences& prefs() { return prefs_; }
  ImGuiIO& io() { return ImGui::GetIO(); }

 private:
  void run_frame(bool log);

  ImGuiContext* ctx_ = nullptr;
  font_set fonts_;
  preferences prefs_;
  probe_sink probes_;
  std::function<void()> ui_;
  std::vector<intent> intents_;
};

// True when needle occurs in haystack.
bool contains(const std::string& haystack, const std::string& needle);

}  // namespace charla::ui::test
