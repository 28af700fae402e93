#pragma once
// Test support: participants made of raw loopback sockets, for tests that
// attack a host from outside. An observer is a well-behaved v1 participant
// whose own thread keeps reading both channels, so it is never a slow
// reader however much the room says; a crowd is many connections driven by
// one poll loop. Every wait has a deadline.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "net/codec.hpp"
#include "net/framing.hpp"

namespace charla::test {

using clock_type = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Sanitizer builds run slower: waits get this much more time.
#ifdef CHARLA_SANITIZED
inline constexpr int slowdown = 4;
#else
inline constexpr int slowdown = 1;
#endif

// A generous bound for anything that should take a moment.
inline constexpr milliseconds patience{20000 * slowdown};

inline int ms_until(clock_type::time_point deadline) {
  auto left = std::chrono::duration_cast<milliseconds>(deadline - clock_type::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 1000));
}

// A TCP connection to 127.0.0.1:port from `source` (any 127.x.y.z), made
// non-blocking once connected. -1 when the connection cannot be made.
inline int connect_loopback(std::uint16_t port, const char* source = "127.0.0.1", int receive_buffer = 0) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (receive_buffer > 0) ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  ::inet_pton(AF_INET, source, &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// Closes with a reset instead of FIN: no TIME_WAIT for thousands of sockets.
inline void close_reset(int fd) {
  if (fd < 0) return;
  linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(fd);
}

enum class send_result { sent, closed, timed_out };

// Writes all of `bytes` to a non-blocking socket unless the peer closes
// it; `drain` (if given) is called while waiting, so that a test reading
// the same peer does not deadlock against it.
inline send_result send_all(int fd, std::string_view bytes, clock_type::time_point deadline,
                            const std::function<void()>& drain = {}) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return send_result::closed;
    if (clock_type::now() >= deadline) return send_result::timed_out;
    pollfd p{fd, POLLOUT, 0};
    ::poll(&p, 1, std::min(ms_until(deadline), 50));
    if (drain) drain();
  }
  return send_result::sent;
}

// Reads and discards what is waiting; false once the peer has closed.
inline bool drain_socket(int fd) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

// True when the peer closes `fd` before the deadline (what it sends is read
// and discarded).
inline bool wait_closed(int fd, milliseconds timeout = patience) {
  auto deadline = clock_type::now() + timeout;
  for (;;) {
    if (!drain_socket(fd)) return true;
    if (clock_type::now() >= deadline) return false;
    pollfd p{fd, POLLIN, 0};
    ::poll(&p, 1, ms_until(deadline));
  }
}

inline std::string session_for(std::uint64_t n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>((n + 1) * 0x9e3779b97f4a7c15ull),
                static_cast<unsigned long long>(n));
  return buf;
}

inline std::string v1_hello(net::channel_type type, const std::string& session, const std::string& name,
                            const std::string& pin = {}) {
  return net::encode(net::hello{type, 1, session, name, pin, std::nullopt});
}

// One raw connection read by the test thread itself: what it receives is
// decoded and kept; waits poll the socket up to a deadline.
class raw_channel {
 public:
  explicit raw_channel(int fd = -1) : fd_(fd) {}
  raw_channel(std::uint16_t port, const char* source = "127.0.0.1", int receive_buffer = 0)
      : fd_(connect_loopback(port, source, receive_buffer)) {
    if (fd_ < 0) throw std::runtime_error("cannot connect to the host");
  }
  ~raw_channel() { close_reset(fd_); }
  raw_channel(const raw_channel&) = delete;
  raw_channel& operator=(const raw_channel&) = delete;

  int fd() const { return fd_; }
  bool closed() const { return closed_; }
  const std::vector<net::inbound>& values() const { return values_; }

  send_result send(std::string_view bytes, milliseconds timeout = patience) {
    return send_all(fd_, bytes, clock_type::now() + timeout, [this] { read_available(); });
  }

  // Reads what is waiting without blocking; false once the peer closed.
  bool read_available() {
    char buf[65536];
    while (!closed_) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        closed_ = true;
        break;
      }
      decoder_.feed({buf, static_cast<std::size_t>(n)}, [&](net::stream_decoder::kind k, std::string_view t) {
        if (k != net::stream_decoder::kind::object) return;
        auto d = reader_.read(t);
        if (d.value) values_.push_back(std::move(*d.value));
      });
    }
    return !closed_;
  }

  // The first value from index `from` on satisfying `match`, waiting up to
  // `timeout`; its index, or nothing.
  std::optional<std::size_t> wait_for(const std::function<bool(const net::inbound&)>& match,
                                      milliseconds timeout = patience, std::size_t from = 0) {
    auto deadline = clock_type::now() + timeout;
    for (std::size_t i = from;;) {
      bool open = read_available();
      for (; i < values_.size(); ++i) {
        if (match(values_[i])) return i;
      }
      if (!open || clock_type::now() >= deadline) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      ::poll(&p, 1, ms_until(deadline));
    }
  }

  template <typename T>
  std::optional<T> wait_for_type(milliseconds timeout = patience, const std::function<bool(const T&)>& match = {}) {
    auto i = wait_for(
        [&](const net::inbound& v) {
          auto* t = std::get_if<T>(&v);
          return t && (!match || match(*t));
        },
        timeout);
    if (!i) return std::nullopt;
    return std::get<T>(values_[*i]);
  }

  std::optional<net::error_event> wait_error(net::error_code code, milliseconds timeout = patience) {
    return wait_for_type<net::error_event>(timeout, [code](const net::error_event& e) { return e.code == code; });
  }

  // True when the peer closes before the deadline.
  bool wait_closed(milliseconds timeout = patience) {
    auto deadline = clock_type::now() + timeout;
    while (read_available()) {
      if (clock_type::now() >= deadline) return false;
      pollfd p{fd_, POLLIN, 0};
      ::poll(&p, 1, ms_until(deadline));
    }
    return true;
  }

  template <typename T>
  std::size_t count() const {
    std::size_t n = 0;
    for (auto& v : values_) n += std::holds_alternative<T>(v);
    return n;
  }

 private:
  int fd_ = -1;
  bool closed_ = false;
  net::stream_decoder decoder_{1 << 24};
  net::json_reader reader_;
  std::vector<net::inbound> values_;
};

// Every object one channel has received, decoded, in order.
struct received {
  std::vector<net::inbound> values;
  std::vector<clock_type::time_point> times;
  bool closed = false;
};

// A well-behaved v1 participant on two raw sockets with a reading thread.
class observer {
 public:
  observer(std::uint16_t port, std::string name, std::uint64_t n, const std::string& pin = {},
           const char* source = "127.0.0.1")
      : name_(std::move(name)), session_(session_for(n + 1000000)) {
    read_fd_ = connect_loopback(port, source);
    write_fd_ = connect_loopback(port, source);
    if (read_fd_ < 0 || write_fd_ < 0) throw std::runtime_error("observer " + name_ + " cannot connect");
    auto deadline = clock_type::now() + patience;
    send_all(read_fd_, v1_hello(net::channel_type::read, session_, name_, pin), deadline);
    send_all(write_fd_, v1_hello(net::channel_type::write, session_, name_, pin), deadline);
    thread_ = std::thread([this] { run(); });
  }
  ~observer() {
    stop_ = true;
    thread_.join();
    close_reset(read_fd_);
    close_reset(write_fd_);
  }
  observer(const observer&) = delete;
  observer& operator=(const observer&) = delete;

  const std::string& name() const { return name_; }

  bool welcomed(milliseconds timeout = patience) {
    return wait([](const net::inbound& v) { return std::holds_alternative<net::welcome>(v); }, timeout).has_value();
  }

  // Says `text` (with a cid); returns when it started writing it.
  clock_type::time_point say(const std::string& text) {
    std::lock_guard lock(write_mutex_);
    std::string cid = "obs-" + std::to_string(++said_);
    auto bytes = net::encode(net::chat_in{name_, text, cid});
    auto started = clock_type::now();
    if (send_all(write_fd_, bytes, started + patience) != send_result::sent) {
      throw std::runtime_error("observer " + name_ + " cannot write");
    }
    return started;
  }

  // When the message with `text` arrived on the read channel.
  std::optional<clock_type::time_point> heard(const std::string& text, milliseconds timeout = patience) {
    return wait(
        [&](const net::inbound& v) {
          auto* m = std::get_if<net::chat_msg>(&v);
          return m && m->text == text;
        },
        timeout);
  }

  // Every chat message received so far.
  std::vector<net::chat_msg> messages() {
    std::lock_guard lock(mutex_);
    std::vector<net::chat_msg> out;
    for (auto& v : read_.values) {
      if (auto* m = std::get_if<net::chat_msg>(&v)) out.push_back(*m);
    }
    return out;
  }
  std::vector<net::error_event> errors() {
    std::lock_guard lock(mutex_);
    std::vector<net::error_event> out;
    for (auto* r : {&read_, &write_}) {
      for (auto& v : r->values) {
        if (auto* e = std::get_if<net::error_event>(&v)) out.push_back(*e);
      }
    }
    return out;
  }
  bool still_connected() {
    std::lock_guard lock(mutex_);
    return !read_.closed && !write_.closed;
  }

  // The first object (at or after the start) satisfying `match`: when it
  // arrived.
  std::optional<clock_type::time_point> wait(const std::function<bool(const net::inbound&)>& match,
                                             milliseconds timeout) {
    std::unique_lock lock(mutex_);
    auto deadline = clock_type::now() + timeout;
    std::size_t checked = 0;
    for (;;) {
      for (; checked < read_.values.size(); ++checked) {
        if (match(read_.values[checked])) return read_.times[checked];
      }
      if (read_.closed) return std::nullopt;
      if (changed_.wait_until(lock, deadline) == std::cv_status::timeout && checked == read_.values.size()) {
        return std::nullopt;
      }
    }
  }

 private:
  void run() {
    net::stream_decoder decoders[2] = {net::stream_decoder(1 << 24), net::stream_decoder(1 << 24)};
    net::json_reader readers[2];
    received* into[2] = {&read_, &write_};
    char buf[65536];
    while (!stop_) {
      pollfd p[2] = {{read_.closed ? -1 : read_fd_, POLLIN, 0}, {write_.closed ? -1 : write_fd_, POLLIN, 0}};
      ::poll(p, 2, 50);
      for (int i = 0; i < 2; ++i) {
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        for (;;) {
          ssize_t n = ::recv(p[i].fd, buf, sizeof buf, 0);
          if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
          if (n < 0 && errno == EINTR) continue;
          std::lock_guard lock(mutex_);
          if (n <= 0) {
            into[i]->closed = true;
            changed_.notify_all();
            break;
          }
          auto now = clock_type::now();
          decoders[i].feed({buf, static_cast<std::size_t>(n)}, [&](net::stream_decoder::kind k, std::string_view t) {
            if (k != net::stream_decoder::kind::object) return;
            auto d = readers[i].read(t);
            if (!d.value) return;
            into[i]->values.push_back(std::move(*d.value));
            into[i]->times.push_back(now);
          });
          changed_.notify_all();
        }
      }
      std::lock_guard lock(mutex_);
      if (read_.closed && write_.closed) break;
    }
  }

  std::string name_, session_;
  int read_fd_ = -1, write_fd_ = -1;
  std::uint64_t said_ = 0;
  std::mutex write_mutex_;
  std::mutex mutex_;
  std::condition_variable changed_;
  received read_, write_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Has `a` say something `b` must hear (and then the other way round);
// returns the slower of the two delivery times, or nothing when a message
// is not heard within `timeout`.
inline std::optional<std::chrono::microseconds> exchange(observer& a, observer& b, const std::string& tag,
                                                         milliseconds timeout = patience) {
  std::chrono::microseconds slowest{0};
  for (auto [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
    std::string text = tag + " from " + from->name();
    auto sent = from->say(text);
    auto got = to->heard(text, timeout);
    if (!got) return std::nullopt;
    slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::microseconds>(*got - sent));
  }
  return slowest;
}

}  // namespace charla::test
