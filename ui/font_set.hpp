// The faces the UI draws with, loaded from the fonts embedded at build time
// (DejaVu Sans, regular and bold) at a pixel size for the current zoom.
#pragma once

#include <imgui.h>

namespace charla::ui {

// Regular text size at zoom 1; readable from the back of a classroom.
inline constexpr float base_font_px = 20.0f;

struct font_set {
  ImFont* regular = nullptr;
  ImFont* bold = nullptr;      // author names, headings
  ImFont* big = nullptr;       // join card
  ImFont* big_bold = nullptr;  // join card address, start screen title
  float size_px = 0;           // regular size
  bool embedded = false;       // false: DejaVu was missing, ImGui's default font is used
  bool colour_emoji = false;   // the emoji of ui/emoji_list.hpp are drawn in colour
};

// Clears atlas and adds every face at round(base * scale) (and the card
// faces larger), with the FreeType rasteriser, then builds it. Fonts are
// referenced, not copied: the embedded data lives as long as the program.
// Call between frames only; the renderer must re-upload the texture after.
font_set load_fonts(ImFontAtlas& atlas, float scale);

// Code points loaded for regular text: Latin-1 and Extended-A, general
// punctuation, €, arrows, geometric shapes, symbols and dingbats, U+FFFD.
const ImWchar* text_glyph_ranges();

}  // namespace charla::ui
