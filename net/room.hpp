#pragma once
// The room: the rules of a conversation over seats (net/seat.hpp). It
// decides who may join (names, PIN, capacity, kicked sessions), numbers and
// keeps the messages (history, transcript), accepts or refuses each message
// (limits, rate, mute, read-only, cid de-duplication), moderates and fans
// out. It never sees a socket, a connection or how bytes are framed: a
// transport (net/tcp/) hands it seats and carries out its decisions.
//
// A participant's life (a seat whose grace is zero skips "absent": the seed
// client never comes back, so losing a connection ends it):
//
//   join ──► present ──disconnected──► absent ──grace over──► gone
//              ▲   (join event)           │      (leave event)
//              └───────join again─────────┘
//
// The one rule of removal: nothing that a delivery, a close or a leave does
// may change a container that a caller is iterating. A delivery can make a
// transport cut a slow reader, which can end a seed participant, inside a
// loop over participants_ (broadcast, presence, kick). So remove() only
// marks: the participant gets `leaving` and joins leaving_, and every loop
// skips what is leaving. reap(), posted to run once the current handler has
// returned, is the only place that erases from participants_; until then
// every pointer to a participant stays valid. (The TCP transport keeps the
// same rule for its connections: net/tcp/transport.hpp.)

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <asio.hpp>

#include "net/after_turn.hpp"
#include "net/counters.hpp"
#include "net/history.hpp"
#include "net/log.hpp"
#include "net/presence.hpp"
#include "net/recent_map.hpp"
#include "net/seat.hpp"
#include "net/server.hpp"
#include "net/transcript.hpp"

namespace charla::net {

struct participant {
  using clock = std::chrono::steady_clock;

  std::uint64_t id = 0;
  std::string session;  // v1 only
  std::string author;   // empty until a seed participant first speaks
  std::string ip;
  std::shared_ptr<seat> at;
  wire_format format = wire_format::v1;  // at->format(), read once per delivery loop turn
  bool present = false;                  // its join has been announced
  bool muted = false;
  bool leaving = false;  // removed: skipped by every loop until reap() erases it
  // The first presence event its last welcome did not already reflect.
  std::uint64_t presence_from = 0;

  double tokens = 0;  // rate limit bucket
  clock::time_point refilled;

  std::optional<clock::time_point> absent_since;
  leave_reason absent_reason = leave_reason::closed;

  bool seed() const { return format == wire_format::seed; }
};

// The cids accepted from one session, bounded (oldest forgotten first).
class cid_set {
 public:
  bool contains(const std::string& cid) const { return ids_.count(cid) != 0; }
  void insert(const std::string& cid);

 private:
  std::unordered_set<std::string> ids_;
  std::deque<std::string> order_;
};

// Why the room will not take a hello: told to the peer (v1) and counted.
struct refusal {
  error_code code;
  std::string detail;
  drop_reason why;
};

class room {
 public:
  using clock = std::chrono::steady_clock;

  room(asio::io_context& io, const server_config& config, event_log& log, server_counters& counters);
  ~room();

  // Reloads history and ids from the transcript and opens it for appending.
  void open_transcript();

  // --- From transports --------------------------------------------------
  // Whether a hello may join. `completes` is the seat a seed hello would
  // complete (its transport pairs seed connections), or null; a v1 hello
  // joins the seat of its session, which the room knows.
  std::optional<refusal> admission(const hello& h, const std::string& ip, const seat* completes);
  // The seat joins with a hello that passed admission(): a new participant,
  // or its session's participant coming back. A hello that opens a way in
  // (a read channel) gets the welcome and the history. Returns who it is.
  const participant& join(const std::shared_ptr<seat>& s, hello&& h);
  void message(seat& s, chat_in&& m);
  void bye(seat& s);
  // The seat lost its connections: the participant leaves after its grace.
  void disconnected(seat& s, leave_reason reason);
  // The wire tap watching this seat's participant, or null.
  const wire_tap* watching(const seat& s) const;
  // True while a wire tap is set (someone may be watched at their hello).
  bool tapping() const { return tap_ != nullptr; }
  // How often a silent v1 reader gets a ping (announced in the welcome).
  std::chrono::milliseconds v1_ping_interval() const;

  // --- From the server ---------------------------------------------------
  // Checks the grace periods; returns when the next one ends.
  clock::time_point tick(clock::time_point now);
  void kick(const std::string& author, const std::string& reason);
  void mute(const std::string& author, bool muted);
  void set_read_only(bool read_only);
  void set_wire_tap(std::string author, wire_tap tap);
  // Watches the next participant to arrive (its first hello), whoever it is.
  void watch_next_participant(wire_tap tap);
  // The room closes: no leave events (nobody is left to hear them). Seats
  // are not closed here: their transports close every connection.
  void close_all();

  const server_limits& limits() const { return config_.limits; }
  server_counters& counters() { return counters_; }
  event_log& log() { return log_; }

 private:
  std::optional<refusal> check_pin(const std::string& ip, const std::string& pin);
  std::optional<refusal> room_for_one_more() const;

  // A problem the participant should hear about (v1); it stays.
  void reject(seat& s, error_code code, const std::string& detail, drop_reason why, const std::string& cid = {});

  participant& create(const std::shared_ptr<seat>& s, std::string session, std::string author);
  void announce_join(participant& p);
  void remove(participant& p, leave_reason reason);
  void send_welcome(participant& p, std::optional<std::uint64_t> since);
  void accept_message(participant& p, std::string text, std::string cid);
  void broadcast(const stored_message& m, const participant& sender);
  void flush_presence();
  void set_author(participant& p, std::string author);
  participant* owner(const seat& s) const { return s.who_; }
  // The one place that erases removed participants; runs after the
  // current handler (reap_.request()).
  void reap();
  void forget_old(clock::time_point now);

  asio::io_context& io_;
  const server_config& config_;
  event_log& log_;
  server_counters& counters_;

  // By id, which is join order: a broadcast serves the room first come,
  // first served (a long-standing sender's receipt is not last in line).
  std::map<std::uint64_t, std::unique_ptr<participant>> participants_;
  // Removed participants (still in participants_, with `leaving` set).
  std::vector<std::uint64_t> leaving_;
  after_turn reap_;
  std::unordered_map<std::string, participant*> sessions_;
  presence presence_;
  // Sessions, by session id, and addresses, by IP, bounded (recent_map.hpp):
  // a session present now is never forgotten.
  recent_map<bool> kicked_sessions_;
  recent_map<bool> muted_sessions_;
  bool read_only_ = false;
  std::string tapped_author_;
  std::uint64_t tapped_id_ = 0;  // set instead of the author by watch_next_participant
  bool tap_next_ = false;
  wire_tap tap_;
  struct pin_failures {
    int count = 0;
    clock::time_point wait_until;
  };
  recent_map<pin_failures> pin_failures_;  // by IP
  // Kept per session (and restored from the transcript), so a resend after
  // an absence or a restart is recognised.
  recent_map<cid_set> cids_;
  std::uint64_t next_participant_id_ = 1;

  history history_;
  transcript transcript_;
  std::uint64_t last_id_ = 0;
};

}  // namespace charla::net
