#pragma once
// Test support: a real server on 127.0.0.1 (port 0) running on its own
// network thread, raw peers that speak bytes over real sockets, and a
// net::client whose events a test can wait for. Every wait has a deadline.

#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <asio.hpp>

#include "net/client.hpp"
#include "net/codec.hpp"
#include "net/framing.hpp"
#include "net/server.hpp"

namespace charla::test {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

inline constexpr milliseconds default_wait = 5000ms;

// Polls `condition` until it holds or `timeout` passes.
inline bool eventually(const std::function<bool()>& condition, milliseconds timeout = default_wait) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(2ms);  // polling interval of the wait, not a wait for an event
  }
  return true;
}

// An io_context on its own thread: the app's network thread in miniature.
class network_thread {
 public:
  network_thread() : guard_(asio::make_work_guard(io_)), thread_([this] { io_.run(); }) {}
  ~network_thread() { stop(); }
  void stop() {
    if (!thread_.joinable()) return;
    guard_.reset();
    thread_.join();
  }
  asio::io_context& io() { return io_; }

  // Runs `f` on the network thread and waits for it.
  template <typename F>
  auto call(F f) -> decltype(f()) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    asio::post(io_, [&task] { task(); });
    return result.get();
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::thread thread_;
};

inline net::server_config test_config() {
  net::server_config c;
  c.bind_address = "127.0.0.1";
  c.port = 0;
  c.room = "test";
  return c;
}

// A started server on a network thread; stopped and joined on destruction.
class running_server {
 public:
  explicit running_server(net::server_config config = test_config())
      : net_(std::make_unique<network_thread>()),
        server_(std::make_unique<net::server>(net_->io(), std::move(config))) {
    net_->call([this] { server_->start(); });
  }
  ~running_server() { shutdown(); }

  void shutdown() {
    if (!server_) return;
    server_->stop();
    net_->stop();
    server_.reset();
  }
  std::uint16_t port() const { return server_->local_endpoint().port(); }
  net::server& server() { return *server_; }
  net::counters_snapshot counters() const { return server_->counters(); }
  bool log_has(const std::string& needle) const {
    for (auto& e : server_->log().entries_after(0)) {
      if (e.text.find(needle) != std::string::npos) return true;
    }
    return false;
  }
  asio::io_context& io() { return net_->io(); }

 private:
  std::unique_ptr<network_thread> net_;
  std::unique_ptr<net::server> server_;
};

// A blocking TCP peer that writes raw bytes and reads decoded objects.
class raw_peer {
 public:
  explicit raw_peer(std::uint16_t port, const std::string& source = "127.0.0.1", int receive_buffer = 0)
      : socket_(io_), decoder_(1 << 24) {
    socket_.open(asio::ip::tcp::v4());
    if (receive_buffer > 0) socket_.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    socket_.bind({asio::ip::make_address(source), 0});
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
    socket_.set_option(asio::ip::tcp::no_delay(true));
  }

  void send(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes.data(), bytes.size())); }

  // A v1 hello for `type`.
  static std::string v1_hello(net::channel_type type, const std::string& session, const std::string& name,
                              std::optional<std::uint64_t> since = {}, const std::string& pin = {}) {
    return net::encode(net::hello{type, 1, session, name, pin, since});
  }

  // Reads until an object satisfying `match` arrives (returned), the peer
  // closes, or the timeout passes (nullopt). Objects read on the way are
  // kept in `seen()`.
  std::optional<net::inbound> next_matching(const std::function<bool(const net::inbound&)>& match,
                                            milliseconds timeout = default_wait) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      while (cursor_ < seen_.size()) {
        const auto& v = seen_[cursor_++];
        if (match(v)) return v;
      }
      if (closed_ || !read_some(deadline)) return std::nullopt;
    }
  }

  template <typename T>
  std::optional<T> next(milliseconds timeout = default_wait) {
    auto v = next_matching([](const net::inbound& i) { return std::holds_alternative<T>(i); }, timeout);
    if (!v) return std::nullopt;
    return std::get<T>(*v);
  }

  // True when the server closes this connection before the timeout.
  bool wait_closed(milliseconds timeout = default_wait) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_) {
      if (!read_some(deadline)) break;
    }
    return closed_;
  }

  const std::vector<net::inbound>& seen() const { return seen_; }
  const std::vector<std::string>& raw_objects() const { return raw_; }
  std::size_t reads() const { return reads_; }
  std::vector<std::chrono::steady_clock::time_point> arrival_times;
  asio::ip::tcp::socket& socket() { return socket_; }

 private:
  bool read_some(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{socket_.native_handle(), POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[65536];
    std::error_code ec;
    std::size_t n = socket_.read_some(asio::buffer(buf), ec);
    if (ec) {
      closed_ = true;
      return true;
    }
    ++reads_;
    decoder_.feed({buf, n}, [&](net::stream_decoder::kind k, std::string_view text) {
      if (k != net::stream_decoder::kind::object) return;
      raw_.emplace_back(text);
      arrival_times.push_back(std::chrono::steady_clock::now());
      auto d = reader_.read(text);
      if (d.value) seen_.push_back(std::move(*d.value));
    });
    return true;
  }

  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  net::stream_decoder decoder_;
  net::json_reader reader_;
  std::vector<net::inbound> seen_;
  std::vector<std::string> raw_;
  std::size_t cursor_ = 0;
  std::size_t reads_ = 0;
  bool closed_ = false;
};

// A v1 participant made of two raw peers (read + write channels).
struct raw_participant {
  raw_participant(std::uint16_t port, std::string name, std::string session = {},
                  std::optional<std::uint64_t> since = {}, const std::string& pin = {},
                  const std::string& source = "127.0.0.1")
      : name(std::move(name)),
        session(session.empty() ? make_session() : std::move(session)),
        reader(port, source),
        writer(port, source) {
    reader.send(raw_peer::v1_hello(net::channel_type::read, this->session, this->name, since, pin));
    writer.send(raw_peer::v1_hello(net::channel_type::write, this->session, this->name, {}, pin));
  }
  static std::string make_session() {
    static int n = 0;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%032x", ++n * 7919 + 0xabc);
    return buf;
  }
  void say(const std::string& text, const std::string& cid = {}) {
    writer.send(net::encode(net::chat_in{name, text, cid}));
  }
  // Waits for the message whose text is `text`.
  std::optional<net::chat_msg> wait_msg(const std::string& text, milliseconds timeout = default_wait) {
    auto v = reader.next_matching(
        [&](const net::inbound& i) {
          auto* m = std::get_if<net::chat_msg>(&i);
          return m && m->text == text;
        },
        timeout);
    if (!v) return std::nullopt;
    return std::get<net::chat_msg>(*v);
  }
  std::string name, session;
  raw_peer reader, writer;
};

// A seed client made of two raw peers, from `source`, in the seed's order.
struct seed_participant {
  seed_participant(std::uint16_t port, std::string name, const std::string& source)
      : name(std::move(name)), reader(port, source), writer(port, source) {
    reader.send("{\"type\":\"read\"}");
    writer.send("{\"type\":\"write\"}");
  }
  void say(const std::string& text) {
    std::string obj = net::encode(net::chat_in{name, text, {}});
    obj.pop_back();  // the seed sends no newline
    writer.send(obj);
  }
  std::optional<net::chat_in> wait_chat(const std::string& text, milliseconds timeout = default_wait) {
    auto v = reader.next_matching(
        [&](const net::inbound& i) {
          auto* m = std::get_if<net::chat_in>(&i);
          return m && m->text == text;
        },
        timeout);
    if (!v) return std::nullopt;
    return std::get<net::chat_in>(*v);
  }
  std::string name;
  raw_peer reader, writer;
};

// A net::client on a network thread whose events a test can wait for.
class watched_client {
 public:
  watched_client(asio::io_context& io, net::client_config config) {
    client_ = net::client::create(io, std::move(config), [this](net::client_event e) {
      std::lock_guard lock(mutex_);
      events_.push_back(std::move(e));
      changed_.notify_all();
    });
  }
  ~watched_client() {
    client_->stop();
    eventually(
        [this] {
          for (auto& s : all<net::status_event>()) {
            if (s.state == net::client_state::stopped || s.state == net::client_state::failed) return true;
          }
          return false;
        },
        2000ms);
  }
  net::client& operator*() { return *client_; }
  net::client* operator->() { return client_.get(); }

  // Waits for an event of type T satisfying `match`; events before it are
  // skipped once, as with a cursor.
  template <typename T>
  std::optional<T> wait(const std::function<bool(const T&)>& match = {}, milliseconds timeout = default_wait) {
    std::unique_lock lock(mutex_);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      while (cursor_ < events_.size()) {
        auto& e = events_[cursor_++];
        if (auto* t = std::get_if<T>(&e); t && (!match || match(*t))) return *t;
      }
      if (changed_.wait_until(lock, deadline) == std::cv_status::timeout && cursor_ >= events_.size()) {
        return std::nullopt;
      }
    }
  }
  std::optional<net::status_event> wait_state(net::client_state s, milliseconds timeout = default_wait) {
    return wait<net::status_event>([s](const net::status_event& e) { return e.state == s; }, timeout);
  }
  std::optional<net::message_event> wait_text(const std::string& text, milliseconds timeout = default_wait) {
    return wait<net::message_event>([&](const net::message_event& e) { return e.msg.text == text; }, timeout);
  }
  // Every event so far of type T.
  template <typename T>
  std::vector<T> all() {
    std::lock_guard lock(mutex_);
    std::vector<T> out;
    for (auto& e : events_) {
      if (auto* t = std::get_if<T>(&e)) out.push_back(*t);
    }
    return out;
  }
  void rewind() {
    std::lock_guard lock(mutex_);
    cursor_ = 0;
  }

 private:
  std::shared_ptr<net::client> client_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<net::client_event> events_;
  std::size_t cursor_ = 0;
};

inline net::client_config client_config_for(std::uint16_t port, const std::string& name) {
  net::client_config c;
  c.host = "127.0.0.1";
  c.port = port;
  c.name = name;
  return c;
}

}  // namespace charla::test
