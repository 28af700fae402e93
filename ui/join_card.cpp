#include "ui/join_card.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include <imgui.h>

#include "ui/probe.hpp"
#include "ui/widgets.hpp"

namespace charla::ui {

namespace {

struct field {
  const char* label;
  std::vector<std::string> values;
};

struct card_layout {
  ImFont* font = nullptr;  // for the values
  float pad = 0;
  float value_h = 0;  // one value line
  bool side_by_side = false;
  float height = 0;
};

float value_width(ImFont* font, const std::string& s) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, s.c_str()).x;
}

// Widths of "label  value" pairs laid side by side, with gaps between fields.
float row_width(const std::vector<field>& fields, ImFont* font, float label_gap, float field_gap) {
  float w = 0;
  for (const field& f : fields) {
    float widest = 0;
    for (const std::string& v : f.values) widest = std::max(widest, value_width(font, v));
    w += ImGui::CalcTextSize(f.label).x + label_gap + widest + field_gap;
  }
  return w - field_gap;
}

card_layout plan(const std::vector<field>& fields, const preferences& prefs, float width, float max_height) {
  const float em = ImGui::GetFontSize();
  const float text_lines = 2 * ImGui::GetTextLineHeightWithSpacing();
  card_layout best;
  for (ImFont* font : {prefs.big_bold(), prefs.bold(), ImGui::GetFont()}) {
    if (font == nullptr) continue;
    card_layout l;
    l.font = font;
    l.pad = std::round(0.8f * em);
    l.value_h = font->FontSize + ImGui::GetStyle().ItemSpacing.y;
    l.side_by_side = row_width(fields, font, 0.6f * em, 2.0f * em) <= width - 2 * l.pad;
    std::size_t lines = 0;
    for (const field& f : fields) lines = l.side_by_side ? std::max(lines, f.values.size()) : lines + f.values.size();
    l.height = 2 * l.pad + text_lines + static_cast<float>(lines) * l.value_h;
    best = l;
    if (l.height <= max_height) break;
  }
  return best;
}

}  // namespace

bool draw_join_card(const join_card& card, const preferences& prefs) {
  const palette& colors = palette_for(prefs.look);
  const language lang = prefs.lang;
  const ImVec4 normal_text = ImGui::GetStyle().Colors[ImGuiCol_Text];

  std::vector<field> fields;
  fields.push_back({tr(lang, text_id::address), card.addresses});
  fields.push_back({tr(lang, text_id::port), {std::to_string(card.port)}});
  if (!card.pin.empty()) fields.push_back({tr(lang, text_id::pin), {card.pin}});
  if (card.addresses.empty()) fields.front().values.push_back("—");

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const card_layout l = plan(fields, prefs, avail.x, std::max(avail.y * 0.45f, 6 * ImGui::GetFontSize()));
  bool hide = false;

  ImGui::PushStyleColor(ImGuiCol_ChildBg, colors.card_bg);
  ImGui::PushStyleColor(ImGuiCol_Text, colors.card_text);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(l.pad, l.pad));
  ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 0.4f * ImGui::GetFontSize());
  ImGui::BeginChild("##join_card", ImVec2(avail.x, l.height), false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
  probe("join_card");

  std::string title = tr(lang, text_id::card_title);
  if (!card.room.empty()) title += "  «" + card.room + "»";
  text_in(prefs.bold(), title.c_str());
  const char* hide_label = tr(lang, text_id::card_hide);
  ImGui::SameLine(std::max(
      ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(hide_label).x - 2 * ImGui::GetStyle().FramePadding.x,
      ImGui::GetCursorPosX()));
  ImGui::PushStyleColor(ImGuiCol_Text, normal_text);
  hide = ImGui::SmallButton(hide_label);
  ImGui::PopStyleColor();
  probe("hide_card");
  ImGui::TextUnformatted(card.addresses.empty() ? tr(lang, text_id::card_no_address) : tr(lang, text_id::card_steps));

  // Labels sit on the values' baseline side, vertically centred on the first line.
  const float em = ImGui::GetFontSize();
  const float label_dy = std::max(0.0f, (l.font->FontSize - ImGui::GetFontSize()) * 0.6f);
  const float top = ImGui::GetCursorPosY();
  float widest_label = 0;
  for (const field& f : fields) widest_label = std::max(widest_label, ImGui::CalcTextSize(f.label).x);
  float x = l.pad;
  float y = top;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const field& f = fields[i];
    const ImU32 color = i == 0 ? colors.card_accent : colors.card_text;
    const float label_w = ImGui::CalcTextSize(f.label).x;
    float widest = 0;
    for (const std::string& v : f.values) widest = std::max(widest, value_width(l.font, v));
    if (!l.side_by_side) x = l.pad;
    ImGui::SetCursorPos(ImVec2(x, y + label_dy));
    ImGui::TextUnformatted(f.label);
    const float value_x = l.side_by_side ? x + label_w + 0.6f * em : l.pad + widest_label + em;
    for (std::size_t k = 0; k < f.values.size(); ++k) {
      ImGui::SetCursorPos(ImVec2(value_x, y + static_cast<float>(k) * l.value_h));
      text_in(l.font, f.values[k].c_str(), color);
    }
    if (l.side_by_side) {
      x = value_x + widest + 2 * em;
    } else {
      y += static_cast<float>(f.values.size()) * l.value_h;
    }
  }

  ImGui::EndChild();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(2);
  return hide;
}

}  // namespace charla::ui
