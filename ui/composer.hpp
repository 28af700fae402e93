// The message box under the history (docs/IMGUI.md §5): Enter sends,
// Shift+Enter adds a line, focus comes back after sending, a byte counter
// shows near the host's limit (8 KiB unless its welcome says otherwise), the
// box grows to six lines. The counter and the limit count bytes as the text
// travels (net::text_bytes of the text out of its display form, where an
// emoji takes 4 bytes, not the 3 of its stand-in), so what the composer lets
// through the host takes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <imgui.h>

#include "net/protocol.hpp"
#include "ui/intent.hpp"
#include "ui/preferences.hpp"

namespace charla::ui {

class composer {
 public:
  static constexpr int max_lines = 6;

  // Draws at the cursor, `width` wide. Returns the text to send.
  std::optional<send_text> draw(const preferences& prefs, float width);

  // Height draw() will take with the current text (box and counter).
  float height() const;

  // Put the caret in the box on the next frame.
  void focus() { refocus_ = true; }

  const std::string& text() const { return text_; }
  // The host's limit (connection_status::max_message_bytes).
  void set_limit(std::size_t bytes) { limit_ = bytes; }
  std::size_t limit() const { return limit_; }
  // What the text takes on the wire, measured as the limit is.
  std::size_t wire_bytes() const;
  // Replaces the text, also while the box is being edited (ImGui keeps its
  // own copy of an active input and would write it back).
  void set_text(std::string text);

 private:
  static int on_edit(ImGuiInputTextCallbackData* data);

  std::optional<send_text> take();
  float box_height() const;
  bool near_limit() const;

  std::string text_;
  std::size_t limit_ = net::default_max_text_bytes;
  std::optional<std::string> replacement_;
  bool active_ = false;
  bool refocus_ = true;
};

}  // namespace charla::ui
