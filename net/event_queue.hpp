#pragma once
// Hands values from the network thread to another thread: push() from any
// thread wakes the consumer through a callback (the window posts an empty
// GLFW event); the consumer swaps the whole batch out once per frame.

#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace charla::net {

template <typename T>
class event_queue {
 public:
  explicit event_queue(std::function<void()> wake = {}) : wake_(std::move(wake)) {}

  void set_wake(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
  }

  void push(T value) {
    std::function<void()> wake;
    {
      std::lock_guard lock(mutex_);
      items_.push_back(std::move(value));
      wake = wake_;
    }
    if (wake) wake();
  }

  std::vector<T> take_all() {
    std::lock_guard lock(mutex_);
    return std::exchange(items_, {});
  }

  // A sink for net::client and friends.
  std::function<void(T)> sink() {
    return [this](T value) { push(std::move(value)); };
  }

 private:
  std::mutex mutex_;
  std::vector<T> items_;
  std::function<void()> wake_;
};

}  // namespace charla::net
