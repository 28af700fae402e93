// The chat's view-model: history rows, members, connection status and the
// host's data. The app translates network events into these calls on the UI
// thread; the draw functions read it.
//
// Row order
//   rows() = [settled rows sorted by `order`] + [pending own messages, in
//   the order they were typed]. `order` packs (id, rank) as id*4 + rank:
//     unread marker before message X   X*4 + 0
//     message X                        X*4 + 1
//     rows without id (presence,       max_id*4 + 2, i.e. after the newest
//       notes, seed-server messages)     message known when they arrived
//   so a late message with a smaller id slides in above presence lines that
//   came after it, and a marker stays glued above the message it announces.
//
// Change tracking
//   take_changes() reports the first row index whose content or position
//   changed, and how many rows were dropped from the front, since the last
//   call; the history layout re-measures only from there (appending is O(1)).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ui/connection_status.hpp"
#include "ui/host_info.hpp"
#include "ui/member.hpp"
#include "ui/message.hpp"

namespace charla::ui {

class chat_model {
 public:
  static constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

  struct row_changes {
    std::size_t dropped_front = 0;   // rows removed from the front (oldest)
    std::size_t first_dirty = npos;  // first index (after the drop) to re-measure
  };

  // ---- identity ------------------------------------------------------
  void set_self(std::string name);
  const std::string& self() const { return self_; }

  // ---- messages ------------------------------------------------------
  // An own message typed locally, shown at once as pending under cid.
  void add_pending(std::string cid, std::string text, std::int64_t ts_ms);
  // A message from the server, each id once (net::client drops what it
  // has already passed on). An own one confirms (replaces) the pending
  // message with the same cid.
  void receive(incoming_message m);
  // A seed server never confirms: shows the pending message as sent.
  void mark_sent(std::string_view cid);
  // The server refused the pending message cid (muted, too large, ...):
  // it stays in place marked "not sent", and a note says why (reason is
  // the protocol's error code). False when no pending message has that cid.
  bool mark_failed(std::string_view cid, std::string reason, std::int64_t ts_ms);
  // A note for the local user.
  void add_note(system_note note, std::string detail, std::int64_t ts_ms);

  // ---- presence ------------------------------------------------------
  void set_members(std::vector<member> members);  // the welcome's list
  void member_joined(std::string author, bool legacy, std::int64_t ts_ms);
  void member_left(std::string author, std::string reason, std::int64_t ts_ms);
  const std::vector<member>& members() const { return members_; }
  bool members_known() const { return members_known_; }  // false with a seed server

  // ---- connection ----------------------------------------------------
  // Adds "connection lost" / "reconnected" notes on transitions, and after
  // a reconnect arms an unread marker above the next message from others.
  void set_status(connection_status status, std::int64_t ts_ms);
  const connection_status& status() const { return status_; }

  // ---- hosting -------------------------------------------------------
  void start_hosting(join_card card);
  void stop_hosting();
  const host_info* host() const { return hosting_ ? &host_ : nullptr; }
  void add_log_line(std::string line);
  void set_counters(const host_counters& counters);
  // What the host asked the server: only the host writes / this one is muted.
  void set_read_only(bool read_only);
  void set_muted(const std::string& author, bool muted);

  // ---- reading -------------------------------------------------------
  const std::vector<message>& rows() const { return rows_; }
  std::size_t pending_count() const { return rows_.size() - settled_; }
  std::uint64_t last_id() const { return max_id_; }
  // Messages from others since the last mark_read().
  std::size_t unread() const { return unread_; }
  void mark_read() { unread_ = 0; }
  row_changes take_changes();

  // Empties the history and members (leaving the room); keeps self.
  void clear();

  // Bounds memory: past max_rows + trim_rows rows, the oldest trim_rows go.
  void set_limits(std::size_t max_rows, std::size_t trim_rows, std::size_t max_log_lines);

 private:
  std::size_t insert_settled(message row);
  void erase_row(std::size_t index);
  void touch(std::size_t index);
  void trim();
  void remove_markers();
  std::uint64_t tail_order() const { return max_id_ * 4 + 2; }

  std::string self_;
  std::vector<message> rows_;
  std::size_t settled_ = 0;  // rows_[0, settled_) are settled, the rest pending
  std::uint64_t max_id_ = 0;
  std::size_t unread_ = 0;
  bool marker_armed_ = false;
  row_changes changes_;

  std::vector<member> members_;
  bool members_known_ = false;

  connection_status status_;
  bool was_connected_ = false;

  bool hosting_ = false;
  host_info host_;

  std::size_t max_rows_ = 200'000;
  std::size_t trim_rows_ = 20'000;
  std::size_t max_log_lines_ = 5'000;
};

}  // namespace charla::ui
