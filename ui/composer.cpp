#include "ui/composer.hpp"

#include <algorithm>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/emoji.hpp"
#include "ui/probe.hpp"
#include "ui/text_util.hpp"
#include "ui/widgets.hpp"

namespace charla::ui {

namespace {

int line_count(const std::string& s) {
  return 1 + static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

ImGuiKeyModFlags merged_mods(const ImGuiIO& io) {
  ImGuiKeyModFlags mods = ImGuiKeyModFlags_None;
  if (io.KeyCtrl) mods |= ImGuiKeyModFlags_Ctrl;
  if (io.KeyShift) mods |= ImGuiKeyModFlags_Shift;
  if (io.KeyAlt) mods |= ImGuiKeyModFlags_Alt;
  if (io.KeySuper) mods |= ImGuiKeyModFlags_Super;
  return mods;
}

}  // namespace

float composer::box_height() const {
  const int lines = std::clamp(line_count(text_), 1, max_lines);
  return lines * ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().FramePadding.y + 2.0f;
}

std::size_t composer::wire_bytes() const {
  return net::text_bytes(from_display(prepare_outgoing(text_)));
}

bool composer::near_limit() const {
  return wire_bytes() * 5 >= limit_ * 4;
}

float composer::height() const {
  float h = box_height();
  if (near_limit()) h += ImGui::GetStyle().ItemSpacing.y * 0.5f + ImGui::GetTextLineHeight();
  return h;
}

void composer::set_text(std::string text) {
  if (active_) {
    replacement_ = std::move(text);
  } else {
    text_ = std::move(text);
  }
}

int composer::on_edit(ImGuiInputTextCallbackData* data) {
  auto* self = static_cast<composer*>(data->UserData);
  if (self->replacement_) {
    data->DeleteChars(0, data->BufTextLen);
    data->InsertChars(0, self->replacement_->data(), self->replacement_->data() + self->replacement_->size());
    self->replacement_.reset();
  }
  return 0;
}

std::optional<send_text> composer::take() {
  std::string out = prepare_outgoing(text_);
  if (out.empty() || wire_bytes() > limit_) return std::nullopt;
  text_.clear();
  return send_text{std::move(out)};
}

std::optional<send_text> composer::draw(const preferences& prefs, float width) {
  const palette& colors = palette_for(prefs.look);
  const language lang = prefs.lang;
  ImGuiIO& io = ImGui::GetIO();
  const ImGuiStyle& style = ImGui::GetStyle();

  const char* send_label = tr(lang, text_id::send);
  const float send_w = ImGui::CalcTextSize(send_label).x + 2 * style.FramePadding.x + ImGui::GetFontSize();
  const float box_w = std::max(width - send_w - style.ItemSpacing.x, 4 * ImGui::GetFontSize());
  const float box_h = box_height();

  // 1.86 ignores Shift on Enter; with CtrlEnterForNewLine, Ctrl+Enter is the
  // newline, so present Shift+Enter as Ctrl+Enter for this one frame.
  const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
                     ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter));
  const bool shift_enter = enter && io.KeyShift && !io.KeyCtrl;
  const bool saved_ctrl = io.KeyCtrl;
  const ImGuiKeyModFlags saved_mods = io.KeyMods;
  if (shift_enter) {
    io.KeyCtrl = true;
    io.KeyMods = merged_mods(io);
  }

  if (refocus_) {
    ImGui::SetKeyboardFocusHere();
    refocus_ = false;
  }
  const ImVec2 box_pos = ImGui::GetCursorScreenPos();
  const bool submitted =
      ImGui::InputTextMultiline("##composer", &text_, ImVec2(box_w, box_h),
                                ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CtrlEnterForNewLine |
                                    ImGuiInputTextFlags_CallbackAlways,
                                &composer::on_edit, this);
  probe("composer");
  active_ = ImGui::IsItemActive();
  if (!active_ && replacement_) {
    text_ = std::move(*replacement_);
    replacement_.reset();
  }
  if (shift_enter) {
    io.KeyCtrl = saved_ctrl;
    io.KeyMods = saved_mods;
  }
  if (text_.empty()) {  // placeholder, also while focused: it names the keys
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(box_pos, ImVec2(box_pos.x + box_w - style.FramePadding.x, box_pos.y + box_h), true);
    dl->AddText(ImVec2(box_pos.x + style.FramePadding.x + 2, box_pos.y + style.FramePadding.y), colors.text_dim,
                tr(lang, text_id::composer_hint));
    dl->PopClipRect();
  }

  std::optional<send_text> out;
  if (submitted) {
    out = take();
    refocus_ = true;  // Enter deactivated the box; keep typing in it
  }

  ImGui::SameLine();
  const std::size_t wire = wire_bytes();
  const bool sendable = !prepare_outgoing(text_).empty() && wire <= limit_;
  ImGui::BeginDisabled(!sendable);
  if (primary_button(send_label, colors, ImVec2(send_w, box_h))) {
    out = take();
    refocus_ = true;
  }
  probe("send");
  ImGui::EndDisabled();

  if (wire * 5 >= limit_ * 4) {
    const int bytes = static_cast<int>(wire);
    const int limit = static_cast<int>(limit_);
    std::string counter = format(tr(lang, text_id::byte_counter), bytes, limit);
    if (wire > limit_) counter += "  " + format(tr(lang, text_id::too_long), bytes - limit);
    ImGui::SetCursorScreenPos(ImVec2(box_pos.x, box_pos.y + box_h + style.ItemSpacing.y * 0.5f));
    text_in(nullptr, counter.c_str(), wire > limit_ ? colors.error : colors.text_dim);
  }
  return out;
}

}  // namespace charla::ui
