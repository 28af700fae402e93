// The inspector's memory: the newest wire records in a ring, bounded both in
// count and in bytes (a 64 KiB object counts for what it weighs), so a busy
// room or a long lesson cannot grow it. Sequence numbers keep increasing
// across evictions and clears, so a selection or a pause point stays valid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ui/wire_record.hpp"

namespace charla::ui {

class wire_log {
 public:
  static constexpr std::size_t default_max_records = 2000;
  static constexpr std::size_t default_max_bytes = 8 * 1024 * 1024;

  explicit wire_log(std::size_t max_records = default_max_records, std::size_t max_bytes = default_max_bytes);

  // Adds r (its seq is set here) and drops the oldest records past either
  // bound. Returns the seq given.
  std::uint64_t push(wire_record r);
  void clear();

  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // i = 0 is the oldest record held.
  const wire_record& at(std::size_t i) const { return ring_[(head_ + i) % ring_.size()]; }
  // The record with this seq, or null when it was dropped (or never was).
  const wire_record* find(std::uint64_t seq) const;

  std::size_t bytes() const { return bytes_; }
  std::size_t capacity() const { return ring_.size(); }
  std::size_t max_bytes() const { return max_bytes_; }
  std::uint64_t next_seq() const { return next_seq_; }
  std::uint64_t dropped() const { return dropped_; }  // evicted to stay within bounds

  // What one record weighs against max_bytes.
  static std::size_t weight(const wire_record& r);

 private:
  void pop_front();

  std::vector<wire_record> ring_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  std::size_t bytes_ = 0;
  std::size_t max_bytes_;
  std::uint64_t next_seq_ = 1;
  std::uint64_t dropped_ = 0;
};

}  // namespace charla::ui
