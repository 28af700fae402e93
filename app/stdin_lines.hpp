#pragma once
// Standard input as lines, read on a thread of its own (a terminal, a pipe
// or a file alike), for the window-less modes: `join --headless` sends each
// line, `host --headless` takes commands (host_console.hpp).

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace charla::app {

class stdin_lines {
 public:
  // `on_line` gets each line without its end (LF or CRLF); at the end of
  // the input, a last line without a newline, then `on_end`. Both run on the
  // reader's thread: hand the work to the thread that owns it.
  stdin_lines(std::function<void(std::string)> on_line, std::function<void()> on_end);
  // Stops reading (within 100 ms) and joins the thread; nothing is called
  // after it returns.
  ~stdin_lines();
  stdin_lines(const stdin_lines&) = delete;
  stdin_lines& operator=(const stdin_lines&) = delete;

 private:
  void run();

  std::function<void(std::string)> on_line_;
  std::function<void()> on_end_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace charla::app
