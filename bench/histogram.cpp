#include "bench/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace charla::bench {

int latency_histogram::index_of(std::uint64_t v) {
  if (v < (1u << (sub_bits + 1))) return static_cast<int>(v);
  int shift = std::bit_width(v) - (sub_bits + 1);  // v >> shift is in [64, 128)
  return shift * (1 << sub_bits) + static_cast<int>(v >> shift);
}

std::uint64_t latency_histogram::upper_of(int index) {
  if (index < (1 << (sub_bits + 1))) return static_cast<std::uint64_t>(index);
  int shift = index / (1 << sub_bits) - 1;
  std::uint64_t top = static_cast<std::uint64_t>(index - shift * (1 << sub_bits));
  return ((top + 1) << shift) - 1;
}

void latency_histogram::record(std::int64_t ns) {
  std::uint64_t v = ns < 0 ? 0 : static_cast<std::uint64_t>(ns);
  ++counts_[std::min(index_of(v), buckets - 1)];
  ++count_;
  if (ns > max_) max_ = ns;
}

void latency_histogram::merge(const latency_histogram& other) {
  for (int i = 0; i < buckets; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

std::int64_t latency_histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (int i = 0; i < buckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min<std::int64_t>(static_cast<std::int64_t>(upper_of(i)), max_);
  }
  return max_;
}

}  // namespace charla::bench
