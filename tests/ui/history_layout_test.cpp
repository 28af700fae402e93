#include "ui/history_layout.hpp"

#include <gtest/gtest.h>

namespace charla::ui {
namespace {

TEST(HistoryLayout, AppendsAndAccumulatesOffsets) {
  history_layout layout;
  layout.set_key({100, nullptr, 20, 4, 0});
  std::vector<float> h = {10, 20, 30};
  auto exact = [&](std::size_t i) { return h[i]; };
  auto estimate = [&](std::size_t) { return 1.0f; };
  layout.sync(0, 0, 3, exact, estimate);
  EXPECT_EQ(layout.size(), 3u);
  EXPECT_EQ(layout.inexact(), 0u);
  EXPECT_DOUBLE_EQ(layout.offset(0), 0);
  EXPECT_DOUBLE_EQ(layout.offset(2), 30);
  EXPECT_DOUBLE_EQ(layout.total(), 60);
  EXPECT_EQ(layout.row_at(0), 0u);
  EXPECT_EQ(layout.row_at(9.9), 0u);
  EXPECT_EQ(layout.row_at(10), 1u);
  EXPECT_EQ(layout.row_at(59), 2u);
  EXPECT_EQ(layout.row_at(1000), 2u);

  layout.reset_measured_count();
  h.push_back(40);
  layout.sync(0, 3, 4, exact, estimate);  // only the new row is measured
  EXPECT_EQ(layout.measured_count(), 1u);
  EXPECT_DOUBLE_EQ(layout.total(), 100);
}

TEST(HistoryLayout, RemeasuresFromTheFirstDirtyRow) {
  history_layout layout;
  layout.set_key({100, nullptr, 20, 4, 0});
  std::vector<float> h = {10, 10, 10, 10};
  auto exact = [&](std::size_t i) { return h[i]; };
  layout.sync(0, 0, 4, exact, exact);
  h = {10, 10, 25, 10, 10};  // a row inserted at index 2
  layout.reset_measured_count();
  layout.sync(0, 2, 5, exact, exact);
  EXPECT_EQ(layout.measured_count(), 3u);
  EXPECT_DOUBLE_EQ(layout.offset(3), 45);
  EXPECT_DOUBLE_EQ(layout.total(), 65);
}

TEST(HistoryLayout, DroppedFrontKeepsTheOtherHeights) {
  history_layout layout;
  layout.set_key({100, nullptr, 20, 4, 0});
  std::vector<float> h = {1, 2, 3, 4, 5};
  auto exact = [&](std::size_t i) { return h[i]; };
  layout.sync(0, 0, 5, exact, exact);
  h = {3, 4, 5};
  layout.reset_measured_count();
  layout.sync(2, static_cast<std::size_t>(-1), 3, exact, exact);
  EXPECT_EQ(layout.measured_count(), 0u);
  EXPECT_DOUBLE_EQ(layout.total(), 12);
  EXPECT_DOUBLE_EQ(layout.offset(1), 3);
}

TEST(HistoryLayout, NewKeyTurnsHeightsIntoEstimatesMeasuredOverFrames) {
  history_layout layout;
  layout.set_key({100, nullptr, 20, 4, 0});
  std::vector<float> h(10'000, 20.0f);
  auto exact = [&](std::size_t i) { return h[i]; };
  auto estimate = [&](std::size_t) { return 15.0f; };
  layout.sync(0, 0, h.size(), exact, estimate);  // too many to measure at once
  EXPECT_EQ(layout.inexact(), h.size());
  EXPECT_DOUBLE_EQ(layout.total(), 15.0 * 10'000);

  layout.measure(100, 110, exact);
  EXPECT_EQ(layout.inexact(), h.size() - 10);
  EXPECT_DOUBLE_EQ(layout.offset(110), 15.0 * 100 + 20.0 * 10);

  // Newest rows first.
  EXPECT_EQ(layout.measure_some(100, exact), 100u);
  EXPECT_FLOAT_EQ(layout.height(9'999), 20.0f);
  EXPECT_FLOAT_EQ(layout.height(9'899), 15.0f);
  while (layout.inexact() > 0) layout.measure_some(1000, exact);
  EXPECT_DOUBLE_EQ(layout.total(), 20.0 * 10'000);

  // A resize: old heights stay as estimates until measured again.
  EXPECT_TRUE(layout.set_key({200, nullptr, 20, 4, 0}));
  EXPECT_FALSE(layout.set_key({200, nullptr, 20, 4, 0}));
  EXPECT_EQ(layout.inexact(), h.size());
  EXPECT_DOUBLE_EQ(layout.total(), 20.0 * 10'000);
}

}  // namespace
}  // namespace charla::ui
