// The whole UI state and the one draw call per frame. The app owns a view,
// feeds `model` from network events, fills `start` and `prefs` from its
// settings (prefs.fonts = &window.fonts()), and handles the intent draw()
// returns:
//
//   window.wait(ui::next_redraw_in(view));
//   for (auto& e : events.take_all()) apply(view, e);   // app code
//   window.frame([&] { intent = ui::draw(view); });
//   if (intent) handle(*intent);                        // app code
#pragma once

#include <optional>
#include <string>

#include "ui/chat_model.hpp"
#include "ui/chat_screen.hpp"
#include "ui/intent.hpp"
#include "ui/preferences.hpp"
#include "ui/start_form.hpp"
#include "ui/teaching.hpp"

namespace charla::ui {

enum class screen : std::uint8_t { start, chat };

struct view {
  chat_model model;
  start_form start;
  chat_screen chat;
  preferences prefs;
  screen current = screen::start;
  teaching teach;  // wire inspector and saved files (ui/teaching.hpp)
};

// Draws the full-window UI (menu bar plus the current screen). Call between
// ImGui::NewFrame() and ImGui::Render().
std::optional<intent> draw(view& v);

// The connection worked: show the room with the composer focused.
void enter_chat(view& v);
// Back to the start screen with an empty history (after leave_room or a kick).
void leave_chat(view& v);

// "charla — Room “Networks” · Connected"; unread count first while scrolled up.
std::string window_title(const view& v);

// Seconds until the UI changes on its own (a countdown), or a negative
// number when it only changes on input or network events.
double next_redraw_in(const view& v);

// True while the UI has work for the next frames (heights being measured).
bool wants_frames(const view& v);

}  // namespace charla::ui
