#include "ui/font_set.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <imgui_freetype.h>
#include <stb_image.h>

#include "charla/assets/assets.hpp"
#include "charla/fonts/embedded_fonts.hpp"
#include "ui/emoji.hpp"
#include "ui/emoji_list.hpp"

namespace charla::ui {

namespace {

constexpr ImWchar text_ranges[] = {
    0x0020, 0x017F,  // Basic Latin, Latin-1 Supplement, Latin Extended-A
    0x2000, 0x206F,  // General Punctuation: “ ” … –
    0x20AC, 0x20AC,  // €
    0x2190, 0x21FF,  // Arrows: → ↓
    0x25A0, 0x25FF,  // Geometric Shapes: ● ○
    0x2600, 0x27BF,  // Miscellaneous Symbols, Dingbats: ✓ ★ ☺
    0xFFFD, 0xFFFD,  // replacement character, ImGui's fallback glyph
    0,
};

constexpr ImWchar name_ranges[] = {
    0x0020, 0x017F, 0x2000, 0x206F, 0x20AC, 0x20AC, 0x2190, 0x21FF, 0xFFFD, 0xFFFD, 0,
};

constexpr ImWchar card_ranges[] = {
    0x0020, 0x017F, 0x2000, 0x206F, 0x2190, 0x21FF, 0xFFFD, 0xFFFD, 0,
};

ImFont* add(ImFontAtlas& atlas, const fonts::blob& face, float px, const ImWchar* ranges) {
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;
  cfg.OversampleH = 1;  // FreeType ignores oversampling; keeps stb's atlas small too
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  // ImGui only reads the data when FontDataOwnedByAtlas is false.
  void* data = const_cast<unsigned char*>(face.data);
  return atlas.AddFontFromMemoryTTF(data, static_cast<int>(face.size), px, &cfg, ranges);
}

// ---- colour emoji -----------------------------------------------------------
// The sheet of assets/emoji_sheet.cpp, decoded once: constant data shared by
// every rebuild, not UI state.

constexpr int sheet_columns = 16;

struct emoji_sheet {
  std::vector<unsigned char> rgba;
  int width = 0;
  int cell = 0;
  std::vector<bool> present;  // cell i holds a picture
};

const emoji_sheet& sheet() {
  static const emoji_sheet decoded = [] {
    emoji_sheet s;
    const assets::blob png = assets::emoji_sheet();
    int w = 0;
    int h = 0;
    int n = 0;
    unsigned char* px =
        png.size == 0 ? nullptr : stbi_load_from_memory(png.data, static_cast<int>(png.size), &w, &h, &n, 4);
    if (px == nullptr || w % sheet_columns != 0) {
      if (px != nullptr) stbi_image_free(px);
      return s;
    }
    s.rgba.assign(px, px + static_cast<std::size_t>(w) * h * 4);
    stbi_image_free(px);
    s.width = w;
    s.cell = w / sheet_columns;
    for (std::size_t i = 0; i < colour_emoji.size(); ++i) {
      const int cx = static_cast<int>(i % sheet_columns) * s.cell;
      const int cy = static_cast<int>(i / sheet_columns) * s.cell;
      bool any = false;
      for (int y = 0; y < s.cell && !any && cy + y < h; ++y) {
        for (int x = 0; x < s.cell && !any; ++x) any = s.rgba[((cy + y) * w + cx + x) * 4 + 3] != 0;
      }
      s.present.push_back(any);
    }
    return s;
  }();
  return decoded;
}

// Area-averaged resampling of cell `index` into a size x size block of the
// atlas (straight alpha, averaged premultiplied).
void blit(const emoji_sheet& s, std::size_t index, unsigned char* atlas, int atlas_w, int ax, int ay, int size) {
  const int cx = static_cast<int>(index % sheet_columns) * s.cell;
  const int cy = static_cast<int>(index / sheet_columns) * s.cell;
  const float step = static_cast<float>(s.cell) / static_cast<float>(size);
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      const int x0 = static_cast<int>(x * step);
      const int y0 = static_cast<int>(y * step);
      const int x1 = std::max(x0 + 1, static_cast<int>((x + 1) * step));
      const int y1 = std::max(y0 + 1, static_cast<int>((y + 1) * step));
      float acc[4] = {0, 0, 0, 0};
      for (int sy = y0; sy < y1; ++sy) {
        for (int sx = x0; sx < x1; ++sx) {
          const unsigned char* p = &s.rgba[((cy + sy) * s.width + cx + sx) * 4];
          const float a = p[3] / 255.0f;
          acc[0] += p[0] * a;
          acc[1] += p[1] * a;
          acc[2] += p[2] * a;
          acc[3] += p[3];
        }
      }
      const float count = static_cast<float>((x1 - x0) * (y1 - y0));
      const float alpha = acc[3] / count;
      unsigned char* out = &atlas[((ay + y) * atlas_w + ax + x) * 4];
      for (int k = 0; k < 3; ++k) {
        out[k] = alpha > 0 ? static_cast<unsigned char>(std::min(255.0f, acc[k] / count * 255.0f / alpha)) : 0;
      }
      out[3] = static_cast<unsigned char>(std::lround(alpha));
    }
  }
}

struct emoji_rect {
  int rect = 0;           // the atlas's custom rect index
  std::size_t index = 0;  // cell in the sheet
  ImFont* font = nullptr;
  ImWchar code = 0;  // display code point
};

// Before Build: a square glyph per emoji, a line tall, for each font; and
// zero-width glyphs for the joiners and selectors that only modify emoji.
std::vector<emoji_rect> reserve_emoji(ImFontAtlas& atlas, std::initializer_list<ImFont*> fonts, float px) {
  std::vector<emoji_rect> out;
  const emoji_sheet& s = sheet();
  const int size = static_cast<int>(std::round(px));
  constexpr ImWchar invisible[] = {0xFE0E, 0xFE0F, 0x200D};
  for (ImFont* font : fonts) {
    for (std::size_t i = 0; i < s.present.size(); ++i) {
      if (!s.present[i]) continue;
      const auto code = static_cast<ImWchar>(to_display(colour_emoji[i]));
      const int r = atlas.AddCustomRectFontGlyph(font, code, size, size, std::round(px * 1.08f),
                                                 ImVec2(std::round(px * 0.04f), std::round(px * 0.02f)));
      out.push_back({r, i, font, code});
    }
    for (ImWchar c : invisible) atlas.AddCustomRectFontGlyph(font, c, 1, 1, 0.0f);
    for (char32_t tone = 0x1F3FB; tone <= 0x1F3FF; ++tone) {  // skin tones: drawn as the plain emoji
      atlas.AddCustomRectFontGlyph(font, static_cast<ImWchar>(to_display(tone)), 1, 1, 0.0f);
    }
  }
  return out;
}

// After Build: the pictures into the RGBA texture, drawn untinted.
void paint_emoji(ImFontAtlas& atlas, const std::vector<emoji_rect>& rects) {
  if (rects.empty()) return;
  unsigned char* pixels = nullptr;
  int w = 0;
  int h = 0;
  atlas.GetTexDataAsRGBA32(&pixels, &w, &h);  // kept by the atlas: the renderer uploads this buffer
  const emoji_sheet& s = sheet();
  for (const emoji_rect& e : rects) {
    const ImFontAtlasCustomRect* r = atlas.GetCustomRectByIndex(e.rect);
    if (!r->IsPacked()) continue;
    blit(s, e.index, pixels, w, r->X, r->Y, r->Width);
    if (const ImFontGlyph* g = e.font->FindGlyphNoFallback(e.code)) const_cast<ImFontGlyph*>(g)->Colored = 1;
  }
}

}  // namespace

const ImWchar* text_glyph_ranges() {
  return text_ranges;
}

font_set load_fonts(ImFontAtlas& atlas, float scale) {
  atlas.Clear();
  atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;

  font_set set;
  const float px = std::round(base_font_px * std::clamp(scale, 0.5f, 4.0f));
  const float card_px = std::min(std::round(px * 2.4f), 112.0f);
  set.size_px = px;

  const fonts::blob sans = fonts::sans();
  const fonts::blob bold = fonts::sans_bold().size > 0 ? fonts::sans_bold() : sans;
  if (sans.size == 0) {
    ImFontConfig cfg;
    cfg.SizePixels = px;
    set.regular = set.bold = set.big = set.big_bold = atlas.AddFontDefault(&cfg);
  } else {
    set.regular = add(atlas, sans, px, text_ranges);
    set.bold = add(atlas, bold, px, name_ranges);
    set.big = add(atlas, sans, card_px, card_ranges);
    set.big_bold = add(atlas, bold, card_px, card_ranges);
    set.embedded = true;
  }
  const std::vector<emoji_rect> emoji = reserve_emoji(atlas, {set.regular, set.bold}, px);
  set.colour_emoji = !emoji.empty();
  atlas.Build();
  paint_emoji(atlas, emoji);
  return set;
}

}  // namespace charla::ui
