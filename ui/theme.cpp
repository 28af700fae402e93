#include "ui/theme.hpp"

#include <iterator>

#include "ui/text_util.hpp"

namespace charla::ui {

namespace {

constexpr ImU32 rgb(std::uint32_t hex, std::uint32_t alpha = 255) {
  // IM_COL32 is ABGR in memory.
  return ((hex >> 16) & 0xFF) | (((hex >> 8) & 0xFF) << 8) | ((hex & 0xFF) << 16) | (alpha << 24);
}

ImVec4 vec(std::uint32_t hex, float alpha = 1.0f) {
  return ImVec4(((hex >> 16) & 0xFF) / 255.0f, ((hex >> 8) & 0xFF) / 255.0f, (hex & 0xFF) / 255.0f, alpha);
}

// Dark enough on white (contrast >= 4.5:1) ...
constexpr ImU32 light_authors[] = {
    rgb(0xB3261E), rgb(0x1B5E20), rgb(0x0D47A1), rgb(0x6A1B9A), rgb(0x8D4E00), rgb(0x006064),
    rgb(0xAD1457), rgb(0x33691E), rgb(0x283593), rgb(0x4E342E), rgb(0x00695C), rgb(0x5D4037),
};
// ... and light enough on near-black.
constexpr ImU32 dark_authors[] = {
    rgb(0xFF8A80), rgb(0x9CCC65), rgb(0x82B1FF), rgb(0xCE93D8), rgb(0xFFCC80), rgb(0x80DEEA),
    rgb(0xF48FB1), rgb(0xC5E1A5), rgb(0x9FA8DA), rgb(0xD7CCC8), rgb(0x80CBC4), rgb(0xFFE082),
};

constexpr palette light_palette{
    .text = rgb(0x000000),
    .text_dim = rgb(0x4A4A4A),
    .own_bg = rgb(0xDCEBFF),
    .own_accent = rgb(0x0B57D0),
    .pending = rgb(0x8D4E00),
    .error = rgb(0xB00020),
    .ok = rgb(0x1B7F35),
    .warning = rgb(0xB35C00),
    .marker = rgb(0xC62828),
    .card_bg = rgb(0x0B2E6B),
    .card_text = rgb(0xFFFFFF),
    .card_accent = rgb(0xFFE082),
    .primary = rgb(0x0B57D0),
    .primary_hovered = rgb(0x1A66E0),
    .primary_active = rgb(0x0842A0),
};

constexpr palette dark_palette{
    .text = rgb(0xF2F2F2),
    .text_dim = rgb(0xB0B0B0),
    .own_bg = rgb(0x1E3A5F),
    .own_accent = rgb(0x82B1FF),
    .pending = rgb(0xFFCC80),
    .error = rgb(0xFF8A80),
    .ok = rgb(0x81C784),
    .warning = rgb(0xFFB74D),
    .marker = rgb(0xFF8A80),
    .card_bg = rgb(0x102A52),
    .card_text = rgb(0xFFFFFF),
    .card_accent = rgb(0xFFE082),
    .primary = rgb(0x2F5FB3),
    .primary_hovered = rgb(0x3A6FCC),
    .primary_active = rgb(0x244C91),
};

void apply_sizes(ImGuiStyle& s) {
  s.WindowPadding = ImVec2(14, 12);
  s.FramePadding = ImVec2(10, 6);
  s.ItemSpacing = ImVec2(10, 8);
  s.ItemInnerSpacing = ImVec2(8, 6);
  s.CellPadding = ImVec2(6, 4);
  s.IndentSpacing = 22;
  s.ScrollbarSize = 18;
  s.GrabMinSize = 14;
  s.WindowRounding = 0;
  s.ChildRounding = 4;
  s.FrameRounding = 5;
  s.PopupRounding = 5;
  s.ScrollbarRounding = 9;
  s.GrabRounding = 5;
  s.TabRounding = 5;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 1;
  s.PopupBorderSize = 1;
}

void apply_light(ImGuiStyle& s) {
  ImGui::StyleColorsLight(&s);
  s.FrameBorderSize = 1;  // inputs stay visible on washed-out projectors
  ImVec4* c = s.Colors;
  c[ImGuiCol_Text] = vec(0x000000);
  c[ImGuiCol_TextDisabled] = vec(0x5A5A5A);
  c[ImGuiCol_WindowBg] = vec(0xFFFFFF);
  c[ImGuiCol_ChildBg] = vec(0xFFFFFF, 0.0f);
  c[ImGuiCol_PopupBg] = vec(0xFFFFFF);
  c[ImGuiCol_Border] = vec(0x6E6E6E);
  c[ImGuiCol_FrameBg] = vec(0xF4F6FA);
  c[ImGuiCol_FrameBgHovered] = vec(0xE3ECFA);
  c[ImGuiCol_FrameBgActive] = vec(0xD2E1F8);
  c[ImGuiCol_MenuBarBg] = vec(0xE9EDF3);
  c[ImGuiCol_Button] = vec(0xDCE6F5);
  c[ImGuiCol_ButtonHovered] = vec(0xC4D6F2);
  c[ImGuiCol_ButtonActive] = vec(0xA9C5F0);
  c[ImGuiCol_Header] = vec(0xD2E1F8);
  c[ImGuiCol_HeaderHovered] = vec(0xC2D6F5);
  c[ImGuiCol_HeaderActive] = vec(0xA9C5F0);
  c[ImGuiCol_Separator] = vec(0x9A9A9A);
  c[ImGuiCol_CheckMark] = vec(0x0B57D0);
  c[ImGuiCol_TextSelectedBg] = vec(0x0B57D0, 0.30f);
  c[ImGuiCol_ScrollbarBg] = vec(0xF0F0F0);
  c[ImGuiCol_ScrollbarGrab] = vec(0x9A9A9A);
  c[ImGuiCol_ScrollbarGrabHovered] = vec(0x7A7A7A);
  c[ImGuiCol_ScrollbarGrabActive] = vec(0x5A5A5A);
  c[ImGuiCol_TableHeaderBg] = vec(0xE9EDF3);
  c[ImGuiCol_TableBorderStrong] = vec(0x9A9A9A);
  c[ImGuiCol_TableBorderLight] = vec(0xC8C8C8);
}

void apply_dark(ImGuiStyle& s) {
  ImGui::StyleColorsDark(&s);
  s.FrameBorderSize = 1;
  ImVec4* c = s.Colors;
  c[ImGuiCol_Text] = vec(0xF2F2F2);
  c[ImGuiCol_TextDisabled] = vec(0x9A9A9A);
  c[ImGuiCol_WindowBg] = vec(0x16181D);
  c[ImGuiCol_ChildBg] = vec(0x16181D, 0.0f);
  c[ImGuiCol_PopupBg] = vec(0x22252C);
  c[ImGuiCol_Border] = vec(0x4A4F5A);
  c[ImGuiCol_FrameBg] = vec(0x22252C);
  c[ImGuiCol_FrameBgHovered] = vec(0x2C313A);
  c[ImGuiCol_FrameBgActive] = vec(0x353B46);
  c[ImGuiCol_MenuBarBg] = vec(0x1E2127);
  c[ImGuiCol_Button] = vec(0x2C313A);
  c[ImGuiCol_ButtonHovered] = vec(0x3A414D);
  c[ImGuiCol_ButtonActive] = vec(0x474F5E);
  c[ImGuiCol_Header] = vec(0x2C3E5C);
  c[ImGuiCol_HeaderHovered] = vec(0x35507A);
  c[ImGuiCol_HeaderActive] = vec(0x3E5F91);
  c[ImGuiCol_TextSelectedBg] = vec(0x82B1FF, 0.35f);
}

}  // namespace

void apply_theme(theme t, ImGuiStyle& style) {
  style = ImGuiStyle();
  apply_sizes(style);
  if (t == theme::light) {
    apply_light(style);
  } else {
    apply_dark(style);
  }
}

const palette& palette_for(theme t) {
  return t == theme::light ? light_palette : dark_palette;
}

ImU32 author_color(std::string_view author, theme t) {
  const auto h = stable_hash(author);
  if (t == theme::light) return light_authors[h % std::size(light_authors)];
  return dark_authors[h % std::size(dark_authors)];
}

std::string_view theme_code(theme t) {
  return t == theme::light ? "light" : "dark";
}

std::optional<theme> parse_theme(std::string_view code) {
  if (code == "light") return theme::light;
  if (code == "dark") return theme::dark;
  return std::nullopt;
}

}  // namespace charla::ui
