// The app's platform seam (platform.hpp) on Windows.
#include <windows.h>
// After windows.h:
#include <knownfolders.h>
#include <shlobj.h>

#include <fcntl.h>
#include <io.h>
#include <shellapi.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

#include "app/platform/platform.hpp"

namespace charla::app::platform {
namespace {

std::filesystem::path known_folder(REFKNOWNFOLDERID id) {
  PWSTR wide = nullptr;
  std::filesystem::path out;
  // Wide all the way: C:\Users\José stays José whatever the code page.
  if (SHGetKnownFolderPath(id, KF_FLAG_DEFAULT, nullptr, &wide) == S_OK && wide != nullptr) out = wide;
  CoTaskMemFree(wide);
  return out;
}

std::filesystem::path env_path(const wchar_t* name) {
  const wchar_t* v = _wgetenv(name);
  return v != nullptr && v[0] != L'\0' ? std::filesystem::path(v) : std::filesystem::path();
}

std::string wide_to_utf8(const wchar_t* text, int length) {
  const int n = WideCharToMultiByte(CP_UTF8, 0, text, length, nullptr, 0, nullptr, nullptr);
  std::string out(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
  if (n > 0) WideCharToMultiByte(CP_UTF8, 0, text, length, out.data(), n, nullptr, nullptr);
  return out;
}

// Standard input as a console: true when a key press that carries a
// character waits in the input buffer (reading then gets a line soon);
// other events (focus, mouse, key releases) are taken out of the way.
bool console_key_waiting(HANDLE in) {
  INPUT_RECORD records[64];
  DWORD n = 0;
  if (!PeekConsoleInputW(in, records, 64, &n) || n == 0) return false;
  for (DWORD i = 0; i < n; ++i) {
    const auto& r = records[i];
    if (r.EventType == KEY_EVENT && r.Event.KeyEvent.bKeyDown && r.Event.KeyEvent.uChar.UnicodeChar != 0) return true;
  }
  FlushConsoleInputBuffer(in);
  return false;
}

// Standard input as a pipe or a file. A pipe cannot be waited on with a
// timeout (and wine's pipes from Linux programs answer no PeekNamedPipe), so
// one thread does the blocking reads and read_stdin waits for what it
// hands over. The thread may stay blocked in ReadFile until the process
// ends: it is detached, and what it shares is never freed, so nothing it
// touches is destroyed under it at exit.
struct stdin_pump {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::string> chunks;
  bool ended = false;

  static stdin_pump& get(HANDLE in) {
    static stdin_pump* pump = [in] {
      auto* p = new stdin_pump;  // never freed: see above
      std::thread([p, in] {
        char buf[4096];
        for (;;) {
          DWORD got = 0;
          const bool ok = ReadFile(in, buf, sizeof buf, &got, nullptr) && got > 0;
          std::lock_guard<std::mutex> lock(p->mutex);
          if (!ok) {
            p->ended = true;
            p->changed.notify_all();
            return;
          }
          p->chunks.emplace_back(buf, got);
          p->changed.notify_all();
        }
      }).detach();
      return p;
    }();
    return *pump;
  }

  std::optional<std::string> take(std::chrono::milliseconds wait) {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait_for(lock, wait, [this] { return !chunks.empty() || ended; });
    if (chunks.empty()) return ended ? std::nullopt : std::optional<std::string>(std::string());
    std::string out = std::move(chunks.front());
    chunks.pop_front();
    return out;
  }
};

}  // namespace

std::filesystem::path from_utf8(const std::string& text);

std::filesystem::path config_dir() {
  std::filesystem::path base = known_folder(FOLDERID_RoamingAppData);
  if (base.empty()) base = env_path(L"APPDATA");
  return base.empty() ? base : base / "charla";
}

std::filesystem::path documents_dir() {
  std::filesystem::path base = known_folder(FOLDERID_Documents);
  if (base.empty()) base = env_path(L"USERPROFILE");
  std::error_code ec;
  if (base.empty()) base = std::filesystem::temp_directory_path(ec);
  return base / "charla";
}

std::optional<std::string> raise_open_file_limit(std::size_t) {
  // Sockets are not C runtime files on Windows: no per-process limit to raise.
  return std::nullopt;
}

std::optional<std::string> read_stdin(std::chrono::milliseconds wait) {
  HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  if (in == nullptr || in == INVALID_HANDLE_VALUE) return std::nullopt;
  if (GetFileType(in) != FILE_TYPE_CHAR) return stdin_pump::get(in).take(wait);
  // A console: wait for input, then read a line (UTF-16 → UTF-8) once
  // someone is typing. Reading starts only then, so stop is seen within
  // `wait` unless a line is half typed.
  if (WaitForSingleObject(in, static_cast<DWORD>(wait.count())) != WAIT_OBJECT_0) return std::string();
  if (!console_key_waiting(in)) return std::string();
  wchar_t wide[1024];
  DWORD chars = 0;
  if (!ReadConsoleW(in, wide, 1024, &chars, nullptr)) return std::nullopt;
  if (chars == 0) return std::nullopt;
  // Ctrl+Z at the start of a line: the end of input, as on a terminal.
  if (wide[0] == 0x1a) return std::nullopt;
  return wide_to_utf8(wide, static_cast<int>(chars));
}

void never_stop_for_background_read() {
  // Windows has no job-control stop for background reads.
}

void block_signals_in_this_thread() {
  // Ctrl+C arrives on a thread of its own on Windows, never on this one.
}

bool stdout_is_colour_terminal() {
  // A console draws ANSI colours once asked to (Windows 10 and later);
  // an older one refuses, and gets no escape sequences.
  HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  DWORD mode = 0;
  if (!GetConsoleMode(out, &mode)) return false;
  return (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0 ||
         SetConsoleMode(out, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
}

long process_id() {
  return static_cast<long>(GetCurrentProcessId());
}

int counters_signal() {
  return 0;  // Windows has no SIGUSR1
}

std::vector<std::string> arguments(int argc, char** argv) {
  int n = 0;
  LPWSTR* wide = CommandLineToArgvW(GetCommandLineW(), &n);
  if (wide == nullptr) return std::vector<std::string>(argv, argv + argc);
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(wide_to_utf8(wide[i], -1));
  LocalFree(wide);
  // wide_to_utf8 of a NUL-terminated string keeps the NUL: drop it.
  for (auto& a : out)
    if (!a.empty() && a.back() == '\0') a.pop_back();
  return out;
}

void use_console() {
  auto usable = [](DWORD which) {
    HANDLE h = GetStdHandle(which);
    return h != nullptr && h != INVALID_HANDLE_VALUE && GetFileType(h) != FILE_TYPE_UNKNOWN;
  };
  // Started from cmd or PowerShell: a -mwindows program has no standard
  // handles; the parent's console gives them. Redirected output (a file, a
  // pipe, another program) is left as it is.
  if (!usable(STD_OUTPUT_HANDLE) && AttachConsole(ATTACH_PARENT_PROCESS)) {
    auto reopen = [](const wchar_t* device, DWORD access, DWORD which) {
      HANDLE h = CreateFileW(device, access, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING, 0, nullptr);
      if (h != INVALID_HANDLE_VALUE) SetStdHandle(which, h);
    };
    reopen(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, STD_OUTPUT_HANDLE);
    if (!usable(STD_ERROR_HANDLE)) reopen(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, STD_ERROR_HANDLE);
    if (!usable(STD_INPUT_HANDLE)) reopen(L"CONIN$", GENERIC_READ | GENERIC_WRITE, STD_INPUT_HANDLE);
    (void)std::freopen("CONOUT$", "w", stdout);
    (void)std::freopen("CONOUT$", "w", stderr);
    (void)std::freopen("CONIN$", "r", stdin);
    // The prompt was already printed when the parent did not wait: start
    // on a line of our own.
    std::fputs("\n", stdout);
  }
  SetConsoleOutputCP(CP_UTF8);
  // Binary mode: the text is UTF-8 already, and \n stays \n for pipes.
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
}

void show_error(const std::string& title, const std::string& text) {
  const std::filesystem::path t = from_utf8(title), m = from_utf8(text);
  MessageBoxW(nullptr, m.c_str(), t.c_str(), MB_OK | MB_ICONERROR);
}

std::FILE* open_file(const std::filesystem::path& path, const char* mode) {
  std::wstring wide_mode(mode, mode + std::char_traits<char>::length(mode));
  return _wfopen(path.c_str(), wide_mode.c_str());
}

std::string utf8(const std::filesystem::path& path) {
  const std::wstring& w = path.native();
  return wide_to_utf8(w.data(), static_cast<int>(w.size()));
}

std::filesystem::path from_utf8(const std::string& text) {
  const int n = MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
  std::wstring out(n > 0 ? static_cast<std::size_t>(n) : 0, L'\0');
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), out.data(), n);
  return std::filesystem::path(out);
}

}  // namespace charla::app::platform
