#pragma once
// The chat server: accepts connections, pairs each participant's read and
// write channels, and relays messages (docs/PROTOCOL.md). Runs on whichever
// thread runs the io_context it is given; every public method except
// start() may be called from any thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <system_error>

#include <asio.hpp>

#include "net/counters.hpp"
#include "net/log.hpp"
#include "net/wire_tap.hpp"
#include "net/ws/handshake.hpp"

namespace charla::net {

// Every limit of docs/PROTOCOL.md section 6, with its default.
struct server_limits {
  std::size_t max_object = 64 * 1024;
  std::size_t max_text_bytes = 8 * 1024;
  double rate = 10.0;  // messages per second per participant; 0 = no limit
  double burst = 20.0;
  std::chrono::milliseconds hello_timeout{5000};
  std::size_t max_connections = 4096;
  std::size_t max_queue = 1024 * 1024;
  std::chrono::milliseconds stall_timeout{10000};
  std::chrono::milliseconds legacy_pace{60};
  std::size_t history = 1000;
  std::chrono::milliseconds ping_interval{15000};  // legacy readers (the seed's keepalive)
  // v1 readers: a ping after this much silence, announced in the welcome;
  // a v1 writer that has sent pings and then is silent for three of them
  // is dead (net/heartbeat.hpp). The shorter of this and ping_interval.
  std::chrono::milliseconds heartbeat{3000};
  std::chrono::milliseconds grace{10000};
  // The grace of a participant over WebSocket: a phone that locks its
  // screen or a page that reloads drops its sockets for longer than a
  // desktop client's reconnect (docs/PROTOCOL.md section 11).
  std::chrono::milliseconds web_grace{120000};
  std::size_t replay_default = 200;
  int backlog = 1024;
  std::size_t max_participants = 0;  // 0: no cap beyond max_connections
  // After a wrong PIN an address waits this long before its next try,
  // doubling per failure up to pin_backoff_max.
  std::chrono::milliseconds pin_backoff{1000};
  std::chrono::milliseconds pin_backoff_max{60000};
  // What the room remembers about sessions that have left (their cids, a
  // kick, a mute) and about addresses (wrong PINs) is bounded by count and
  // by age, so memory stays flat in a room that runs all day.
  std::size_t remembered_sessions = 10000;
  std::chrono::hours remembered_sessions_for{24};
  std::size_t remembered_addresses = 10000;
  std::chrono::hours remembered_addresses_for{1};
};

struct server_config {
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 5000;  // 0: any free port
  std::string room = "charla";
  std::string pin;              // empty: no PIN
  std::string transcript_path;  // empty: no transcript
  bool read_only = false;       // only the host's own session may speak
  std::string host_session;     // the host's own participant, exempt from read-only and mute
  bool quiet_messages = false;  // the log gives each message's length, not its text
  // Browsers on the chat port (docs/PROTOCOL.md section 11): the WebSocket
  // at /ws and these pages (path → type and bytes, owned by the caller).
  // Off: an HTTP request gets a short refusal that says so.
  bool web = true;
  std::map<std::string, ws::page, std::less<>> web_pages;
  server_limits limits;
};

class room;
namespace tcp {
class channel;
class transport;
}  // namespace tcp

// start() could not open the transcript (as opposed to not being able to
// listen, a plain std::system_error): what() is a sentence saying so.
class transcript_error : public std::system_error {
 public:
  using std::system_error::system_error;
};

class server {
 public:
  server(asio::io_context& io, server_config config);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Loads the transcript, binds and starts accepting. Throws
  // transcript_error when the transcript cannot be opened, and
  // std::system_error when the address cannot be bound (e.g. port in use).
  void start();

  // Closes the acceptor and every channel. Idempotent; safe from any thread.
  void stop();

  // Removes a participant (both channels) and keeps its session out.
  void kick(std::string author, std::string reason);
  // Refuses (or again accepts) a participant's messages: error `muted`.
  void mute(std::string author, bool muted);
  // Only the host's own participant may speak while read-only.
  void set_read_only(bool read_only);
  // Sees every object on the channels of the participant named `author`
  // (an empty author or a null tap: off, the default).
  void set_wire_tap(std::string author, wire_tap tap);
  // Sees every object on the channels of the next participant to arrive
  // (its first hello), to show a connection from its very start.
  void watch_next_participant(wire_tap tap);

  // For tests of the removal rule (room.hpp): `hook` runs on the network
  // thread before every delivery to a TCP channel, in the middle of
  // broadcasts, presence and replays, with the bytes about to be queued.
  // It may close that channel (or any other), kick, mute, switch read-only
  // or stop the server.
  void set_delivery_hook(std::function<void(tcp::channel&, const std::shared_ptr<const std::string>&)> hook);

  asio::ip::tcp::endpoint local_endpoint() const { return endpoint_; }
  const server_config& config() const { return config_; }
  counters_snapshot counters() const { return counters_.snapshot(); }
  event_log& log() { return log_; }

 private:
  void tick();
  bool give_back_memory(std::chrono::steady_clock::time_point now);

  asio::io_context& io_;
  server_config config_;
  event_log log_;
  server_counters counters_;
  asio::steady_timer ticker_;
  asio::ip::tcp::endpoint endpoint_;
  // The transports are destroyed after the room (the room's seats belong to them).
  std::unique_ptr<tcp::transport> tcp_;
  std::unique_ptr<room> room_;
  bool stopped_ = false;
  std::uint64_t bytes_out_at_trim_ = 0, bytes_out_at_tick_ = 0;
  std::chrono::steady_clock::time_point trimmed_at_{};
};

}  // namespace charla::net
