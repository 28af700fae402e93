// QR codes for the join card: the URL a phone opens to join the room, and
// that URL as a square of modules (libqrencode). No drawing here: the
// matrix is plain data, drawn by ui/qr_view.hpp. docs/QR.md says what is
// encoded and why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace charla::ui {

// White modules every decoder expects around the symbol, on each side.
inline constexpr int qr_quiet_zone = 4;

// One QR symbol, without its quiet zone.
struct qr_code {
  int version = 0;                    // 1..40
  int size = 0;                       // modules per side: 17 + 4 * version
  std::vector<std::uint8_t> modules;  // size * size, row by row; 1 = dark

  bool dark(int x, int y) const { return modules[static_cast<std::size_t>(y * size + x)] != 0; }
  // Modules per side with the quiet zone on both sides.
  int size_with_quiet_zone() const { return size + 2 * qr_quiet_zone; }
};

// text (UTF-8) as the smallest QR symbol at error correction level M.
// nullopt when the text is empty or too long for any version.
std::optional<qr_code> encode_qr(std::string_view text);

// "http://ADDRESS:PORT/", and "#pin=PIN" after it when pin is not empty.
// The PIN is percent-encoded as UTF-8 (everything but A-Z a-z 0-9 - . _ ~),
// so the page reads it back with decodeURIComponent or URLSearchParams.
std::string join_url(std::string_view address, std::uint16_t port, std::string_view pin);

// The symbol and its quiet zone as lines of text for a terminal, two rows
// of modules per line: U+2588 (full block) where both are dark, U+2580
// (upper half) where the upper one is, U+2584 (lower half) where the lower
// one is, a space where neither; each line ends with '\n'. The blocks are
// the dark modules, so it reads where text is dark on light; `colours` wraps
// each line in ANSI black on bright white for a terminal that draws light
// on dark.
std::string qr_text(const qr_code& code, bool colours);

// The largest whole number of pixels per module for which the symbol and
// its quiet zone fit in side pixels; 0 when not even one pixel fits.
int qr_module_pixels(float side, const qr_code& code);

}  // namespace charla::ui
