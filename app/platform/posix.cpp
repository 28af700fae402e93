// The app's platform seam (platform.hpp) on Linux and other POSIX systems.
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>

#include "app/platform/platform.hpp"

namespace charla::app::platform {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

// XDG_DOCUMENTS_DIR from a user-dirs.dirs file ("$HOME/Documentos"), or "".
std::string documents_from_user_dirs(const std::filesystem::path& file, const std::string& home) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    const std::string key = "XDG_DOCUMENTS_DIR=";
    if (line.rfind(key, 0) != 0) continue;
    std::string value = line.substr(key.size());
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (value.rfind("$HOME", 0) == 0) value = home + value.substr(5);
    return value;
  }
  return {};
}

}  // namespace

std::filesystem::path config_dir() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && xdg[0] == '/') return std::filesystem::path(xdg) / "charla";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') return std::filesystem::path(home) / ".config" / "charla";
  return {};
}

std::filesystem::path documents_dir() {
  const std::string home = env("HOME");
  std::string docs = env("XDG_DOCUMENTS_DIR");
  if (docs.empty() && !home.empty()) {
    std::string config = env("XDG_CONFIG_HOME");
    if (config.empty() || config.front() != '/') config = home + "/.config";
    docs = documents_from_user_dirs(std::filesystem::path(config) / "user-dirs.dirs", home);
  }
  std::error_code ec;
  std::filesystem::path base;
  if (!docs.empty() && docs.front() == '/' && std::filesystem::is_directory(docs, ec))
    base = docs;
  else if (!home.empty())
    base = home;
  else
    base = std::filesystem::temp_directory_path(ec);
  return base / "charla";
}

std::optional<std::string> raise_open_file_limit(std::size_t connections) {
  // Besides connections: the listening socket, the transcript, stdio, the
  // event loop's own descriptors, fonts and the display for the window.
  constexpr rlim_t spare = 64;
  rlim_t want = static_cast<rlim_t>(connections) + spare;
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) != 0) return std::nullopt;
  if (r.rlim_cur < want && r.rlim_cur != RLIM_INFINITY) {
    rlimit raised = r;
    raised.rlim_cur = r.rlim_max == RLIM_INFINITY ? want : std::min(want, r.rlim_max);
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) r = raised;
  }
  if (r.rlim_cur == RLIM_INFINITY || r.rlim_cur >= want) return std::nullopt;
  return "this computer lets charla open " + std::to_string(r.rlim_cur) + " files, enough for about " +
         std::to_string(r.rlim_cur > spare ? r.rlim_cur - spare : 0) + " of the " + std::to_string(connections) +
         " connections allowed; raise the limit (ulimit -n) or lower --max-connections";
}

std::optional<std::string> read_stdin(std::chrono::milliseconds wait) {
  pollfd p{STDIN_FILENO, POLLIN, 0};
  int ready = ::poll(&p, 1, static_cast<int>(wait.count()));
  if (ready < 0 && errno == EINTR) return std::string();
  if (ready <= 0) return std::string();
  char buf[4096];
  ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
  if (n < 0 && errno == EINTR) return std::string();
  if (n <= 0) return std::nullopt;
  return std::string(buf, static_cast<std::size_t>(n));
}

void never_stop_for_background_read() {
  std::signal(SIGTTIN, SIG_IGN);
}

void block_signals_in_this_thread() {
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
}

bool stdout_is_colour_terminal() {
  return ::isatty(STDOUT_FILENO) == 1;
}

long process_id() {
  return static_cast<long>(::getpid());
}

int counters_signal() {
  return SIGUSR1;
}

std::vector<std::string> arguments(int argc, char** argv) {
  return std::vector<std::string>(argv, argv + argc);
}

void use_console() {
  // A terminal program already has its terminal.
}

void show_error(const std::string&, const std::string&) {
  // The window's caller has written the sentence to standard error.
}

std::FILE* open_file(const std::filesystem::path& path, const char* mode) {
  return std::fopen(path.c_str(), mode);
}

std::string utf8(const std::filesystem::path& path) {
  return path.native();
}

std::filesystem::path from_utf8(const std::string& text) {
  return std::filesystem::path(text);
}

}  // namespace charla::app::platform
