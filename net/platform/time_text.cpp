#include <array>

#include "net/platform/platform.hpp"

namespace charla::net::platform {

std::string local_time_text(std::int64_t unix_ms, const char* pattern, std::string_view fallback) {
  const auto secs = static_cast<std::time_t>(unix_ms / 1000);
  std::tm local{};
  if (!local_time(secs, local)) return std::string(fallback);
  std::array<char, 64> buf{};
  std::size_t n = std::strftime(buf.data(), buf.size(), pattern, &local);
  return n > 0 ? std::string(buf.data(), n) : std::string(fallback);
}

}  // namespace charla::net::platform
