#include "net/ws/utf8_validator.hpp"

#include <random>
#include <string>

#include <gtest/gtest.h>

#include "net/utf8.hpp"

namespace charla::net::ws {
namespace {

bool valid_whole(std::string_view s) {
  utf8_validator v;
  return v.feed(s) && v.at_boundary();
}

// Bytes at which the validator must fail, fed one at a time: the index of
// the first byte no valid text can have there (Autobahn's "fail fast" cases
// 6.3, 6.4).
std::size_t fails_at(std::string_view s) {
  utf8_validator v;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!v.feed(s.substr(i, 1))) return i;
  }
  return s.size();
}

// Whole, and cut in two at every point, `s` gets the answer `expected`.
void agrees_at_every_cut(const std::string& s, bool expected) {
  ASSERT_EQ(valid_whole(s), expected) << testing::PrintToString(s);
  for (std::size_t cut = 0; cut <= s.size(); ++cut) {
    utf8_validator v;
    bool ok = v.feed(std::string_view(s).substr(0, cut)) && v.feed(std::string_view(s).substr(cut)) && v.at_boundary();
    ASSERT_EQ(ok, expected) << testing::PrintToString(s) << " cut at " << cut;
  }
}

TEST(WsUtf8Validator, AcceptsWellFormedText) {
  for (std::string_view s :
       {"", "hola", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF",
        "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "¡Ñandú! ¿Qué tal? 😀👩‍👩‍👧 مرحبا",
        "\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5"}) {
    EXPECT_TRUE(valid_whole(s)) << s;
  }
}

TEST(WsUtf8Validator, RefusesMalformedText) {
  struct bad {
    std::string_view bytes;
    std::size_t first_bad;  // when fed byte by byte
  };
  const bad cases[] = {
      {"\x80", 0},              // continuation without a lead
      {"a\xBF", 1},             //
      {"\xC0\xAF", 0},          // overlong '/'
      {"\xC1\xBF", 0},          // overlong
      {"\xE0\x80\xAF", 1},      // overlong 3-byte
      {"\xE0\x9F\xBF", 1},      // overlong U+07FF
      {"\xF0\x80\x80\xAF", 1},  // overlong 4-byte
      {"\xF0\x8F\xBF\xBF", 1},  // overlong U+FFFF
      {"\xED\xA0\x80", 1},      // U+D800, a surrogate
      {"\xED\xBF\xBF", 1},      // U+DFFF
      {"\xF4\x90\x80\x80", 1},  // U+110000
      {"\xF5\x80\x80\x80", 0},  // never a lead
      {"\xFE", 0},              //
      {"\xFF", 0},              //
      {"\xC2\x41", 1},          // lead then ASCII
      {"\xE1\x80\x41", 2},      // cut 3-byte
      {"\xCE\xBA\xE1\xBD\xB9\xCF\x83\xCE\xBC\xCE\xB5\xED\xA0\x80\x65\x64\x69\x74\x65\x64", 12},  // Autobahn 6.4.1-ish
  };
  for (const auto& c : cases) {
    EXPECT_FALSE(valid_whole(c.bytes)) << testing::PrintToString(c.bytes);
    EXPECT_EQ(fails_at(c.bytes), c.first_bad) << testing::PrintToString(c.bytes);
  }
}

TEST(WsUtf8Validator, TruncatedTextIsNotAtABoundary) {
  for (std::string_view s : {"\xC2", "\xE0\xA0", "\xF0\x90\x80", "a\xF4"}) {
    utf8_validator v;
    EXPECT_TRUE(v.feed(s)) << "a valid prefix is not an error yet";
    EXPECT_FALSE(v.at_boundary());
  }
}

TEST(WsUtf8Validator, StaysFailedUntilReset) {
  utf8_validator v;
  EXPECT_FALSE(v.feed("\xFF"));
  EXPECT_FALSE(v.feed("a"));
  EXPECT_TRUE(v.failed());
  v.reset();
  EXPECT_TRUE(v.feed("a"));
  EXPECT_TRUE(v.at_boundary());
}

// simdjson's whole-text check (net/utf8) is the oracle: for random byte
// strings biased toward UTF-8 edges, cut at every point, both agree.
TEST(WsUtf8Validator, AgreesWithTheWholeTextCheckOnRandomInput) {
  std::mt19937 rng(20261202);
  const unsigned char interesting[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                       0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF};
  int valid = 0, invalid = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    std::size_t length = rng() % 12;
    for (std::size_t i = 0; i < length; ++i) {
      s += static_cast<char>(rng() % 3 ? interesting[rng() % sizeof interesting] : rng() % 256);
    }
    bool expected = utf8::is_valid(s);
    (expected ? valid : invalid)++;
    ASSERT_NO_FATAL_FAILURE(agrees_at_every_cut(s, expected));
  }
  // The generator reaches both outcomes often.
  EXPECT_GT(valid, 1000);
  EXPECT_GT(invalid, 1000);
}

// Pieces longer than 16 bytes take the validator's fast path (a whole-text
// check up to the last code point's first byte, then the byte walk): text
// of random code points, sometimes with one byte changed, cut at every
// point, gives the oracle's answer.
TEST(WsUtf8Validator, LongPiecesAgreeWithTheWholeTextCheck) {
  std::mt19937 rng(20261207);
  const char32_t edges[] = {0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
  int valid = 0, invalid = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    std::size_t code_points = 6 + rng() % 30;
    for (std::size_t i = 0; i < code_points; ++i) utf8::append(s, edges[rng() % std::size(edges)]);
    if (rng() % 2) s[rng() % s.size()] = static_cast<char>(rng() % 256);
    bool expected = utf8::is_valid(s);
    (expected ? valid : invalid)++;
    ASSERT_NO_FATAL_FAILURE(agrees_at_every_cut(s, expected));
  }
  EXPECT_GT(valid, 1000);
  EXPECT_GT(invalid, 500);
}

}  // namespace
}  // namespace charla::net::ws
