#pragma once
// The room: participants, the pairing of their channels, message ids,
// history and delivery. Lives on the network thread; channels call in.
//
// A participant's life (v1; legacy skips "absent": a seed client never
// comes back, so losing either channel ends it):
//
//   first hello ──► present ──both channels gone──► absent ──grace over──► gone
//                     ▲   (join event)                 │        (leave event)
//                     └──────a hello with its session──┘
//
// Pairing: v1 channels by `session`; legacy channels by peer IP, each new
// channel completing the oldest half-paired seed participant of that IP.
//
// The one rule of removal: nothing that a delivery, a close or a leave does
// may change a container that a caller is iterating. A delivery can close a
// slow reader, a close can end a seed participant, and both happen inside
// loops over participants_ and channels_ (broadcast, presence, tick, kick).
// So on_closed() and remove() only mark: the channel joins closed_, the
// participant gets `leaving` and joins leaving_, and every loop skips what
// is leaving. reap(), posted to run once the current handler has returned,
// is the only place that erases from channels_ and participants_; until
// then every pointer to a participant or channel stays valid.

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

#include "net/channel.hpp"
#include "net/counters.hpp"
#include "net/history.hpp"
#include "net/log.hpp"
#include "net/recent_map.hpp"
#include "net/server.hpp"
#include "net/transcript.hpp"

namespace charla::net {

struct participant {
  using clock = channel::clock;

  std::uint64_t id = 0;
  std::string session;  // v1 only
  std::string author;   // empty until a seed participant first speaks
  std::string ip;
  bool legacy = false;
  bool present = false;  // its join has been announced
  bool muted = false;
  bool leaving = false;  // removed: skipped by every loop until reap() erases it
  std::shared_ptr<channel> reader, writer;

  double tokens = 0;  // rate limit bucket
  clock::time_point refilled;

  std::optional<clock::time_point> absent_since;
  leave_reason absent_reason = leave_reason::closed;
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

class room {
 public:
  using clock = channel::clock;

  room(asio::io_context& io, const server_config& config, event_log& log, server_counters& counters);
  ~room();

  // Reloads history and ids from the transcript and opens it for appending.
  void open_transcript();

  // A new connection (already counted).
  void add(const std::shared_ptr<channel>& ch);

  // From channels.
  void on_value(channel& ch, inbound&& value);
  void on_bad_value(channel& ch, const std::string& problem);
  void on_too_large(channel& ch);
  void on_slow(channel& ch, const char* why);
  void on_closed(channel& ch, leave_reason reason, const std::string& why);
  void mark_dirty(channel& ch);
  asio::mutable_buffer read_buffer() { return asio::buffer(read_buffer_); }
  // One parser for every channel: there is one network thread, and what it
  // returns is copied out before the next object is read.
  json_reader& json() { return json_; }
  // Where a channel gathers what it sends in one call (channel::write_queued).
  asio::mutable_buffer write_scratch() { return asio::buffer(write_scratch_); }

  // From the server: checks what is due; returns when the next thing is.
  clock::time_point tick(clock::time_point now);
  // How often a silent v1 reader gets a ping (announced in the welcome).
  std::chrono::milliseconds v1_ping_interval() const;
  void kick(const std::string& author, const std::string& reason);
  void mute(const std::string& author, bool muted);
  void set_read_only(bool read_only);
  void set_wire_tap(std::string author, wire_tap tap);
  // Watches the next participant to arrive (its first hello), whoever it is.
  void watch_next_participant(wire_tap tap);
  // True when `ch` is watched; then tap() reports its traffic.
  bool tapped(const channel& ch) const {
    if (!tap_ || !ch.owner) return false;
    if (tapped_id_) return ch.owner->id == tapped_id_;
    return !tapped_author_.empty() && ch.owner->author == tapped_author_;
  }
  void tap(const channel& ch, wire_event::kind what, bool from_participant, std::string_view bytes,
           bool earlier = false);
  void close_all();
  // For tests: runs before each delivery to a channel (see server.hpp).
  void set_delivery_hook(std::function<void(channel&, const shared_bytes&)> hook) { delivery_hook_ = std::move(hook); }
  void before_delivery(channel& ch, const shared_bytes& bytes) {
    if (delivery_hook_) delivery_hook_(ch, bytes);
  }

  const server_limits& limits() const { return config_.limits; }
  server_counters& counters() { return counters_; }
  event_log& log() { return log_; }
  asio::io_context& io() { return io_; }

 private:
  void on_hello(channel& ch, hello&& h);
  void on_v1_hello(channel& ch, hello&& h);
  void on_legacy_hello(channel& ch, const hello& h);
  bool check_pin(channel& ch, const std::string& pin);
  bool has_room_for_one_more(channel& ch);
  void on_chat(channel& ch, chat_in&& m);
  void on_bye(channel& ch);

  // A problem the peer should hear about; the channel stays open.
  void reject(participant* p, channel& ch, error_code code, const std::string& detail, drop_reason why,
              const std::string& cid = {});
  // A problem that ends the channel: error event (v1 peers), then close.
  void refuse(channel& ch, error_code code, const std::string& detail, drop_reason why);

  participant& create(channel& ch, std::string session, std::string author, bool legacy);
  void attach(participant& p, channel& ch);
  void announce_join(participant& p);
  void remove(participant& p, leave_reason reason);
  void send_welcome(participant& p, channel& ch, std::optional<std::uint64_t> since);
  void accept_message(participant& p, std::string text, std::string cid);
  void broadcast(const stored_message& m, const participant& sender);
  void queue_presence(std::string event);
  void flush_presence();
  bool name_in_use(std::string_view name, const participant* except) const;
  void set_author(participant& p, std::string author);
  std::string describe(const channel& ch) const;
  void flush_dirty();
  // Queues reap() to run after the current handler (once per loop turn).
  void schedule_reap();
  // The one place that erases closed channels and removed participants.
  void reap();

  asio::io_context& io_;
  const server_config& config_;
  event_log& log_;
  server_counters& counters_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);

  std::unordered_map<std::uint64_t, std::shared_ptr<channel>> channels_;
  // Marked for reap(): closed channels (still in channels_) and removed
  // participants (still in participants_, with `leaving` set).
  std::vector<std::uint64_t> closed_;
  std::vector<std::uint64_t> leaving_;
  bool reap_posted_ = false;
  // By id, which is join order: a broadcast serves the room first come,
  // first served (a long-standing sender's receipt is not last in line).
  std::map<std::uint64_t, std::unique_ptr<participant>> participants_;
  std::unordered_map<std::string, participant*> sessions_;
  // How many participants hold each name, folded to ASCII lower case: names
  // are unique ignoring case, and a class joining at once must not cost a
  // scan of the room per hello.
  std::unordered_map<std::string, std::size_t> names_;
  // The present members as a welcome lists them, kept encoded: appended at
  // each join, rebuilt at the next welcome after a leave.
  std::string members_;
  bool members_stale_ = false;
  std::unordered_map<std::string, std::deque<participant*>> legacy_unpaired_;  // by IP
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
  void forget_old(clock::time_point now);
  std::uint64_t next_participant_id_ = 1;

  history history_;
  transcript transcript_;
  std::uint64_t last_id_ = 0;

  std::vector<std::shared_ptr<channel>> dirty_;
  bool flush_posted_ = false;
  std::vector<char> read_buffer_ = std::vector<char>(64 * 1024);
  json_reader json_;
  std::vector<char> write_scratch_ = std::vector<char>(256 * 1024);

  // Presence (join and leave events) reaches v1 readers in batches: at most
  // presence_delay after the first event of a batch, and always before the
  // next message. A class joining at once then costs one write per reader
  // per batch instead of one per reader per join (n² writes).
  std::string presence_batch_;                 // the batch's events, encoded back to back
  std::vector<std::size_t> presence_offsets_;  // where each event of the batch starts
  std::uint64_t presence_seq_ = 0;             // events queued since the room opened
  asio::steady_timer presence_timer_;
  bool presence_timer_armed_ = false;
  shared_bytes legacy_ping_;
  std::function<void(channel&, const shared_bytes&)> delivery_hook_;
};

}  // namespace charla::net
