// The wire inspector panel: whose channels (on the host: anyone, or the next
// to join), pause and clear, then three tabs: the frames (two lines each:
// time, channel, direction, size and meaning over the raw JSON; filters by
// channel and kind; details and an indented view of the selected one), the
// sequence diagram, and each channel's connection details.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ui/inspector_model.hpp"
#include "ui/preferences.hpp"
#include "ui/sequence_diagram.hpp"
#include "ui/teaching_intent.hpp"

namespace charla::ui {

struct inspector_context {
  bool in_room = false;
  bool hosting = false;
  std::string self;                 // the local participant's name
  std::vector<std::string> others;  // everyone else in the room
  std::string server_end;           // "ip:port" of the room, when known
};

class inspector_panel {
 public:
  // Draws into the current window's remaining space. Returns watch_wire
  // when the user picks whose channels to watch.
  std::optional<teaching_request> draw(inspector_model& m, const inspector_context& ctx, const preferences& prefs);

  // Filters.
  enum class channel_filter : unsigned char { both, read, write };
  channel_filter channels = channel_filter::both;
  std::array<bool, wire_group_count> groups{true, true, true, true, true};

  // Shows full session ids (off: only their first 8 characters).
  bool reveal_secrets = false;

  // Brings a tab to the front on the next frame.
  enum class tab : unsigned char { none, frames, diagram, connections };
  tab show_tab = tab::none;

  std::uint64_t selected() const { return selected_; }
  // Selects a record and scrolls the list to it.
  void select(std::uint64_t seq) {
    selected_ = seq;
    scroll_to_selected_ = true;
  }
  // The records the list shows (after filters and pause), oldest first.
  const std::vector<std::uint64_t>& rows() const { return rows_; }

 private:
  std::optional<teaching_request> draw_header(inspector_model& m, const inspector_context& ctx,
                                              const preferences& prefs);
  void draw_filters(const preferences& prefs);
  void draw_frames(inspector_model& m, const preferences& prefs);
  void draw_detail(const wire_record& r, const preferences& prefs);
  void draw_connections(const inspector_model& m, const preferences& prefs);
  void update_rows(const inspector_model& m);
  bool passes(const wire_record& r) const;

  std::vector<std::uint64_t> rows_;
  std::uint64_t rows_version_ = ~0ull;
  unsigned rows_filter_ = ~0u;
  std::uint64_t selected_ = 0;
  bool scroll_to_selected_ = false;
  std::size_t last_row_count_ = 0;
  sequence_diagram diagram_;
};

}  // namespace charla::ui
