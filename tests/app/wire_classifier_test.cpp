#include "app/wire_classifier.hpp"

#include <gtest/gtest.h>

#include "ui/emoji.hpp"

namespace charla::app {
namespace {

net::wire_event frame(std::string bytes, bool from_participant) {
  net::wire_event e;
  e.what = net::wire_event::kind::frame;
  e.channel = net::channel_type::write;
  e.from_participant = from_participant;
  e.bytes = std::move(bytes);
  e.participant_end = "127.0.0.1:40002";
  e.server_end = "127.0.0.1:5000";
  e.participant = "Ana 🌸";
  return e;
}

TEST(WireClassifier, EmojiAreShownInDisplayFormAndCountedAsSent) {
  wire_classifier c;
  const std::string bytes = "{\"autor\":\"Ana 🌸\",\"mensaje\":\"¡Listo! 🎉\"}\n";
  ui::wire_record r = c.classify(frame(bytes, true));
  EXPECT_EQ(r.size, bytes.size()) << "the size on the wire";
  EXPECT_EQ(r.bytes, ui::to_display(bytes));
  EXPECT_EQ(ui::from_display(r.bytes), bytes) << "nothing lost";
  EXPECT_EQ(r.facts.kind, ui::wire_kind::message_out);
  EXPECT_EQ(r.facts.detail, ui::to_display("¡Listo! 🎉"));
  EXPECT_EQ(r.facts.author, ui::to_display("Ana 🌸"));
  EXPECT_EQ(r.facts.subject, ui::to_display("Ana 🌸"));
  EXPECT_EQ(r.pretty.find("\xF0"), std::string::npos) << "no character ImGui would turn into U+FFFD";
}

TEST(WireClassifier, GarbageIsUnreadableWithItsBytes) {
  wire_classifier c;
  ui::wire_record r = c.classify(frame("{\"autor\":", true));
  EXPECT_EQ(r.facts.kind, ui::wire_kind::unreadable);
  EXPECT_EQ(r.bytes, "{\"autor\":");
  EXPECT_EQ(r.size, 9u);
  EXPECT_FALSE(r.facts.detail.empty());
}

}  // namespace
}  // namespace charla::app
