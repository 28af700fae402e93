// The two looks: a light, high-contrast theme for projectors and a dark one.
// apply_theme() writes unscaled sizes; the window scales a copy per zoom.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <imgui.h>

namespace charla::ui {

enum class theme : std::uint8_t { light, dark };

// Colours the draw code uses beyond ImGuiStyle's.
struct palette {
  ImU32 text;
  ImU32 text_dim;
  ImU32 own_bg;      // background of the local user's messages
  ImU32 own_accent;  // left bar of own messages
  ImU32 pending;     // "sending…"
  ImU32 error;
  ImU32 ok;       // connected dot
  ImU32 warning;  // reconnecting dot
  ImU32 marker;   // unread marker line
  ImU32 card_bg;  // join card
  ImU32 card_text;
  ImU32 card_accent;
  ImU32 primary;  // main action buttons (Host, Join, Send), white text
  ImU32 primary_hovered;
  ImU32 primary_active;
};

// Colours, paddings, roundings for t, at scale 1.
void apply_theme(theme t, ImGuiStyle& style);

const palette& palette_for(theme t);

// A readable colour for an author's name, the same for the same name.
ImU32 author_color(std::string_view author, theme t);

std::string_view theme_code(theme t);  // "light" / "dark"
std::optional<theme> parse_theme(std::string_view code);

}  // namespace charla::ui
