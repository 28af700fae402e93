// The message box under the history (docs/IMGUI.md §5): Enter sends,
// Shift+Enter adds a line, focus comes back after sending, a byte counter
// shows near the 8 KiB limit, the box grows to six lines.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <imgui.h>

#include "ui/intent.hpp"
#include "ui/preferences.hpp"

namespace charla::ui {

class composer {
 public:
  static constexpr std::size_t message_limit = 8192;  // bytes of UTF-8, PROTOCOL.md §4
  static constexpr int max_lines = 6;

  // Draws at the cursor, `width` wide. Returns the text to send.
  std::optional<send_text> draw(const preferences& prefs, float width);

  // Height draw() will take with the current text (box and counter).
  float height() const;

  // Put the caret in the box on the next frame.
  void focus() { refocus_ = true; }

  const std::string& text() const { return text_; }
  // Replaces the text, also while the box is being edited (ImGui keeps its
  // own copy of an active input and would write it back).
  void set_text(std::string text);

 private:
  static int on_edit(ImGuiInputTextCallbackData* data);

  std::optional<send_text> take();
  float box_height() const;
  bool near_limit() const;

  std::string text_;
  std::optional<std::string> replacement_;
  bool active_ = false;
  bool refocus_ = true;
};

}  // namespace charla::ui
