#include "ui/history_layout.hpp"

#include <algorithm>

namespace charla::ui {

namespace {

// Rows this many or fewer are measured exactly when they change; more (a
// replay after a long absence, a first load) are estimated and queued.
constexpr std::size_t exact_sync_limit = 512;

}  // namespace

bool history_layout::set_key(const layout_key& key) {
  if (key == key_) return false;
  key_ = key;
  std::fill(exact_.begin(), exact_.end(), std::uint8_t{0});
  inexact_ = heights_.size();
  cursor_ = heights_.size();
  return true;
}

void history_layout::set_height(std::size_t row, float h, bool exact) {
  if (heights_[row] != h) {
    heights_[row] = h;
    valid_ = std::min(valid_, row);
  }
  if (exact && !exact_[row]) {
    exact_[row] = 1;
    --inexact_;
  } else if (!exact && exact_[row]) {
    exact_[row] = 0;
    ++inexact_;
  }
}

void history_layout::sync(std::size_t dropped_front, std::size_t first_dirty, std::size_t rows, const measure_fn& exact,
                          const measure_fn& estimate) {
  if (dropped_front > 0) {
    const std::size_t n = std::min(dropped_front, heights_.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (!exact_[i]) --inexact_;
    }
    heights_.erase(heights_.begin(), heights_.begin() + static_cast<std::ptrdiff_t>(n));
    exact_.erase(exact_.begin(), exact_.begin() + static_cast<std::ptrdiff_t>(n));
    valid_ = 0;
    cursor_ = cursor_ > n ? cursor_ - n : 0;
  }

  const std::size_t first = std::min({first_dirty, rows, heights_.size()});
  for (std::size_t i = first; i < heights_.size(); ++i) {
    if (!exact_[i]) --inexact_;
  }
  heights_.resize(first);
  exact_.resize(first);
  valid_ = std::min(valid_, first);

  const bool exactly = rows - first <= exact_sync_limit;
  heights_.resize(rows, 0.0f);
  exact_.resize(rows, 0);
  inexact_ += rows - first;
  for (std::size_t i = first; i < rows; ++i) {
    if (exactly) {
      ++measured_count_;
      set_height(i, exact(i), true);
    } else {
      set_height(i, estimate(i), false);
    }
  }
  // set_height only invalidates on change; new rows always need offsets.
  valid_ = std::min(valid_, first);
  if (!exactly) cursor_ = std::max(cursor_, rows);
  offsets_.resize(rows + 1);
}

void history_layout::measure(std::size_t first, std::size_t last, const measure_fn& exact) {
  last = std::min(last, heights_.size());
  for (std::size_t i = first; i < last; ++i) {
    if (exact_[i]) continue;
    ++measured_count_;
    set_height(i, exact(i), true);
  }
}

std::size_t history_layout::measure_some(std::size_t budget, const measure_fn& exact) {
  std::size_t done = 0;
  cursor_ = std::min(cursor_, heights_.size());
  while (done < budget && inexact_ > 0) {
    if (cursor_ == 0) cursor_ = heights_.size();
    --cursor_;
    if (exact_[cursor_]) continue;
    ++measured_count_;
    set_height(cursor_, exact(cursor_), true);
    ++done;
  }
  return done;
}

void history_layout::ensure_offsets(std::size_t upto) {
  upto = std::min(upto, heights_.size());
  if (valid_ >= upto) return;
  offsets_.resize(heights_.size() + 1);
  for (std::size_t i = valid_; i < upto; ++i) offsets_[i + 1] = offsets_[i] + heights_[i];
  valid_ = upto;
}

double history_layout::offset(std::size_t row) {
  row = std::min(row, heights_.size());
  ensure_offsets(row);
  return offsets_[row];
}

double history_layout::total() {
  return offset(heights_.size());
}

std::size_t history_layout::row_at(double y) {
  ensure_offsets(heights_.size());
  if (heights_.empty()) return 0;
  auto it = std::upper_bound(offsets_.begin(), offsets_.end() - 1, y);
  std::size_t row = static_cast<std::size_t>(it - offsets_.begin());
  return row == 0 ? 0 : std::min(row - 1, heights_.size() - 1);
}

}  // namespace charla::ui
