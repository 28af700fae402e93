#pragma once
// A call made once after the current handler returns, however many times
// it is asked for during that handler: how the room and the TCP transport
// remove what was closed (the removal rule, room.hpp) and how the transport
// sends everything queued in one loop turn with one write per connection.
// Asking again from inside the call queues one more call.

#include <functional>
#include <memory>
#include <utility>

#include <asio.hpp>

namespace charla::net {

class after_turn {
 public:
  after_turn(asio::io_context& io, std::function<void()> call) : io_(io), call_(std::move(call)) {}
  ~after_turn() { *alive_ = false; }
  after_turn(const after_turn&) = delete;
  after_turn& operator=(const after_turn&) = delete;

  void request() {
    if (posted_) return;
    posted_ = true;
    asio::post(io_, [this, alive = std::weak_ptr<bool>(alive_)] {
      if (!alive.lock()) return;  // the owner is gone
      posted_ = false;
      call_();
    });
  }

 private:
  asio::io_context& io_;
  std::function<void()> call_;
  bool posted_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace charla::net
