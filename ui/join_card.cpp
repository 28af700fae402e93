#include "ui/join_card.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include <imgui.h>

#include "ui/emoji.hpp"
#include "ui/probe.hpp"
#include "ui/qr_view.hpp"
#include "ui/widgets.hpp"

namespace charla::ui {

const std::vector<join_code>& join_codes::update(const join_card& card) {
  const std::string pin = card.web ? from_display(card.pin) : std::string();
  const std::vector<std::string> addresses = card.web ? card.addresses : std::vector<std::string>{};
  if (filled_ && addresses == addresses_ && card.port == port_ && pin == pin_) return codes_;
  filled_ = true;
  addresses_ = addresses;
  port_ = card.port;
  pin_ = pin;
  codes_.clear();
  ++encodings_;
  for (const std::string& a : addresses_) {
    join_code c;
    c.address = a;
    c.url = join_url(a, port_, pin_);
    c.code = encode_qr(c.url);
    codes_.push_back(std::move(c));
  }
  return codes_;
}

namespace {

struct field {
  const char* label;
  std::vector<std::string> values;
};

struct card_layout {
  ImFont* font = nullptr;  // for the values
  float value_h = 0;       // one value line
  bool side_by_side = false;
  float height = 0;  // of the text column below the title
};

// The QR codes in a row on the right of the card, each with its address
// under it.
struct codes_layout {
  std::vector<std::size_t> shown;  // indices into the codes
  int module_px = 0;
  float side = 0;    // of one code with its quiet zone
  float column = 0;  // the code or its caption, whichever is wider
  float gap = 0;
  float width = 0;
  float height = 0;  // code and caption
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

card_layout plan_text(const std::vector<field>& fields, const preferences& prefs, float width, float fixed_h,
                      float max_height) {
  const float em = ImGui::GetFontSize();
  card_layout best;
  for (ImFont* font : {prefs.big_bold(), prefs.bold(), ImGui::GetFont()}) {
    if (font == nullptr) continue;
    card_layout l;
    l.font = font;
    l.value_h = font->FontSize + ImGui::GetStyle().ItemSpacing.y;
    l.side_by_side = row_width(fields, font, 0.6f * em, 2.0f * em) <= width;
    std::size_t lines = 0;
    for (const field& f : fields) lines = l.side_by_side ? std::max(lines, f.values.size()) : lines + f.values.size();
    l.height = fixed_h + static_cast<float>(lines) * l.value_h;
    best = l;
    if (l.height <= max_height) break;
  }
  return best;
}

// About a quarter of the height for the codes: readable from the front
// rows; the full-screen view is for the back (docs/QR.md). Whole pixels per
// module, at least 2 (below that a camera cannot tell modules apart), and
// no more than 45 % of the width; codes that do not fit are left out.
codes_layout plan_codes(const std::vector<join_code>& codes, float width, float max_side) {
  codes_layout out;
  std::vector<std::size_t> usable;
  int modules = 0;
  float caption_w = 0;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (!codes[i].code) continue;
    usable.push_back(i);
    modules = std::max(modules, codes[i].code->size_with_quiet_zone());
    caption_w = std::max(caption_w, ImGui::CalcTextSize(codes[i].address.c_str()).x);
  }
  if (usable.empty()) return out;
  const float em = ImGui::GetFontSize();
  out.gap = std::round(em);
  const float max_w = 0.45f * width;
  for (std::size_t n = usable.size(); n >= 1; --n) {
    int px = static_cast<int>(std::floor(max_side / static_cast<float>(modules)));
    const auto total = [&](int p) {
      return static_cast<float>(n) * std::max(static_cast<float>(p * modules), caption_w) +
             static_cast<float>(n - 1) * out.gap;
    };
    while (px >= 2 && total(px) > max_w) --px;
    if (px < 2) continue;
    out.shown.assign(usable.begin(), usable.begin() + static_cast<std::ptrdiff_t>(n));
    out.module_px = px;
    out.side = static_cast<float>(px * modules);
    out.column = std::max(out.side, std::ceil(caption_w));
    out.width = total(px);
    out.height = out.side + ImGui::GetTextLineHeightWithSpacing();
    return out;
  }
  return out;
}

}  // namespace

join_card_action draw_join_card(const join_card& card, const std::vector<join_code>& codes, const preferences& prefs) {
  const palette& colors = palette_for(prefs.look);
  const language lang = prefs.lang;
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec4 normal_text = style.Colors[ImGuiCol_Text];
  const float em = ImGui::GetFontSize();

  std::vector<field> fields;
  fields.push_back({tr(lang, text_id::address), card.addresses});
  fields.push_back({tr(lang, text_id::port), {std::to_string(card.port)}});
  if (!card.pin.empty()) fields.push_back({tr(lang, text_id::pin), {card.pin}});
  if (card.addresses.empty()) fields.front().values.push_back("—");

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float pad = std::round(0.8f * em);
  const float inner_w = avail.x - 2 * pad;
  const float title_h = ImGui::GetTextLineHeightWithSpacing();
  const float max_h = std::max(avail.y * 0.45f, 6 * em);
  const float caption_h = ImGui::GetTextLineHeightWithSpacing();
  const float text_max_h = max_h - 2 * pad - title_h;
  const char* full_label = tr(lang, text_id::card_qr_full_screen);

  // The text column beside the codes q.
  struct text_column {
    float width = 0;
    const char* steps = nullptr;
    float steps_h = 0;
    card_layout fields;
  };
  const auto text_beside = [&](const codes_layout& q) {
    const bool with = !q.shown.empty();
    text_column t;
    t.width = inner_w - (with ? q.width + 1.5f * em : 0.0f);
    t.steps = card.addresses.empty() ? tr(lang, text_id::card_no_address)
              : with                 ? tr(lang, text_id::card_steps_qr)
                                     : tr(lang, text_id::card_steps);
    t.steps_h = ImGui::CalcTextSize(t.steps, nullptr, false, t.width).y + style.ItemSpacing.y;
    const float button_h = with ? ImGui::GetFrameHeight() + 0.5f * em + style.ItemSpacing.y : 0.0f;
    t.fields = plan_text(fields, prefs, t.width, t.steps_h + button_h, text_max_h);
    return t;
  };
  // What students type comes first: the codes shrink, down to 3 pixels a
  // module, before the address has to leave the face it has without them.
  const ImFont* face_alone = text_beside(codes_layout{}).fields.font;
  codes_layout q = plan_codes(codes, inner_w, std::min(std::round(0.26f * avail.y), text_max_h - caption_h));
  text_column t = text_beside(q);
  for (codes_layout smaller = q; t.fields.font != face_alone && smaller.module_px > 3;) {
    const float modules = smaller.side / static_cast<float>(smaller.module_px);
    smaller = plan_codes(codes, inner_w, smaller.side - modules);
    if (smaller.shown.empty()) break;
    text_column beside = text_beside(smaller);
    if (beside.fields.font == face_alone) {
      q = smaller;
      t = beside;
    }
  }
  const bool with_codes = !q.shown.empty();
  const float text_w = t.width;
  const char* steps = t.steps;
  const float steps_h = t.steps_h;
  const card_layout& l = t.fields;
  const float height = 2 * pad + title_h + std::max(l.height, with_codes ? q.height : 0.0f);
  join_card_action action;

  ImGui::PushStyleColor(ImGuiCol_ChildBg, colors.card_bg);
  ImGui::PushStyleColor(ImGuiCol_Text, colors.card_text);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(pad, pad));
  ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, 0.4f * em);
  ImGui::BeginChild("##join_card", ImVec2(avail.x, height), false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar);
  probe("join_card");

  // Title row, across the whole card.
  std::string title = tr(lang, text_id::card_title);
  if (!card.room.empty()) title += "  «" + card.room + "»";
  text_in(prefs.bold(), title.c_str());
  const char* hide_label = tr(lang, text_id::card_hide);
  ImGui::SameLine(
      std::max(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(hide_label).x - 2 * style.FramePadding.x,
               ImGui::GetCursorPosX()));
  ImGui::PushStyleColor(ImGuiCol_Text, normal_text);
  action.hide = ImGui::SmallButton(hide_label);
  ImGui::PopStyleColor();
  probe("hide_card");
  const float top = pad + title_h;

  // Left: what to do, then the fields, then the full-screen button.
  ImGui::SetCursorPos(ImVec2(pad, top));
  ImGui::PushTextWrapPos(pad + text_w);
  ImGui::TextUnformatted(steps);
  ImGui::PopTextWrapPos();

  // Labels sit on the values' baseline side, vertically centred on the first line.
  const float label_dy = std::max(0.0f, (l.font->FontSize - ImGui::GetFontSize()) * 0.6f);
  const float fields_top = top + steps_h;
  float widest_label = 0;
  for (const field& f : fields) widest_label = std::max(widest_label, ImGui::CalcTextSize(f.label).x);
  float x = pad;
  float y = fields_top;
  float bottom = fields_top;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const field& f = fields[i];
    const ImU32 color = i == 0 ? colors.card_accent : colors.card_text;
    const float label_w = ImGui::CalcTextSize(f.label).x;
    float widest = 0;
    for (const std::string& v : f.values) widest = std::max(widest, value_width(l.font, v));
    if (!l.side_by_side) x = pad;
    ImGui::SetCursorPos(ImVec2(x, y + label_dy));
    ImGui::TextUnformatted(f.label);
    const float value_x = l.side_by_side ? x + label_w + 0.6f * em : pad + widest_label + em;
    for (std::size_t k = 0; k < f.values.size(); ++k) {
      ImGui::SetCursorPos(ImVec2(value_x, y + static_cast<float>(k) * l.value_h));
      text_in(l.font, f.values[k].c_str(), color);
    }
    bottom = std::max(bottom, y + static_cast<float>(f.values.size()) * l.value_h);
    if (l.side_by_side) {
      x = value_x + widest + 2 * em;
    } else {
      y += static_cast<float>(f.values.size()) * l.value_h;
    }
  }

  if (with_codes) {
    ImGui::SetCursorPos(ImVec2(pad, bottom + 0.5f * em));
    ImGui::PushStyleColor(ImGuiCol_Text, normal_text);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(0.8f * em, 0.25f * em + style.FramePadding.y));
    if (ImGui::Button(full_label)) action.full_screen = q.shown.front();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    probe("qr_full_screen");

    // Right: one code per address, its address under it.
    float cx = pad + inner_w - q.width;
    for (std::size_t i : q.shown) {
      ImGui::SetCursorPos(ImVec2(cx + std::floor((q.column - q.side) * 0.5f), top));
      ImGui::PushID(static_cast<int>(i));
      if (qr_item("##qr", *codes[i].code, q.module_px)) action.full_screen = i;
      ImGui::PopID();
      probe("qr/" + codes[i].address);
      if (ImGui::IsItemHovered()) {
        ImGui::PushStyleColor(ImGuiCol_Text, normal_text);
        ImGui::SetTooltip("%s\n%s", codes[i].url.c_str(), tr(lang, text_id::card_qr_tip));
        ImGui::PopStyleColor();
      }
      const float caption_w = ImGui::CalcTextSize(codes[i].address.c_str()).x;
      ImGui::SetCursorPos(ImVec2(cx + std::max(0.0f, (q.column - caption_w) * 0.5f), top + q.side));
      ImGui::TextUnformatted(codes[i].address.c_str());
      cx += q.column + q.gap;
    }
  }

  ImGui::EndChild();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(2);
  return action;
}

}  // namespace charla::ui
