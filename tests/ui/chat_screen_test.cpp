#include "ui/chat_screen.hpp"

#include <cmath>

#include <gtest/gtest.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "harness.hpp"
#include "ui/status_bar.hpp"
#include "ui/view.hpp"

namespace charla::ui {
namespace {

class ChatScreen : public ::testing::Test {
 protected:
  ChatScreen() {
    v.prefs = h.prefs();
    v.model.set_self("Profe");
    connection_status st;
    st.state = connection_state::connected;
    st.server_address = "192.168.1.20:5000";
    st.room = "Redes 2ºB";
    v.model.set_status(st, 0);
    v.model.set_members({{"Profe", false}, {"Bo", false}, {"Seed", true}});
    enter_chat(v);
    h.set_ui_returning([this] { return draw(v); });
    h.step(2);
  }

  void host() {
    join_card card;
    card.addresses = {"192.168.1.20", "10.0.0.7"};
    card.port = 5000;
    card.pin = "4321";
    card.room = "Redes 2ºB";
    v.model.start_hosting(card);
    host_counters c;
    c.connections = 6;
    c.participants = 3;
    c.messages = 42;
    c.messages_per_s = 1.5;
    c.bytes_in = 2048;
    c.bytes_out = 3 * 1024 * 1024;
    v.model.set_counters(c);
    v.model.add_log_line("listening on 0.0.0.0:5000");
    v.model.add_log_line("hello read from 192.168.1.31 (Bo)");
    h.step(2);
  }

  test::harness h;
  view v;
};

TEST_F(ChatScreen, ListsParticipantsWithSeedClientsMarked) {
  const std::string text = h.capture();
  EXPECT_TRUE(test::contains(text, "Participantes (3)")) << text;
  EXPECT_TRUE(test::contains(text, "(tú)"));
  EXPECT_TRUE(test::contains(text, "Seed"));
  EXPECT_TRUE(test::contains(text, "versión antigua"));
  EXPECT_FALSE(h.has("kick/Bo")) << "only the host can kick";
}

TEST_F(ChatScreen, StatusBarShowsStateAddressRoomAndMembers) {
  const std::string text = h.capture();
  EXPECT_TRUE(test::contains(text, "Conectado")) << text;
  EXPECT_TRUE(test::contains(text, "192.168.1.20:5000"));
  EXPECT_TRUE(test::contains(text, "Sala «Redes 2ºB»"));
  EXPECT_TRUE(test::contains(text, "3 participantes"));
}

TEST_F(ChatScreen, ReconnectingCountsDown) {
  connection_status st = v.model.status();
  st.state = connection_state::reconnecting;
  const auto now = std::chrono::steady_clock::now();
  st.retry_at = now + std::chrono::milliseconds(3200);
  v.model.set_status(st, 0);
  EXPECT_EQ(status_text(st, language::es, now), "Reconectando en 3 s…");
  EXPECT_EQ(status_text(st, language::en, now + std::chrono::milliseconds(1000)), "Reconnecting in 2 s…");
  EXPECT_EQ(status_text(st, language::es, now + std::chrono::milliseconds(3000)), "Reconectando…");
  EXPECT_NEAR(status_changes_in(st, now), 0.7, 0.01);
  EXPECT_GT(next_redraw_in(v), 0.0);
  h.step();
  EXPECT_TRUE(test::contains(h.capture(), "Reconectando en 3 s…"));
  EXPECT_TRUE(test::contains(window_title(v), "Reconectando en"));
}

TEST_F(ChatScreen, HostSeesJoinCardCountersAndLog) {
  host();
  const std::string text = h.capture();
  for (const char* expected :
       {"Únete a la sala", "Escanea el QR con el móvil, o abre charla, pulsa «Unirse» y escribe:", "192.168.1.20",
        "10.0.0.7", "5000", "4321", "Conexiones", "6", "3.0 MiB", "2.0 KiB", "1.5"}) {
    EXPECT_TRUE(test::contains(text, expected)) << expected << "\n--- drawn:\n" << text;
  }
  h.click("tab/log");
  const std::string log = h.capture();
  EXPECT_TRUE(test::contains(log, "listening on 0.0.0.0:5000")) << log;
  EXPECT_TRUE(test::contains(log, "hello read from 192.168.1.31 (Bo)")) << log;
  h.click("hide_card");
  EXPECT_FALSE(v.chat.show_join_card);
  EXPECT_FALSE(test::contains(h.capture(), "10.0.0.7"));
}

TEST_F(ChatScreen, JoinCardShowsAQrCodePerAddressAndOneFullScreen) {
  host();
  ASSERT_TRUE(h.has("qr/192.168.1.20"));
  ASSERT_TRUE(h.has("qr/10.0.0.7"));
  const probe_rect card = h.rect("join_card");
  const probe_rect a = h.rect("qr/192.168.1.20");
  const probe_rect b = h.rect("qr/10.0.0.7");
  // Side by side on the right of the card, whole pixels, square.
  EXPECT_LT(a.max.x, b.min.x);
  EXPECT_LE(b.max.x, card.max.x);
  EXPECT_GT(a.min.x, card.min.x + (card.max.x - card.min.x) / 2);
  EXPECT_EQ(a.max.x - a.min.x, a.max.y - a.min.y);
  EXPECT_EQ(a.min.x, std::floor(a.min.x));
  EXPECT_EQ(a.min.y, std::floor(a.min.y));
  EXPECT_FALSE(v.chat.qr_full_screen_url());
  EXPECT_TRUE(test::contains(h.capture(), "Mostrar QR a pantalla completa"));

  // The button: the first address, full screen, its URL written under it.
  h.click("qr_full_screen");
  h.step();
  EXPECT_EQ(v.chat.qr_full_screen_url(), "http://192.168.1.20:5000/#pin=4321");
  ASSERT_TRUE(h.has("qr_full_screen_code"));
  // Centred across the window, as tall as the URL under it allows: 800 px
  // less two text lines and margins, in whole modules (29 + 8 of them).
  const probe_rect code = h.rect("qr_full_screen_code");
  const float side = code.max.x - code.min.x;
  EXPECT_EQ(side, code.max.y - code.min.y);
  EXPECT_EQ(std::fmod(side, 37.0f), 0.0f) << side;
  EXPECT_GE(side, 37.0f * 18);
  EXPECT_NEAR(code.min.x + side / 2, 640, 1);
  EXPECT_LT(code.max.y, 800 - 2 * ImGui::GetTextLineHeight());
  std::string text = h.capture();
  EXPECT_TRUE(test::contains(text, "http://192.168.1.20:5000/#pin=4321")) << text;
  EXPECT_TRUE(test::contains(text, "Esc o clic para volver")) << text;
  // Esc closes it and gives the keyboard back to the composer.
  h.press(GLFW_KEY_ESCAPE);
  h.step();
  EXPECT_FALSE(v.chat.qr_full_screen_url());
  EXPECT_FALSE(h.has("qr_full_screen_code"));

  // A click on a code shows that address; a click anywhere closes it.
  h.click("qr/10.0.0.7");
  h.step();
  EXPECT_EQ(v.chat.qr_full_screen_url(), "http://10.0.0.7:5000/#pin=4321");
  h.click(ImVec2(40, 40));
  h.step();
  EXPECT_FALSE(v.chat.qr_full_screen_url());
  EXPECT_TRUE(h.intents().empty()) << "showing the code is no intent for the app";
}

TEST_F(ChatScreen, EnglishFullScreenCodeWithoutPin) {
  h.prefs().lang = language::en;
  v.prefs = h.prefs();
  join_card card;
  card.addresses = {"192.168.1.20"};
  card.port = 5000;
  v.model.start_hosting(card);
  h.step(2);
  EXPECT_TRUE(test::contains(h.capture(), "Show QR full screen"));
  EXPECT_TRUE(test::contains(h.capture(), "Scan the QR code with a phone"));
  h.click("qr_full_screen");
  h.step();
  EXPECT_EQ(v.chat.qr_full_screen_url(), "http://192.168.1.20:5000/");
  EXPECT_TRUE(test::contains(h.capture(), "Esc or click to go back"));
}

TEST_F(ChatScreen, NoCodeWhenTheHostServesNoPage) {
  join_card card;
  card.addresses = {"192.168.1.20"};
  card.port = 5000;
  card.web = false;
  v.model.start_hosting(card);
  h.step(2);
  EXPECT_FALSE(h.has("qr/192.168.1.20"));
  EXPECT_FALSE(h.has("qr_full_screen"));
  EXPECT_TRUE(test::contains(h.capture(), "Abre charla, pulsa «Unirse» y escribe:"));
}

TEST_F(ChatScreen, HostKicksAfterConfirming) {
  host();
  ASSERT_TRUE(h.has("kick/Bo"));
  EXPECT_FALSE(h.has("kick/Profe")) << "no kicking yourself";
  h.click("kick/Bo");
  h.step();
  EXPECT_TRUE(test::contains(h.capture(), "¿Sacar a Bo de la sala?"));
  EXPECT_TRUE(h.intents().empty());
  h.click("kick_yes");
  ASSERT_EQ(h.intents().size(), 1u);
  const auto* k = std::get_if<kick>(&h.intents()[0]);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->author, "Bo");
}

TEST_F(ChatScreen, HostKicksWithAReasonTypedInTheConfirmation) {
  host();
  h.click("kick/Bo");
  h.step(2);
  h.type("Ya hemos terminado");
  h.step();
  h.click("kick_yes");
  ASSERT_EQ(h.intents().size(), 1u);
  const auto* k = std::get_if<kick>(&h.intents()[0]);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->author, "Bo");
  EXPECT_EQ(k->reason, "Ya hemos terminado");
}

TEST_F(ChatScreen, HostMutesAndUnmutesAParticipant) {
  EXPECT_FALSE(h.has("mute/Bo")) << "only the host can mute";
  host();
  ASSERT_TRUE(h.has("mute/Bo"));
  EXPECT_FALSE(h.has("mute/Profe")) << "no muting yourself";
  EXPECT_TRUE(test::contains(h.capture(), "Silenciar"));
  h.click("mute/Bo");
  ASSERT_EQ(h.intents().size(), 1u);
  const auto* m = std::get_if<mute>(&h.intents()[0]);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->author, "Bo");
  EXPECT_TRUE(m->muted);

  v.model.set_muted("Bo", true);  // what the app does with the intent
  h.step();
  const std::string text = h.capture();
  EXPECT_TRUE(test::contains(text, "silenciado")) << text;
  EXPECT_TRUE(test::contains(text, "Dar voz")) << text;
  h.click("mute/Bo");
  ASSERT_EQ(h.intents().size(), 2u);
  m = std::get_if<mute>(&h.intents()[1]);
  ASSERT_NE(m, nullptr);
  EXPECT_FALSE(m->muted);
}

// On a projector at 150 % the side panel is narrow: the buttons must not
// cover the names (they move under them).
TEST(ChatScreenZoomed, ModerationButtonsNeverCoverTheNames) {
  test::harness h(ImVec2(1280, 800), 1.5f);
  view v;
  v.prefs = h.prefs();
  v.model.set_self("Profe");
  v.model.set_members({{"Profe", false}, {"Ana", false}, {"Bartolomé Esteban", false}});
  join_card card;
  card.addresses = {"192.168.1.20"};
  card.port = 5000;
  v.model.start_hosting(card);
  enter_chat(v);
  h.set_ui_returning([&] { return draw(v); });
  h.step(3);
  for (const std::string name : {"Ana", "Bartolomé Esteban"}) {
    const probe_rect label = h.rect("member/" + name);
    for (const std::string button : {"mute/", "kick/"}) {
      const probe_rect b = h.rect(button + name);
      const bool beside = b.min.x >= label.max.x;
      const bool below = b.min.y >= label.max.y - 1;
      EXPECT_TRUE(beside || below) << button << name;
    }
  }
}

TEST_F(ChatScreen, HostMakesTheRoomReadOnlyFromTheRoomMenu) {
  h.click("menu/room");
  EXPECT_FALSE(h.has("menu/read_only")) << "only the host has it";
  h.click("menu/room");  // closes it
  host();
  h.click("menu/room");
  h.click("menu/read_only");
  ASSERT_EQ(h.intents().size(), 1u);
  const auto* r = std::get_if<set_read_only>(&h.intents()[0]);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->value);
  v.model.set_read_only(true);
  h.click("menu/room");
  h.click("menu/read_only");
  ASSERT_EQ(h.intents().size(), 2u);
  EXPECT_FALSE(std::get<set_read_only>(h.intents()[1]).value);
}

TEST_F(ChatScreen, RefusedMessageIsMarkedNotSentWithTheReason) {
  v.model.add_pending("c-1", "¿Puedo hablar?", 0);
  ASSERT_TRUE(v.model.mark_failed("c-1", "muted", 0));
  EXPECT_FALSE(v.model.mark_failed("c-unknown", "muted", 0));
  h.step(2);
  const std::string text = h.capture();
  EXPECT_TRUE(test::contains(text, "no enviado")) << text;
  EXPECT_TRUE(test::contains(text, "ahora mismo el profesor no deja escribir")) << text;
  EXPECT_FALSE(test::contains(text, "1 enviando")) << text;
}

TEST_F(ChatScreen, MenusAskForZoomThemeLanguageAndLeaving) {
  h.click("menu/view");
  h.click("menu/zoom_in");
  h.click("menu/view");
  h.click("menu/theme_dark");
  h.click("menu/language");
  h.click("menu/lang/en");
  h.click("menu/room");
  h.click("menu/leave");
  ASSERT_EQ(h.intents().size(), 4u);
  ASSERT_TRUE(std::holds_alternative<set_zoom>(h.intents()[0]));
  EXPECT_FLOAT_EQ(std::get<set_zoom>(h.intents()[0]).zoom, 1.1f);
  ASSERT_TRUE(std::holds_alternative<set_theme>(h.intents()[1]));
  EXPECT_EQ(std::get<set_theme>(h.intents()[1]).value, theme::dark);
  ASSERT_TRUE(std::holds_alternative<set_language>(h.intents()[2]));
  EXPECT_EQ(std::get<set_language>(h.intents()[2]).value, language::en);
  EXPECT_TRUE(std::holds_alternative<leave_room>(h.intents()[3]));
}

TEST_F(ChatScreen, LanguageSwitchesAtRuntime) {
  v.prefs.lang = language::en;
  h.step();
  const std::string text = h.capture();
  EXPECT_TRUE(test::contains(text, "Participants (3)")) << text;
  EXPECT_TRUE(test::contains(text, "Connected"));
  EXPECT_TRUE(test::contains(text, "You are in the room “Redes 2ºB”."));
}

TEST_F(ChatScreen, TitleNamesRoomAndState) {
  EXPECT_EQ(window_title(v), "charla — Sala «Redes 2ºB» · Conectado");
  leave_chat(v);
  EXPECT_EQ(window_title(v), "charla");
  EXPECT_EQ(v.current, screen::start);
  EXPECT_TRUE(v.model.rows().empty());
}

}  // namespace
}  // namespace charla::ui
