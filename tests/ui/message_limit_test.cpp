// The composer's limit is the host's, counted in the bytes the text takes on
// the wire: an emoji is 4 bytes there (its stand-in in the box is 3), so
// 2,048 emoji fill the 8 KiB limit exactly and reach every window, while
// 2,049, or the 2,730 whose stand-ins once passed a display-byte count, stay
// in the box, whole, and the host never sees them. A real room on loopback,
// the app's wiring, the real composer.
#include <gtest/gtest.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "live_room.hpp"
#include "ui/emoji.hpp"

namespace charla::ui {
namespace {

std::string emoji(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += "😀";
  return out;
}

// Puts `text` (as it comes from the keyboard) in the box and presses Enter:
// what the composer asked to send, if anything, is sent as the window does
// (app/gui.cpp: the wire form to the session, the display form pending).
std::optional<std::string> enter(live_room& room, const std::string& text) {
  room.v.chat.input().set_text(to_display(text));
  room.frame();
  room.h.intents().clear();
  room.h.press(GLFW_KEY_ENTER);
  std::optional<std::string> asked;
  for (auto& i : room.h.intents())
    if (auto* s = std::get_if<send_text>(&i)) asked = s->text;
  room.h.intents().clear();
  if (!asked) return std::nullopt;
  const std::string wire = from_display(*asked);
  room.v.model.add_pending(room.session.send(wire), *asked, now_ms());
  return wire;
}

bool host_logged(live_room& room, const std::string& needle) {
  for (auto& e : room.session.log_after(0))
    if (e.text.find(needle) != std::string::npos) return true;
  return false;
}

TEST(MessageLimit, CountsWireBytesAgainstTheLimitTheHostAnnounces) {
  live_room room(language::en);
  room.host("Profe");
  ASSERT_TRUE(room.pump([&] { return room.v.model.status().max_message_bytes == net::default_max_text_bytes; }));
  ASSERT_EQ(net::default_max_text_bytes, 8192u);

  for (std::size_t n : {2730u, 2049u}) {
    EXPECT_FALSE(enter(room, emoji(n))) << n << " emoji (" << 4 * n << " bytes) were sent";
    EXPECT_TRUE(room.v.chat.input().text() == to_display(emoji(n))) << "the text stays in the box, whole";
    EXPECT_EQ(room.v.chat.input().wire_bytes(), 4 * n);
  }

  const std::string full = emoji(2048);
  auto sent = enter(room, full);
  ASSERT_TRUE(sent);
  EXPECT_TRUE(*sent == full) << "what leaves is the text as typed: " << sent->size() << " bytes, not 8,192";
  EXPECT_TRUE(room.v.chat.input().text().empty());
  ASSERT_TRUE(room.pump([&] { return room.history_has(to_display(full)); })) << "the host refused 8,192 bytes";
  EXPECT_TRUE(room.pump([&] { return host_logged(room, "8192 bytes"); }));
  EXPECT_FALSE(host_logged(room, "too large"));
  // The refused texts never reached the host: the room has one message.
  std::size_t messages = 0;
  for (const auto& r : room.v.model.rows()) messages += r.kind == message_kind::message;
  EXPECT_EQ(messages, 1u);
}

}  // namespace
}  // namespace charla::ui
