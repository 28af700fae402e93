#pragma once
// A participant's connection to a room: the read channel, then the write
// channel, each with its hello; reconnects by itself and resends what the
// server has not confirmed. `phase_` is its one state variable:
//
//   idle ──start()──► connecting ◄───────────────────────────────────┐
//                     resolve; read channel + hello; write channel   │
//                     + hello; then wait for the welcome             │
//                       │ welcome               │ 250 ms of silence  │
//                       ▼                       ▼ (a host that never │
//                connected_v1 ◄─late welcome─ connected_seed  sent   │
//                       │                       │ one; speaks        │
//                       │                       │ seed_dialect.hpp)  │
//                       │ on entry the outbox is resent; an echo     │
//                       │ with our cid confirms a message            │
//                       └───────────┬───────────┘                    │
//                                   │ any error or silence (also     │
//                                   ▼ while connecting)              │
//                           reconnecting: wait 0.25 s, 0.5 s, ... 5 s│
//                           (with jitter), then connect again with ──┘
//                           `since` = the last id seen
//
//   from any phase, and final:
//     an error the server will repeat (name_taken, bad_pin, ...) ──► failed
//     stop(): connected_v1 ──► stopping (bye written, up to 0.5 s) ──► stopped
//             any other phase ───────────────────────────────────────► stopped
//
// All methods are safe from any thread; events reach the sink on the
// network thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include <asio.hpp>

#include "net/codec.hpp"
#include "net/wire_tap.hpp"

namespace charla::net {

struct client_config {
  std::string host = "127.0.0.1";
  std::uint16_t port = default_port;
  std::string name;
  std::string pin;
  std::string bind_address;  // source address; empty: any
  std::string session;       // empty: a new random one
#if defined(_WIN32)
  // Windows retries a refused SYN and reports the refusal after about 2 s,
  // even on 127.0.0.1: a 3 s deadline would call many refusals "no answer".
  std::chrono::milliseconds connect_timeout{5000};
#else
  std::chrono::milliseconds connect_timeout{3000};
#endif
  // A v1 server whose welcome gives no heartbeat interval pings every 15 s:
  // its silence for this long means it is gone. With an interval H, the
  // deadline is 3 H instead (net/heartbeat.hpp), and so is the wait for an
  // echo.
  std::chrono::milliseconds silence_timeout{45000};
  std::chrono::milliseconds welcome_wait{250};  // then it is a seed server
  std::chrono::milliseconds backoff_min{250};
  std::chrono::milliseconds backoff_max{5000};
  std::chrono::milliseconds legacy_pace{60};
  std::chrono::milliseconds rate_retry{1000};
  std::size_t max_object = 64 * 1024;
};

enum class client_state { connecting, connected, reconnecting, failed, stopped };

// Why a connection attempt or a connection ended.
enum class failure { none, refused, timed_out, not_found, unreachable, closed, silent, rejected };
std::string_view to_string(failure f);

struct status_event {
  client_state state = client_state::connecting;
  failure why = failure::none;
  std::string detail;                     // the system's words, for logs
  std::chrono::milliseconds retry_in{0};  // reconnecting: when the next try starts
  std::string address;                    // "host:port"
  bool seed_server = false;               // connected to a server that sent no welcome
  std::string room;
  // connected, and nothing heard from the host for two heartbeats: the
  // connection may be dead (a reconnect follows at three). A later
  // `connected` without it says the host was heard again.
  bool quiet = false;
  std::chrono::milliseconds quiet_for{0};
  // The longest message text this host takes (text_bytes()): what its
  // welcome said, else the protocol's default.
  std::size_t max_text_bytes = default_max_text_bytes;
};

// A chat message, each once. From a v1 server `msg.id` > 0; from a seed
// server (and own messages sent to one) id is 0. `own` marks this
// participant's messages: see client::is_own_name in client.cpp.
struct message_event {
  chat_msg msg;
  bool own = false;
};

// Who is in the room, as the welcome said.
struct members_event {
  std::vector<member> members;
};

// Messages the server can no longer replay (missed while away too long).
struct gap_event {
  std::uint64_t from = 0;
  std::uint64_t to = 0;
};

using client_event =
    std::variant<status_event, message_event, members_event, join_event, leave_event, error_event, gap_event>;

// A new random session id: 32 lowercase hex characters.
std::string make_session_id();

class client : public std::enable_shared_from_this<client> {
 public:
  using sink_type = std::function<void(client_event)>;

  static std::shared_ptr<client> create(asio::io_context& io, client_config config, sink_type sink);
  ~client();

  void start();
  // Queues a message; returns its cid. Nothing typed is lost: it waits in
  // the outbox until the server confirms it, across reconnects.
  std::string send(std::string text);
  // Says goodbye (v1) and closes both channels; no more reconnects.
  void stop();

  // Sees every object on both channels (nullptr: off, the default). Channels
  // already open are reported at once as `connected` with `earlier` set.
  void set_wire_tap(wire_tap tap);

  const std::string& session() const { return session_; }
  // Messages typed but not yet confirmed (sent, for a seed server).
  std::size_t unconfirmed() const { return unconfirmed_.load(); }

 private:
  enum class phase { idle, connecting, connected_v1, connected_seed, reconnecting, stopping, failed, stopped };
  struct link;
  struct attempt;
  struct outgoing {
    std::string cid;
    std::string text;
    bool sent = false;  // written on the current connection
    std::chrono::steady_clock::time_point sent_at{};
  };

  client(asio::io_context& io, client_config config, sink_type sink);
  bool is_own_name(std::string_view author) const;

  void connect();
  void open_link(const std::shared_ptr<attempt>& a, channel_type type);
  void on_link_open(const std::shared_ptr<attempt>& a, channel_type type);
  void read_link(const std::shared_ptr<attempt>& a, channel_type type);
  void on_value(const std::shared_ptr<attempt>& a, channel_type type, inbound&& value);
  void on_error_event(const std::shared_ptr<attempt>& a, error_event&& e);
  void become_ready(const std::shared_ptr<attempt>& a, bool seed);
  void send_outbox();
  void send_one(outgoing& o);
  void write(const std::shared_ptr<attempt>& a, shared_bytes bytes, bool paced);
  void write_next(const std::shared_ptr<attempt>& a);
  void drop(const std::shared_ptr<attempt>& a, failure why, std::string detail);
  void fail_for_good(const std::shared_ptr<attempt>& a, std::string detail);
  void watch_silence(const std::shared_ptr<attempt>& a);
  void on_watchdog(const std::shared_ptr<attempt>& a);
  void keep_alive(const std::shared_ptr<attempt>& a);
  void on_server_ping(const std::shared_ptr<attempt>& a);
  void finish_stop();
  void emit(client_event e);
  void emit_status(client_state state, failure why, std::string detail, std::chrono::milliseconds retry_in,
                   std::string room = {}, bool quiet = false, std::chrono::milliseconds quiet_for = {});
  void update_unconfirmed();
  std::string address() const;
  bool connected() const { return phase_ == phase::connected_v1 || phase_ == phase::connected_seed; }
  bool winding_down() const { return phase_ == phase::stopping || phase_ == phase::failed || phase_ == phase::stopped; }
  void tap_frame(link& l, channel_type type, bool outgoing, std::string_view bytes);
  void tap_state(link& l, channel_type type, wire_event::kind what, bool earlier = false);

  asio::io_context& io_;
  client_config config_;
  std::string own_name_;  // config_.name as the host keeps it (trimmed), for is_own_name
  sink_type sink_;
  std::string session_;
  std::string cid_prefix_;
  std::atomic<std::uint64_t> next_cid_{1};
  std::atomic<std::size_t> unconfirmed_{0};

  // Network-thread state.
  std::shared_ptr<attempt> current_;
  asio::steady_timer retry_timer_;
  asio::steady_timer rate_timer_;
  phase phase_ = phase::idle;
  int failures_in_a_row_ = 0;
  std::uint64_t last_id_ = 0;
  bool known_v1_ = false;  // this host has sent a welcome: never take it for a seed server
  std::deque<outgoing> outbox_;
  std::mt19937 rng_;
  wire_tap tap_;
};

}  // namespace charla::net
