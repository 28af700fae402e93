// The scrolling history: variable-height wrapped rows, only the visible
// ones drawn (heights cached in history_layout), stuck to the bottom while
// the reader is there, a "↓ N new messages" button when not, right-click to
// copy. See docs/IMGUI.md §2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <imgui.h>

#include "ui/chat_model.hpp"
#include "ui/history_layout.hpp"
#include "ui/preferences.hpp"

namespace charla::ui {

class history_view {
 public:
  // Draws into a child window of the given size (0 = fill). Returns true
  // when the reader left-clicked the history (the composer takes focus back).
  bool draw(chat_model& model, const preferences& prefs, const ImVec2& size);

  // Scroll to the newest message on the next frame (after sending).
  void scroll_to_bottom() { stick_ = true; }

  bool at_bottom() const { return at_bottom_; }
  // True while heights are still being measured after a resize or zoom.
  bool busy() const { return layout_.inexact() > 0; }

  // For tests and profiling.
  std::size_t drawn_rows() const { return drawn_rows_; }
  std::size_t first_drawn_row() const { return first_drawn_; }
  history_layout& layout() { return layout_; }

 private:
  struct metrics {
    float width, em, line_h, pad, inner, gap, small_pad, accent, wrap;
  };
  metrics measure_metrics(float width) const;
  float exact_height(const message& m, const metrics& mx, language lang) const;
  float estimate_height(const message& m, const metrics& mx) const;
  void sync_layout(chat_model& model, const metrics& mx, language lang);
  void draw_row(const message& m, std::size_t index, float y, const metrics& mx, const preferences& prefs);
  void update_base(double span_limit);

  history_layout layout_;
  bool at_bottom_ = true;
  bool stick_ = true;
  float last_target_ = 0;     // scroll position this view asked for last frame
  std::size_t base_row_ = 0;  // first row shown; older ones hidden past the float range
  std::size_t drawn_rows_ = 0;
  std::size_t first_drawn_ = 0;
  std::string menu_text_;  // the row the context menu was opened on
  std::string menu_full_;
};

}  // namespace charla::ui
