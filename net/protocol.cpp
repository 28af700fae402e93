#include "net/protocol.hpp"

#include <array>

namespace charla::net {
namespace {

constexpr std::array<std::string_view, error_code_count> error_names = {
    "name_taken",   "pin_required", "bad_pin",   "too_large", "bad_json",
    "rate_limited", "server_full",  "bad_hello", "kicked",    "muted",
};

constexpr std::array<std::string_view, leave_reason_count> leave_names = {
    "closed",
    "timeout",
    "kicked",
    "slow",
};

}  // namespace

std::string_view to_string(error_code code) {
  return error_names[static_cast<std::size_t>(code)];
}

std::optional<error_code> error_code_from(std::string_view wire) {
  for (std::size_t i = 0; i < error_names.size(); ++i) {
    if (error_names[i] == wire) return static_cast<error_code>(i);
  }
  return std::nullopt;
}

bool is_fatal_for_client(error_code code) {
  switch (code) {
    case error_code::name_taken:
    case error_code::pin_required:
    case error_code::bad_pin:
    case error_code::bad_hello:
    case error_code::kicked:
      return true;
    default:
      return false;
  }
}

std::string_view to_string(leave_reason reason) {
  return leave_names[static_cast<std::size_t>(reason)];
}

std::optional<leave_reason> leave_reason_from(std::string_view wire) {
  for (std::size_t i = 0; i < leave_names.size(); ++i) {
    if (leave_names[i] == wire) return static_cast<leave_reason>(i);
  }
  return std::nullopt;
}

}  // namespace charla::net
