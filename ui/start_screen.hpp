// The first screen: your name, then Host (port, room, PIN) or Join
// (address, port, PIN, recent rooms). Enter submits the form it was typed
// in; while the app connects, inputs are disabled and a Cancel button shows.
#pragma once

#include <optional>

#include "ui/intent.hpp"
#include "ui/preferences.hpp"
#include "ui/start_form.hpp"

namespace charla::ui {

// Draws into the current window. Returns host_room / join_room (and marks
// the form busy), cancel_connect or forget_room.
std::optional<intent> draw_start_screen(start_form& form, const preferences& prefs);

}  // namespace charla::ui
