#include "ui/qr_full_screen.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include <imgui.h>

#include "ui/probe.hpp"
#include "ui/qr_view.hpp"

namespace charla::ui {

namespace {

constexpr ImU32 hint_color = IM_COL32(85, 85, 85, 255);  // 7:1 on white

float width_in(ImFont* font, const char* text) {
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text).x;
}

// The biggest face in which text fits on one line of width; the smallest
// face (to be wrapped) when none does.
ImFont* fitting_font(const preferences& prefs, const char* text, float width) {
  ImFont* last = ImGui::GetFont();
  for (ImFont* f : {prefs.big_bold(), prefs.bold(), ImGui::GetFont()}) {
    if (f == nullptr) continue;
    last = f;
    if (width_in(f, text) <= width) return f;
  }
  return last;
}

void centred_text(ImFont* font, const char* text, float y, float width, ImU32 color) {
  ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  const float w = std::min(ImGui::CalcTextSize(text).x, width);
  ImGui::SetCursorPos(ImVec2(std::round((ImGui::GetWindowWidth() - w) * 0.5f), y));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

}  // namespace

bool draw_qr_full_screen(const join_code& code, const preferences& prefs) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  ImGui::SetNextWindowFocus();
  ImGui::PushStyleColor(ImGuiCol_WindowBg, qr_light);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("##qr_full_screen", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNav);

  const float em = ImGui::GetFontSize();
  const float margin = std::round(em);
  const float w = viewport->Size.x;
  const float h = viewport->Size.y;
  const float text_w = w - 2 * margin;
  const char* url = code.url.c_str();
  const char* hint = tr(prefs.lang, text_id::qr_close_hint);
  ImFont* url_font = fitting_font(prefs, url, text_w);
  ImGui::PushFont(url_font);
  const float url_h = ImGui::CalcTextSize(url, nullptr, false, text_w).y;
  ImGui::PopFont();
  const float text_h = url_h + ImGui::GetTextLineHeight() + 0.5f * em;

  // The quiet zone is white like the background, so the code may reach
  // the window's edges; only the text needs room under it.
  int px = 0;
  float side = 0;
  if (code.code) {
    px = qr_module_pixels(std::min(w, h - text_h - margin), *code.code);
    side = static_cast<float>(px * code.code->size_with_quiet_zone());
  }
  const float block_h = side + text_h;
  const float top = std::round(std::max(0.0f, (h - block_h - margin) * 0.5f));
  if (code.code && px > 0) {
    const ImVec2 origin(viewport->Pos.x + std::round((w - side) * 0.5f), viewport->Pos.y + top);
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(side, side));
    probe("qr_full_screen_code");
    draw_qr(ImGui::GetWindowDrawList(), origin, *code.code, px);
  }
  centred_text(url_font, url, top + side, text_w, qr_dark);
  probe("qr_full_screen_url");
  centred_text(ImGui::GetFont(), hint, top + side + url_h + 0.5f * em, text_w, hint_color);

  const bool close =
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) || ImGui::IsMouseClicked(0) || ImGui::IsMouseClicked(1);
  ImGui::End();
  ImGui::PopStyleVar(3);
  ImGui::PopStyleColor();
  return close;
}

}  // namespace charla::ui
