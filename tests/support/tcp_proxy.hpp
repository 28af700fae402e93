#pragma once
// Test support: a TCP proxy on loopback that plays the network between a
// participant and the host, and can fail the way a classroom network does:
//   cut_next(direction, needle)  the next chunk carrying `needle` in that
//                                direction is forwarded only up to the
//                                middle of the object, then both ends get a
//                                reset (a connection cut mid-stream);
//   pause(true)/pause(false)     nothing moves in either direction and no
//                                new connection is served until resumed (a
//                                network that stops answering; the
//                                kernel still completes handshakes, as a
//                                Wi-Fi that drops data but not links does);
//   black_hole(serial)           the connection accepted serial-th (from 0)
//                                stops forwarding in both directions, for
//                                good: what arrives is read and thrown
//                                away, and a close on one side is not passed
//                                on, so both peers keep an open socket that
//                                never delivers (a laptop that roamed to
//                                another access point, a closed lid). New
//                                connections are forwarded as before.
// One thread runs a poll loop over every connection.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace charla::test {

class tcp_proxy {
 public:
  enum class direction { to_host, to_participant };

  // `host_receive_buffer` (bytes, 0: the system's) sets the receive buffer of
  // the proxy's connections to the host: small, what the host sends during a
  // pause waits in the host's own queue instead of in kernel buffers.
  explicit tcp_proxy(std::uint16_t host_port, int host_receive_buffer = 0)
      : host_port_(host_port), host_receive_buffer_(host_receive_buffer) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_fd_, 128) != 0) {
      throw std::runtime_error("the proxy cannot listen");
    }
    socklen_t len = sizeof a;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~tcp_proxy() {
    stop_ = true;
    thread_.join();
    for (auto& p : pairs_) p->reset();
    ::close(listen_fd_);
  }
  tcp_proxy(const tcp_proxy&) = delete;
  tcp_proxy& operator=(const tcp_proxy&) = delete;

  std::uint16_t port() const { return port_; }

  void cut_next(direction d, std::string needle) {
    std::lock_guard lock(mutex_);
    cut_ = cut_order{d, std::move(needle)};
  }
  // True once the armed cut has happened.
  bool cut_done() {
    std::lock_guard lock(mutex_);
    return !cut_.has_value();
  }
  void pause(bool paused) { paused_ = paused; }
  // Returns once the proxy's loop has taken the order (at most 1 s).
  void black_hole(std::uint64_t serial) {
    {
      std::lock_guard lock(mutex_);
      holes_.push_back(serial);
    }
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard lock(mutex_);
        if (holes_.empty()) return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the loop's turn is at most 20 ms
    }
  }
  // Bytes thrown away by black holes so far.
  std::uint64_t swallowed() const { return swallowed_; }
  std::uint64_t cuts() const { return cuts_; }
  std::uint64_t connections() const { return connections_; }

 private:
  struct cut_order {
    direction d;
    std::string needle;
  };

  // A participant's connection and the proxy's connection to the host.
  struct pair {
    int fd[2] = {-1, -1};    // [0] participant side, [1] host side
    std::string pending[2];  // bytes waiting to be written to fd[i]
    bool dead = false;
    bool holed = false;  // a black hole: nothing forwarded, closes not passed on
    std::uint64_t serial = 0;
    void reset() {
      for (int& f : fd) {
        if (f < 0) continue;
        linger l{1, 0};
        ::setsockopt(f, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        ::close(f);
        f = -1;
      }
      dead = true;
    }
  };

  static void write_some(int fd, std::string& pending, bool& dead) {
    while (!pending.empty()) {
      ssize_t n = ::send(fd, pending.data(), pending.size(), MSG_NOSIGNAL);
      if (n > 0) {
        pending.erase(0, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      if (n < 0 && errno == EINTR) continue;
      dead = true;
      return;
    }
  }

  // Forwards the head of a chunk to `fd` before a cut, waiting (bounded)
  // until it has left.
  static void write_before_cut(int fd, std::string bytes) {
    bool dead = false;
    for (int tries = 0; tries < 200 && !bytes.empty() && !dead; ++tries) {
      write_some(fd, bytes, dead);
      if (bytes.empty()) break;
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, 10);
    }
  }

  void accept_new() {
    for (;;) {
      int c = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (c < 0) return;
      int h = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (host_receive_buffer_ > 0) {
        ::setsockopt(h, SOL_SOCKET, SO_RCVBUF, &host_receive_buffer_, sizeof host_receive_buffer_);
      }
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(host_port_);
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      auto p = std::make_unique<pair>();
      p->fd[0] = c;
      if (::connect(h, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(h);
        p->reset();  // the host is down: the participant sees a reset
        continue;
      }
      int one = 1;
      ::setsockopt(h, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      ::fcntl(h, F_SETFL, ::fcntl(h, F_GETFL) | O_NONBLOCK);
      p->fd[1] = h;
      p->serial = connections_++;
      pairs_.push_back(std::move(p));
    }
  }

  // A black hole's turn: whatever came is dropped; a side that closed is
  // closed here too, silently (the other side hears nothing).
  void swallow(pair& p, const pollfd* polled, char* buf, std::size_t size) {
    p.pending[0].clear();
    p.pending[1].clear();
    for (int i = 0; i < 2; ++i) {
      if (p.fd[i] < 0 || !(polled[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::recv(p.fd[i], buf, size, 0);
      if (n > 0) {
        swallowed_ += static_cast<std::uint64_t>(n);
      } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        ::close(p.fd[i]);
        p.fd[i] = -1;
      }
    }
    if (p.fd[0] < 0 && p.fd[1] < 0) p.dead = true;
  }

  void run() {
    char buf[65536];
    while (!stop_) {
      {
        std::lock_guard lock(mutex_);
        for (auto serial : holes_) {
          for (auto& p : pairs_) {
            if (p->serial == serial) p->holed = true;
          }
        }
        holes_.clear();
      }
      bool paused = paused_;
      std::vector<pollfd> fds;
      fds.push_back({paused ? -1 : listen_fd_, POLLIN, 0});
      for (auto& p : pairs_) {
        for (int i = 0; i < 2; ++i) {
          short events = 0;
          if (p->holed) events = POLLIN;  // read to throw away, even while paused
          if (!paused && p->pending[1 - i].size() < (256u << 10)) events |= POLLIN;
          if (p->holed) {
            fds.push_back({p->fd[i], events, 0});
            continue;
          }
          if (!paused && !p->pending[i].empty()) events |= POLLOUT;
          fds.push_back({p->fd[i], events, 0});
        }
      }
      ::poll(fds.data(), fds.size(), 20);
      if (paused_) continue;
      if (fds[0].revents & POLLIN) accept_new();
      for (std::size_t k = 0; k < pairs_.size() && 1 + 2 * k < fds.size(); ++k) {
        auto& p = *pairs_[k];
        if (p.holed) {
          swallow(p, &fds[1 + 2 * k], buf, sizeof buf);
          continue;
        }
        for (int i = 0; i < 2 && !p.dead; ++i) {
          if (!(fds[1 + 2 * k + static_cast<std::size_t>(i)].revents & (POLLIN | POLLHUP | POLLERR))) continue;
          ssize_t n = ::recv(p.fd[i], buf, sizeof buf, 0);
          if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) continue;
          if (n <= 0) {
            // One end finished or failed: pass it on as a reset; a proxy
            // that half-closes would be kinder than the networks it plays.
            write_some(p.fd[1 - i], p.pending[1 - i], p.dead);
            p.reset();
            break;
          }
          std::string chunk(buf, static_cast<std::size_t>(n));
          direction d = i == 0 ? direction::to_host : direction::to_participant;
          std::unique_lock lock(mutex_);
          if (cut_ && cut_->d == d) {
            auto at = chunk.find(cut_->needle);
            if (at != std::string::npos) {
              std::size_t middle = at + cut_->needle.size() / 2 + 1;
              cut_.reset();
              lock.unlock();
              write_some(p.fd[1 - i], p.pending[1 - i], p.dead);
              write_before_cut(p.fd[1 - i], chunk.substr(0, middle));
              ++cuts_;
              p.reset();
              break;
            }
          }
          lock.unlock();
          p.pending[1 - i] += chunk;
        }
        for (int i = 0; i < 2 && !p.dead; ++i) write_some(p.fd[i], p.pending[i], p.dead);
        if (p.dead) p.reset();
      }
      std::erase_if(pairs_, [](const std::unique_ptr<pair>& p) { return p->dead; });
    }
  }

  std::uint16_t host_port_;
  int host_receive_buffer_ = 0;
  std::uint16_t port_ = 0;
  int listen_fd_ = -1;
  std::vector<std::unique_ptr<pair>> pairs_;
  std::mutex mutex_;
  std::optional<cut_order> cut_;
  std::vector<std::uint64_t> holes_;  // black_hole orders not yet applied
  std::atomic<std::uint64_t> swallowed_{0};
  std::atomic<bool> paused_{false};
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> cuts_{0};
  std::atomic<std::uint64_t> connections_{0};
  std::thread thread_;
};

}  // namespace charla::test
