#pragma once
// What differs between operating systems, for net/ and for whoever needs
// it above (ui/ uses the clock): this header declares it, one file per
// system implements it (posix.cpp; CMakeLists.txt picks the file). Nothing
// here knows about the room or the protocol.

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace charla::net::platform {

// Every IPv4 address of this machine that other machines can reach (up,
// not loopback), as text, sorted, each once.
std::vector<std::string> local_ipv4_addresses();

// One send on a non-blocking socket that never raises a signal when the
// peer has gone: how many bytes the kernel took (0 with would_block when
// it took none because the socket buffer is full), or the error.
struct send_result {
  std::size_t bytes = 0;
  bool would_block = false;
  std::error_code error;
};
#if defined(_WIN32)
using native_socket = std::uintptr_t;
#else
using native_socket = int;
#endif
send_result send_now(native_socket socket, const char* data, std::size_t size);

// `t` in this machine's time zone (thread-safe); false when it cannot be
// converted.
bool local_time(std::time_t t, std::tm& out);
// `unix_ms` in this machine's time zone written with strftime's `pattern`
// ("%H:%M:%S"), or `fallback` when it cannot be converted. Built on
// local_time in time_text.cpp, the same on every system.
std::string local_time_text(std::int64_t unix_ms, const char* pattern, std::string_view fallback);

// Returns freed heap memory to the system where the allocator keeps it
// (glibc's malloc_trim); nothing elsewhere.
void give_back_memory();

// Milliseconds since the Unix epoch, on the wall clock (message times).
std::int64_t unix_ms();

// The sentence for an error, as UTF-8: on Windows the system's own
// (FormatMessageW; the runtime's message() is in the ANSI code page),
// elsewhere ec.message(). For people to read: code compares the codes.
std::string error_text(const std::error_code& ec);

}  // namespace charla::net::platform
