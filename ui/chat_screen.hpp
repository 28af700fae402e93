// The room: join card (hosting), history and composer, participants and
// host panel on the side, status bar at the bottom; over it all, when
// asked, one of the card's QR codes full screen.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "ui/chat_model.hpp"
#include "ui/composer.hpp"
#include "ui/history_view.hpp"
#include "ui/host_panel.hpp"
#include "ui/intent.hpp"
#include "ui/join_card.hpp"
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

  // The card's code for its index-th address full screen (the card's
  // button and codes do this); nothing when there is no such code.
  void show_qr_full_screen(std::size_t index) { qr_full_screen_ = index; }
  // The URL shown full screen, if any (as of the last frame).
  std::optional<std::string> qr_full_screen_url() const;

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
  join_codes codes_;
  std::optional<std::size_t> qr_full_screen_;
};

}  // namespace charla::ui
