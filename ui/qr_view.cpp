#include "ui/qr_view.hpp"

#include <cmath>

namespace charla::ui {

float draw_qr(ImDrawList* list, ImVec2 origin, const qr_code& code, int module_px) {
  if (code.size <= 0 || module_px <= 0) return 0;
  const float m = static_cast<float>(module_px);
  const float side = static_cast<float>(code.size_with_quiet_zone()) * m;
  const ImVec2 o(std::round(origin.x), std::round(origin.y));
  // Rounding 0 makes AddRectFilled a plain quad with no anti-aliased
  // fringe, so every edge falls on a pixel boundary.
  list->AddRectFilled(o, ImVec2(o.x + side, o.y + side), qr_light);
  const float x0 = o.x + static_cast<float>(qr_quiet_zone) * m;
  const float y0 = o.y + static_cast<float>(qr_quiet_zone) * m;
  for (int y = 0; y < code.size; ++y) {
    int x = 0;
    while (x < code.size) {
      if (!code.dark(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < code.size && code.dark(x, y)) ++x;
      const float top = y0 + static_cast<float>(y) * m;
      list->AddRectFilled(ImVec2(x0 + static_cast<float>(start) * m, top),
                          ImVec2(x0 + static_cast<float>(x) * m, top + m), qr_dark);
    }
  }
  return side;
}

bool qr_item(const char* id, const qr_code& code, int module_px) {
  const float side = static_cast<float>(code.size_with_quiet_zone() * module_px);
  if (side <= 0) return false;  // ImGui refuses a zero-sized item
  const ImVec2 screen = ImGui::GetCursorScreenPos();
  const ImVec2 snapped(std::round(screen.x), std::round(screen.y));
  ImGui::SetCursorScreenPos(snapped);
  const bool clicked = ImGui::InvisibleButton(id, ImVec2(side, side));
  if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  draw_qr(ImGui::GetWindowDrawList(), snapped, code, module_px);
  return clicked;
}

}  // namespace charla::ui
