// The card students copy from the projector: the addresses to type, the
// port and the PIN, in the big font, and beside them a QR code per address
// of the page the host serves (ui/qr_code.hpp). Address, port and PIN sit
// side by side when they fit, stacked otherwise; the card never takes more
// than about 45 % of the height (it falls back to the normal bold face).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ui/host_info.hpp"
#include "ui/preferences.hpp"
#include "ui/qr_code.hpp"

namespace charla::ui {

// One address's join URL and its QR code (nullopt if it could not be encoded).
struct join_code {
  std::string address;
  std::string url;
  std::optional<qr_code> code;
};

// The card's URLs as QR codes, encoded again only when the address list,
// port or PIN change (not on every frame).
class join_codes {
 public:
  const std::vector<join_code>& update(const join_card& card);
  const std::vector<join_code>& codes() const { return codes_; }
  // How many times the codes were made (tests check: not once per frame).
  std::uint64_t encodings() const { return encodings_; }

 private:
  bool filled_ = false;
  std::vector<std::string> addresses_;
  std::uint16_t port_ = 0;
  std::string pin_;
  std::vector<join_code> codes_;
  std::uint64_t encodings_ = 0;
};

struct join_card_action {
  bool hide = false;
  std::optional<std::size_t> full_screen;  // index into the codes: show that one full screen
};

// Draws the card across the available width; codes come from
// join_codes::update(card) (none when the host serves no page).
join_card_action draw_join_card(const join_card& card, const std::vector<join_code>& codes, const preferences& prefs);

}  // namespace charla::ui
