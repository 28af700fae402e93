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
//                                Wi-Fi that drops data but not links does).
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
      ++connections_;
      pairs_.push_back(std::move(p));
    }
  }

  void run() {
    char buf[65536];
    while (!stop_) {
      bool paused = paused_;
      std::vector<pollfd> fds;
      fds.push_back({paused ? -1 : listen_fd_, POLLIN, 0});
      for (auto& p : pairs_) {
        for (int i = 0; i < 2; ++i) {
          short events = 0;
          if (!paused && p->pending[1 - i].size() < (256u << 10)) events |= POLLIN;
          if (!paused && !p->pending[i].empty()) events |= POLLOUT;
          fds.push_back({p->fd[i], events, 0});
        }
      }
      ::poll(fds.data(), fds.size(), 20);
      if (paused_) continue;
      if (fds[0].revents & POLLIN) accept_new();
      for (std::size_t k = 0; k < pairs_.size() && 1 + 2 * k < fds.size(); ++k) {
        auto& p = *pairs_[k];
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
  std::atomic<bool> paused_{false};
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> cuts_{0};
  std::atomic<std::uint64_t> connections_{0};
  std::thread thread_;
};

}  // namespace charla::test
