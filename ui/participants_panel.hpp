// Who is in the room: a coloured dot per participant, "you", seed clients
// marked; on the host, Mute / Unmute and a Kick button behind a
// confirmation that takes an optional reason.
#pragma once

#include <optional>
#include <string>

#include "ui/chat_model.hpp"
#include "ui/intent.hpp"
#include "ui/preferences.hpp"

namespace charla::ui {

class participants_panel {
 public:
  // Draws at the cursor into the available space. Returns kick{...} or mute{...}.
  std::optional<intent> draw(const chat_model& model, const preferences& prefs, bool can_kick);

 private:
  std::string kick_target_;
  std::string kick_reason_;
  bool open_confirm_ = false;
};

}  // namespace charla::ui
