#include "ui/text_util.hpp"

#include <charconv>
#include <ctime>

#include "net/platform/platform.hpp"
#include "net/utf8.hpp"

namespace charla::ui {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string prepare_outgoing(std::string_view typed) {
  while (!typed.empty() && is_space(typed.back())) typed.remove_suffix(1);
  // Drop whole blank lines at the start but keep indentation of the first
  // line that has text (pasted code keeps its shape).
  std::size_t start = 0;
  for (std::size_t i = 0; i < typed.size(); ++i) {
    if (typed[i] == '\n') {
      start = i + 1;
    } else if (!is_space(typed[i])) {
      break;
    }
  }
  typed.remove_prefix(start);
  if (trim(typed).empty()) return {};
  return std::string(typed);
}

std::size_t utf8_length(std::string_view s) {
  return net::utf8::count_code_points(s);
}

bool has_control_chars(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

std::optional<std::uint16_t> parse_port(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 5) return std::nullopt;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  if (value < 1 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

host_and_port split_host_port(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '[') {
    auto close = s.find(']');
    if (close != std::string_view::npos) {
      host_and_port out{std::string(s.substr(1, close - 1)), std::nullopt};
      auto rest = s.substr(close + 1);
      if (rest.size() > 1 && rest.front() == ':') out.port = parse_port(rest.substr(1));
      return out;
    }
  }
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos || s.find(':') != colon) {
    return {std::string(s), std::nullopt};  // no port, or a bare IPv6 address
  }
  if (auto port = parse_port(s.substr(colon + 1))) {
    return {std::string(trim(s.substr(0, colon))), port};
  }
  return {std::string(s), std::nullopt};
}

std::string format_clock(std::int64_t ts_ms) {
  return net::platform::local_time_text(ts_ms, "%H:%M", "--:--");
}

std::uint32_t stable_hash(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

}  // namespace charla::ui
