// The platform seam (platform.hpp) on Windows.
#include <winsock2.h>
#include <ws2tcpip.h>
// After winsock2.h:
#include <iphlpapi.h>
#include <windows.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "net/platform/platform.hpp"

namespace charla::net::platform {

std::vector<std::string> local_ipv4_addresses() {
  std::vector<std::string> out;
  // The adapters' list does not say its size in advance: ask, grow, ask
  // again (a few times at most: adapters can appear in between).
  ULONG size = 16 * 1024;
  std::unique_ptr<char[]> buf;
  ULONG rc = ERROR_BUFFER_OVERFLOW;
  for (int tries = 0; tries < 4 && rc == ERROR_BUFFER_OVERFLOW; ++tries) {
    buf.reset(new char[size]);
    rc = GetAdaptersAddresses(AF_INET, GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER,
                              nullptr, reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buf.get()), &size);
  }
  if (rc != NO_ERROR) return out;
  for (auto* a = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buf.get()); a != nullptr; a = a->Next) {
    if (a->OperStatus != IfOperStatusUp || a->IfType == IF_TYPE_SOFTWARE_LOOPBACK) continue;
    for (auto* u = a->FirstUnicastAddress; u != nullptr; u = u->Next) {
      if (u->Address.lpSockaddr == nullptr || u->Address.lpSockaddr->sa_family != AF_INET) continue;
      auto* sin = reinterpret_cast<sockaddr_in*>(u->Address.lpSockaddr);
      if ((ntohl(sin->sin_addr.s_addr) >> 24) == 127) continue;
      char text[INET_ADDRSTRLEN];
      if (inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text) != nullptr) out.emplace_back(text);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

send_result send_now(native_socket socket, const char* data, std::size_t size) {
  // Windows raises no signal for a peer that has gone, and the socket is
  // already non-blocking (channel::start): a plain send.
  const int n = ::send(static_cast<SOCKET>(socket), data, static_cast<int>(std::min<std::size_t>(size, 1 << 30)), 0);
  if (n != SOCKET_ERROR) return {static_cast<std::size_t>(n), false, {}};
  const int error = ::WSAGetLastError();
  if (error == WSAEWOULDBLOCK) return {0, true, {}};
  return {0, false, std::error_code(error, std::system_category())};
}

bool local_time(std::time_t t, std::tm& out) {
  return localtime_s(&out, &t) == 0;
}

void give_back_memory() {
  // msvcrt's heap gives freed pages back on its own.
}

std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string error_text(const std::error_code& ec) {
  if (ec.category() != std::system_category()) return ec.message();
  // The system's own sentence, in the user's language, as UTF-8 (the
  // runtime's message() gives it in the ANSI code page).
  wchar_t* text = nullptr;
  const DWORD n =
      FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                     nullptr, static_cast<DWORD>(ec.value()), 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  std::string out;
  if (n > 0 && text != nullptr) {
    const int bytes = WideCharToMultiByte(CP_UTF8, 0, text, static_cast<int>(n), nullptr, 0, nullptr, nullptr);
    out.resize(bytes > 0 ? static_cast<std::size_t>(bytes) : 0);
    if (bytes > 0) WideCharToMultiByte(CP_UTF8, 0, text, static_cast<int>(n), out.data(), bytes, nullptr, nullptr);
  }
  if (text != nullptr) LocalFree(text);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ' || out.back() == '.'))
    out.pop_back();
  // Some systems (wine among them) have no sentence for many codes.
  if (out.empty()) out = "system error " + std::to_string(ec.value());
  return out;
}

}  // namespace charla::net::platform
