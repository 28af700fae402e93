#pragma once
// One room as the window uses it: when hosting, the server on the network
// thread plus our own participant; when joining, just the participant.
// Events come back through a queue the UI drains once per frame; `wake` is
// called on every push (the window posts an empty GLFW event).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/network_thread.hpp"
#include "net/client.hpp"
#include "net/event_queue.hpp"
#include "net/server.hpp"

namespace charla::app {

// What the network tells the UI, in order.
using session_event = std::variant<net::client_event, net::wire_event, net::log_entry>;

// Why a room could not start: a sentence for the person starting it.
struct host_failure {
  bool port_in_use = false;
  std::string sentence;
};

class room_session {
 public:
  explicit room_session(std::function<void()> wake);
  ~room_session();
  room_session(const room_session&) = delete;
  room_session& operator=(const room_session&) = delete;

  // Starts a server and joins it as `name`. Returns why it could not (the
  // port in use, a transcript it cannot open, ...) or nothing on success;
  // the join itself reports through the events.
  std::optional<host_failure> host(net::server_config config, const std::string& name);
  void join(net::client_config config);
  // Closes the room (when hosting) or leaves it. Safe to call twice.
  void leave();

  std::string send(const std::string& text);
  bool hosting() const { return server_ != nullptr; }
  bool active() const { return client_ != nullptr; }
  std::uint16_t port() const;

  // Host controls (no-ops when not hosting).
  void kick(const std::string& author, const std::string& reason);
  void mute(const std::string& author, bool muted);
  void set_read_only(bool read_only);
  net::counters_snapshot counters() const;
  std::vector<net::log_entry> log_after(std::uint64_t seq) const;

  // Wire inspector: our own channels, or (when hosting) another participant's
  // or the next one to arrive. Remembered: a client or server started later
  // is watched from its first byte. Events come as net::wire_event.
  void watch_own_wire(bool on);
  void watch_participant_wire(const std::string& author);  // empty: none
  void watch_next_participant();
  // Our participant's session id (empty when not in a room).
  std::string own_session() const { return client_ ? client_->session() : std::string(); }

  std::vector<session_event> take_events() { return events_.take_all(); }

 private:
  net::event_queue<session_event> events_;
  network_thread net_;
  std::unique_ptr<net::server> server_;
  std::vector<std::unique_ptr<net::server>> retired_;  // stopped, freed after the thread
  std::shared_ptr<net::client> client_;
  bool own_tap_ = false;
  std::string participant_tap_;  // whose channels the server reports
  bool next_tap_ = false;
  void apply_participant_tap();
};

}  // namespace charla::app
