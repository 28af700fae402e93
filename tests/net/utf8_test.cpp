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

TEST(Utf8, CheckedDecodeAgreesWithIsValidOnEveryLeadByte) {
  // Every sequence of one lead byte and up to three continuation bytes from
  // a set that covers each boundary: decode_checked accepts exactly what
  // is_valid accepts, and then reads the same code point as decode.
  const unsigned char tails[] = {0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF};
  std::size_t accepted = 0;
  for (int lead = 0; lead < 256; ++lead) {
    for (unsigned char t1 : tails) {
      for (unsigned char t2 : tails) {
        for (unsigned char t3 : tails) {
          std::string s{static_cast<char>(lead), static_cast<char>(t1), static_cast<char>(t2), static_cast<char>(t3)};
          auto cp = decode_checked(s, 0);
          if (!cp) {
            for (std::size_t n = 1; n <= 4; ++n) {
              EXPECT_FALSE(is_valid(s.substr(0, n)) && (n == 4 || starts_code_point(s[n])))
                  << "refused a valid sequence at lead " << lead;
            }
            continue;
          }
          ++accepted;
          EXPECT_TRUE(is_valid(s.substr(0, cp->length))) << "lead " << lead;
          EXPECT_EQ(decode(s, 0).value, cp->value);
          EXPECT_EQ(decode(s, 0).length, cp->length);
          std::string again;
          append(again, cp->value);
          EXPECT_EQ(again, s.substr(0, cp->length));
        }
      }
    }
  }
  EXPECT_GT(accepted, 0u);
}

TEST(Utf8, CheckedDecodeRefusesBrokenSequences) {
  EXPECT_FALSE(decode_checked("\xC3", 0));              // truncated
  EXPECT_FALSE(decode_checked("\xC0\xAF", 0));          // overlong
  EXPECT_FALSE(decode_checked("\xE0\x80\xAF", 0));      // overlong
  EXPECT_FALSE(decode_checked("\xED\xA0\x80", 0));      // surrogate
  EXPECT_FALSE(decode_checked("\xF4\x90\x80\x80", 0));  // above U+10FFFF
  EXPECT_FALSE(decode_checked("\x80", 0));              // continuation
  EXPECT_FALSE(decode_checked("a", 1));                 // past the end
  auto e = decode_checked("x€", 1);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->value, U'€');
  EXPECT_EQ(e->length, 3u);
}

TEST(Utf8, AppendsEachLength) {
  std::string out;
  for (char32_t c : {U'a', U'ñ', U'€', U'😀', U'\U0010FFFF'}) append(out, c);
  EXPECT_EQ(out, "añ€😀\xF4\x8F\xBF\xBF");
}

TEST(Utf8, PrefixWithinNeverCutsACodePoint) {
  const std::string s = "añ€😀";  // 1 + 2 + 3 + 4 bytes
  const std::size_t ends[] = {0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 10};
  for (std::size_t max = 0; max < 12; ++max) EXPECT_EQ(prefix_within(s, max).size(), ends[max]) << max;
  EXPECT_TRUE(starts_code_point('a'));
  EXPECT_TRUE(starts_code_point('\xF0'));
  EXPECT_FALSE(starts_code_point('\x9F'));
}

}  // namespace
}  // namespace charla::net::utf8
