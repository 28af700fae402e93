#pragma once
// Teaching mode's wiring: the wire taps follow the inspector (set while it
// is shown, unset while hidden, so a hidden inspector costs nothing: no
// capture, no copies, no formatting), tapped objects become inspector
// records, the host's events become the attendance list, and the Room
// menu's save items become files. One per window, on the UI thread.

#include <cstdint>
#include <filesystem>

#include "app/attendance.hpp"
#include "app/room_session.hpp"
#include "app/wire_classifier.hpp"
#include "ui/teaching_text.hpp"
#include "ui/view.hpp"

namespace charla::app {

class teaching_mode {
 public:
  // Once per frame, after the UI may have changed the inspector's state.
  void sync(ui::view& v, room_session& session, std::int64_t now_ms);
  // A tapped object or channel event.
  void on_wire(ui::view& v, const net::wire_event& e);
  // The local participant's events (for the host's attendance list).
  void on_client_event(const ui::view& v, const net::client_event& e, std::int64_t now_ms);
  // A room starts (hosting or joining): a new attendance list.
  void room_started(const std::string& self);
  // What the teaching views asked for.
  void handle(ui::view& v, room_session& session, const ui::teaching_request& r, std::int64_t now_ms);

  const attendance& visits() const { return attendance_; }
  // Where saved files go; empty: documents_dir().
  std::filesystem::path save_dir;

 private:
  void save(ui::view& v, const std::string& name, const std::string& content, ui::teach_text done);

  wire_classifier classifier_;
  attendance attendance_;
  bool applied_shown_ = false;
  ui::wire_subject applied_;
};

}  // namespace charla::app
