#pragma once
// The one thread the app owns: an io_context that runs the room's server
// (when hosting) and the participant's client. Joined before the window and
// GLFW go away.

#include <chrono>
#include <future>
#include <thread>

#include <asio.hpp>

namespace charla::app {

class network_thread {
 public:
  network_thread()
      : guard_(asio::make_work_guard(io_)), done_(finished_.get_future()), thread_([this] {
          io_.run();
          finished_.set_value();
        }) {}
  ~network_thread() { stop(); }
  network_thread(const network_thread&) = delete;
  network_thread& operator=(const network_thread&) = delete;

  asio::io_context& io() { return io_; }

  // Runs `f` on the network thread and returns its result (exceptions
  // included) to the caller. Not to be called from the network thread.
  template <typename F>
  auto call(F f) -> decltype(f()) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    asio::post(io_, [&task] { task(); });
    return result.get();
  }

  // Lets the io_context finish what is pending (a goodbye on the wire, the
  // server closing its sockets) for up to `grace`, then stops it and joins.
  // Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(1500)) {
    if (!thread_.joinable()) return;
    guard_.reset();
    if (done_.wait_for(grace) != std::future_status::ready) io_.stop();
    thread_.join();
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::promise<void> finished_;
  std::future<void> done_;
  std::thread thread_;
};

}  // namespace charla::app
