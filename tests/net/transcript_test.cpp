#include "net/transcript.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace charla::net {
namespace {

std::string temp_path(const char* name) {
  return (std::filesystem::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid()))).string();
}

TEST(Transcript, MissingFileIsEmpty) {
  auto loaded = transcript::load("/nonexistent/charla/transcript.jsonl", 10);
  EXPECT_EQ(loaded.lines, 0u);
  EXPECT_EQ(loaded.last_id, 0u);
}

TEST(Transcript, AppendsAndReloadsTheTail) {
  auto path = temp_path("charla-transcript");
  std::remove(path.c_str());
  {
    transcript t;
    t.open(path);
    for (std::uint64_t id = 1; id <= 5; ++id) {
      ASSERT_TRUE(
          t.append({{id, 1000 + static_cast<std::int64_t>(id), "Ana", "m" + std::to_string(id), "c", false}, "s"}));
    }
  }
  auto loaded = transcript::load(path, 3);
  EXPECT_EQ(loaded.lines, 5u);
  EXPECT_EQ(loaded.last_id, 5u);
  ASSERT_EQ(loaded.tail.size(), 3u);
  EXPECT_EQ(loaded.tail.front().msg.id, 3u);
  EXPECT_EQ(loaded.tail.back().msg.text, "m5");
  std::remove(path.c_str());
}

TEST(Transcript, LineCutByACrashIsSkippedAndTheNextStartsFresh) {
  auto path = temp_path("charla-transcript-cut");
  {
    std::ofstream f(path, std::ios::trunc);
    f << "{\"id\":1,\"ts\":1,\"autor\":\"A\",\"mensaje\":\"x\"}\n{\"id\":2,\"ts\":2,\"autor\":\"A\",\"mens";
  }
  {
    transcript t;
    t.open(path);
    ASSERT_TRUE(t.append({{3, 3, "B", "y", {}, false}, {}}));
  }
  auto loaded = transcript::load(path, 10);
  EXPECT_EQ(loaded.lines, 3u);
  EXPECT_EQ(loaded.bad_lines, 1u);
  EXPECT_EQ(loaded.last_id, 3u);
  ASSERT_EQ(loaded.tail.size(), 2u);
  EXPECT_EQ(loaded.tail[1].msg.author, "B");
  std::remove(path.c_str());
}

TEST(Transcript, UnwritablePathThrows) {
  transcript t;
  EXPECT_THROW(t.open("/nonexistent/dir/t.jsonl"), std::system_error);
}

}  // namespace
}  // namespace charla::net
