#include "net/utf8.hpp"

#include <gtest/gtest.h>

#include "net/codec.hpp"

namespace charla::net::utf8 {
namespace {

TEST(Utf8, ValidatesWellFormedAndRejectsBroken) {
  EXPECT_TRUE(is_valid("Hola señor ¿qué tal? € 😀"));
  EXPECT_FALSE(is_valid("\xC3"));          // truncated
  EXPECT_FALSE(is_valid("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(is_valid("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_valid("\xFF"));
}

TEST(Utf8, CountsCodePoints) {
  EXPECT_EQ(count_code_points("ñandú"), 5u);
  EXPECT_EQ(count_code_points("😀a"), 2u);
}

TEST(Utf8, FindsControlCharacters) {
  EXPECT_TRUE(has_control("a\tb"));
  EXPECT_TRUE(has_control("a\x7F"));
  EXPECT_TRUE(has_control("a\xC2\x85"));  // NEL, a C1 control
  EXPECT_FALSE(has_control("Ñandú €"));
}

TEST(Utf8, TrimsAsciiSpaceAndNoBreakSpace) {
  EXPECT_EQ(trim("  \xC2\xA0 Ana \n"), "Ana");
  EXPECT_EQ(trim_end("hola  \r\n"), "hola");
  EXPECT_EQ(trim_end("  hola"), "  hola");
}

TEST(Utf8, EscapesEverythingJsonNeeds) {
  std::string out;
  append_json_escaped(out, "\"\\\n\r\t\b\f\x01 \xE2\x80\xA8");
  EXPECT_EQ(out, "\\\"\\\\\\n\\r\\t\\b\\f\\u0001 \\u2028");
}

TEST(Utf8, AsciiOnlyEscapesNonAsciiWithSurrogatePairs) {
  std::string out;
  append_json_escaped(out, "ñ€😀", true);
  EXPECT_EQ(out, "\\u00f1\\u20ac\\ud83d\\ude00");
}

TEST(Utf8, SplitKeepsCodePointsWholeAndWithinBudget) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += (i % 3 == 0) ? "ñ" : (i % 3 == 1 ? "€" : "a");
  for (bool ascii : {false, true}) {
    auto pieces = split_escaped(text, 100, ascii);
    std::string joined;
    for (auto p : pieces) {
      EXPECT_TRUE(is_valid(p));
      std::string esc;
      append_json_escaped(esc, p, ascii);
      EXPECT_LE(esc.size(), 100u);
      joined += p;
    }
    EXPECT_EQ(joined, text);
  }
}

}  // namespace
}  // namespace charla::net::utf8
