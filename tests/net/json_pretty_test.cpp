#include "net/json_pretty.hpp"

#include <gtest/gtest.h>

#include "net/codec.hpp"

namespace charla::net {
namespace {

TEST(JsonPretty, IndentsAHelloOneMemberPerLine) {
  EXPECT_EQ(pretty_json("{\"type\":\"read\",\"v\":1,\"autor\":\"Ana\"}\n"),
            "{\n  \"type\": \"read\",\n  \"v\": 1,\n  \"autor\": \"Ana\"\n}");
}

TEST(JsonPretty, NestsArraysAndKeepsEmptyOnesShort) {
  EXPECT_EQ(pretty_json(R"({"members":[{"autor":"Bo","legacy":true}],"x":[],"y":{}})"),
            "{\n"
            "  \"members\": [\n"
            "    {\n"
            "      \"autor\": \"Bo\",\n"
            "      \"legacy\": true\n"
            "    }\n"
            "  ],\n"
            "  \"x\": [],\n"
            "  \"y\": {}\n"
            "}");
}

TEST(JsonPretty, LeavesStringsExactlyAsSent) {
  // Braces, commas, colons, escaped quotes and spaces inside strings are text.
  const std::string text = R"({"mensaje":"a, b: {c} [d] \"e\"  \\","cid":"x"})";
  EXPECT_EQ(pretty_json(text), "{\n  \"mensaje\": \"a, b: {c} [d] \\\"e\\\"  \\\\\",\n  \"cid\": \"x\"\n}");
}

TEST(JsonPretty, ReadsBackAsTheSameObject) {
  const std::string wire = encode(chat_msg{17, 1764050000123, "Ana", "Hola, ¿qué tal?\nBien", "3f0c1a2b-17", true});
  json_reader reader;
  auto a = reader.read(wire);
  ASSERT_TRUE(a.value);
  auto b = reader.read(pretty_json(wire));
  ASSERT_TRUE(b.value);
  auto& x = std::get<chat_msg>(*a.value);
  auto& y = std::get<chat_msg>(*b.value);
  EXPECT_EQ(x.id, y.id);
  EXPECT_EQ(x.text, y.text);
  EXPECT_EQ(x.replay, y.replay);
}

TEST(JsonPretty, BrokenTextComesOutWithoutCrashing) {
  EXPECT_EQ(pretty_json("}}{"), "\n}\n}{\n");
  EXPECT_EQ(pretty_json("{\"a\":\"unterminated"), "{\n  \"a\": \"unterminated");
  EXPECT_EQ(pretty_json(""), "");
}

}  // namespace
}  // namespace charla::net
