#pragma once
// Test support: a real server on 127.0.0.1 (port 0) running on its own
// network thread, raw peers that speak bytes over real sockets, and a
// net::client whose events a test can wait for. Every wait has a deadline.
//
// A raw peer speaks plain TCP or WebSocket (an upgrade on /ws, then one
// masked text frame per send): the room's rule tests run over both
// transports (transport_test in server_test.cpp) with the same bodies.

#include <chrono>
#include <condition_variable>
#include <cstdlib>
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
#include "net/ws/frame.hpp"
#include "tests/support/sockets.hpp"

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

// How a raw peer reaches the server.
enum class transport_kind { tcp, websocket };
inline const char* to_string(transport_kind t) {
  return t == transport_kind::tcp ? "tcp" : "websocket";
}
// What a raw peer uses when not told: set by a test over both transports
// (for the length of one test; tcp otherwise).
inline transport_kind& default_transport() {
  static transport_kind t = transport_kind::tcp;
  return t;
}

// A blocking TCP peer that writes raw bytes and reads decoded objects.
// Over WebSocket it sends the upgrade request at once (frames may follow it
// before the answer), each send() is one text frame (a final newline left
// out), and each text frame read is one object.
class raw_peer {
 public:
  explicit raw_peer(std::uint16_t port, const std::string& source = "127.0.0.1", int receive_buffer = 0,
                    std::optional<transport_kind> over = {})
      : socket_(io_), decoder_(1 << 24), web_(over.value_or(default_transport()) == transport_kind::websocket) {
    socket_.open(asio::ip::tcp::v4());
    if (receive_buffer > 0) socket_.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    socket_.bind({asio::ip::make_address(source), 0});
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
    socket_.set_option(asio::ip::tcp::no_delay(true));
    if (web_) {
      send_bytes("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                 "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    }
  }

  void send(std::string_view bytes) {
    if (!web_) {
      send_bytes(bytes);
      return;
    }
    if (!bytes.empty() && bytes.back() == '\n') bytes.remove_suffix(1);
    send_bytes(net::ws::client_frame(net::ws::opcode::text, bytes));
  }
  // Bytes as they are, whatever the transport.
  void send_bytes(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes.data(), bytes.size())); }
  bool websocket() const { return web_; }
  // Over WebSocket: the status of the server's answer (101 once read) and
  // the code of its close frame (0 before one arrives).
  int http_status() const { return http_status_; }
  std::uint16_t close_code() const { return close_code_; }
  const std::vector<std::string>& pongs() const { return pongs_; }
  // Reads until `condition` holds, the peer closes or the timeout passes.
  bool read_until(const std::function<bool()>& condition, milliseconds timeout = default_wait) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
      if (closed_ || !read_some(deadline)) return condition();
    }
    return true;
  }

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
    if (!test::wait_readable(socket_.native_handle(), static_cast<int>(left.count()))) return false;
    char buf[65536];
    std::error_code ec;
    std::size_t n = socket_.read_some(asio::buffer(buf), ec);
    if (ec) {
      closed_ = true;
      return true;
    }
    ++reads_;
    if (web_) {
      take_web({buf, n});
      return true;
    }
    take_stream({buf, n});
    return true;
  }

  void take_stream(std::string_view bytes) {
    decoder_.feed(bytes, [&](net::stream_decoder::kind k, std::string_view text) {
      if (k != net::stream_decoder::kind::object) return;
      raw_.emplace_back(text);
      arrival_times.push_back(std::chrono::steady_clock::now());
      auto d = reader_.read(text);
      if (d.value) seen_.push_back(std::move(*d.value));
    });
  }

  // The server's answer, then its frames (final and unmasked, as it sends
  // them): a text frame's payload is one object.
  void take_web(std::string_view bytes) {
    in_.append(bytes);
    if (http_status_ == 0) {
      auto end = in_.find("\r\n\r\n");
      if (end == std::string::npos) return;
      http_status_ = in_.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(in_.c_str() + 9) : -1;
      in_.erase(0, end + 4);
    }
    for (;;) {
      if (in_.size() < 2) return;
      const auto op = static_cast<std::uint8_t>(in_[0]) & 0x0F;
      std::size_t length = static_cast<std::uint8_t>(in_[1]) & 0x7F, at = 2;
      if (length == 126 || length == 127) {
        std::size_t digits = length == 126 ? 2 : 8;
        if (in_.size() < 2 + digits) return;
        length = 0;
        for (std::size_t i = 0; i < digits; ++i) length = (length << 8) | static_cast<std::uint8_t>(in_[2 + i]);
        at += digits;
      }
      if (in_.size() < at + length) return;
      std::string payload = in_.substr(at, length);
      in_.erase(0, at + length);
      if (op == 0x1) {
        // The protocol's promise over WebSocket: one object per text frame.
        const std::size_t before = raw_.size();
        take_stream(payload + "\n");
        if (raw_.size() != before + 1)
          ADD_FAILURE() << "a text frame carried " << raw_.size() - before << " objects (" << payload.size()
                        << " bytes)";
      } else if (op == 0xA) {
        pongs_.push_back(payload);
      } else if (op == 0x8) {
        close_code_ = payload.size() >= 2 ? static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                                                       static_cast<std::uint8_t>(payload[1]))
                                          : net::ws::close_code::no_status;
      }
    }
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
  bool web_ = false;
  std::string in_;  // WebSocket bytes not yet a whole frame
  int http_status_ = 0;
  std::uint16_t close_code_ = 0;
  std::vector<std::string> pongs_;
};

// A v1 participant made of two raw peers (read + write channels).
struct raw_participant {
  raw_participant(std::uint16_t port, std::string name, std::string session = {},
                  std::optional<std::uint64_t> since = {}, const std::string& pin = {},
                  const std::string& source = "127.0.0.1", std::optional<transport_kind> over = {})
      : name(std::move(name)),
        session(session.empty() ? make_session() : std::move(session)),
        reader(port, source, 0, over),
        writer(port, source, 0, over) {
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
      : name(std::move(name)),
        reader(port, source, 0, transport_kind::tcp),
        writer(port, source, 0, transport_kind::tcp) {
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
