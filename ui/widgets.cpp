#include "ui/widgets.hpp"

#include <cstdarg>
#include <cstdio>

namespace charla::ui {

std::string format(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  va_list copy;
  va_copy(copy, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  std::string out;
  if (n > 0) {
    out.resize(static_cast<std::size_t>(n));
    std::vsnprintf(out.data(), out.size() + 1, fmt, args);
  }
  va_end(args);
  return out;
}

bool primary_button(const char* label, const palette& colors, const ImVec2& size) {
  ImGui::PushStyleColor(ImGuiCol_Button, colors.primary);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colors.primary_hovered);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, colors.primary_active);
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
  const bool pressed = ImGui::Button(label, size);
  ImGui::PopStyleColor(4);
  return pressed;
}

void wrapped_text(const char* text, ImU32 color) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void text_in(ImFont* font, const char* text, ImU32 color) {
  if (font != nullptr) ImGui::PushFont(font);
  if (color != 0) ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text);
  if (color != 0) ImGui::PopStyleColor();
  if (font != nullptr) ImGui::PopFont();
}

std::string format_bytes(unsigned long long bytes) {
  if (bytes < 1024) return format("%llu B", bytes);
  const double kib = static_cast<double>(bytes) / 1024.0;
  if (kib < 1024) return format("%.1f KiB", kib);
  const double mib = kib / 1024.0;
  if (mib < 1024) return format("%.1f MiB", mib);
  return format("%.2f GiB", mib / 1024.0);
}

}  // namespace charla::ui
