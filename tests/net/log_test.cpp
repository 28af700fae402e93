// event_log::quote: a participant's text as one safe line of the host's log.
#include <string>

#include <gtest/gtest.h>

#include "net/log.hpp"

namespace charla::net {
namespace {

TEST(LogQuote, PlainTextIsQuotedAsItIs) {
  EXPECT_EQ(event_log::quote("Hola, ¿qué tal? 😀"), "\"Hola, ¿qué tal? 😀\"");
  EXPECT_EQ(event_log::quote(""), "\"\"");
}

TEST(LogQuote, ControlCharactersQuotesAndBackslashesAreEscaped) {
  EXPECT_EQ(event_log::quote("a\nb\r\tc"), "\"a\\nb\\r\\tc\"");
  EXPECT_EQ(event_log::quote("say \"hi\" \\o/"), "\"say \\\"hi\\\" \\\\o/\"");
  EXPECT_EQ(event_log::quote("\x1B[2Jcleared\x07\x7F"), "\"\\x1B[2Jcleared\\x07\\x7F\"");
  EXPECT_EQ(event_log::quote("c1 \u0085 here"), "\"c1 \\u0085 here\"");
}

// Text that would make the rest of the line read backwards, or break it.
TEST(LogQuote, CharactersThatReorderOrBreakALineAreEscaped) {
  EXPECT_EQ(event_log::quote("abc\u202Edef"), "\"abc\\u202Edef\"");
  EXPECT_EQ(event_log::quote("x\u2066y\u2069z"), "\"x\\u2066y\\u2069z\"");
  EXPECT_EQ(event_log::quote("one\u2028two"), "\"one\\u2028two\"");
}

TEST(LogQuote, LongTextIsCutOnACharacterBoundaryWithItsLength) {
  std::string text(200, 'a');
  EXPECT_EQ(event_log::quote(text, 160), "\"" + std::string(160, 'a') + "…\" (200 bytes)");
  // 2-byte characters: 160 bytes hold 80 of them; one more would not fit whole.
  std::string enes;
  for (int i = 0; i < 100; ++i) enes += "ñ";
  std::string kept;
  for (int i = 0; i < 80; ++i) kept += "ñ";
  EXPECT_EQ(event_log::quote(enes, 160), "\"" + kept + "…\" (200 bytes)");
  std::string odd = "a" + enes;  // 201 bytes: the 80th ñ would end at byte 161
  EXPECT_EQ(event_log::quote(odd, 160), "\"a" + kept.substr(0, 158) + "…\" (201 bytes)");
  // Exactly at the limit: whole, no marker.
  EXPECT_EQ(event_log::quote(std::string(160, 'b'), 160), "\"" + std::string(160, 'b') + "\"");
}

}  // namespace
}  // namespace charla::net
