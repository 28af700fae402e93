#pragma once
// Test support: the real `charla host --headless` as a child process, on
// 127.0.0.1 and a free port, for tests that attack or kill it. Its log
// lines are collected as they come; it is asked for its counters and told
// to quit on its console (/counters, /quit: the same on Linux and Windows);
// its memory is read from /proc. Every wait has a deadline.
//
// CHARLA_TEST_HOST, when set, is the program started instead of the Linux
// charla: tests/windows/wine_host.sh runs the Windows build's charla.exe
// under wine (a Linux process, so /proc and SIGKILL work on it too).

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/figures.hpp"
#include "tests/support/open_files.hpp"

namespace charla::test {

// The host's counters as its "counters:" line gives them.
struct host_counters {
  std::map<std::string, std::uint64_t> values;
  std::uint64_t operator[](const std::string& key) const {
    auto it = values.find(key);
    if (it == values.end()) throw std::runtime_error("no counter named " + key);
    return it->second;
  }
};

struct host_memory {
  std::uint64_t rss_kib = 0;   // VmRSS now
  std::uint64_t peak_kib = 0;  // VmHWM: the most it ever held
};

class host_process {
 public:
  struct options {
    std::vector<std::string> args;  // after "host --headless --bind 127.0.0.1"
    std::uint16_t port = 0;         // 0: a free one
    rlim_t open_files = 0;          // 0: inherit; otherwise soft and hard limit of the child
  };

  explicit host_process(options o) : options_(std::move(o)) { start(); }
  explicit host_process(std::vector<std::string> args = {}) : host_process(options{std::move(args)}) {}
  ~host_process() {
    close_console();
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      reap(std::chrono::seconds(10));
    }
    if (reader_.joinable()) reader_.join();
  }
  host_process(const host_process&) = delete;
  host_process& operator=(const host_process&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }

  bool alive() {
    if (pid_ <= 0) return false;
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_status_ = status;
      pid_ = -1;
      return false;
    }
    return true;
  }

  // Types /counters and waits for the counters line it prints.
  std::optional<host_counters> counters(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock lock(mutex_);
    std::size_t before = counter_lines_.size();
    lock.unlock();
    if (pid_ <= 0 || !type("/counters\n")) return std::nullopt;
    lock.lock();
    if (!changed_.wait_for(lock, timeout, [&] { return counter_lines_.size() > before || ended_; }))
      return std::nullopt;
    if (counter_lines_.size() <= before) return std::nullopt;
    return parse_counters(counter_lines_[before]);
  }

  // Waits until a log line containing `needle` has been printed.
  bool wait_log(const std::string& needle, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return count_locked(needle) > 0 || ended_; }) &&
           count_locked(needle) > 0;
  }
  // Waits until at least `n` log lines containing `needle` have been printed.
  bool wait_log_count(const std::string& needle, std::size_t n,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return count_locked(needle) >= n || ended_; }) &&
           count_locked(needle) >= n;
  }
  std::size_t count_log(const std::string& needle) {
    std::lock_guard lock(mutex_);
    return count_locked(needle);
  }
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

  host_memory memory() const {
    host_memory m;
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string key;
    while (in >> key) {
      if (key == "VmRSS:")
        in >> m.rss_kib;
      else if (key == "VmHWM:")
        in >> m.peak_kib;
      else
        in.ignore(1 << 12, '\n');
    }
    return m;
  }

  // /quit, then the exit status (-1 when it had to be killed).
  int stop(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    if (pid_ > 0) {
      type("/quit\n");
      if (!reap(timeout)) {
        ::kill(pid_, SIGKILL);
        reap(std::chrono::seconds(10));
        return -1;
      }
    }
    if (reader_.joinable()) reader_.join();
    return WIFEXITED(exit_status_) ? WEXITSTATUS(exit_status_) : 128 + WTERMSIG(exit_status_);
  }

  // SIGKILL: the host dies without a chance to close anything.
  void kill_hard() {
    close_console();
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    reap(std::chrono::seconds(10));
    if (reader_.joinable()) reader_.join();
  }

  // Starts it again with the same options on the same port (after
  // kill_hard or stop), as a teacher restarting the room would.
  void restart() {
    if (reader_.joinable()) reader_.join();
    options_.port = port_;
    {
      std::lock_guard lock(mutex_);
      lines_.clear();
      counter_lines_.clear();
      ended_ = false;
      port_ = 0;
    }
    start();
  }

 private:
  // Writes `text` to the host's console; false when it is gone.
  bool type(const std::string& text) {
    if (console_ < 0) return false;
    std::size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(console_, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }
  void close_console() {
    if (console_ >= 0) ::close(console_);
    console_ = -1;
  }

  void start() {
    // A host that died leaves the console's pipe without a reader: a write
    // then fails with EPIPE instead of ending the test with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    const char* program = std::getenv("CHARLA_TEST_HOST");
    std::vector<std::string> argv = {program != nullptr && *program != '\0' ? program : CHARLA_BIN,
                                     "host",
                                     "--headless",
                                     "--bind",
                                     "127.0.0.1",
                                     "--port",
                                     std::to_string(options_.port)};
    argv.insert(argv.end(), options_.args.begin(), options_.args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    int in[2];
    if (::pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    rlim_t files = options_.open_files;
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      // Only async-signal-safe calls between fork and exec.
      ::dup2(out[1], STDOUT_FILENO);
      ::dup2(in[0], STDIN_FILENO);
      // Nothing else of the test's (asio opens sockets without close-on-exec):
      // a restarted host must not hold the participants' ends open.
      ::close_range(3, ~0u, 0);
      if (files > 0) {
        rlimit r{files, files};
        ::setrlimit(RLIMIT_NOFILE, &r);
      }
      ::execv(cargv[0], cargv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    ::close(in[0]);
    close_console();
    console_ = in[1];
    int fd = out[0];
    reader_ = std::thread([this, fd] { read_lines(fd); });
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, std::chrono::seconds(30), [&] { return port_ != 0 || ended_; }) || port_ == 0) {
      lock.unlock();
      throw std::runtime_error("the host did not start listening");
    }
  }

  void read_lines(int fd) {
    std::string pending;
    char buf[65536];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      pending.append(buf, static_cast<std::size_t>(n));
      std::size_t start = 0;
      std::lock_guard lock(mutex_);
      for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
        std::string line = pending.substr(start, nl - start);
        if (port_ == 0 && line.rfind("listening on ", 0) == 0) {
          port_ = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
        }
        if (line.find("counters: ") != std::string::npos) counter_lines_.push_back(line);
        lines_.push_back(std::move(line));
      }
      pending.erase(0, start);
      changed_.notify_all();
    }
    ::close(fd);
    std::lock_guard lock(mutex_);
    ended_ = true;
    changed_.notify_all();
  }

  bool reap(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (pid_ > 0) {
      int status = 0;
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        exit_status_ = status;
        pid_ = -1;
        return true;
      }
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polling interval of the wait
    }
    return true;
  }

  std::size_t count_locked(const std::string& needle) const {
    std::size_t n = 0;
    for (auto& l : lines_) n += l.find(needle) != std::string::npos;
    return n;
  }

  static host_counters parse_counters(const std::string& line) {
    host_counters c;
    std::istringstream in(line.substr(line.find("counters: ") + 10));
    std::string item;
    while (in >> item) {
      auto eq = item.find('=');
      if (eq != std::string::npos) c.values[item.substr(0, eq)] = std::stoull(item.substr(eq + 1));
    }
    return c;
  }

  options options_;
  pid_t pid_ = -1;
  int exit_status_ = 0;
  int console_ = -1;  // the write end of the host's standard input
  std::uint16_t port_ = 0;
  std::thread reader_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> lines_;
  std::vector<std::string> counter_lines_;
  bool ended_ = false;
};

}  // namespace charla::test
