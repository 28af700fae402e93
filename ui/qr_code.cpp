#include "ui/qr_code.hpp"

#include <cmath>
#include <memory>

#include <qrencode.h>

namespace charla::ui {

std::optional<qr_code> encode_qr(std::string_view text) {
  // libqrencode takes a C string; a NUL inside would cut it short.
  if (text.empty() || text.find('\0') != std::string_view::npos) return std::nullopt;
  const std::string copy(text);
  // Level M: a projector is a sharp, flat source, so more redundancy buys
  // nothing there and only makes every module smaller (docs/QR.md).
  // Mode 8-bit with case kept: libqrencode still picks numeric or
  // alphanumeric segments where they are shorter.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> raw(QRcode_encodeString(copy.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                      &QRcode_free);
  if (!raw) return std::nullopt;
  qr_code out;
  out.version = raw->version;
  out.size = raw->width;
  const auto n = static_cast<std::size_t>(raw->width) * static_cast<std::size_t>(raw->width);
  out.modules.resize(n);
  // Bit 0 of each byte is the module's colour; the other bits say what the
  // module is for (finder, timing, data), which a drawing does not need.
  for (std::size_t i = 0; i < n; ++i) out.modules[i] = raw->data[i] & 1u;
  return out;
}

std::string join_url(std::string_view address, std::uint16_t port, std::string_view pin) {
  std::string url = "http://";
  url += address;
  url += ':';
  url += std::to_string(port);
  url += '/';
  if (pin.empty()) return url;
  // After '#': a fragment stays in the browser, never in the request line
  // or a proxy's log, so the page can fill the PIN without sending it.
  url += "#pin=";
  static constexpr char hex[] = "0123456789ABCDEF";
  for (const char ch : pin) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '.' || c == '_' || c == '~';
    if (plain) {
      url += ch;
    } else {
      url += '%';
      url += hex[c >> 4];
      url += hex[c & 15];
    }
  }
  return url;
}

std::string qr_text(const qr_code& code, bool colours) {
  const int side = code.size_with_quiet_zone();
  auto dark = [&code](int x, int y) {
    x -= qr_quiet_zone;
    y -= qr_quiet_zone;
    return x >= 0 && y >= 0 && x < code.size && y < code.size && code.dark(x, y);
  };
  std::string out;
  for (int y = 0; y < side; y += 2) {
    if (colours) out += "\x1b[30;107m";
    for (int x = 0; x < side; ++x) {
      const bool upper = dark(x, y);
      const bool lower = y + 1 < side && dark(x, y + 1);
      out += upper && lower ? "\u2588" : upper ? "\u2580" : lower ? "\u2584" : " ";
    }
    if (colours) out += "\x1b[0m";
    out += '\n';
  }
  return out;
}

int qr_module_pixels(float side, const qr_code& code) {
  if (code.size <= 0 || !(side > 0)) return 0;
  return static_cast<int>(std::floor(side / static_cast<float>(code.size_with_quiet_zone())));
}

}  // namespace charla::ui
