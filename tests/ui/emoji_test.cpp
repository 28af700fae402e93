#include "ui/emoji.hpp"

#include <gtest/gtest.h>

#include "harness.hpp"
#include "ui/emoji_list.hpp"

namespace charla::ui {
namespace {

std::string utf8(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

TEST(Emoji, EveryEmojiHasAStandInThatFitsImGuisCharacters) {
  for (char32_t c = emoji_first; c <= emoji_last; ++c) {
    const char32_t d = to_display(c);
    ASSERT_LE(d, 0xFFFFu);
    ASSERT_GE(d, 0xE000u);
    ASSERT_LE(d, 0xF8FFu) << "inside the Private Use Area";
    ASSERT_EQ(from_display(d), c);
    ASSERT_EQ(to_display(utf8(c)), utf8(d));
    ASSERT_EQ(from_display(utf8(d)), utf8(c));
  }
}

TEST(Emoji, OtherTextIsUntouched) {
  const std::string spanish = "¿Qué tal? áéíóú ñ ü € “ ” … → ✓ ❤ \xEF\xB8\x8F";
  EXPECT_EQ(to_display(spanish), spanish);
  EXPECT_EQ(from_display(spanish), spanish);
  EXPECT_EQ(to_display(utf8(0x20000)), utf8(0x20000)) << "outside the emoji planes";
  EXPECT_EQ(from_display(utf8(0xF000)), utf8(0xF000)) << "Private Use past the stand-ins";
}

TEST(Emoji, MixedTextRoundTrips) {
  const std::string typed = "Hola 😀 clase 👍🏽 ¿vamos? 🎉🎉 fin";
  const std::string shown = to_display(typed);
  EXPECT_EQ(shown.find("\xF0"), std::string::npos) << "no 4-byte sequences left for ImGui";
  EXPECT_EQ(from_display(shown), typed);
  EXPECT_EQ(shown.substr(0, 5), "Hola ");
}

TEST(Emoji, BrokenUtf8PassesThroughByteForByte) {
  const std::string broken[] = {"\xF0\x9F\x98", "\xF0\x9F", "a\xF0zz\xEE\x80", "\xEE\x80\x80\xEE"};
  for (const std::string& b : broken) EXPECT_EQ(to_display(b), b);
  EXPECT_EQ(from_display(std::string("\xEE\x80")), std::string("\xEE\x80"));
}

TEST(Emoji, ColourEmojiAreDrawnFromTheEmbeddedSheet) {
  test::harness h;  // builds the fonts as the window does
  ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
  ASSERT_TRUE(h.prefs().fonts->colour_emoji) << "fonts-noto-color-emoji at build time";
  unsigned char* px = nullptr;
  int w = 0;
  int ht = 0;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &ht);
  for (char32_t c : {char32_t{0x1F600}, char32_t{0x1F44D}, char32_t{0x1F389}}) {
    const ImFontGlyph* g = font->FindGlyphNoFallback(static_cast<ImWchar>(to_display(c)));
    ASSERT_NE(g, nullptr) << std::hex << static_cast<unsigned>(c);
    EXPECT_TRUE(g->Colored);
    EXPECT_GT(g->X1 - g->X0, 0.5f * font->FontSize);
    // The picture has colour: some pixel whose channels differ (plain
    // glyphs are white with alpha).
    const int x0 = static_cast<int>(g->U0 * w);
    const int y0 = static_cast<int>(g->V0 * ht);
    const int x1 = static_cast<int>(g->U1 * w);
    const int y1 = static_cast<int>(g->V1 * ht);
    int coloured = 0;
    for (int y = y0; y < y1; ++y) {
      for (int x = x0; x < x1; ++x) {
        const unsigned char* p = &px[(y * w + x) * 4];
        if (p[3] > 128 && (p[0] != p[1] || p[1] != p[2])) ++coloured;
      }
    }
    EXPECT_GT(coloured, (x1 - x0) * (y1 - y0) / 4) << std::hex << static_cast<unsigned>(c);
  }
  // Modifiers that only change an emoji take no room.
  for (char32_t c : {char32_t{0xFE0F}, char32_t{0x200D}, to_display(char32_t{0x1F3FD})}) {
    const ImFontGlyph* g = font->FindGlyphNoFallback(static_cast<ImWchar>(c));
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->AdvanceX, 0.0f);
  }
}

TEST(Emoji, EveryListedEmojiIsInTheSheet) {
  test::harness h;
  ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
  int missing = 0;
  for (char32_t c : colour_emoji) {
    if (font->FindGlyphNoFallback(static_cast<ImWchar>(to_display(c))) == nullptr) ++missing;
  }
  EXPECT_EQ(missing, 0);
}

}  // namespace
}  // namespace charla::ui
