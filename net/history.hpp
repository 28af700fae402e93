#pragma once
// The room's recent messages, for replay to readers that (re)connect.

#include <cstdint>
#include <deque>
#include <string>

#include "net/codec.hpp"

namespace charla::net {

struct stored_message {
  chat_msg msg;
  std::string session;          // who sent it (v1), for cid de-duplication
  shared_bytes live;            // the v1 encoding, shared by every reader
  mutable shared_bytes replay;  // the same with "replay":true, made on first use
  const shared_bytes& replay_bytes() const;
};

class history {
 public:
  explicit history(std::size_t capacity) : capacity_(capacity) {}

  const stored_message& push(chat_msg msg, std::string session);

  // Oldest id still held (0 when empty) and newest.
  std::uint64_t first_id() const { return items_.empty() ? 0 : items_.front().msg.id; }
  std::uint64_t last_id() const { return items_.empty() ? 0 : items_.back().msg.id; }
  std::size_t size() const { return items_.size(); }

  // Index of the first message with id > since (ids are consecutive).
  std::size_t index_after(std::uint64_t since) const;
  const stored_message& at(std::size_t i) const { return items_[i]; }

 private:
  std::size_t capacity_;
  std::deque<stored_message> items_;
};

}  // namespace charla::net
