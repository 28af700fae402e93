// Heights and running offsets of the history's rows, so that only visible
// rows are drawn however long the history is (ImGuiListClipper needs equal
// heights; wrapped messages are not). See docs/IMGUI.md §2.
//
// A height is exact when it was measured under the current key (wrap width,
// font, spacing, language); otherwise it is an estimate. Changing the key
// keeps the old heights as estimates, the caller measures the visible rows
// at once and the rest a budget per frame, so a resize or zoom never stalls
// a frame on 100,000 measurements. Offsets are doubles: float steps reach
// 0.5 px at a few million pixels.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace charla::ui {

struct layout_key {
  float wrap_width = 0;
  const void* font = nullptr;
  float font_size = 0;
  float spacing = 0;
  int variant = 0;  // anything else that changes heights (language)
  bool operator==(const layout_key&) const = default;
};

class history_layout {
 public:
  using measure_fn = std::function<float(std::size_t row)>;

  // A new key turns every height into an estimate. Returns true if it changed.
  bool set_key(const layout_key& key);
  const layout_key& key() const { return key_; }

  // Follows the model: rows dropped from the front keep the others' heights;
  // rows from first_dirty on are re-measured (exactly when few, else
  // estimated and queued).
  void sync(std::size_t dropped_front, std::size_t first_dirty, std::size_t rows, const measure_fn& exact,
            const measure_fn& estimate);

  // Measures rows [first, last) exactly where they are not yet.
  void measure(std::size_t first, std::size_t last, const measure_fn& exact);
  // Measures up to budget inexact rows, newest first. Returns how many.
  std::size_t measure_some(std::size_t budget, const measure_fn& exact);

  std::size_t size() const { return heights_.size(); }
  std::size_t inexact() const { return inexact_; }
  float height(std::size_t row) const { return heights_[row]; }
  double offset(std::size_t row);  // top of row; offset(size()) == total()
  double total();
  // The row containing y (the last one whose top is <= y); 0 when empty.
  std::size_t row_at(double y);

  // Measurements done since the counter was last reset (tests, profiling).
  std::size_t measured_count() const { return measured_count_; }
  void reset_measured_count() { measured_count_ = 0; }

 private:
  void set_height(std::size_t row, float h, bool exact);
  void ensure_offsets(std::size_t upto);  // makes offsets_[0, upto] right

  layout_key key_;
  std::vector<float> heights_;
  std::vector<std::uint8_t> exact_;
  std::vector<double> offsets_{0.0};  // size()+1 entries; [0, valid_] are right
  std::size_t valid_ = 0;
  std::size_t inexact_ = 0;
  std::size_t cursor_ = 0;  // measure_some scans downward from here
  std::size_t measured_count_ = 0;
};

}  // namespace charla::ui
