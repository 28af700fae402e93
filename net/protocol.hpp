#pragma once
// Names and defaults of the wire protocol (docs/PROTOCOL.md). Wire spellings
// live here and in the codec; the rest of the code uses the enums.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "net/utf8.hpp"

namespace charla::net {

inline constexpr std::uint16_t default_port = 5000;
inline constexpr int protocol_version = 1;

// `error` event codes (docs/PROTOCOL.md section 5).
enum class error_code {
  name_taken,
  pin_required,
  bad_pin,
  too_large,
  bad_json,
  rate_limited,
  server_full,
  bad_hello,
  kicked,
  muted,
};
inline constexpr std::size_t error_code_count = 10;

std::string_view to_string(error_code code);
// The `kicked` error's detail when the host gave no reason.
inline constexpr std::string_view kicked_without_reason = "the host removed you from this room";
std::optional<error_code> error_code_from(std::string_view wire);

// True when the server will refuse every retry with the same settings, so a
// client must stop reconnecting and ask the user instead.
bool is_fatal_for_client(error_code code);

// Why a participant left (the `reason` of a `leave` event).
enum class leave_reason { closed, timeout, kicked, slow };
inline constexpr std::size_t leave_reason_count = 4;

std::string_view to_string(leave_reason reason);
std::optional<leave_reason> leave_reason_from(std::string_view wire);

// Limits of a single hello field (section 2).
inline constexpr std::size_t max_author_code_points = 32;
inline constexpr std::size_t session_hex_length = 32;
// Longest `cid` a server keeps (section 4): it remembers every cid of a
// session, so their size must be bounded.
inline constexpr std::size_t max_cid_bytes = 64;

// The longest message text (section 4) when the welcome does not say
// (`max_mensaje`), and how it is measured: bytes of UTF-8 once trailing
// whitespace is trimmed, as the text travels (JSON escapes and the ui's
// display form do not count). A host compares the same number.
inline constexpr std::size_t default_max_text_bytes = 8 * 1024;
inline std::size_t text_bytes(std::string_view text) {
  return utf8::trim_end(text).size();
}

// Limits toward seed programs (docs/PROTOCOL.md section 4).
inline constexpr std::size_t legacy_max_object = 1024;

}  // namespace charla::net
