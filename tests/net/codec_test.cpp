#include "net/codec.hpp"

#include <gtest/gtest.h>

namespace charla::net {
namespace {

template <typename T>
T read_as(json_reader& r, std::string_view text) {
  auto d = r.read(text);
  EXPECT_TRUE(d.value.has_value()) << text << ": " << d.problem;
  EXPECT_TRUE(d.value && std::holds_alternative<T>(*d.value)) << text;
  return d.value ? std::get<T>(*d.value) : T{};
}

TEST(Codec, ReadsSeedHellosAndMessages) {
  json_reader r;
  auto h = read_as<hello>(r, R"({"type":"write"})");
  EXPECT_EQ(h.type, channel_type::write);
  EXPECT_EQ(h.version, 0);
  auto m = read_as<chat_in>(r, R"({"autor":"Ana","mensaje":"Hola"})");
  EXPECT_EQ(m.author, "Ana");
  EXPECT_EQ(m.text, "Hola");
  EXPECT_TRUE(m.cid.empty());
}

TEST(Codec, HelloRoundTrips) {
  json_reader r;
  hello h{channel_type::read, 1, std::string(32, 'a'), "Ñandú \"el\" ñu", "1234", 17};
  auto back = read_as<hello>(r, encode(h));
  EXPECT_EQ(back.type, h.type);
  EXPECT_EQ(back.version, 1);
  EXPECT_EQ(back.session, h.session);
  EXPECT_EQ(back.author, h.author);
  EXPECT_EQ(back.pin, h.pin);
  EXPECT_EQ(back.since, h.since);
}

TEST(Codec, EveryEventRoundTrips) {
  json_reader r;
  chat_msg m{17, 1764050000123, "Ana", "línea 1\nlínea 2 \t \"x\" \\ \x01", "c9", true};
  auto mb = read_as<chat_msg>(r, encode(m));
  EXPECT_EQ(mb.id, 17u);
  EXPECT_EQ(mb.ts_ms, m.ts_ms);
  EXPECT_EQ(mb.text, m.text);
  EXPECT_EQ(mb.cid, "c9");
  EXPECT_TRUE(mb.replay);

  welcome w{1, "Aula 3", "charla 0.1.0", std::string(32, 'b'), 5, 9, {{"Ana", false}, {"Bo", true}}};
  auto wb = read_as<welcome>(r, encode(w));
  EXPECT_EQ(wb.room, "Aula 3");
  EXPECT_EQ(wb.first_id, 5u);
  EXPECT_EQ(wb.last_id, 9u);
  ASSERT_EQ(wb.members.size(), 2u);
  EXPECT_TRUE(wb.members[1].legacy);

  EXPECT_EQ(read_as<join_event>(r, encode(join_event{"Bo", true})).legacy, true);
  EXPECT_EQ(read_as<leave_event>(r, encode(leave_event{"Bo", leave_reason::slow})).reason, leave_reason::slow);
  auto e = read_as<error_event>(r, encode(error_event{error_code::rate_limited, "despacio", "c1"}));
  EXPECT_EQ(e.code, error_code::rate_limited);
  EXPECT_EQ(e.cid, "c1");
  EXPECT_EQ(read_as<ping_event>(r, encode(ping_event{42})).ts_ms, 42);
  read_as<bye_event>(r, encode(bye_event{}));
}

TEST(Codec, WelcomeCarriesTheMessageLimitOnlyWhenSet) {
  json_reader r;
  welcome w{1, "Aula 3", "charla 0.1.0", std::string(32, 'b'), 1, 0, {}};
  EXPECT_EQ(encode(w).find("max_mensaje"), std::string::npos);  // an older server's welcome
  EXPECT_EQ(read_as<welcome>(r, encode(w)).max_text_bytes, 0u);
  w.max_text_bytes = 100;
  EXPECT_NE(encode(w).find("\"max_mensaje\":100"), std::string::npos);
  EXPECT_EQ(read_as<welcome>(r, encode(w)).max_text_bytes, 100u);
}

TEST(Codec, MessageSizeIsCountedInUtf8BytesNotEscapesOrDisplayForm) {
  EXPECT_EQ(text_bytes("hola \t\n "), 4u);        // trailing whitespace trimmed, as the host does
  EXPECT_EQ(text_bytes("\"\\"), 2u);              // escaped on the wire, one byte each here
  EXPECT_EQ(text_bytes("\xF0\x9F\x98\x80"), 4u);  // an emoji: four bytes
  EXPECT_EQ(default_max_text_bytes, 8192u);
}

TEST(Codec, EncodesCompactOneObjectPerLine) {
  auto s = encode(chat_in{"Ana", "Hola", {}});
  EXPECT_EQ(s, "{\"autor\":\"Ana\",\"mensaje\":\"Hola\"}\n");
  EXPECT_EQ(std::count(s.begin(), s.end(), '\n'), 1);
}

TEST(Codec, AsciiOnlyEncodingForSeedServers) {
  auto s = encode(chat_in{"Ñu", "¿€?", {}}, true);
  EXPECT_EQ(s, "{\"autor\":\"\\u00d1u\",\"mensaje\":\"\\u00bf\\u20ac?\"}\n");
  json_reader r;
  EXPECT_EQ(read_as<chat_in>(r, s).text, "¿€?");
}

TEST(Codec, InvalidInputClassesAreProblemsNotCrashes) {
  json_reader r;
  const char* bad[] = {
      "{\"autor\":\"\xC3\",\"mensaje\":\"x\"}",  // invalid UTF-8
      "{\"autor\":1,\"mensaje\":\"x\"}",         // wrong type
      "{\"autor\":\"a\"}",                       // missing field
      "{\"type\":\"nope\"}",                     // unknown type
      "{\"type\":\"msg\",\"id\":-1,\"autor\":\"a\",\"mensaje\":\"b\"}",
      "{\"type\":\"error\",\"code\":\"zzz\"}",
      "{\"autor\":\"a\",\"mensaje\":\"b\"",  // unterminated
      "{{}}",
      "{\"a\":\x00}",
  };
  for (const char* text : bad) {
    auto d = r.read(text);
    EXPECT_FALSE(d.value.has_value()) << text;
    EXPECT_FALSE(d.problem.empty()) << text;
  }
  std::string deep = "{\"a\":" + std::string(3000, '[') + std::string(3000, ']') + "}";
  EXPECT_FALSE(r.read(deep).value.has_value());
  // The reader still works afterwards.
  EXPECT_EQ(read_as<chat_in>(r, R"({"autor":"a","mensaje":"b"})").text, "b");
}

TEST(Codec, NullMeansAbsentAndUnknownKeysAreIgnored) {
  json_reader r;
  auto m = read_as<chat_in>(r, R"({"autor":"a","mensaje":"b","cid":null,"extra":{"x":[1,2]}})");
  EXPECT_TRUE(m.cid.empty());
}

TEST(Codec, ShortLegacyMessageIsOneObject) {
  auto parts = encode_legacy_parts("Ana", "Hola");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0], "{\"autor\":\"Ana\",\"mensaje\":\"Hola\"}\n");
}

TEST(Codec, LongLegacyMessageSplitsIntoNumberedPartsThatRejoin) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += (i % 7 == 0) ? "ñ" : (i % 11 == 0 ? "\"" : "a");
  for (bool ascii : {false, true}) {
    auto parts = encode_legacy_parts("Ana", text, ascii);
    ASSERT_GT(parts.size(), 1u);
    json_reader r;
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      EXPECT_LE(parts[i].size(), legacy_max_object);
      auto m = read_as<chat_in>(r, parts[i]);
      auto part = parse_legacy_part(m.text);
      ASSERT_TRUE(part);
      EXPECT_EQ(part->index, i + 1);
      EXPECT_EQ(part->count, parts.size());
      joined += part->piece;
    }
    EXPECT_EQ(joined, text);
  }
}

TEST(Codec, ManyPartsWidenTheCounter) {
  std::string text(30000, 'x');  // more than 9 parts: "(10/30) "
  auto parts = encode_legacy_parts("A", text, false, 1024);
  EXPECT_GE(parts.size(), 10u);
  for (auto& p : parts) EXPECT_LE(p.size(), 1024u);
}

TEST(Codec, TranscriptLineRoundTrips) {
  json_reader r;
  transcript_line line{{3, 99, "Ana", "hola\n", "c1", false}, std::string(32, 'c')};
  auto back = r.read_transcript_line(encode(line));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->msg.id, 3u);
  EXPECT_EQ(back->msg.text, "hola\n");
  EXPECT_EQ(back->session, line.session);
}

}  // namespace
}  // namespace charla::net
