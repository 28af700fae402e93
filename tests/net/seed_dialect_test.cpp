// The seed dialect without sockets: what the client writes to a seed server
// and how it reads the seed's relays. client_test covers it on loopback.
#include "net/seed_dialect.hpp"

#include <gtest/gtest.h>

#include "net/protocol.hpp"

namespace charla::net {
namespace {

chat_in relay(std::string author, std::string text) {
  chat_in m;
  m.author = std::move(author);
  m.text = std::move(text);
  return m;
}

TEST(SeedDialect, KeepaliveIsNotAMessage) {
  seed_dialect d(std::chrono::milliseconds(60));
  EXPECT_FALSE(d.on_relay(relay("", "")));
}

TEST(SeedDialect, PlainRelayIsShownWithoutId) {
  seed_dialect d(std::chrono::milliseconds(60));
  auto m = d.on_relay(relay("Bo", "hola"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->id, 0u);
  EXPECT_EQ(m->author, "Bo");
  EXPECT_EQ(m->text, "hola");
  EXPECT_GT(m->ts_ms, 0);
}

TEST(SeedDialect, LongMessageRoundTripsThroughItsParts) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += "año ñandú 🙂 ";
  auto objects = seed_dialect::encode("Ana", text);
  ASSERT_GT(objects.size(), 1u);
  seed_dialect d(std::chrono::milliseconds(60));
  std::optional<chat_msg> shown;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    EXPECT_LE(objects[i].size(), legacy_max_object);
    for (unsigned char c : objects[i]) ASSERT_LT(c, 0x80) << "object " << i << " is not ASCII";
    json_reader reader;
    auto read = reader.read(std::string_view(objects[i]).substr(0, objects[i].size() - 1));
    ASSERT_TRUE(read.value);
    auto* in = std::get_if<chat_in>(&*read.value);
    ASSERT_NE(in, nullptr);
    shown = d.on_relay(std::move(*in));
    if (i + 1 < objects.size()) EXPECT_FALSE(shown) << "part " << i + 1 << " shown before the last";
  }
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->text, text);
}

TEST(SeedDialect, PartsOutOfOrderAreShownAsTheyCame) {
  seed_dialect d(std::chrono::milliseconds(60));
  auto m = d.on_relay(relay("Bo", "(2/3) medio"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->text, "(2/3) medio");
  EXPECT_FALSE(d.on_relay(relay("Bo", "(1/2) uno ")));
  auto other = d.on_relay(relay("Cris", "(2/2) dos"));  // another author's part 2
  ASSERT_TRUE(other);
  EXPECT_EQ(other->text, "(2/2) dos");
}

TEST(SeedDialect, PacesWritesApart) {
  seed_dialect d(std::chrono::milliseconds(60));
  const auto t = seed_dialect::clock::now();
  d.wrote(t);
  EXPECT_EQ(d.next_write_at(), t + std::chrono::milliseconds(60));
}

}  // namespace
}  // namespace charla::net
