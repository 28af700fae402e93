// Text functions shared by the view-model and the draw code: trimming, UTF-8
// counting, ports and addresses, clock formatting, a stable hash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace charla::ui {

// ASCII whitespace removed at both ends.
std::string_view trim(std::string_view s);

// What the composer sends for what was typed: trailing whitespace and
// leading blank lines removed; empty when nothing visible is left.
std::string prepare_outgoing(std::string_view typed);

// Number of code points (continuation bytes are not counted).
std::size_t utf8_length(std::string_view s);

// True when s holds a C0 control character (tab and newline included) or DEL.
bool has_control_chars(std::string_view s);

// A port number 1..65535, or nothing.
std::optional<std::uint16_t> parse_port(std::string_view s);

// "10.0.0.5:5000" -> {"10.0.0.5", 5000}; "10.0.0.5" -> {"10.0.0.5", none};
// "[::1]:5000" -> {"::1", 5000}; a bare IPv6 address keeps its colons.
struct host_and_port {
  std::string host;
  std::optional<std::uint16_t> port;
};
host_and_port split_host_port(std::string_view s);

// Local wall-clock time of a Unix timestamp in milliseconds, "HH:MM".
std::string format_clock(std::int64_t ts_ms);

// FNV-1a: the same name gets the same colour on every machine.
std::uint32_t stable_hash(std::string_view s);

}  // namespace charla::ui
