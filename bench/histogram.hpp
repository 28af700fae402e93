#pragma once
// Latency histogram with bounded relative error (about 0.8 %), fixed memory
// and O(1) recording: values below 128 ns get a bucket each; above that,
// every power of two is cut into 64 equal buckets.

#include <array>
#include <cstdint>

namespace charla::bench {

class latency_histogram {
 public:
  void record(std::int64_t ns);
  void merge(const latency_histogram& other);

  std::uint64_t count() const { return count_; }
  std::int64_t max() const { return max_; }
  // The value at quantile q (0..1): an upper bound of its bucket.
  std::int64_t quantile(double q) const;

 private:
  static constexpr int sub_bits = 6;
  static constexpr int buckets = (64 - sub_bits) * (1 << sub_bits) + (1 << (sub_bits + 1));

  static int index_of(std::uint64_t v);
  static std::uint64_t upper_of(int index);

  std::array<std::uint64_t, buckets> counts_{};
  std::uint64_t count_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace charla::bench
