#include "ui/chat_model.hpp"

#include <gtest/gtest.h>

namespace charla::ui {
namespace {

incoming_message msg(std::uint64_t id, std::string author, std::string text, std::string cid = {}) {
  incoming_message m;
  m.id = id;
  m.ts_ms = 1764050000000 + static_cast<std::int64_t>(id) * 1000;
  m.author = std::move(author);
  m.text = std::move(text);
  m.cid = std::move(cid);
  m.own = !m.cid.empty();  // as net::client decides for a cid echo (Client.JoinsAndSeesItsOwnMessageConfirmed)
  return m;
}

std::vector<std::string> texts(const chat_model& model) {
  std::vector<std::string> out;
  for (const message& m : model.rows()) {
    switch (m.kind) {
      case message_kind::message:
        out.push_back(m.text);
        break;
      case message_kind::join:
        out.push_back("+" + m.author);
        break;
      case message_kind::leave:
        out.push_back("-" + m.author);
        break;
      case message_kind::system:
        out.push_back("note");
        break;
      case message_kind::unread_marker:
        out.push_back("----");
        break;
    }
  }
  return out;
}

connection_status state(connection_state s) {
  connection_status st;
  st.state = s;
  st.room = "Redes";
  return st;
}

TEST(ChatModel, OrdersMessagesById) {
  chat_model model;
  model.receive(msg(3, "Ana", "c"));
  model.receive(msg(1, "Bo", "a"));
  model.receive(msg(2, "Ana", "b"));
  model.receive(msg(5, "Bo", "e"));
  model.receive(msg(4, "Bo", "d"));
  EXPECT_EQ(texts(model), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(model.last_id(), 5u);
}

TEST(ChatModel, PendingShownAtOnceAndReplacedOnConfirmation) {
  chat_model model;
  model.set_self("Ana");
  model.receive(msg(1, "Bo", "hola Ana"));
  model.add_pending("c1", "hola Bo", 1);
  model.add_pending("c2", "¿qué tal?", 2);
  ASSERT_EQ(model.rows().size(), 3u);
  EXPECT_TRUE(model.rows()[1].pending);
  EXPECT_TRUE(model.rows()[1].own);
  EXPECT_EQ(model.rows()[1].id, 0u);
  EXPECT_EQ(model.pending_count(), 2u);

  // Someone else's message arrives before our confirmation: it goes above
  // the pending ones.
  model.receive(msg(2, "Bo", "estás?"));
  EXPECT_EQ(texts(model), (std::vector<std::string>{"hola Ana", "estás?", "hola Bo", "¿qué tal?"}));

  model.receive(msg(3, "Ana", "hola Bo", "c1"));
  ASSERT_EQ(model.rows().size(), 4u);
  EXPECT_EQ(model.pending_count(), 1u);
  const message& confirmed = model.rows()[2];
  EXPECT_EQ(confirmed.id, 3u);
  EXPECT_EQ(confirmed.cid, "c1");
  EXPECT_TRUE(confirmed.own);
  EXPECT_FALSE(confirmed.pending);
  EXPECT_TRUE(model.rows()[3].pending);

  model.receive(msg(4, "Ana", "¿qué tal?", "c2"));
  EXPECT_EQ(model.pending_count(), 0u);
  EXPECT_EQ(texts(model), (std::vector<std::string>{"hola Ana", "estás?", "hola Bo", "¿qué tal?"}));
  // The confirmation of an own message is not unread.
  EXPECT_EQ(model.unread(), 2u);
}

TEST(ChatModel, OwnMessagesAreNotUnread) {
  chat_model model;
  model.set_self("Ana");
  auto earlier = msg(1, "Ana", "de antes");
  earlier.own = true;  // net::client: our name (Client.MessagesWithItsNameFromAnEarlierRunAreOwn)
  model.receive(earlier);
  model.receive(msg(2, "Bo", "hola"));
  EXPECT_TRUE(model.rows()[0].own);
  EXPECT_FALSE(model.rows()[1].own);
  EXPECT_EQ(model.unread(), 1u);
}

TEST(ChatModel, SeedServerMessagesKeepArrivalOrder) {
  chat_model model;
  model.set_self("Ana");
  model.receive(msg(0, "Bo", "uno"));
  model.add_pending("c1", "dos", 1);
  model.receive(msg(0, "Cris", "tres"));
  model.mark_sent("c1");  // no receipts from a seed server
  EXPECT_EQ(model.pending_count(), 0u);
  EXPECT_EQ(texts(model), (std::vector<std::string>{"uno", "tres", "dos"}));
  EXPECT_FALSE(model.rows()[2].pending);
  EXPECT_TRUE(model.rows()[2].own);
}

TEST(ChatModel, LateMessageSlidesAbovePresenceThatCameAfterIt) {
  chat_model model;
  model.receive(msg(1, "Ana", "a"));
  model.receive(msg(3, "Ana", "c"));
  model.member_joined("Bo", false, 5);
  model.receive(msg(2, "Ana", "b"));  // out of order
  model.receive(msg(4, "Ana", "d"));
  EXPECT_EQ(texts(model), (std::vector<std::string>{"a", "b", "c", "+Bo", "d"}));
}

TEST(ChatModel, TracksMembersAndPresenceLines) {
  chat_model model;
  model.set_members({{"carla", false}, {"Bo", true}, {"ana", false}});
  ASSERT_EQ(model.members().size(), 3u);
  EXPECT_EQ(model.members()[0].author, "ana");  // case-insensitive order
  EXPECT_EQ(model.members()[1].author, "Bo");
  EXPECT_TRUE(model.members()[1].legacy);
  model.member_joined("Dani", true, 1);
  model.member_left("Bo", "kicked", 2);
  ASSERT_EQ(model.members().size(), 3u);
  EXPECT_EQ(model.members()[2].author, "Dani");
  EXPECT_EQ(texts(model), (std::vector<std::string>{"+Dani", "-Bo"}));
  EXPECT_TRUE(model.rows()[0].legacy);
  EXPECT_EQ(model.rows()[1].text, "kicked");
}

TEST(ChatModel, CountsUnreadUntilMarkedRead) {
  chat_model model;
  model.set_self("Ana");
  model.receive(msg(1, "Bo", "a"));
  model.receive(msg(2, "Bo", "b"));
  model.add_pending("c", "mío", 0);
  model.member_joined("Cris", false, 0);
  EXPECT_EQ(model.unread(), 2u);
  model.mark_read();
  EXPECT_EQ(model.unread(), 0u);
  model.receive(msg(3, "Cris", "c"));
  EXPECT_EQ(model.unread(), 1u);
}

TEST(ChatModel, NotesConnectionChangesAndMarksUnreadAfterReconnect) {
  chat_model model;
  model.set_self("Ana");
  model.set_status(state(connection_state::connecting), 0);
  model.set_status(state(connection_state::connected), 0);
  ASSERT_EQ(model.rows().size(), 1u);
  EXPECT_EQ(model.rows()[0].note, system_note::joined_room);
  EXPECT_EQ(model.rows()[0].text, "Redes");
  model.receive(msg(1, "Bo", "antes"));

  model.set_status(state(connection_state::reconnecting), 0);
  model.set_status(state(connection_state::connected), 0);
  EXPECT_EQ(model.rows()[2].note, system_note::connection_lost);
  EXPECT_EQ(model.rows()[3].note, system_note::reconnected);

  // Replayed messages missed while away come after the marker; own ones
  // do not place it.
  auto mine = msg(2, "Ana", "mío");
  mine.own = true;  // net::client: our name
  model.receive(mine);
  model.receive(msg(3, "Bo", "durante"));
  model.receive(msg(4, "Bo", "después"));
  EXPECT_EQ(texts(model),
            (std::vector<std::string>{"note", "antes", "note", "note", "mío", "----", "durante", "después"}));

  // Only one marker: the next reconnect moves it.
  model.set_status(state(connection_state::reconnecting), 0);
  model.set_status(state(connection_state::connected), 0);
  model.receive(msg(5, "Bo", "otra vez"));
  int markers = 0;
  for (const message& m : model.rows()) markers += m.kind == message_kind::unread_marker;
  EXPECT_EQ(markers, 1);
  EXPECT_EQ(texts(model).back(), "otra vez");
  EXPECT_EQ(texts(model)[texts(model).size() - 2], "----");
}

TEST(ChatModel, ReportsFirstChangedRowForTheLayout) {
  chat_model model;
  model.receive(msg(1, "Bo", "a"));
  model.receive(msg(2, "Bo", "b"));
  auto c = model.take_changes();
  EXPECT_EQ(c.first_dirty, 0u);
  EXPECT_EQ(model.take_changes().first_dirty, chat_model::npos);

  model.receive(msg(3, "Bo", "c"));
  EXPECT_EQ(model.take_changes().first_dirty, 2u);  // appending touches only the new row

  model.set_self("Ana");
  model.add_pending("k", "x", 0);
  model.take_changes();
  model.receive(msg(4, "Ana", "x", "k"));
  EXPECT_EQ(model.take_changes().first_dirty, 3u);
}

TEST(ChatModel, TrimsOldestRowsPastTheLimit) {
  chat_model model;
  model.set_limits(100, 10, 5);
  for (std::uint64_t id = 1; id <= 111; ++id) model.receive(msg(id, "Bo", std::to_string(id)));
  EXPECT_EQ(model.rows().size(), 101u);
  EXPECT_EQ(model.rows().front().text, "11");
  auto c = model.take_changes();
  EXPECT_EQ(c.dropped_front, 10u);
}

TEST(ChatModel, HostDataIsBoundedAndClearedOnLeave) {
  chat_model model;
  model.set_limits(1000, 100, 3);
  EXPECT_EQ(model.host(), nullptr);
  join_card card;
  card.addresses = {"192.168.1.20"};
  card.port = 5000;
  model.start_hosting(card);
  ASSERT_NE(model.host(), nullptr);
  for (int i = 0; i < 5; ++i) model.add_log_line("line " + std::to_string(i));
  EXPECT_EQ(model.host()->log.size(), 3u);
  EXPECT_EQ(model.host()->log.front(), "line 2");
  EXPECT_EQ(model.host()->log_added, 5u);
  host_counters counters;
  counters.connections = 4;
  model.set_counters(counters);
  EXPECT_EQ(model.host()->counters.connections, 4u);

  model.receive(msg(1, "Bo", "a"));
  model.clear();
  EXPECT_EQ(model.host(), nullptr);
  EXPECT_TRUE(model.rows().empty());
  model.receive(msg(1, "Bo", "a"));  // a new room starts its ids again
  ASSERT_EQ(model.rows().size(), 1u);
  EXPECT_EQ(model.last_id(), 1u);
}

TEST(ChatModel, RefusedPendingMessageSettlesAsNotSentWithANote) {
  chat_model m;
  m.set_self("Ana");
  m.add_pending("a-1", "uno", 10);
  m.add_pending("a-2", "dos", 11);
  ASSERT_TRUE(m.mark_failed("a-1", "muted", 12));
  EXPECT_EQ(m.pending_count(), 1u);
  ASSERT_EQ(m.rows().size(), 3u);
  EXPECT_EQ(m.rows()[0].text, "uno");
  EXPECT_TRUE(m.rows()[0].failed);
  EXPECT_FALSE(m.rows()[0].pending);
  EXPECT_EQ(m.rows()[1].note, system_note::not_sent);
  EXPECT_EQ(m.rows()[1].text, "muted");
  EXPECT_TRUE(m.rows()[2].pending);
  EXPECT_FALSE(m.mark_failed("a-1", "muted", 13)) << "already settled";
}

}  // namespace
}  // namespace charla::ui
