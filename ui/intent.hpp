// What the user asked for, as returned by the draw functions. The app
// carries it out (start a server, connect, send, resize fonts...) and
// reports back through the view-model.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "ui/i18n.hpp"
#include "ui/teaching_intent.hpp"
#include "ui/theme.hpp"

namespace charla::ui {

struct host_room {
  std::string name;  // the host's own participant name
  std::uint16_t port = 5000;
  std::string room;
  std::string pin;  // empty: no PIN
};

struct join_room {
  std::string name;
  std::string address;  // host name or IP, without the port
  std::uint16_t port = 5000;
  std::string pin;
};

struct cancel_connect {};  // stop a connection attempt in progress

struct forget_room {  // remove an entry from the recent rooms list
  std::string address;
  std::uint16_t port = 0;
};

struct send_text {
  std::string text;  // already trimmed, at most the host's limit (composer::limit())
};

struct kick {
  std::string author;
  std::string reason;  // optional, shown to the one removed
};

struct mute {
  std::string author;
  bool muted = true;  // false: may write again
};

struct set_read_only {
  bool value = true;  // true: only the host may write
};

struct leave_room {};

struct set_zoom {
  float zoom = 1.0f;  // absolute; the window clamps it
};

struct toggle_fullscreen {};

struct set_theme {
  ui::theme value = ui::theme::light;
};

struct set_language {
  ui::language value = ui::language::es;
};

using intent = std::variant<host_room, join_room, cancel_connect, forget_room, send_text, kick, mute, set_read_only,
                            leave_room, set_zoom, toggle_fullscreen, set_theme, set_language, teaching_request>;

}  // namespace charla::ui
