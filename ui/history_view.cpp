#include "ui/history_view.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "ui/probe.hpp"
#include "ui/text_util.hpp"
#include "ui/widgets.hpp"

// Sections: row texts · metrics and heights · layout sync · rows · frame.

namespace charla::ui {

namespace {

// Past this many pixels float positions lose precision (docs/IMGUI.md §2.6):
// show only the newest rows, keeping about span_keep pixels.
constexpr double span_limit = 8.0e6;
constexpr double span_keep = 6.0e6;
// Time per frame spent measuring rows off screen after a resize or zoom.
constexpr auto measure_budget = std::chrono::microseconds(4000);
constexpr std::size_t measure_chunk = 256;

// ---- row texts -------------------------------------------------------------

text_id leave_text(const std::string& reason) {
  if (reason == "timeout") return text_id::left_timeout;
  if (reason == "kicked") return text_id::left_kicked;
  if (reason == "slow") return text_id::left_slow;
  return text_id::left_closed;
}

std::string note_text(const message& m, language lang) {
  switch (m.note) {
    case system_note::joined_room:
      return m.text.empty() ? std::string(tr(lang, text_id::st_connected))
                            : format(tr(lang, text_id::note_joined_room), m.text.c_str());
    case system_note::connection_lost:
      return tr(lang, text_id::note_connection_lost);
    case system_note::reconnected:
      return tr(lang, text_id::note_reconnected);
    case system_note::history_gap:
      return tr(lang, text_id::note_history_gap);
    case system_note::kicked:
      return m.text.empty() ? std::string(tr(lang, text_id::note_kicked))
                            : format(tr(lang, text_id::note_kicked_reason), m.text.c_str());
    case system_note::error:
      return format(tr(lang, text_id::note_error), m.text.c_str());
    case system_note::room_created:
      return tr(lang, text_id::note_room_created);
    case system_note::not_sent:
      if (m.text == "muted") return tr(lang, text_id::note_not_sent_muted);
      if (m.text == "too_large") return tr(lang, text_id::note_not_sent_too_large);
      return format(tr(lang, text_id::note_not_sent_other), m.text.c_str());
    case system_note::none:
      break;
  }
  return m.text;
}

// The single line of a presence or system row: "10:42  → Bo joined".
std::string event_line(const message& m, language lang) {
  std::string out = format_clock(m.ts_ms) + "  ";
  switch (m.kind) {
    case message_kind::join:
      out += "→ " + format(tr(lang, m.legacy ? text_id::joined_legacy : text_id::joined), m.author.c_str());
      break;
    case message_kind::leave:
      out += "← " + format(tr(lang, leave_text(m.text)), m.author.c_str());
      break;
    case message_kind::system:
      out += "● " + note_text(m, lang);
      break;
    case message_kind::message:
    case message_kind::unread_marker:
      break;
  }
  return out;
}

std::string copy_line(const message& m, language lang) {
  if (m.kind == message_kind::message) return "[" + format_clock(m.ts_ms) + "] " + m.author + ": " + m.text;
  return event_line(m, lang);
}

}  // namespace

// ---- metrics and heights ---------------------------------------------------

history_view::metrics history_view::measure_metrics(float width) const {
  metrics mx{};
  mx.width = width;
  mx.em = ImGui::GetFontSize();
  mx.line_h = ImGui::GetTextLineHeight();
  mx.pad = std::round(0.3f * mx.em);
  mx.inner = std::round(0.1f * mx.em);
  mx.gap = std::round(0.3f * mx.em);
  mx.small_pad = std::round(0.15f * mx.em);
  mx.accent = std::max(3.0f, std::round(0.2f * mx.em));
  mx.wrap = std::max(width - mx.accent - 2 * std::round(0.6f * mx.em), 4 * mx.em);
  return mx;
}

float history_view::exact_height(const message& m, const metrics& mx, language lang) const {
  switch (m.kind) {
    case message_kind::message: {
      const float text_h = ImGui::CalcTextSize(m.text.data(), m.text.data() + m.text.size(), false, mx.wrap).y;
      return mx.pad + mx.line_h + mx.inner + text_h + mx.pad + mx.gap;
    }
    case message_kind::unread_marker:
      return mx.small_pad + mx.line_h + mx.small_pad + mx.gap;
    case message_kind::join:
    case message_kind::leave:
    case message_kind::system: {
      const std::string line = event_line(m, lang);
      const float text_h = ImGui::CalcTextSize(line.data(), line.data() + line.size(), false, mx.wrap).y;
      return mx.small_pad + text_h + mx.small_pad + mx.gap;
    }
  }
  return mx.line_h;
}

float history_view::estimate_height(const message& m, const metrics& mx) const {
  if (m.kind != message_kind::message) return mx.small_pad * 2 + mx.line_h + mx.gap;
  const float per_line = std::max(1.0f, std::floor(mx.wrap / (0.55f * mx.em)));
  float lines = 1;
  std::size_t run = 0;
  for (char c : m.text) {
    if (c == '\n') {
      lines += std::floor(static_cast<float>(run) / per_line) + 1;
      run = 0;
    } else {
      ++run;
    }
  }
  lines += std::floor(static_cast<float>(run) / per_line);
  return mx.pad + mx.line_h + mx.inner + lines * mx.line_h + mx.pad + mx.gap;
}

// ---- frame -----------------------------------------------------------------

void history_view::update_base(double limit) {
  const double total = layout_.total();
  if (total - layout_.offset(base_row_) <= limit) {
    if (base_row_ > 0 && total < span_keep) base_row_ = 0;
    return;
  }
  base_row_ = layout_.row_at(total - span_keep) + 1;
  base_row_ = std::min(base_row_, layout_.size());
}

void history_view::draw_row(const message& m, std::size_t index, float y, const metrics& mx, const preferences& prefs) {
  const palette& colors = palette_for(prefs.look);
  const language lang = prefs.lang;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float width = mx.width;
  const float row_h = layout_.height(index) - mx.gap;
  const float text_x = mx.accent + std::round(0.6f * mx.em);

  ImGui::SetCursorPos(ImVec2(0, y));
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 p1(p0.x + width, p0.y + row_h);

  if (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(p0, p1) && ImGui::IsMouseClicked(ImGuiMouseButton_Right) &&
      m.kind != message_kind::unread_marker) {
    menu_text_ = m.kind == message_kind::message ? m.text : event_line(m, lang);
    menu_full_ = copy_line(m, lang);
    ImGui::OpenPopup("##row_menu");
  }

  switch (m.kind) {
    case message_kind::message: {
      const ImU32 name_color = author_color(m.author, prefs.look);
      if (m.own) dl->AddRectFilled(p0, p1, colors.own_bg, 0.3f * mx.em);
      dl->AddRectFilled(p0, ImVec2(p0.x + mx.accent, p1.y), m.own ? colors.own_accent : name_color);

      ImGui::SetCursorPos(ImVec2(text_x, y + mx.pad));
      text_in(prefs.bold(), m.author.c_str(), name_color);
      ImGui::SameLine();
      const std::string clock = format_clock(m.ts_ms);
      text_in(nullptr, clock.c_str(), colors.text_dim);
      if (m.pending) {
        ImGui::SameLine();
        text_in(nullptr, tr(lang, text_id::sending), colors.pending);
      } else if (m.failed) {
        ImGui::SameLine();
        text_in(nullptr, tr(lang, text_id::not_sent), colors.error);
      } else if (m.own) {
        ImGui::SameLine();
        text_in(nullptr, "✓", colors.text_dim);
      }

      ImGui::SetCursorPos(ImVec2(text_x, y + mx.pad + mx.line_h + mx.inner));
      ImGui::PushTextWrapPos(text_x + mx.wrap);
      ImGui::TextUnformatted(m.text.data(), m.text.data() + m.text.size());
      ImGui::PopTextWrapPos();
      break;
    }
    case message_kind::unread_marker: {
      const char* label = tr(lang, text_id::unread_marker);
      const float label_w = ImGui::CalcTextSize(label).x;
      const float mid_y = std::round(p0.y + mx.small_pad + mx.line_h * 0.5f);
      const float label_x = std::round(p0.x + (width - label_w) * 0.5f);
      const float thick = std::max(2.0f, std::round(0.1f * mx.em));
      dl->AddLine(ImVec2(p0.x, mid_y), ImVec2(label_x - mx.em * 0.5f, mid_y), colors.marker, thick);
      dl->AddLine(ImVec2(label_x + label_w + mx.em * 0.5f, mid_y), ImVec2(p1.x, mid_y), colors.marker, thick);
      ImGui::SetCursorPos(ImVec2(label_x - p0.x, y + mx.small_pad));
      text_in(prefs.bold(), label, colors.marker);
      break;
    }
    case message_kind::join:
    case message_kind::leave:
    case message_kind::system: {
      const std::string line = event_line(m, lang);
      ImGui::SetCursorPos(ImVec2(text_x, y + mx.small_pad));
      ImGui::PushTextWrapPos(text_x + mx.wrap);
      ImGui::PushStyleColor(ImGuiCol_Text, m.kind == message_kind::system &&
                                                   (m.note == system_note::kicked || m.note == system_note::not_sent)
                                               ? colors.error
                                               : colors.text_dim);
      ImGui::TextUnformatted(line.data(), line.data() + line.size());
      ImGui::PopStyleColor();
      ImGui::PopTextWrapPos();
      break;
    }
  }
}

bool history_view::draw(chat_model& model, const preferences& prefs, const ImVec2& size) {
  const palette& colors = palette_for(prefs.look);
  const language lang = prefs.lang;
  bool clicked = false;

  ImGui::BeginChild("##history", size, false, ImGuiWindowFlags_AlwaysVerticalScrollbar);
  probe("history");
  const metrics mx = measure_metrics(ImGui::GetContentRegionAvail().x);
  const float view_h = ImGui::GetWindowHeight();
  const float scroll_y = ImGui::GetScrollY();
  // Following the bottom: asked to, or was there and the reader did not
  // scroll away since (the scroll is where this view put it), or is there.
  const bool follow =
      stick_ || (at_bottom_ && std::fabs(scroll_y - last_target_) < 1.0f) || scroll_y >= ImGui::GetScrollMaxY() - 1.0f;
  stick_ = false;

  // Where the reader is, in the layout as it was (before this frame's changes).
  const float banner_h = mx.line_h + mx.gap;
  const float old_top = base_row_ > 0 ? banner_h : 0.0f;
  std::size_t anchor = 0;
  double anchor_delta = 0;
  const bool anchored = !follow && layout_.size() > 0;
  if (anchored) {
    const double y_abs = scroll_y - old_top + layout_.offset(base_row_);
    anchor = layout_.row_at(y_abs);
    anchor_delta = y_abs - layout_.offset(anchor);
  }

  // Bring the layout in line with the model and the current width/font.
  const std::vector<message>& rows = model.rows();
  const auto changes = model.take_changes();
  const layout_key key{mx.wrap, ImGui::GetFont(), mx.em, mx.gap, static_cast<int>(lang)};
  layout_.set_key(key);
  auto exact = [&](std::size_t i) { return exact_height(rows[i], mx, lang); };
  auto estimate = [&](std::size_t i) { return estimate_height(rows[i], mx); };
  layout_.sync(changes.dropped_front, changes.first_dirty, rows.size(), exact, estimate);
  if (changes.dropped_front > 0) {
    base_row_ = base_row_ > changes.dropped_front ? base_row_ - changes.dropped_front : 0;
    if (anchored) {
      anchor_delta = anchor >= changes.dropped_front ? anchor_delta : 0;
      anchor = anchor >= changes.dropped_front ? anchor - changes.dropped_front : 0;
    }
  }
  anchor = std::min(anchor, rows.empty() ? 0 : rows.size() - 1);

  // Off-screen rows, newest first, within a time budget.
  if (layout_.inexact() > 0) {
    const auto start = std::chrono::steady_clock::now();
    while (layout_.inexact() > 0 && std::chrono::steady_clock::now() - start < measure_budget) {
      layout_.measure_some(measure_chunk, exact);
    }
  }

  // Exact heights for what will be on screen, then the scroll position.
  const std::size_t n = rows.size();
  double target_abs = 0;  // top of the view, in layout coordinates
  if (!anchored) {
    double covered = 0;
    for (std::size_t i = n; i > 0 && covered < view_h;) {
      --i;
      layout_.measure(i, i + 1, exact);
      covered += layout_.height(i);
    }
  } else {
    layout_.measure(anchor, anchor + 1, exact);
    for (std::size_t i = anchor; i < n && layout_.offset(i) < layout_.offset(anchor) + anchor_delta + view_h; ++i) {
      layout_.measure(i, i + 1, exact);
    }
    target_abs = layout_.offset(anchor) + anchor_delta;
  }
  update_base(span_limit);
  const double base_off = layout_.offset(base_row_);
  const float top = base_row_ > 0 ? banner_h : 0.0f;
  const float content_h = static_cast<float>(layout_.total() - base_off) + top;
  float target = anchored ? static_cast<float>(target_abs - base_off) + top : content_h - view_h;
  target = std::clamp(target, 0.0f, std::max(content_h - view_h, 0.0f));
  if (std::fabs(target - scroll_y) > 0.5f) ImGui::SetScrollY(target);
  last_target_ = target;
  // Draw as the next frame will show it, so nothing jumps in between.
  const float shift = target - scroll_y;
  at_bottom_ = target >= content_h - view_h - 1.0f;
  if (at_bottom_) model.mark_read();

  if (top > 0) {
    ImGui::SetCursorPos(ImVec2(std::round(0.6f * mx.em), -shift));
    const std::string hidden = format(tr(lang, text_id::older_hidden), static_cast<int>(base_row_));
    text_in(nullptr, hidden.c_str(), colors.text_dim);
  }
  if (n == 0) {
    const char* empty = tr(lang, text_id::empty_history);
    const ImVec2 sz = ImGui::CalcTextSize(empty);
    ImGui::SetCursorPos(ImVec2(std::max(0.0f, (ImGui::GetContentRegionAvail().x - sz.x) * 0.5f), view_h * 0.4f));
    text_in(nullptr, empty, colors.text_dim);
  }

  // Visible rows only.
  drawn_rows_ = 0;
  first_drawn_ = 0;
  if (n > base_row_) {
    const double view_top = target - top + base_off;
    std::size_t i = std::max(layout_.row_at(view_top), base_row_);
    first_drawn_ = i;
    for (; i < n; ++i) {
      const double row_top = layout_.offset(i);
      if (row_top >= view_top + view_h) break;
      layout_.measure(i, i + 1, exact);  // rows below the anchor that grew into view
      const float y = static_cast<float>(row_top - base_off) + top - shift;
      draw_row(rows[i], i, y, mx, prefs);
      ++drawn_rows_;
    }
  }

  if (ImGui::BeginPopup("##row_menu")) {
    if (ImGui::MenuItem(tr(lang, text_id::copy))) ImGui::SetClipboardText(menu_text_.c_str());
    probe("row_menu/copy");
    if (ImGui::MenuItem(tr(lang, text_id::copy_with_author))) ImGui::SetClipboardText(menu_full_.c_str());
    probe("row_menu/copy_full");
    ImGui::EndPopup();
  }

  // "↓ N new messages" floats at the bottom of the view while scrolled up.
  if (!at_bottom_ && model.unread() > 0) {
    const int unread = static_cast<int>(model.unread());
    const std::string label = unread == 1 ? std::string(tr(lang, text_id::new_messages_one))
                                          : format(tr(lang, text_id::new_messages_many), unread);
    const ImVec2 label_size = ImGui::CalcTextSize(label.c_str());
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const float w = label_size.x + pad.x * 2;
    const float h = label_size.y + pad.y * 2;
    ImGui::SetCursorPos(
        ImVec2(std::max(0.0f, (ImGui::GetContentRegionAvail().x - w) * 0.5f), scroll_y + view_h - h - mx.em));
    if (primary_button(label.c_str(), colors)) stick_ = true;
    probe("new_messages");
  }

  if (ImGui::IsWindowHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clicked = true;

  // Extend the scroll range to the whole history (docs/IMGUI.md §2.3).
  ImGui::SetCursorPos(ImVec2(0, content_h));
  ImGui::Dummy(ImVec2(0, 0));
  ImGui::EndChild();
  return clicked;
}

}  // namespace charla::ui
