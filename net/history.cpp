#include "net/history.hpp"

#include <algorithm>

namespace charla::net {

const shared_bytes& stored_message::replay_bytes() const {
  if (!replay) {
    chat_msg copy = msg;
    copy.replay = true;
    replay = std::make_shared<const std::string>(encode(copy));
  }
  return replay;
}

const stored_message& history::push(chat_msg msg, std::string session) {
  auto live = std::make_shared<const std::string>(encode(msg));
  items_.push_back(stored_message{std::move(msg), std::move(session), std::move(live), nullptr});
  while (items_.size() > std::max<std::size_t>(capacity_, 1)) items_.pop_front();
  return items_.back();
}

std::size_t history::index_after(std::uint64_t since) const {
  auto it = std::upper_bound(items_.begin(), items_.end(), since,
                             [](std::uint64_t id, const stored_message& m) { return id < m.msg.id; });
  return static_cast<std::size_t>(it - items_.begin());
}

}  // namespace charla::net
