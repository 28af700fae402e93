#pragma once
// One TCP connection of a simulated client.
//
// Reads wait for readability and then drain the socket into the shard's
// shared buffer, so thousands of idle links hold no read buffer; only an
// unfinished object or command is kept (in `pending_`). Writes accumulate in
// `out_` and leave in one write per loop turn (the shard's flush list).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <asio.hpp>

namespace charla::bench {

class shard;
struct client;

// What a speaker keeps per link (a parser's state, for instance).
struct link_state {
  virtual ~link_state() = default;
};

class link {
 public:
  enum class role { reader, writer };

  link(shard& owner, client& c, role r);
  link(const link&) = delete;
  link& operator=(const link&) = delete;

  // Connects to the server (from the client's source address, if it has
  // one), then calls `done`.
  void connect(std::function<void(const std::error_code&)> done);
  void start_reading();

  // Bytes for the server: append to out() and call mark(), or send().
  std::string& out() { return out_; }
  void mark();
  void send(std::string_view bytes) {
    out_.append(bytes);
    mark();
  }
  void flush();

  // Writes what it can right now without waiting, then closes.
  void send_last_and_close(std::string_view bytes);
  void close();
  bool is_open() const { return open_; }

  client& owner() const { return client_; }
  role kind() const { return role_; }
  std::unique_ptr<link_state> state;

 private:
  void read_available();
  void consume(std::string_view data, std::int64_t now_ns);
  void closed(const std::error_code& ec, const char* where);

  shard& shard_;
  client& client_;
  role role_;
  asio::ip::tcp::socket socket_;
  std::string out_, in_flight_, pending_;
  bool open_ = false, writing_ = false, dirty_ = false;
};

}  // namespace charla::bench
