#include "app/stdin_lines.hpp"

#include <chrono>

#include "app/platform/platform.hpp"

namespace charla::app {

stdin_lines::stdin_lines(std::function<void(std::string)> on_line, std::function<void()> on_end)
    : on_line_(std::move(on_line)), on_end_(std::move(on_end)), thread_([this] { run(); }) {}

stdin_lines::~stdin_lines() {
  stop_ = true;
  thread_.join();
}

void stdin_lines::run() {
  platform::block_signals_in_this_thread();
  std::string pending;
  while (!stop_) {
    // Waits a little at a time, so that stop_ is seen.
    auto chunk = platform::read_stdin(std::chrono::milliseconds(100));
    if (!chunk) break;
    pending += *chunk;
    for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
      std::string line = pending.substr(0, nl);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      pending.erase(0, nl + 1);
      on_line_(std::move(line));
    }
  }
  if (!pending.empty() && !stop_) on_line_(std::move(pending));
  if (!stop_) on_end_();
}

}  // namespace charla::app
