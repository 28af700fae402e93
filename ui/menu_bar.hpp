// The window's menu bar: Room (leave) and View (zoom, full screen, theme,
// language, panels). Shortcut labels are display-only; the window handles
// the keys (docs/IMGUI.md §8).
#pragma once

#include <optional>

#include "ui/intent.hpp"
#include "ui/preferences.hpp"

namespace charla::ui {

struct panel_toggles {
  bool in_room = false;  // Room menu and panel toggles only make sense in a room
  bool hosting = false;
  bool read_only = false;  // hosting: only the host may write
  bool* participants = nullptr;
  bool* join_card = nullptr;
  bool* host_panel = nullptr;
  bool* inspector = nullptr;  // the wire inspector (ui/teaching.hpp)
};

// Draws inside BeginMenuBar()/EndMenuBar(). Toggles flip the bools directly.
std::optional<intent> draw_menu_bar(const preferences& prefs, const panel_toggles& panels);

}  // namespace charla::ui
