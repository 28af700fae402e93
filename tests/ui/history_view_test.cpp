#include "ui/history_view.hpp"

#include <chrono>
#include <cstdio>

#include <gtest/gtest.h>

#include "harness.hpp"
#include "ui/view.hpp"

namespace charla::ui {
namespace {

incoming_message msg(std::uint64_t id, std::string author, std::string text, std::string cid = {}) {
  incoming_message m;
  m.id = id;
  m.ts_ms = 1764050000000 + static_cast<std::int64_t>(id) * 1000;
  m.author = std::move(author);
  m.text = std::move(text);
  m.cid = std::move(cid);
  m.own = !m.cid.empty();  // net::client's rule for a cid echo
  return m;
}

// Varied lengths so rows wrap to different heights.
std::string body(std::uint64_t i) {
  std::string s = "mensaje " + std::to_string(i) + ":";
  for (std::uint64_t k = 0; k < (i * 7919) % 40; ++k) s += " palabra";
  return s;
}

class History : public ::testing::Test {
 protected:
  History() {
    v.prefs = h.prefs();
    v.model.set_self("Ana");
    enter_chat(v);
    h.set_ui_returning([this] { return draw(v); });
  }

  void fill(std::uint64_t n) {
    for (std::uint64_t i = 1; i <= n; ++i) v.model.receive(msg(i, i % 3 ? "Bo" : "Carla", body(i)));
    next_id = n + 1;
  }

  void settle() {
    for (int i = 0; i < 200 && v.chat.history().busy(); ++i) h.step();
    h.step(3);
  }

  test::harness h;
  view v;
  std::uint64_t next_id = 1;
};

TEST_F(History, HundredThousandMessagesDrawOnlyTheVisibleRows) {
  fill(100'000);
  history_view& history = v.chat.history();
  history.layout().reset_measured_count();
  h.step();
  // The first frame measures what is on screen plus a time budget, not all.
  EXPECT_LT(history.layout().measured_count(), 100'000u);
  EXPECT_GT(history.drawn_rows(), 3u);
  EXPECT_LT(history.drawn_rows(), 40u);  // 800 px tall, rows are >= 30 px
  settle();
  EXPECT_FALSE(history.busy());
  EXPECT_LT(history.drawn_rows(), 40u);
  EXPECT_GE(history.first_drawn_row(), 100'000u - 40u);

  const std::string text = h.capture();
  EXPECT_TRUE(test::contains(text, body(100'000))) << "the newest message is on screen";
  EXPECT_FALSE(test::contains(text, "mensaje 1:"));

  // CPU per frame with the whole history, idle and while messages arrive.
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  for (int i = 0; i < 100; ++i) h.step();
  const double idle_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count() / 100;
  t0 = clock::now();
  for (int i = 0; i < 100; ++i) {
    v.model.receive(msg(next_id, "Bo", body(next_id)));
    ++next_id;
    h.step();
  }
  const double busy_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count() / 100;
  std::printf("[ metrics  ] 100k messages: %.3f ms per idle frame, %.3f ms per frame with a new message\n", idle_ms,
              busy_ms);
  EXPECT_LT(idle_ms, 16.0);
  EXPECT_LT(busy_ms, 16.0);
  EXPECT_TRUE(test::contains(h.capture(), body(next_id - 1)));
}

TEST_F(History, ScrolledUpShowsNewMessagesButtonThatReturnsToTheBottom) {
  fill(200);
  settle();
  h.move_to(h.rect("history").center());
  for (int i = 0; i < 5; ++i) h.wheel(5.0f);
  h.step(2);
  ASSERT_FALSE(v.chat.history().at_bottom());

  for (int i = 0; i < 3; ++i) v.model.receive(msg(next_id++, "Bo", "nuevo " + std::to_string(i)));
  h.step(2);
  EXPECT_FALSE(v.chat.history().at_bottom()) << "no auto-scroll while reading older messages";
  const std::string text = h.capture();
  EXPECT_TRUE(test::contains(text, "↓ 3 mensajes nuevos")) << text;
  EXPECT_FALSE(test::contains(text, "nuevo 2"));

  h.click("new_messages");
  h.step(2);
  EXPECT_TRUE(v.chat.history().at_bottom());
  EXPECT_EQ(v.model.unread(), 0u);
  const std::string after = h.capture();
  EXPECT_TRUE(test::contains(after, "nuevo 2"));
  EXPECT_FALSE(test::contains(after, "mensajes nuevos"));
}

TEST_F(History, StaysAtTheBottomWhileThere) {
  fill(50);
  settle();
  for (int i = 0; i < 20; ++i) {
    v.model.receive(msg(next_id++, "Bo", body(i) + " y más " + std::to_string(i)));
    h.step();
  }
  h.step(2);
  EXPECT_TRUE(v.chat.history().at_bottom());
  EXPECT_TRUE(test::contains(h.capture(), " y más 19"));
}

TEST_F(History, ShowsPendingThenConfirmedOwnMessages) {
  fill(3);
  v.model.add_pending("c1", "lo mío", 0);
  h.step(2);
  std::string text = h.capture();
  EXPECT_TRUE(test::contains(text, "lo mío"));
  EXPECT_TRUE(test::contains(text, "enviando…"));

  v.model.receive(msg(next_id++, "Ana", "lo mío", "c1"));
  h.step(2);
  text = h.capture();
  EXPECT_FALSE(test::contains(text, "enviando…"));
  EXPECT_TRUE(test::contains(text, "✓"));
}

TEST_F(History, ShowsPresenceNotesAndTheUnreadMarker) {
  connection_status st;
  st.state = connection_state::connected;
  st.room = "Redes";
  v.model.set_status(st, 0);
  v.model.member_joined("Bo", true, 0);
  v.model.member_left("Cris", "kicked", 0);
  st.state = connection_state::reconnecting;
  v.model.set_status(st, 0);
  st.state = connection_state::connected;
  v.model.set_status(st, 0);
  v.model.receive(msg(1, "Bo", "te perdiste esto"));
  h.step(3);
  const std::string text = h.capture();
  for (const char* expected :
       {"Estás en la sala «Redes».", "→ Bo ha entrado (versión antigua)", "← Cris ha sido expulsado de la sala",
        "Se ha perdido la conexión.", "Conexión recuperada.", "No leídos", "te perdiste esto"}) {
    EXPECT_TRUE(test::contains(text, expected)) << expected << "\n--- drawn:\n" << text;
  }
}

TEST_F(History, RightClickCopiesAMessage) {
  v.model.receive(msg(1, "Bo", "copia esto, por favor"));
  h.step(3);
  const probe_rect area = h.rect("history");
  h.click(ImVec2(area.min.x + 40, area.min.y + 20), 1);
  h.step();
  ASSERT_TRUE(h.has("row_menu/copy"));
  h.click("row_menu/copy");
  EXPECT_STREQ(ImGui::GetClipboardText(), "copia esto, por favor");

  h.click(ImVec2(area.min.x + 40, area.min.y + 20), 1);
  h.step();
  h.click("row_menu/copy_full");
  const std::string full = ImGui::GetClipboardText();
  EXPECT_TRUE(test::contains(full, "] Bo: copia esto, por favor")) << full;
}

TEST_F(History, ResizeRemeasuresWithoutLosingThePlace) {
  fill(5'000);
  settle();
  h.move_to(h.rect("history").center());
  for (int i = 0; i < 20; ++i) h.wheel(5.0f);
  h.step(2);
  ASSERT_FALSE(v.chat.history().at_bottom());
  const std::size_t first = v.chat.history().first_drawn_row();

  h.io().DisplaySize = ImVec2(900, 800);  // narrower: every row wraps anew
  h.step();
  EXPECT_TRUE(v.chat.history().busy() || v.chat.history().layout().inexact() == 0);
  settle();
  const std::size_t after = v.chat.history().first_drawn_row();
  EXPECT_LE(after > first ? after - first : first - after, 2u) << "the top row stays in view";
  EXPECT_FALSE(v.chat.history().at_bottom());
}

}  // namespace
}  // namespace charla::ui
