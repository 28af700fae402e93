// The platform seam (platform.hpp) on Linux and other POSIX systems.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "net/platform/platform.hpp"

namespace charla::net::platform {

std::vector<std::string> local_ipv4_addresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* it = list; it; it = it->ifa_next) {
    if (!it->ifa_addr || it->ifa_addr->sa_family != AF_INET) continue;
    if ((it->ifa_flags & IFF_LOOPBACK) || !(it->ifa_flags & IFF_UP)) continue;
    char text[INET_ADDRSTRLEN];
    auto* sin = reinterpret_cast<sockaddr_in*>(it->ifa_addr);
    if (inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text)) out.emplace_back(text);
  }
  freeifaddrs(list);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

send_result send_now(native_socket socket, const char* data, std::size_t size) {
  for (;;) {
    // MSG_NOSIGNAL: a peer that has gone is an error here, not a SIGPIPE.
    ssize_t n = ::send(socket, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) return {static_cast<std::size_t>(n), false, {}};
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return {0, true, {}};
    return {0, false, std::error_code(errno, std::generic_category())};
  }
}

bool local_time(std::time_t t, std::tm& out) {
  return localtime_r(&t, &out) != nullptr;
}

void give_back_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string error_text(const std::error_code& ec) {
  return ec.message();
}

}  // namespace charla::net::platform
