#pragma once
// Test support: what tests do with a socket's handle directly, the same on
// POSIX and on Windows (Winsock).

#if defined(_WIN32)
#include <winsock2.h>
#else
#include <poll.h>
#endif

namespace charla::test {

// Waits until `socket` has bytes to read (or its peer closed), at most
// `timeout_ms`: true when it has.
template <typename Handle>
bool wait_readable(Handle socket, int timeout_ms) {
#if defined(_WIN32)
  WSAPOLLFD p{static_cast<SOCKET>(socket), POLLRDNORM, 0};
  return ::WSAPoll(&p, 1, timeout_ms) > 0;
#else
  pollfd p{socket, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) > 0;
#endif
}

}  // namespace charla::test
