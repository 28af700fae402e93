// The wire inspector's view-model: whose channels are watched, the recent
// records (a bounded wire_log), per-channel details and the steps of the
// sequence diagram, derived as records arrive (so they outlive the ring).
// Filled by the app from classified wire events; read by the draw code.
//
// Pause freezes what the list and the diagram show (records keep arriving
// and counting); Clear forgets the records and steps, not the channels.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>

#include "ui/teaching_intent.hpp"
#include "ui/wire_log.hpp"
#include "ui/wire_record.hpp"

namespace charla::ui {

// One channel as the inspector knows it.
struct channel_details {
  bool seen = false;  // a connect (or its hello) was reported
  bool open = false;
  bool earlier = false;       // already open when watching started
  std::int64_t since_ms = 0;  // connected at
  std::int64_t closed_ms = 0;
  std::string participant_end;  // "ip:port"
  std::string server_end;
  std::uint64_t bytes_to_server = 0;
  std::uint64_t objects_to_server = 0;
  std::uint64_t bytes_from_server = 0;
  std::uint64_t objects_from_server = 0;
  int version = -1;         // from its hello
  std::string session;      // short, from its hello
  bool legacy = false;      // the server's view: a seed channel
  std::string paired_with;  // the server's view: its partner's participant end
};

// One row of the sequence diagram: a record's facts, with repeats folded
// (a replay of 200 messages is one row, as are keepalives in a row).
struct diagram_step {
  std::uint64_t seq = 0;  // the first record folded in
  wire_facts facts;
  std::uint32_t repeats = 1;
  std::uint64_t last_id = 0;  // replay: id of the last message folded in
};

class inspector_model {
 public:
  static constexpr std::size_t max_steps = 400;
  static constexpr std::size_t max_step_detail = 256;  // bytes of a message text kept per row

  explicit inspector_model(std::size_t max_records = wire_log::default_max_records,
                           std::size_t max_bytes = wire_log::default_max_bytes);

  // Starts over watching someone (forgets records, steps and channels).
  // server_side: the records come from the server's end of the channels.
  void watch(wire_subject subject, bool server_side, std::int64_t now_ms);
  const wire_subject& subject() const { return subject_; }
  bool server_side() const { return server_side_; }
  // The watched participant's name as the wire says it (for "next").
  const std::string& subject_name() const { return subject_name_; }
  std::int64_t watching_since_ms() const { return watching_since_; }
  // The watched session's first characters when the app knows them (its
  // own), for channels whose hello was sent before watching started.
  void set_session_hint(std::string session) { session_hint_ = std::move(session); }
  const std::string& session_hint() const { return session_hint_; }

  void add(wire_record r);
  // Forgets records and steps; the channels stay (they are still there).
  void clear();

  void set_paused(bool paused);
  bool paused() const { return paused_; }
  // Records after the pause point (not shown until resumed).
  std::size_t waiting() const;
  // True when a record with this seq may be shown (not past the pause point).
  bool shown(std::uint64_t seq) const { return !paused_ || seq <= pause_seq_; }

  const wire_log& log() const { return log_; }
  const std::deque<diagram_step>& steps() const { return steps_; }
  const channel_details& channel(wire_channel c) const { return channels_[c == wire_channel::read ? 0 : 1]; }
  // The server sent a welcome (a v1 server) / behaved as a seed server.
  bool saw_welcome() const { return saw_welcome_; }
  bool saw_legacy_server() const { return saw_legacy_server_; }

  // Changes whenever something shown changes (records, pause, clear).
  std::uint64_t version() const { return version_; }

 private:
  void update_channel(const wire_record& r);
  void add_step(const wire_record& r);

  wire_subject subject_;
  bool server_side_ = false;
  std::string subject_name_;
  std::int64_t watching_since_ = 0;
  std::string session_hint_;
  wire_log log_;
  std::deque<diagram_step> steps_;
  std::array<channel_details, 2> channels_;
  bool saw_welcome_ = false;
  bool saw_legacy_server_ = false;
  bool paused_ = false;
  std::uint64_t pause_seq_ = 0;
  std::uint64_t version_ = 0;
};

}  // namespace charla::ui
