// The strip at the bottom: connection state ("Reconnecting in 3 s…"),
// server address, room, member count.
#pragma once

#include <chrono>
#include <string>

#include "ui/chat_model.hpp"
#include "ui/preferences.hpp"

namespace charla::ui {

// "Connected", "Reconnecting in 3 s…", ... for the state at `now`.
std::string status_text(const connection_status& status, language lang,
                        std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

// Seconds until status_text() would read differently (the countdown), or a
// negative number when nothing changes on its own.
double status_changes_in(const connection_status& status,
                         std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

// Height draw_status_bar() takes.
float status_bar_height();

// Draws at the cursor across the available width.
void draw_status_bar(const chat_model& model, const preferences& prefs);

}  // namespace charla::ui
