// Teaching mode's place in the window: the wire inspector beside the
// current screen (a draggable split), its View menu toggle and shortcut,
// the Room menu's save items, and the sentence that says where a file went.
// The view holds one `teaching`; view.cpp and menu_bar.cpp call these.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "ui/chat_model.hpp"
#include "ui/i18n.hpp"
#include "ui/inspector_model.hpp"
#include "ui/inspector_panel.hpp"
#include "ui/preferences.hpp"
#include "ui/teaching_intent.hpp"

namespace charla::ui {

// The outcome of saving a file, shown until dismissed.
struct teaching_notice {
  std::string text;  // a finished sentence in the UI's language
  std::string path;  // the file written; empty after an error
  bool error = false;
  bool open_next_frame = false;
};

struct teaching {
  bool show_inspector = false;  // off by default; the app remembers it
  inspector_model inspector;
  inspector_panel panel;
  teaching_notice notice;
  float split = 0.52f;  // the inspector's share of the window's width

  void show_notice(std::string text, std::string path, bool error);
};

// F12 (or Ctrl+Shift+I, as in web browsers) this frame.
bool inspector_shortcut_pressed();

// View menu: "Wire inspector  F12", a check item.
void draw_inspector_menu_item(language lang, bool* show);

// Room menu: save the history (text, JSON lines) and, on the host, the
// attendance list.
std::optional<teaching_request> draw_save_menu_items(language lang, bool hosting);

// Draws `screen` on the left and the inspector on the right of the current
// window's remaining space. Returns what the inspector asked for.
std::optional<teaching_request> draw_beside_inspector(teaching& t, const chat_model& model, bool in_room,
                                                      const preferences& prefs, const std::function<void()>& screen);

// The saved-file sentence, as a small modal with "Copy the path" and "OK".
void draw_teaching_notice(teaching_notice& notice, const preferences& prefs);

}  // namespace charla::ui
