#pragma once
// A map that remembers only recent keys: at most `max_size` of them, none
// older than `max_age` since it was last touched. The room keeps what it
// learns about sessions and addresses that come and go (kicked and muted
// sessions, each session's cids, wrong-PIN counts) in these, so a room that
// runs all day with participants coming and going keeps a flat memory.

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>

namespace charla::net {

template <typename Value>
class recent_map {
 public:
  using clock = std::chrono::steady_clock;

  recent_map(std::size_t max_size, clock::duration max_age) : max_size_(max_size), max_age_(max_age) {}

  // The value for `key`, created if new; either way it becomes the newest.
  Value& touch(const std::string& key, clock::time_point now = clock::now()) {
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      order_.splice(order_.end(), order_, it->second.position);
      it->second.touched = now;
      return it->second.value;
    }
    forget_down_to(max_size_ > 0 ? max_size_ - 1 : 0, now);  // room for the new one
    order_.push_back(key);
    auto& e = entries_[key];
    e.position = std::prev(order_.end());
    e.touched = now;
    return e.value;
  }

  Value* find(const std::string& key) {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second.value;
  }
  bool contains(const std::string& key) const { return entries_.count(key) != 0; }

  void erase(const std::string& key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    order_.erase(it->second.position);
    entries_.erase(it);
  }

  // Forgets the oldest entries while there are more than max_size, and
  // those untouched for max_age. An entry `keep` holds on to (a session
  // present now) is touched instead, so it is never forgotten while in use.
  void forget(clock::time_point now = clock::now()) { forget_down_to(max_size_, now); }

  void set_keep(std::function<bool(const std::string&)> keep) { keep_ = std::move(keep); }
  std::size_t size() const { return entries_.size(); }

 private:
  void forget_down_to(std::size_t limit, clock::time_point now) {
    std::size_t spared = 0;
    while (!order_.empty() && spared < entries_.size()) {
      auto& oldest = entries_.at(order_.front());
      bool too_many = entries_.size() > limit;
      bool too_old = now - oldest.touched > max_age_;
      if (!too_many && !too_old) break;
      if (keep_ && keep_(order_.front())) {
        oldest.touched = now;
        order_.splice(order_.end(), order_, order_.begin());
        ++spared;
        continue;
      }
      entries_.erase(order_.front());
      order_.pop_front();
    }
  }

  struct entry {
    Value value{};
    clock::time_point touched;
    std::list<std::string>::iterator position;
  };
  std::size_t max_size_;
  clock::duration max_age_;
  std::unordered_map<std::string, entry> entries_;
  std::list<std::string> order_;  // least recently touched first
  std::function<bool(const std::string&)> keep_;
};

}  // namespace charla::net
