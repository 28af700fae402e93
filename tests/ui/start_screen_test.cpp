#include "ui/start_screen.hpp"

#include <gtest/gtest.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "harness.hpp"
#include "ui/view.hpp"

namespace charla::ui {
namespace {

class StartScreen : public ::testing::Test {
 protected:
  explicit StartScreen(language lang = language::es) : h(ImVec2(1280, 800), 1.0f, theme::light, lang) {
    v.prefs = h.prefs();
    h.set_ui_returning([this] { return draw(v); });
    h.step(2);  // new windows are hidden on their first frame
  }

  test::harness h;
  view v;
};

TEST_F(StartScreen, ClickHostAsksToHostTheRoom) {
  h.click("name");
  h.type("Profe Ana");
  h.click("room");
  h.type("Redes 2ºB");
  h.click("host_pin");
  h.type("4321");
  h.click("host");

  ASSERT_EQ(h.intents().size(), 1u);
  const auto* req = std::get_if<host_room>(&h.intents()[0]);
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(req->name, "Profe Ana");
  EXPECT_EQ(req->port, 5000);
  EXPECT_EQ(req->room, "Redes 2ºB");
  EXPECT_EQ(req->pin, "4321");
  EXPECT_EQ(v.start.busy, start_action::hosting);
  EXPECT_TRUE(test::contains(h.capture(), "Creando la sala…"));
}

TEST_F(StartScreen, ClickJoinAsksToJoinWithThePortInTheAddress) {
  h.click("name");
  h.type("Bea Núñez");
  h.click("join_address");
  h.type("192.168.1.20:6000");
  h.click("join");

  ASSERT_EQ(h.intents().size(), 1u);
  const auto* req = std::get_if<join_room>(&h.intents()[0]);
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(req->name, "Bea Núñez");
  EXPECT_EQ(req->address, "192.168.1.20");
  EXPECT_EQ(req->port, 6000);
  EXPECT_EQ(req->pin, "");
}

TEST_F(StartScreen, EnterSubmitsTheFormItWasTypedIn) {
  h.click("name");
  h.type("Bea");
  h.click("join_address");
  h.type("10.0.0.7");
  h.click("join_pin");
  h.type("99");
  h.press(GLFW_KEY_ENTER);

  ASSERT_EQ(h.intents().size(), 1u);
  const auto* req = std::get_if<join_room>(&h.intents()[0]);
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(req->address, "10.0.0.7");
  EXPECT_EQ(req->port, 5000);
  EXPECT_EQ(req->pin, "99");
}

TEST_F(StartScreen, NameIsFocusedFirst) {
  h.type("Carla");
  EXPECT_EQ(v.start.name, "Carla");
}

TEST_F(StartScreen, InvalidFormsSayWhatToFixAndAskNothing) {
  h.click("join");
  EXPECT_TRUE(h.intents().empty());
  const std::string text = h.capture();
  EXPECT_TRUE(test::contains(text, "Escribe tu nombre.")) << text;
  EXPECT_TRUE(test::contains(text, "Escribe la dirección que muestra el proyector.")) << text;

  h.click("host_port");
  h.press(GLFW_KEY_BACKSPACE);
  h.press(GLFW_KEY_BACKSPACE);
  h.press(GLFW_KEY_BACKSPACE);
  h.press(GLFW_KEY_BACKSPACE);
  h.type("99999");
  EXPECT_TRUE(test::contains(h.capture(), "El puerto es un número del 1 al 65535."));
}

TEST_F(StartScreen, WhileConnectingInputsAreDisabledAndCancelWorks) {
  h.click("name");
  h.type("Bea");
  h.click("join_address");
  h.type("10.0.0.7");
  h.click("join");
  ASSERT_EQ(v.start.busy, start_action::joining);
  EXPECT_TRUE(test::contains(h.capture(), "Conectando…"));

  h.click("name");
  h.type("XYZ");
  EXPECT_EQ(v.start.name, "Bea");  // disabled

  h.click("cancel");
  ASSERT_EQ(h.intents().size(), 2u);
  EXPECT_TRUE(std::holds_alternative<cancel_connect>(h.intents()[1]));
  EXPECT_EQ(v.start.busy, start_action::none);
}

TEST_F(StartScreen, FailuresAreSentencesThatSayWhatToDo) {
  struct expected {
    connect_error error;
    start_action during;
    std::string detail;
    std::string sentence;
  };
  const expected cases[] = {
      {connect_error::refused, start_action::joining, "10.0.0.7:5000",
       "Nadie responde en 10.0.0.7:5000. Comprueba la dirección y el puerto, y que la sala esté creada."},
      {connect_error::timed_out, start_action::joining, "10.0.0.7:5000",
       "10.0.0.7:5000 no contesta. Comprueba que estás en la misma red (wifi) que el proyector."},
      {connect_error::name_taken, start_action::joining, "Bea",
       "Ya hay alguien llamado «Bea» en la sala. Elige otro nombre."},
      {connect_error::bad_pin, start_action::joining, "",
       "El PIN no es correcto. Pide el PIN al profesor y escríbelo otra vez."},
      {connect_error::port_in_use, start_action::hosting, "5000",
       "El puerto 5000 ya está en uso en este ordenador. Elige otro (por ejemplo 5001) o cierra el programa que lo "
       "usa."},
      {connect_error::address_not_found, start_action::joining, "aula3.local",
       "No se encuentra «aula3.local». Revisa que la dirección esté bien escrita."},
  };
  for (const expected& c : cases) {
    v.start.busy = c.during;
    report_failure(v.start, c.error, c.detail);
    h.step();
    const std::string text = h.capture();
    EXPECT_TRUE(test::contains(text, c.sentence)) << c.sentence << "\n--- drawn:\n" << text;
  }
}

TEST_F(StartScreen, RecentRoomRejoinsInOneClick) {
  h.click(ImVec2(1270, 790));  // leave the focused name field, which owns its text while active
  v.start.name = "Bea";
  v.start.recent = {{"10.0.0.5", 5001, "Redes", "1234"}, {"10.0.0.6", 5000, "", ""}};
  h.step();
  EXPECT_TRUE(test::contains(h.capture(), "10.0.0.5:5001  ·  Redes"));
  h.click("recent/0");
  ASSERT_EQ(h.intents().size(), 1u);
  const auto* req = std::get_if<join_room>(&h.intents()[0]);
  ASSERT_NE(req, nullptr);
  EXPECT_EQ(req->name, "Bea");
  EXPECT_EQ(req->address, "10.0.0.5");
  EXPECT_EQ(req->port, 5001);
  EXPECT_EQ(req->pin, "1234");

  report_failure(v.start, connect_error::refused, "10.0.0.5:5001");
  h.step();
  h.click("forget/1");
  ASSERT_EQ(h.intents().size(), 2u);
  const auto* forget = std::get_if<forget_room>(&h.intents()[1]);
  ASSERT_NE(forget, nullptr);
  EXPECT_EQ(forget->address, "10.0.0.6");
}

class StartScreenEnglish : public StartScreen {
 protected:
  StartScreenEnglish() : StartScreen(language::en) {}
};

TEST_F(StartScreenEnglish, SpeaksEnglish) {
  const std::string text = h.capture();
  EXPECT_TRUE(test::contains(text, "Host a room")) << text;
  EXPECT_TRUE(test::contains(text, "Join a room")) << text;
  EXPECT_FALSE(test::contains(text, "Unirse")) << text;
}

}  // namespace
}  // namespace charla::ui
