#pragma once
// UTF-8 and JSON-string helpers shared by the codec, the server, the client
// and ui/ (its own small library, charla::utf8, without asio, so ui/ walks
// text with the same decoder). Everything here works on bytes that are
// already known to be valid UTF-8 unless the function says otherwise.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace charla::net::utf8 {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid(std::string_view s);

// The code point starting at s[i] of valid UTF-8, and its length in bytes
// (i must be at a code point's first byte).
struct code_point {
  char32_t value;
  std::size_t length;
};
code_point decode(std::string_view s, std::size_t i);

// The code point starting at s[i] when a well-formed sequence (no
// overlong, no surrogate, at most U+10FFFF) starts there; nothing otherwise.
// For bytes not known to be valid.
std::optional<code_point> decode_checked(std::string_view s, std::size_t i);

// Appends `c` (at most U+10FFFF, not a surrogate) encoded as UTF-8.
void append(std::string& out, char32_t c);

// True for a byte that starts a code point: anything but 10xxxxxx. On any
// input; in valid UTF-8 it marks the code-point boundaries.
constexpr bool starts_code_point(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
}

// Number of code points in valid UTF-8.
std::size_t count_code_points(std::string_view s);

// Bytes taken by the first `n` code points of valid UTF-8 (all of `s` when
// it has fewer).
std::size_t prefix_bytes(std::string_view s, std::size_t n);

// The longest prefix of `s` of at most `max_bytes` bytes that does not cut
// a code point in two.
std::string_view prefix_within(std::string_view s, std::size_t max_bytes);

// True when `s` holds a C0 control character, DEL or a C1 control.
bool has_control(std::string_view s);

// Trims ASCII whitespace (and U+00A0) at both ends / at the end only.
std::string_view trim(std::string_view s);
std::string_view trim_end(std::string_view s);

// Appends `s` to `out` as the inside of a JSON string: quotes, backslashes
// and control characters escaped, U+2028/U+2029 escaped; with `ascii_only`
// every non-ASCII code point becomes \uXXXX (a surrogate pair above U+FFFF).
void append_json_escaped(std::string& out, std::string_view s, bool ascii_only = false);

// Bytes `append_json_escaped` would add for the code point starting at s[i],
// and the length of that code point in `s`.
struct escaped_step {
  std::size_t input_bytes;
  std::size_t output_bytes;
};
escaped_step escaped_size_at(std::string_view s, std::size_t i, bool ascii_only);

// Cuts `s` into pieces on code-point boundaries such that each piece, once
// JSON-escaped, takes at most `budget` bytes. Never returns an empty piece
// for non-empty input (budget must be at least 12, the worst escaped size).
std::vector<std::string_view> split_escaped(std::string_view s, std::size_t budget, bool ascii_only);

}  // namespace charla::net::utf8
