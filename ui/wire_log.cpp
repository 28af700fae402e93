#include "ui/wire_log.hpp"

#include <algorithm>

namespace charla::ui {

wire_group group_of(wire_kind kind) {
  switch (kind) {
    case wire_kind::connected:
    case wire_kind::closed:
    case wire_kind::ws_upgrade:
    case wire_kind::ws_accept:
    case wire_kind::hello:
    case wire_kind::welcome:
    case wire_kind::bye:
      return wire_group::connection;
    case wire_kind::message_out:
    case wire_kind::echo:
    case wire_kind::message_in:
    case wire_kind::replay:
    case wire_kind::legacy_message:
      return wire_group::messages;
    case wire_kind::join:
    case wire_kind::leave:
      return wire_group::presence;
    case wire_kind::ping:
    case wire_kind::legacy_ping:
      return wire_group::keepalive;
    case wire_kind::error:
    case wire_kind::unreadable:
      return wire_group::errors;
  }
  return wire_group::errors;
}

wire_log::wire_log(std::size_t max_records, std::size_t max_bytes)
    : ring_(std::max<std::size_t>(max_records, 1)), max_bytes_(max_bytes) {}

std::size_t wire_log::weight(const wire_record& r) {
  const wire_facts& f = r.facts;
  return sizeof(wire_record) + r.bytes.size() + r.pretty.size() + r.secret.size() + f.subject.size() + f.author.size() +
         f.detail.size() + f.code.size() + f.session.size() + f.participant_end.size() + f.server_end.size() +
         f.paired_with.size();
}

std::uint64_t wire_log::push(wire_record r) {
  r.seq = next_seq_++;
  const std::size_t w = weight(r);
  while (count_ > 0 && (count_ == ring_.size() || bytes_ + w > max_bytes_)) pop_front();
  ring_[(head_ + count_) % ring_.size()] = std::move(r);
  ++count_;
  bytes_ += w;
  return next_seq_ - 1;
}

void wire_log::pop_front() {
  wire_record& old = ring_[head_];
  bytes_ -= std::min(bytes_, weight(old));
  old = wire_record{};  // give its strings back now, not when the slot is reused
  head_ = (head_ + 1) % ring_.size();
  --count_;
  ++dropped_;
}

void wire_log::clear() {
  while (count_ > 0) pop_front();
  dropped_ = 0;
  head_ = 0;
}

const wire_record* wire_log::find(std::uint64_t seq) const {
  if (count_ == 0 || seq < at(0).seq || seq > at(count_ - 1).seq) return nullptr;
  // Seqs are consecutive inside the ring.
  const std::size_t i = static_cast<std::size_t>(seq - at(0).seq);
  return i < count_ ? &at(i) : nullptr;
}

}  // namespace charla::ui
