#include "ui/inspector_model.hpp"

#include <gtest/gtest.h>

namespace charla::ui {
namespace {

wire_record rec(wire_kind kind, wire_channel ch, bool to_server, std::string bytes = {}, std::uint64_t id = 0) {
  wire_record r;
  r.facts.kind = kind;
  r.facts.channel = ch;
  r.facts.to_server = to_server;
  r.facts.id = id;
  r.facts.time_ms = 1'000'000;
  r.facts.participant_end = ch == wire_channel::read ? "127.0.0.1:40001" : "127.0.0.1:40002";
  r.facts.server_end = "127.0.0.1:5000";
  r.size = bytes.size();
  r.bytes = std::move(bytes);
  return r;
}

class InspectorModel : public ::testing::Test {
 protected:
  InspectorModel() { m.watch({}, false, 0); }

  // A v1 handshake, a replay of three, a message and its echo.
  void handshake() {
    m.add(rec(wire_kind::connected, wire_channel::read, true));
    wire_record hello = rec(wire_kind::hello, wire_channel::read, true, "{\"type\":\"read\"}\n");
    hello.facts.version = 1;
    hello.facts.session = "9a3c01de";
    m.add(hello);
    m.add(rec(wire_kind::connected, wire_channel::write, true));
    hello.facts.channel = wire_channel::write;
    hello.facts.participant_end = "127.0.0.1:40002";
    m.add(hello);
    m.add(rec(wire_kind::welcome, wire_channel::read, false, "{\"type\":\"welcome\"}"));
    for (std::uint64_t id = 1; id <= 3; ++id) m.add(rec(wire_kind::replay, wire_channel::read, false, "{}", id));
    m.add(rec(wire_kind::message_out, wire_channel::write, true, "{\"mensaje\":\"hola\"}\n"));
    m.add(rec(wire_kind::echo, wire_channel::read, false, "{\"type\":\"msg\"}", 4));
  }

  inspector_model m;
};

TEST_F(InspectorModel, StepsFollowTheWireInOrderWithReplaysFolded) {
  handshake();
  const auto& s = m.steps();
  const wire_kind expected[] = {wire_kind::connected, wire_kind::hello,  wire_kind::connected,   wire_kind::hello,
                                wire_kind::welcome,   wire_kind::replay, wire_kind::message_out, wire_kind::echo};
  ASSERT_EQ(s.size(), std::size(expected));
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_EQ(s[i].facts.kind, expected[i]) << i;
  EXPECT_EQ(s[1].facts.channel, wire_channel::read);
  EXPECT_EQ(s[3].facts.channel, wire_channel::write);
  EXPECT_EQ(s[5].repeats, 3u);
  EXPECT_EQ(s[5].facts.id, 1u);
  EXPECT_EQ(s[5].last_id, 3u);
  EXPECT_EQ(m.log().size(), 10u) << "the list keeps every record";
}

TEST_F(InspectorModel, KeepalivesFoldOnlyWhenConsecutive) {
  m.add(rec(wire_kind::ping, wire_channel::read, false, "{}"));
  m.add(rec(wire_kind::ping, wire_channel::read, false, "{}"));
  m.add(rec(wire_kind::message_in, wire_channel::read, false, "{}", 1));
  m.add(rec(wire_kind::ping, wire_channel::read, false, "{}"));
  ASSERT_EQ(m.steps().size(), 3u);
  EXPECT_EQ(m.steps()[0].repeats, 2u);
  EXPECT_EQ(m.steps()[2].repeats, 1u);
}

TEST_F(InspectorModel, CountsBytesAndObjectsPerChannelAndDirection) {
  handshake();
  const channel_details& r = m.channel(wire_channel::read);
  const channel_details& w = m.channel(wire_channel::write);
  EXPECT_TRUE(r.open);
  EXPECT_EQ(r.participant_end, "127.0.0.1:40001");
  EXPECT_EQ(r.server_end, "127.0.0.1:5000");
  EXPECT_EQ(r.objects_to_server, 1u);
  EXPECT_EQ(r.bytes_to_server, 16u);
  EXPECT_EQ(r.objects_from_server, 5u);  // welcome, three replays, the echo
  EXPECT_EQ(r.bytes_from_server, 18u + 3 * 2 + 14);
  EXPECT_EQ(w.objects_to_server, 2u);
  EXPECT_EQ(w.objects_from_server, 0u);
  EXPECT_EQ(r.version, 1);
  EXPECT_EQ(r.session, "9a3c01de");
  EXPECT_TRUE(m.saw_welcome());
  m.add(rec(wire_kind::closed, wire_channel::write, false));
  EXPECT_FALSE(m.channel(wire_channel::write).open);
  // A reconnect is a new connection: counted afresh.
  m.add(rec(wire_kind::connected, wire_channel::write, true));
  EXPECT_TRUE(m.channel(wire_channel::write).open);
  EXPECT_EQ(m.channel(wire_channel::write).objects_to_server, 0u);
}

TEST_F(InspectorModel, PauseFreezesWhatIsShownAndCountsWhatWaits) {
  m.add(rec(wire_kind::ping, wire_channel::read, false, "{}"));
  m.set_paused(true);
  const auto v = m.version();
  m.add(rec(wire_kind::ping, wire_channel::read, false, "{}"));
  m.add(rec(wire_kind::message_in, wire_channel::read, false, "{}", 7));
  EXPECT_EQ(m.waiting(), 2u);
  EXPECT_EQ(m.version(), v) << "nothing on screen changed";
  EXPECT_EQ(m.steps()[0].repeats, 1u) << "no folding into a frozen row";
  EXPECT_TRUE(m.shown(m.log().at(0).seq));
  EXPECT_FALSE(m.shown(m.log().at(2).seq));
  m.set_paused(false);
  EXPECT_EQ(m.waiting(), 0u);
  EXPECT_TRUE(m.shown(m.log().at(2).seq));
}

TEST_F(InspectorModel, ClearForgetsFramesButNotTheChannels) {
  handshake();
  m.clear();
  EXPECT_TRUE(m.log().empty());
  EXPECT_TRUE(m.steps().empty());
  EXPECT_TRUE(m.channel(wire_channel::read).open);
  EXPECT_EQ(m.channel(wire_channel::read).server_end, "127.0.0.1:5000");
}

TEST_F(InspectorModel, WatchingSomeoneElseStartsOver) {
  handshake();
  m.watch({wire_subject::kind::participant, "Bo"}, true, 5);
  EXPECT_TRUE(m.log().empty());
  EXPECT_FALSE(m.channel(wire_channel::read).seen);
  EXPECT_EQ(m.subject_name(), "Bo");
  EXPECT_TRUE(m.server_side());
  EXPECT_EQ(m.watching_since_ms(), 5);
}

TEST_F(InspectorModel, TheNextToJoinGetsItsNameFromTheWire) {
  m.watch({wire_subject::kind::next, {}}, true, 0);
  EXPECT_TRUE(m.subject_name().empty());
  wire_record r = rec(wire_kind::connected, wire_channel::read, true);
  r.facts.subject = "Carmen";
  m.add(r);
  EXPECT_EQ(m.subject_name(), "Carmen");
}

TEST_F(InspectorModel, StepsAreBoundedAndKeepFewWordsOfLongMessages) {
  for (std::size_t i = 0; i < inspector_model::max_steps + 50; ++i) {
    wire_record r = rec(wire_kind::message_in, wire_channel::read, false, "{}", i + 1);
    r.facts.detail = std::string(5000, 'a');
    m.add(r);
  }
  EXPECT_EQ(m.steps().size(), inspector_model::max_steps);
  EXPECT_EQ(m.steps().front().facts.id, 51u);
  EXPECT_LE(m.steps().back().facts.detail.size(), inspector_model::max_step_detail);
}

}  // namespace
}  // namespace charla::ui
