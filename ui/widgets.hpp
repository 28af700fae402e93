// Small drawing functions shared by the screens.
#pragma once

#include <string>

#include <imgui.h>

#include "ui/theme.hpp"

namespace charla::ui {

// printf into a std::string (the i18n table's formats take printf arguments).
std::string format(const char* fmt, ...) IM_FMTARGS(1);

// A filled button in the palette's primary colour, white text.
bool primary_button(const char* label, const palette& colors, const ImVec2& size = ImVec2(0, 0));

// Wrapped text in a colour (errors, hints).
void wrapped_text(const char* text, ImU32 color);

// Text in a given font, optionally coloured (0 = style's text colour).
void text_in(ImFont* font, const char* text, ImU32 color = 0);

// Human-readable byte counts: "512 B", "3.4 KiB", "12.0 MiB".
std::string format_bytes(unsigned long long bytes);

}  // namespace charla::ui
