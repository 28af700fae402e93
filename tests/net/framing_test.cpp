#include "net/framing.hpp"

#include <random>

#include <gtest/gtest.h>

namespace charla::net {
namespace {

struct collected {
  std::vector<std::string> objects;
  std::size_t not_objects = 0;
};

stream_decoder::status feed(stream_decoder& d, std::string_view bytes, collected& out) {
  return d.feed(bytes, [&](stream_decoder::kind k, std::string_view text) {
    if (k == stream_decoder::kind::object)
      out.objects.emplace_back(text);
    else
      ++out.not_objects;
  });
}

// Streams as the seed and as charla peers send them.
const std::vector<std::string> valid_streams = {
    R"({"type":"write"}{"autor":"Ana","mensaje":"Hola"})",
    "{\"type\":\"read\",\"v\":1}\n{\"type\":\"msg\",\"id\":1,\"autor\":\"Bo\",\"mensaje\":\"a}b{c\\\"\"}\n",
    R"(  {"a":{"b":[1,2,{"c":"}"}]}}   {"x":"\\"}{"y":"ñ€😀"} )",
    R"({"autor":"Ana","mensaje":"con \"comillas\" y \\ barras"}{"autor":"","mensaje":""})",
};

const std::vector<std::vector<std::string>> expected_objects = {
    {R"({"type":"write"})", R"({"autor":"Ana","mensaje":"Hola"})"},
    {"{\"type\":\"read\",\"v\":1}", "{\"type\":\"msg\",\"id\":1,\"autor\":\"Bo\",\"mensaje\":\"a}b{c\\\"\"}"},
    {R"({"a":{"b":[1,2,{"c":"}"}]}})", R"({"x":"\\"})", R"({"y":"ñ€😀"})"},
    {R"({"autor":"Ana","mensaje":"con \"comillas\" y \\ barras"})", R"({"autor":"","mensaje":""})"},
};

TEST(Framing, WholeStreamsGiveEachObject) {
  for (std::size_t i = 0; i < valid_streams.size(); ++i) {
    stream_decoder d(1 << 16);
    collected out;
    ASSERT_EQ(feed(d, valid_streams[i], out), stream_decoder::status::ok);
    EXPECT_EQ(out.objects, expected_objects[i]) << valid_streams[i];
    EXPECT_EQ(out.not_objects, 0u);
  }
}

TEST(Framing, EveryRandomSplitGivesTheSameObjects) {
  std::mt19937 rng(20261125);  // seeded: failures reproduce
  int cases = 0;
  for (std::size_t i = 0; i < valid_streams.size(); ++i) {
    for (int round = 0; round < 1500; ++round, ++cases) {
      // Several copies back to back, cut at random points.
      std::string stream = valid_streams[i] + valid_streams[i] + valid_streams[i];
      stream_decoder d(1 << 16);
      collected out;
      std::size_t pos = 0;
      while (pos < stream.size()) {
        std::size_t n = std::uniform_int_distribution<std::size_t>(1, 1 + (round % 40))(rng);
        n = std::min(n, stream.size() - pos);
        ASSERT_EQ(feed(d, std::string_view(stream).substr(pos, n), out), stream_decoder::status::ok);
        pos += n;
      }
      std::vector<std::string> want;
      for (int k = 0; k < 3; ++k) want.insert(want.end(), expected_objects[i].begin(), expected_objects[i].end());
      ASSERT_EQ(out.objects, want) << "stream " << i << " round " << round;
      EXPECT_EQ(d.pending_bytes(), 0u);
    }
  }
  EXPECT_EQ(cases, 6000);
}

TEST(Framing, OneByteAtATime) {
  std::string stream = valid_streams[1];
  stream_decoder d(1 << 16);
  collected out;
  for (char c : stream) feed(d, std::string_view(&c, 1), out);
  EXPECT_EQ(out.objects, expected_objects[1]);
}

TEST(Framing, NonObjectsAreReportedAndSkipped) {
  stream_decoder d(1 << 16);
  collected out;
  feed(d, R"(123 [1,{"a":2}] "str{" true garbage } {"ok":1})", out);
  EXPECT_EQ(out.objects, std::vector<std::string>{R"({"ok":1})"});
  EXPECT_EQ(out.not_objects, 6u);  // 123, [..], "str{", true, garbage, }
}

TEST(Framing, ObjectOverTheLimitIsTooLarge) {
  stream_decoder d(100);
  collected out;
  std::string big = "{\"mensaje\":\"" + std::string(200, 'x');
  EXPECT_EQ(feed(d, big, out), stream_decoder::status::too_large);
}

TEST(Framing, ObjectAtTheLimitPasses) {
  std::string obj = "{\"m\":\"" + std::string(100 - 8, 'x') + "\"}";
  ASSERT_EQ(obj.size(), 100u);
  stream_decoder d(100);
  collected out;
  EXPECT_EQ(feed(d, obj, out), stream_decoder::status::ok);
  EXPECT_EQ(out.objects.size(), 1u);
}

TEST(Framing, ManyObjectsInOneReadDoNotCountTowardTheLimit) {
  stream_decoder d(64);
  collected out;
  std::string many;
  for (int i = 0; i < 1000; ++i) many += "{\"i\":" + std::to_string(i) + "}";
  EXPECT_EQ(feed(d, many, out), stream_decoder::status::ok);
  EXPECT_EQ(out.objects.size(), 1000u);
}

TEST(Framing, DeepNestingIsOneValueForTheCodecToJudge) {
  stream_decoder d(1 << 20);
  collected out;
  std::string deep = std::string(5000, '{') + std::string(5000, '}');
  EXPECT_EQ(feed(d, deep, out), stream_decoder::status::ok);
  EXPECT_EQ(out.objects.size(), 1u);
}

}  // namespace
}  // namespace charla::net
