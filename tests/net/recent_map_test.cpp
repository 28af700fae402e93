// recent_map: what the room remembers about sessions and addresses stays
// bounded by count and by age, and what is in use is never forgotten.
#include "net/recent_map.hpp"

#include <string>

#include <gtest/gtest.h>

namespace charla::net {
namespace {

using namespace std::chrono_literals;
using clock = recent_map<int>::clock;

TEST(RecentMap, KeepsAtMostItsSizeForgettingTheLeastRecentlyUsed) {
  recent_map<int> m(3, 24h);
  auto t = clock::now();
  m.touch("a", t) = 1;
  m.touch("b", t) = 2;
  m.touch("c", t) = 3;
  m.touch("a", t);  // a is now the newest; b the oldest
  m.touch("d", t) = 4;
  EXPECT_EQ(m.size(), 3u);
  EXPECT_FALSE(m.contains("b"));
  ASSERT_NE(m.find("a"), nullptr);
  EXPECT_EQ(*m.find("a"), 1);
  EXPECT_TRUE(m.contains("c"));
  EXPECT_TRUE(m.contains("d"));
}

TEST(RecentMap, ForgetsWhatWasNotTouchedForItsAge) {
  recent_map<int> m(100, 1h);
  auto t = clock::now();
  m.touch("old", t);
  m.touch("new", t + 50min);
  m.forget(t + 61min);
  EXPECT_FALSE(m.contains("old"));
  EXPECT_TRUE(m.contains("new"));
  m.forget(t + 111min);
  EXPECT_EQ(m.size(), 0u);
}

TEST(RecentMap, WhatIsInUseIsNeverForgotten) {
  recent_map<int> m(2, 1h);
  m.set_keep([](const std::string& k) { return k == "present"; });
  auto t = clock::now();
  m.touch("present", t);
  m.touch("x", t);
  m.touch("y", t);  // over the size: x goes, present stays
  EXPECT_TRUE(m.contains("present"));
  EXPECT_FALSE(m.contains("x"));
  m.forget(t + 5h);  // too old, but in use
  EXPECT_TRUE(m.contains("present"));
  EXPECT_FALSE(m.contains("y"));
}

TEST(RecentMap, EraseAndFindOfUnknownKeys) {
  recent_map<int> m(2, 1h);
  EXPECT_EQ(m.find("nobody"), nullptr);
  m.erase("nobody");
  m.touch("a") = 7;
  m.erase("a");
  EXPECT_EQ(m.size(), 0u);
  m.touch("b");
  m.touch("c");
  m.touch("d");
  EXPECT_EQ(m.size(), 2u);
}

}  // namespace
}  // namespace charla::net
