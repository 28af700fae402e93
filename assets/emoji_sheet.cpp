// Build-time tool: cuts the pictures of ui/emoji_list.hpp out of a colour
// emoji font (Noto Color Emoji's bitmaps) into one PNG sheet of square
// cells, cell i holding emoji i, centred, scaled to fit with its aspect
// kept. An emoji the font lacks leaves its cell transparent.
//
//   emoji_sheet FONT.ttf OUT.png CELL_PX
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

#include "ui/emoji_list.hpp"

namespace {

constexpr int columns = 16;

// Area-averaged scaling of a BGRA premultiplied bitmap into an RGBA
// straight-alpha cell at (cx, cy), fitted to cell x cell.
void place(const FT_Bitmap& bm, std::vector<unsigned char>& sheet, int sheet_w, int cx, int cy, int cell) {
  const int sw = static_cast<int>(bm.width);
  const int sh = static_cast<int>(bm.rows);
  const double scale = static_cast<double>(cell) / std::max(sw, sh);
  const int dw = std::max(1, static_cast<int>(std::lround(sw * scale)));
  const int dh = std::max(1, static_cast<int>(std::lround(sh * scale)));
  const int ox = cx + (cell - dw) / 2;
  const int oy = cy + (cell - dh) / 2;
  for (int y = 0; y < dh; ++y) {
    const double y0 = y / scale;
    const double y1 = (y + 1) / scale;
    for (int x = 0; x < dw; ++x) {
      const double x0 = x / scale;
      const double x1 = (x + 1) / scale;
      double acc[4] = {0, 0, 0, 0};
      double area = 0;
      for (int sy = static_cast<int>(y0); sy < std::min(sh, static_cast<int>(std::ceil(y1))); ++sy) {
        const double wy = std::min<double>(sy + 1, y1) - std::max<double>(sy, y0);
        for (int sx = static_cast<int>(x0); sx < std::min(sw, static_cast<int>(std::ceil(x1))); ++sx) {
          const double wx = std::min<double>(sx + 1, x1) - std::max<double>(sx, x0);
          const unsigned char* p = bm.buffer + sy * bm.pitch + sx * 4;  // B G R A, premultiplied
          const double w = wx * wy;
          acc[0] += p[2] * w;
          acc[1] += p[1] * w;
          acc[2] += p[0] * w;
          acc[3] += p[3] * w;
          area += w;
        }
      }
      if (area <= 0) continue;
      const double a = acc[3] / area;
      unsigned char* out = &sheet[(static_cast<std::size_t>(oy + y) * sheet_w + (ox + x)) * 4];
      for (int k = 0; k < 3; ++k) {
        out[k] = a > 0 ? static_cast<unsigned char>(std::clamp(acc[k] / area * 255.0 / a, 0.0, 255.0)) : 0;
      }
      out[3] = static_cast<unsigned char>(std::clamp(std::lround(a), 0L, 255L));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: emoji_sheet FONT.ttf OUT.png CELL_PX\n");
    return 2;
  }
  const int cell = std::atoi(argv[3]);
  FT_Library lib = nullptr;
  FT_Face face = nullptr;
  if (cell <= 0 || FT_Init_FreeType(&lib) != 0 || FT_New_Face(lib, argv[1], 0, &face) != 0) {
    std::fprintf(stderr, "emoji_sheet: cannot open %s\n", argv[1]);
    return 1;
  }
  if (face->num_fixed_sizes > 0) FT_Select_Size(face, 0);  // colour bitmap fonts have one fixed size

  const auto& list = charla::ui::colour_emoji;
  const int rows = static_cast<int>((list.size() + columns - 1) / columns);
  const int sheet_w = columns * cell;
  const int sheet_h = rows * cell;
  std::vector<unsigned char> sheet(static_cast<std::size_t>(sheet_w) * sheet_h * 4, 0);
  int missing = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const FT_UInt glyph = FT_Get_Char_Index(face, list[i]);
    if (glyph == 0 || FT_Load_Glyph(face, glyph, FT_LOAD_COLOR) != 0 ||
        face->glyph->bitmap.pixel_mode != FT_PIXEL_MODE_BGRA) {
      ++missing;
      continue;
    }
    place(face->glyph->bitmap, sheet, sheet_w, static_cast<int>(i % columns) * cell,
          static_cast<int>(i / columns) * cell, cell);
  }
  FT_Done_Face(face);
  FT_Done_FreeType(lib);
  if (stbi_write_png(argv[2], sheet_w, sheet_h, 4, sheet.data(), sheet_w * 4) == 0) {
    std::fprintf(stderr, "emoji_sheet: cannot write %s\n", argv[2]);
    return 1;
  }
  std::printf("emoji_sheet: %zu cells of %d px, %d missing from the font\n", list.size(), cell, missing);
  return 0;
}
