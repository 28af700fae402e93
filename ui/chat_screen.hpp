// The room: join card (hosting), history and composer, participants and
// host panel on the side, status bar at the bottom.
#pragma once

#include <optional>

#include "ui/chat_model.hpp"
#include "ui/composer.hpp"
#include "ui/history_view.hpp"
#include "ui/host_panel.hpp"
#include "ui/intent.hpp"
#include "ui/participants_panel.hpp"
#include "ui/preferences.hpp"

namespace charla::ui {

class chat_screen {
 public:
  // Draws into the current window's remaining space.
  std::optional<intent> draw(chat_model& model, const preferences& prefs);

  // Entering a room: the composer takes focus, the history sticks to the bottom.
  void enter();

  bool history_at_bottom() const { return history_.at_bottom(); }
  bool history_busy() const { return history_.busy(); }

  composer& input() { return composer_; }
  history_view& history() { return history_; }

  // Panels the View menu toggles.
  bool show_participants = true;
  bool show_join_card = true;
  bool show_host_panel = true;

 private:
  history_view history_;
  composer composer_;
  participants_panel participants_;
  host_panel host_panel_;
};

}  // namespace charla::ui
