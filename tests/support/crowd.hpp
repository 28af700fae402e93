#pragma once
// Test support: a crowd of participants (v1 or seed format) on raw loopback
// sockets, all driven by one poll loop on the crowd's own thread. Members
// read (or deliberately never read) and speak on a schedule; what each
// reader receives is decoded, seed parts "(i/n) ..." joined back, and kept
// in order, so a test can check that everyone got every message whole and
// in order. Every loop is bounded by the crowd's deadline.

#include <netinet/tcp.h>

#include <map>
#include <memory>

#include "tests/support/peers.hpp"

namespace charla::test {

// Like connect_loopback, with a maximum segment size set before connecting:
// with a small one (536 bytes) a reader that never reads fills its receive
// window with few bytes, so the host's own queue for it grows quickly, as it
// does across a real network (on loopback the kernel would otherwise take
// megabytes first).
inline int connect_small_segments(std::uint16_t port, const char* source, int receive_buffer, int max_segment) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (receive_buffer > 0) ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  if (max_segment > 0) ::setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &max_segment, sizeof max_segment);
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

class crowd {
 public:
  struct member_options {
    std::string name;
    bool seed = false;                 // seed hellos and messages instead of v1
    std::string source = "127.0.0.1";  // its address (seed channels pair by address)
    bool read_channel = true;
    bool write_channel = true;
    bool reads = true;       // false: its read channel is never read
    int receive_buffer = 0;  // bytes; 0: the system's default
    int max_segment = 0;     // TCP_MAXSEG of the read channel; 0: default
  };

  // One message as a reader got it (seed parts already joined).
  struct heard {
    std::string author;
    std::string text;
    std::uint64_t id = 0;  // v1 readers only
  };

  explicit crowd(std::uint16_t port) : port_(port) {}
  ~crowd() {
    stop();
    for (auto& m : members_) {
      close_reset(m->read_fd);
      close_reset(m->write_fd);
    }
  }
  crowd(const crowd&) = delete;
  crowd& operator=(const crowd&) = delete;

  // Connects a member and sends its hellos; its index. Before start().
  std::size_t add(member_options o) {
    auto m = std::make_unique<member>();
    m->options = std::move(o);
    m->session = session_for(next_session_++ + 5000000);
    auto deadline = clock_type::now() + patience;
    if (m->options.read_channel) {
      m->read_fd =
          connect_small_segments(port_, m->options.source.c_str(), m->options.receive_buffer, m->options.max_segment);
      if (m->read_fd < 0) throw std::runtime_error("crowd member " + m->options.name + " cannot connect");
      send_all(m->read_fd, hello_for(*m, net::channel_type::read), deadline);
    }
    if (m->options.write_channel) {
      m->write_fd = connect_loopback(port_, m->options.source.c_str());
      if (m->write_fd < 0) throw std::runtime_error("crowd member " + m->options.name + " cannot connect");
      send_all(m->write_fd, hello_for(*m, net::channel_type::write), deadline);
    }
    members_.push_back(std::move(m));
    return members_.size() - 1;
  }

  // Member `i` says each of `texts`, one every `gap`, starting `after` from
  // start(). Before start().
  void schedule(std::size_t i, const std::vector<std::string>& texts, milliseconds gap, milliseconds after = {}) {
    auto& m = *members_.at(i);
    for (std::size_t k = 0; k < texts.size(); ++k) m.plan.push_back({after + gap * static_cast<int>(k), texts[k]});
  }

  // Runs the poll loop on the crowd's thread until stop() or `limit`.
  void start(milliseconds limit) {
    started_ = clock_type::now();
    deadline_ = started_ + limit;
    thread_ = std::thread([this] { run(); });
  }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

  // Resets member `i`'s connections at once (no FIN): it vanishes.
  void vanish(std::size_t i) {
    std::lock_guard lock(mutex_);
    auto& m = *members_.at(i);
    m.vanish = true;
  }

  // Waits until `condition` (called under the crowd's lock) holds.
  bool wait(const std::function<bool()>& condition, milliseconds timeout = patience) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, condition);
  }

  // Under the lock (inside wait's condition) or after stop().
  const std::vector<heard>& messages(std::size_t i) const { return members_.at(i)->messages; }
  bool read_closed(std::size_t i) const { return members_.at(i)->read_closed; }
  bool all_said() const {
    for (auto& m : members_)
      if (m->next_plan < m->plan.size() || !m->out.empty()) return false;
    return true;
  }
  const std::vector<net::error_event>& errors(std::size_t i) const { return members_.at(i)->errors; }
  const std::vector<std::string>& presence(std::size_t i) const { return members_.at(i)->presence; }
  std::size_t size() const { return members_.size(); }
  std::size_t said(std::size_t i) const { return members_.at(i)->next_plan; }
  // After stop(): true when the host has closed member `i`'s read channel
  // (what waits in it is read and dropped first).
  bool host_closed_reader(std::size_t i, milliseconds timeout = patience) {
    int fd = members_.at(i)->read_fd;
    return fd < 0 || wait_closed(fd, timeout);
  }

  // Copies, safe from any thread.
  std::vector<heard> messages_copy(std::size_t i) {
    std::lock_guard lock(mutex_);
    return members_.at(i)->messages;
  }
  bool read_closed_now(std::size_t i) {
    std::lock_guard lock(mutex_);
    return members_.at(i)->read_closed;
  }

 private:
  struct planned {
    milliseconds at;
    std::string text;
  };
  struct member {
    member_options options;
    std::string session;
    int read_fd = -1, write_fd = -1;
    std::vector<planned> plan;
    std::size_t next_plan = 0;
    std::uint64_t cids = 0;
    std::string out;  // bytes waiting to be written
    net::stream_decoder decoder{1 << 24};
    std::map<std::string, std::string> parts;  // seed parts so far, by author
    std::vector<heard> messages;
    std::vector<net::error_event> errors;
    std::vector<std::string> presence;  // "join NAME", "leave NAME", in order
    bool read_closed = false, write_closed = false, vanish = false;
  };

  std::string hello_for(const member& m, net::channel_type type) const {
    if (m.options.seed) return type == net::channel_type::read ? "{\"type\":\"read\"}" : "{\"type\":\"write\"}";
    return v1_hello(type, m.session, m.options.name);
  }

  void take(member& m, const net::inbound& v) {
    if (auto* e = std::get_if<net::error_event>(&v)) {
      m.errors.push_back(*e);
    } else if (auto* j = std::get_if<net::join_event>(&v)) {
      m.presence.push_back("join " + j->author);
    } else if (auto* l = std::get_if<net::leave_event>(&v)) {
      m.presence.push_back("leave " + l->author);
    } else if (auto* msg = std::get_if<net::chat_msg>(&v)) {
      m.messages.push_back({msg->author, msg->text, msg->id});
    } else if (auto* in = std::get_if<net::chat_in>(&v)) {
      if (in->author.empty()) return;  // the host's keepalive for seed clients
      auto part = net::parse_legacy_part(in->text);
      if (!part) {
        m.messages.push_back({in->author, in->text});
        return;
      }
      auto& so_far = m.parts[in->author];
      so_far += part->piece;
      if (part->index == part->count) {
        m.messages.push_back({in->author, std::move(so_far)});
        m.parts.erase(in->author);
      }
    }
  }

  void read_from(member& m, net::json_reader& json) {
    char buf[65536];
    for (int turns = 0; turns < 64; ++turns) {
      ssize_t n = ::recv(m.read_fd, buf, sizeof buf, 0);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        m.read_closed = true;
        return;
      }
      m.decoder.feed({buf, static_cast<std::size_t>(n)}, [&](net::stream_decoder::kind k, std::string_view t) {
        if (k != net::stream_decoder::kind::object) return;
        auto d = json.read(t);
        if (d.value) take(m, *d.value);
      });
    }
  }

  void write_to(member& m) {
    while (!m.out.empty()) {
      ssize_t n = ::send(m.write_fd, m.out.data(), m.out.size(), MSG_NOSIGNAL);
      if (n > 0) {
        m.out.erase(0, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      m.write_closed = true;
      m.out.clear();
      return;
    }
  }

  void run() {
    net::json_reader json;
    std::vector<pollfd> fds;
    std::vector<std::pair<member*, bool>> whose;  // member, is the read channel
    while (!stop_ && clock_type::now() < deadline_) {
      auto now = clock_type::now();
      auto next_due = deadline_;
      {
        std::lock_guard lock(mutex_);
        for (auto& m : members_) {
          if (m->vanish) {
            close_reset(m->read_fd);
            close_reset(m->write_fd);
            m->read_fd = m->write_fd = -1;
            m->read_closed = m->write_closed = true;
            m->vanish = false;
          }
          while (m->next_plan < m->plan.size() && started_ + m->plan[m->next_plan].at <= now) {
            auto& p = m->plan[m->next_plan++];
            if (m->write_closed || m->write_fd < 0) continue;
            m->out += m->options.seed
                          ? net::encode(net::chat_in{m->options.name, p.text, {}})
                          : net::encode(net::chat_in{m->options.name, p.text,
                                                     m->session.substr(0, 8) + "-" + std::to_string(++m->cids)});
          }
          if (m->next_plan < m->plan.size()) next_due = std::min(next_due, started_ + m->plan[m->next_plan].at);
          if (!m->out.empty()) write_to(*m);
        }
      }
      fds.clear();
      whose.clear();
      for (auto& m : members_) {
        if (m->read_fd >= 0 && !m->read_closed && m->options.reads) {
          fds.push_back({m->read_fd, POLLIN, 0});
          whose.push_back({m.get(), true});
        }
        if (m->write_fd >= 0 && !m->write_closed) {
          // A write channel is read too: errors come back there for seed-less
          // v1 participants without a reader, and the host's close shows.
          fds.push_back({m->write_fd, static_cast<short>(POLLIN | (m->out.empty() ? 0 : POLLOUT)), 0});
          whose.push_back({m.get(), false});
        }
      }
      int wait_ms = std::clamp<int>(
          static_cast<int>(std::chrono::duration_cast<milliseconds>(next_due - clock_type::now()).count()), 0, 50);
      ::poll(fds.data(), fds.size(), wait_ms);
      std::lock_guard lock(mutex_);
      for (std::size_t k = 0; k < fds.size(); ++k) {
        if (!fds[k].revents) continue;
        auto [m, is_read] = whose[k];
        if (is_read) {
          if (m->read_fd >= 0) read_from(*m, json);
        } else if (m->write_fd >= 0) {
          if (fds[k].revents & POLLOUT) write_to(*m);
          if (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) {
            if (!drain_socket(m->write_fd)) m->write_closed = true;
          }
        }
      }
      changed_.notify_all();
    }
    std::lock_guard lock(mutex_);
    finished_ = true;
    changed_.notify_all();
  }

  std::uint16_t port_;
  std::vector<std::unique_ptr<member>> members_;
  std::uint64_t next_session_ = 0;
  clock_type::time_point started_, deadline_;
  std::atomic<bool> stop_{false};
  bool finished_ = false;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
};

}  // namespace charla::test
