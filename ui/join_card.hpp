// The card students copy from the projector: the addresses to type, the
// port and the PIN, in the big font. Address, port and PIN sit side by side
// when they fit, stacked otherwise; the card never takes more than about
// 45 % of the height (it falls back to the normal bold face).
#pragma once

#include "ui/host_info.hpp"
#include "ui/preferences.hpp"

namespace charla::ui {

// Draws the card across the available width. Returns true when Hide was clicked.
bool draw_join_card(const join_card& card, const preferences& prefs);

}  // namespace charla::ui
