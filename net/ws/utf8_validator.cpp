#include "net/ws/utf8_validator.hpp"

#include "net/utf8.hpp"

namespace charla::net::ws {

bool utf8_validator::feed(std::string_view bytes) {
  if (failed_) return false;
  // The fast way for what holds only whole code points: between pieces
  // nothing is open, and the bytes up to the last code point's first byte
  // are checked at once (SIMD). Valid text passes there exactly when the
  // byte walk below would pass it; invalid text fails either way, maybe at
  // a later byte of the same piece, which no caller can tell apart.
  if (pending_ == 0 && bytes.size() > 16) {
    std::size_t cut = bytes.size();
    for (std::size_t back = 0; back < 4 && cut > 0; ++back) {
      if (utf8::starts_code_point(bytes[--cut])) break;
    }
    if (!utf8::is_valid(bytes.substr(0, cut))) return !(failed_ = true);
    bytes.remove_prefix(cut);
  }
  for (char ch : bytes) {
    auto c = static_cast<std::uint8_t>(ch);
    if (pending_ > 0) {
      if (c < low_ || c > high_) return !(failed_ = true);
      --pending_;
      low_ = 0x80;  // only the second byte of a sequence has a narrower range
      high_ = 0xBF;
      continue;
    }
    if (c < 0x80) continue;
    // Lead bytes, and the range of the byte after each (table 3-7).
    if (c >= 0xC2 && c <= 0xDF) {
      pending_ = 1;
    } else if (c == 0xE0) {
      pending_ = 2, low_ = 0xA0;  // no overlongs below U+0800
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      pending_ = 2;
    } else if (c == 0xED) {
      pending_ = 2, high_ = 0x9F;  // no surrogates U+D800..U+DFFF
    } else if (c == 0xF0) {
      pending_ = 3, low_ = 0x90;  // no overlongs below U+10000
    } else if (c >= 0xF1 && c <= 0xF3) {
      pending_ = 3;
    } else if (c == 0xF4) {
      pending_ = 3, high_ = 0x8F;  // nothing above U+10FFFF
    } else {
      // 80..BF without a lead, C0 and C1 (overlong), F5..FF (never used).
      return !(failed_ = true);
    }
  }
  return true;
}

}  // namespace charla::net::ws
