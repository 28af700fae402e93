#pragma once
// The TCP transport: the listener, the connections (channel.hpp), their
// pairing into seats (pair_seat.hpp) and their per-connection rules: the
// hello timeout, pings to idle readers, the stall timeout, the heartbeat of
// v1 writers, bad objects in a row, oversized objects. What a hello or a
// message means is the room's (net/room.hpp); this folder knows how bytes
// travel.
//
// The removal rule of the room holds here too: a delivery can close a
// channel inside a loop over channels_ (tick) or over the room's seats. So
// on_closed() only marks (the channel joins closed_), and reap(), posted to
// run once the current handler has returned, is the only place that erases
// from channels_.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <asio.hpp>

#include "net/after_turn.hpp"
#include "net/codec.hpp"
#include "net/counters.hpp"
#include "net/framing.hpp"
#include "net/log.hpp"
#include "net/server.hpp"
#include "net/tcp/channel.hpp"
#include "net/tcp/pair_seat.hpp"
#include "net/ws/handshake.hpp"

namespace charla::net {
class room;
}

namespace charla::net::tcp {

class transport {
 public:
  using clock = channel::clock;

  transport(asio::io_context& io, room& r, const server_config& config, event_log& log, server_counters& counters);
  ~transport();
  transport(const transport&) = delete;
  transport& operator=(const transport&) = delete;

  // Binds config.bind_address:config.port and starts accepting; throws
  // std::system_error when it cannot (e.g. the port is in use).
  void listen();
  asio::ip::tcp::endpoint local_endpoint() const { return endpoint_; }
  // Stops accepting and closes every connection, telling the room nothing
  // (it is closing too).
  void close_all();

  // Checks every per-connection timeout and heartbeat that is due and
  // returns when the next one will be.
  clock::time_point tick(clock::time_point now);
  // The shortest of those timeouts (the server's timer never sleeps longer).
  std::chrono::milliseconds shortest_timeout() const;

  // From channels.
  void on_value(channel& ch, inbound&& value);
  void on_bad_value(channel& ch, const std::string& problem);
  void on_too_large(channel& ch);
  void on_slow(channel& ch, const char* why);
  // The web (docs/PROTOCOL.md section 11): a TLS hello, a request the
  // parser refused, a parsed request, a WebSocket frame against the RFC.
  void on_tls_hello(channel& ch);
  void on_bad_request(channel& ch, int status, std::string_view problem);
  void on_request(channel& ch, const ws::http_request& request);
  void on_bad_frame(channel& ch, std::uint16_t code, std::string_view problem);
  void on_closed(channel& ch, leave_reason reason, const std::string& why);
  void mark_dirty(channel& ch);
  asio::mutable_buffer read_buffer() { return asio::buffer(read_buffer_); }
  // One parser for every channel: there is one network thread, and what it
  // returns is copied out before the next object is read.
  json_reader& json() { return json_; }
  // Where a channel gathers what it sends in one call (channel::write_queued).
  asio::mutable_buffer write_scratch() { return asio::buffer(write_scratch_); }
  // The objects of `several` (each ending in a newline) as WebSocket text
  // frames back to back. Built once per encoding: every WebSocket reader of
  // one presence batch shares the same framed copy, so a class joining at
  // once costs a queue entry per reader per batch, not one per event.
  const shared_bytes& frames_of(const shared_bytes& several);
  // True when the room watches `ch`'s participant; then tap() reports its traffic.
  bool tapped(const channel& ch) const;
  void tap(const channel& ch, wire_event::kind what, bool from_participant, std::string_view bytes,
           bool earlier = false, std::string_view request = {});
  // For tests: runs before each delivery to a channel (see server.hpp).
  void set_delivery_hook(std::function<void(channel&, const shared_bytes&)> hook) { delivery_hook_ = std::move(hook); }
  void before_delivery(channel& ch, const shared_bytes& bytes) {
    if (delivery_hook_) delivery_hook_(ch, bytes);
  }
  const server_limits& limits() const { return config_.limits; }
  server_counters& counters() { return counters_; }

  // From seats: the seat closed; it is no longer found by pairing.
  void forget(pair_seat& s);

 private:
  void accept_next();
  void add(asio::ip::tcp::socket socket);
  void on_hello(channel& ch, hello&& h);
  void on_v1_hello(channel& ch, hello&& h);
  void on_seed_hello(channel& ch, hello&& h);
  // A problem that ends the channel: error event (v1 peers), then close.
  void refuse(channel& ch, error_code code, const std::string& detail, drop_reason why);
  void flush_dirty();
  // The one place that erases closed channels; runs after the current
  // handler (reap_.request()).
  void reap();
  // Tells the tap, if the room watches the participant, of a channel that
  // just joined its seat: its opening and its hello.
  void tap_hello(channel& ch);

  asio::io_context& io_;
  room& room_;
  const server_config& config_;
  event_log& log_;
  server_counters& counters_;
  asio::ip::tcp::acceptor acceptor_;
  asio::steady_timer accept_pause_;  // after a failed accept
  asio::ip::tcp::endpoint endpoint_;
  bool stopped_ = false;
  std::uint64_t next_channel_id_ = 1;

  std::unordered_map<std::uint64_t, std::shared_ptr<channel>> channels_;
  std::vector<std::uint64_t> closed_;  // still in channels_ until reap()
  after_turn reap_;
  // Pairing: v1 seats by session, half-paired seed seats by IP (oldest first).
  std::unordered_map<std::string, pair_seat*> sessions_;
  std::unordered_map<std::string, std::deque<pair_seat*>> seed_unpaired_;

  std::vector<std::shared_ptr<channel>> dirty_;
  after_turn flush_;
  std::vector<char> read_buffer_ = std::vector<char>(64 * 1024);
  json_reader json_;
  std::vector<char> write_scratch_ = std::vector<char>(256 * 1024);
  shared_bytes framed_from_, framed_;  // frames_of's last encoding (kept alive: its address is the key)
  shared_bytes legacy_ping_;
  // Who may ask for pages and the WebSocket (set when listening: the port).
  ws::handshake_policy web_policy_;
  std::function<void(channel&, const shared_bytes&)> delivery_hook_;
};

}  // namespace charla::net::tcp
