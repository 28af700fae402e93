#include "ui/font_set.hpp"

#include <algorithm>
#include <cmath>

#include <imgui_freetype.h>

#include "charla/fonts/embedded_fonts.hpp"

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

}  // namespace

const ImWchar* text_glyph_ranges() { return text_ranges; }

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
    atlas.Build();
    return set;
}

}  // namespace charla::ui
