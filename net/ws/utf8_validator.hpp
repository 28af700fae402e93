#pragma once
// Incremental UTF-8 check for WebSocket text (RFC 6455 section 8.1: a text
// message must be valid UTF-8, and a receiver fails the connection with 1007
// as soon as it is not). Bytes may arrive in any number of pieces, cut
// anywhere, also inside a code point and across fragments.
//
// net/utf8's is_valid needs the whole text at once; this keeps 2 bytes of
// state between pieces instead (and hands a long piece's whole code points
// to is_valid, which checks 16 bytes or more at a time). It fails at the first byte that no valid
// text can have there, so a prefix such as F4 90 (above U+10FFFF) or ED A0
// (a surrogate) is refused before the rest of its code point arrives.
//
// Accepted: U+0000..U+10FFFF minus the surrogates, in shortest form (the
// Unicode Standard, table 3-7 "Well-Formed UTF-8 Byte Sequences").

#include <cstdint>
#include <string_view>

namespace charla::net::ws {

class utf8_validator {
 public:
  // Checks the next bytes. Returns false at the first impossible byte; the
  // validator then stays failed until reset().
  bool feed(std::string_view bytes);

  // True when no code point is left open (the text may end here).
  bool at_boundary() const { return !failed_ && pending_ == 0; }
  bool failed() const { return failed_; }
  void reset() { *this = utf8_validator(); }

 private:
  std::uint8_t pending_ = 0;  // continuation bytes still expected
  std::uint8_t low_ = 0x80;   // range allowed for the next continuation byte
  std::uint8_t high_ = 0xBF;
  bool failed_ = false;
};

}  // namespace charla::net::ws
