// The join QR code over the whole window, for the back row: the code as
// large as the window allows in whole pixels, the URL in big text under
// it. Black on white in both themes. Esc or a click closes it.
#pragma once

#include "ui/join_card.hpp"
#include "ui/preferences.hpp"

namespace charla::ui {

// Draws the view on top of everything; returns true when it should close.
bool draw_qr_full_screen(const join_code& code, const preferences& prefs);

}  // namespace charla::ui
