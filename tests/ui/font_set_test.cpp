#include "ui/font_set.hpp"

#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "harness.hpp"

namespace charla::ui {
namespace {

// Decodes UTF-8 into code points (the test's own decoder, not ImGui's).
std::vector<unsigned> code_points(const std::string& s) {
  std::vector<unsigned> out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    unsigned cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

TEST(FontSet, EmbeddedFacesLoad) {
  test::harness h;
  const font_set& fonts = *h.prefs().fonts;
  EXPECT_TRUE(fonts.embedded);
  ASSERT_NE(fonts.regular, nullptr);
  ASSERT_NE(fonts.bold, nullptr);
  ASSERT_NE(fonts.big_bold, nullptr);
  EXPECT_FLOAT_EQ(fonts.size_px, base_font_px);
  EXPECT_GT(fonts.big->FontSize, fonts.regular->FontSize * 2);
}

TEST(FontSet, NoTofuForSpanishAndCommonSymbols) {
  test::harness h;
  const std::string wanted = "áéíóúÁÉÍÓÚñÑüÜ¿¡€“”‘’…→←↓✓★●·«»ºª";
  for (unsigned cp : code_points(wanted)) {
    const ImFontGlyph* glyph = h.prefs().fonts->regular->FindGlyphNoFallback(static_cast<ImWchar>(cp));
    ASSERT_NE(glyph, nullptr) << "U+" << std::hex << cp;
    EXPECT_TRUE(glyph->Visible) << "U+" << std::hex << cp;
  }
  for (unsigned cp : code_points("áéíóúñü¿¡€“”…→")) {
    EXPECT_NE(h.prefs().fonts->bold->FindGlyphNoFallback(static_cast<ImWchar>(cp)), nullptr) << "U+" << std::hex << cp;
  }
  for (unsigned cp : code_points("0123456789.:ABCabcñ«»")) {
    EXPECT_NE(h.prefs().fonts->big_bold->FindGlyphNoFallback(static_cast<ImWchar>(cp)), nullptr)
        << "U+" << std::hex << cp;
  }
}

TEST(FontSet, ZoomLoadsLargerFaces) {
  test::harness h(ImVec2(1280, 800), 2.0f);
  EXPECT_FLOAT_EQ(h.prefs().fonts->size_px, 2 * base_font_px);
  EXPECT_FLOAT_EQ(h.prefs().fonts->regular->FontSize, 2 * base_font_px);
  EXPECT_LE(h.prefs().fonts->big->FontSize, 112.0f);
}

TEST(FontSet, AtlasStaysSmallEnoughAtTheLargestZoom) {
  test::harness h(ImVec2(1280, 800), 3.0f);
  int w = 0;
  int ht = 0;
  unsigned char* px = nullptr;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &ht);
  std::printf("[ metrics  ] atlas at zoom 3: %dx%d\n", w, ht);
  EXPECT_LE(w, 4096);
  EXPECT_LE(ht, 4096);
}

}  // namespace
}  // namespace charla::ui
