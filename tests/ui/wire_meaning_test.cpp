#include "ui/wire_meaning.hpp"

#include <gtest/gtest.h>

namespace charla::ui {
namespace {

wire_facts facts(wire_kind kind, wire_channel ch = wire_channel::read) {
  wire_facts f;
  f.kind = kind;
  f.channel = ch;
  f.subject = "Ana";
  return f;
}

TEST(WireMeaning, NamesEachKindInBothLanguages) {
  wire_facts hello = facts(wire_kind::hello, wire_channel::write);
  hello.version = 1;
  hello.author = "Ana";
  EXPECT_EQ(meaning(hello, language::en), "hello: this is the write channel of Ana (its messages will go through it)");
  EXPECT_EQ(meaning(hello, language::es), "hello: este es el canal de escritura de Ana (por él enviará sus mensajes)");
  hello.version = 0;
  EXPECT_EQ(meaning(hello, language::en), "hello from an old (seed) client: this is its write channel");

  wire_facts echo = facts(wire_kind::echo);
  echo.id = 12;
  echo.detail = "Hola\nclase";
  EXPECT_EQ(meaning(echo, language::en),
            "message echoed back: delivery receipt; “Hola ⏎ clase” is now #12 in the room");

  EXPECT_EQ(meaning(facts(wire_kind::ping), language::en),
            "keepalive: after 15 s of silence the server checks that the connection is alive");

  wire_facts leave = facts(wire_kind::leave);
  leave.author = "Bo";
  leave.code = "timeout";
  EXPECT_EQ(meaning(leave, language::es), "leave: Bo ha salido (perdió la conexión)");

  wire_facts error = facts(wire_kind::error);
  error.code = "rate_limited";
  error.detail = "too many messages: wait a moment";
  EXPECT_EQ(meaning(error, language::en), "error rate_limited: too many messages: wait a moment");

  wire_facts welcome = facts(wire_kind::welcome);
  welcome.detail = "Aula 3";
  welcome.count = 2;
  EXPECT_EQ(meaning(welcome, language::es), "welcome: estás en la sala «Aula 3»; personas dentro: 2");
}

TEST(WireMeaning, EveryKindHasWordsAndAName) {
  for (int k = 0; k < wire_kind_count; ++k) {
    const wire_facts f = facts(static_cast<wire_kind>(k));
    EXPECT_FALSE(meaning(f, language::es).empty()) << k;
    EXPECT_FALSE(meaning(f, language::en).empty()) << k;
    EXPECT_STRNE(wire_kind_name(f.kind), "?") << k;
    diagram_step s;
    s.facts = f;
    EXPECT_FALSE(step_label(s, language::en).empty()) << k;
  }
}

TEST(WireMeaning, DiagramLabelsFoldRepeats) {
  diagram_step s;
  s.facts = facts(wire_kind::replay);
  s.facts.id = 3;
  s.last_id = 14;
  s.repeats = 12;
  EXPECT_EQ(step_label(s, language::en), "replay: 12 messages (#3 to #14)");
  s.facts = facts(wire_kind::connected, wire_channel::write);
  s.facts.participant_end = "127.0.0.1:40002";
  s.facts.server_end = "127.0.0.1:5000";
  EXPECT_EQ(step_label(s, language::es), "conexión TCP: canal de escritura\n127.0.0.1:40002 → 127.0.0.1:5000");
}

TEST(WireMeaning, PrintableShowsTheNewlineAndHidesTheSession) {
  const std::string session = "0123456789abcdef0123456789abcdef";
  const std::string bytes = "{\"type\":\"read\",\"v\":1,\"session\":\"" + session + "\",\"autor\":\"Ana\"}\n";
  EXPECT_EQ(printable(bytes, session, false),
            "{\"type\":\"read\",\"v\":1,\"session\":\"01234567…\",\"autor\":\"Ana\"}↵");
  EXPECT_EQ(printable(bytes, session, true),
            "{\"type\":\"read\",\"v\":1,\"session\":\"" + session + "\",\"autor\":\"Ana\"}↵");
  EXPECT_EQ(printable("a\tb\x01", "", false), "a\\x09b\\x01");
  EXPECT_EQ(printable("{\n  \"a\": 1\n}", "", false, true), "{\n  \"a\": 1\n}");
}

TEST(WireMeaning, OneLineCutsOnCodePoints) {
  EXPECT_EQ(one_line("¿qué tal?", 4), "¿qué…");
  EXPECT_EQ(one_line("a\r\nb", 10), "a  ⏎ b");
  EXPECT_EQ(one_line("corto", 10), "corto");
}

TEST(WireMeaning, ServerViewFromTheParticipantsEnd) {
  inspector_model m;
  m.watch({}, false, 0);
  EXPECT_EQ(server_view(m, wire_channel::read, language::en), "not known yet (no welcome so far)");
  wire_record c;
  c.facts.kind = wire_kind::connected;
  c.facts.channel = wire_channel::write;
  c.facts.participant_end = "127.0.0.1:40002";
  m.add(c);
  wire_record w;
  w.facts.kind = wire_kind::welcome;
  w.bytes = "{}";
  m.add(w);
  m.set_session_hint("9a3c01de");
  EXPECT_EQ(server_view(m, wire_channel::read, language::en),
            "v1: paired by session 9a3c01de… with the write channel (127.0.0.1:40002)");
}

TEST(WireMeaning, ServerViewInTheServersOwnWords) {
  inspector_model m;
  m.watch({wire_subject::kind::participant, "Bo"}, true, 0);
  wire_record c;
  c.facts.kind = wire_kind::connected;
  c.facts.channel = wire_channel::read;
  c.facts.legacy = true;
  m.add(c);
  EXPECT_EQ(server_view(m, wire_channel::read, language::en),
            "legacy (seed): waits for another channel from the same IP address");
  c.facts.paired_with = "10.0.0.7:51000";
  m.add(c);
  EXPECT_EQ(server_view(m, wire_channel::read, language::es),
            "antiguo (seed): emparejado por dirección IP con el canal de escritura (10.0.0.7:51000)");
}

}  // namespace
}  // namespace charla::ui
