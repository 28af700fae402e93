#include "ui/wire_log.hpp"

#include <string>

#include <gtest/gtest.h>

namespace charla::ui {
namespace {

wire_record frame(std::string bytes) {
  wire_record r;
  r.facts.kind = wire_kind::message_in;
  r.bytes = std::move(bytes);
  return r;
}

TEST(WireLog, KeepsTheNewestWithinTheCount) {
  wire_log log(100, 1 << 30);
  for (int i = 0; i < 10'000; ++i) log.push(frame("{\"n\":" + std::to_string(i) + "}"));
  EXPECT_EQ(log.size(), 100u);
  EXPECT_EQ(log.capacity(), 100u);
  EXPECT_EQ(log.dropped(), 9'900u);
  EXPECT_EQ(log.at(0).bytes, "{\"n\":9900}");
  EXPECT_EQ(log.at(99).bytes, "{\"n\":9999}");
  // Seqs keep counting and stay consecutive inside the ring.
  EXPECT_EQ(log.at(0).seq, 9'901u);
  EXPECT_EQ(log.at(99).seq, 10'000u);
  ASSERT_NE(log.find(9'950), nullptr);
  EXPECT_EQ(log.find(9'950)->bytes, "{\"n\":9949}");
  EXPECT_EQ(log.find(9'900), nullptr) << "dropped";
  EXPECT_EQ(log.find(10'001), nullptr) << "not yet";
}

TEST(WireLog, BigObjectsWeighWhatTheyWeigh) {
  const std::size_t budget = 1024 * 1024;
  wire_log log(10'000, budget);
  const std::string big(64 * 1024, 'x');
  std::size_t peak = 0;
  for (int i = 0; i < 500; ++i) {
    log.push(frame(big));
    peak = std::max(peak, log.bytes());
  }
  EXPECT_LE(peak, budget);
  EXPECT_LE(log.size(), budget / big.size());
  EXPECT_GE(log.size(), budget / big.size() - 2);
  // Small ones fill the room the big ones leave.
  for (int i = 0; i < 2000; ++i) log.push(frame("{}"));
  EXPECT_LE(log.bytes(), budget);
  EXPECT_EQ(log.at(log.size() - 1).bytes, "{}");
}

TEST(WireLog, AnObjectOverTheWholeBudgetIsStillShown) {
  wire_log log(10, 100);
  log.push(frame(std::string(1000, 'y')));
  EXPECT_EQ(log.size(), 1u) << "the newest record always stays";
  log.push(frame("{}"));
  EXPECT_EQ(log.size(), 1u);
  EXPECT_EQ(log.at(0).bytes, "{}");
}

TEST(WireLog, ClearForgetsButSeqsGoOn) {
  wire_log log(10, 1 << 20);
  log.push(frame("a"));
  log.push(frame("b"));
  log.clear();
  EXPECT_TRUE(log.empty());
  EXPECT_EQ(log.bytes(), 0u);
  EXPECT_EQ(log.push(frame("c")), 3u);
  EXPECT_EQ(log.at(0).bytes, "c");
}

}  // namespace
}  // namespace charla::ui
