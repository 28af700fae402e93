#include "ui/composer.hpp"

#include <gtest/gtest.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "harness.hpp"
#include "ui/view.hpp"

namespace charla::ui {
namespace {

class Composer : public ::testing::Test {
 protected:
  Composer() {
    v.prefs = h.prefs();
    v.model.set_self("Ana");
    enter_chat(v);
    h.set_ui_returning([this] { return draw(v); });
    h.step(2);
  }

  std::vector<std::string> sent() {
    std::vector<std::string> out;
    for (const intent& i : h.intents()) {
      if (const auto* s = std::get_if<send_text>(&i)) out.push_back(s->text);
    }
    return out;
  }

  test::harness h;
  view v;
};

TEST_F(Composer, FocusedOnEnteringARoomAndEnterSends) {
  const std::string spanish = "Hola señor ¿qué tal? ñ ü € “” … → ✓";
  h.type(spanish);  // no click: the composer already has the caret
  EXPECT_EQ(v.chat.input().text(), spanish);
  h.press(GLFW_KEY_ENTER);
  EXPECT_EQ(sent(), std::vector<std::string>{spanish});
  EXPECT_TRUE(v.chat.input().text().empty());
}

TEST_F(Composer, KeepsFocusAfterSending) {
  h.type("uno");
  h.press(GLFW_KEY_ENTER);
  h.type("dos");
  h.press(GLFW_KEY_KP_ENTER);
  EXPECT_EQ(sent(), (std::vector<std::string>{"uno", "dos"}));
}

TEST_F(Composer, ShiftEnterInsertsANewline) {
  h.type("línea 1");
  h.press(GLFW_KEY_ENTER, /*shift=*/true);
  EXPECT_TRUE(sent().empty());
  EXPECT_EQ(v.chat.input().text(), "línea 1\n");
  h.type("línea 2");
  h.press(GLFW_KEY_ENTER);
  EXPECT_EQ(sent(), std::vector<std::string>{"línea 1\nlínea 2"});
}

TEST_F(Composer, SendButtonSendsAndBlankTextIsNotSent) {
  h.press(GLFW_KEY_ENTER);
  h.type("   ");
  h.press(GLFW_KEY_ENTER);
  EXPECT_TRUE(sent().empty());
  h.type("¡hola!  ");
  h.click("send");
  EXPECT_EQ(sent(), std::vector<std::string>{"   ¡hola!"});
}

TEST_F(Composer, CountsBytesNearTheLimitAndRefusesOverIt) {
  v.chat.input().set_text(std::string(7000, 'a'));
  h.step();
  EXPECT_TRUE(test::contains(h.capture(), "7000 / 8192 bytes"));

  v.chat.input().set_text(std::string(9000, 'b'));
  v.chat.input().focus();
  h.step(2);
  h.press(GLFW_KEY_ENTER);
  EXPECT_TRUE(sent().empty());
  EXPECT_EQ(v.chat.input().text().size(), 9000u);  // kept, to shorten
  EXPECT_TRUE(test::contains(h.capture(), "Demasiado largo: quita 808 bytes."));

  v.chat.input().set_text(std::string(8192, 'c'));
  v.chat.input().focus();
  h.step(2);
  h.press(GLFW_KEY_ENTER);
  ASSERT_EQ(sent().size(), 1u);
  EXPECT_EQ(sent()[0].size(), 8192u);
}

TEST_F(Composer, GrowsUpToSixLines) {
  const float one = v.chat.input().height();
  v.chat.input().set_text("1\n2\n3");
  h.step();
  const float three = v.chat.input().height();
  v.chat.input().set_text("1\n2\n3\n4\n5\n6\n7\n8\n9");
  h.step();
  const float many = v.chat.input().height();
  EXPECT_GT(three, one);
  EXPECT_NEAR(many - one, 5 * ImGui::GetTextLineHeight(), 0.5f);
}

}  // namespace
}  // namespace charla::ui
