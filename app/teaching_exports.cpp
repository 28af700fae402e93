#include "app/teaching_exports.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>

#include "app/platform/platform.hpp"
#include "net/codec.hpp"
#include "net/platform/platform.hpp"
#include "net/utf8.hpp"
#include "ui/emoji.hpp"
#include "ui/teaching_text.hpp"
#include "ui/widgets.hpp"

namespace charla::app {
namespace {

std::string local_time(std::int64_t unix_ms, const char* pattern) {
  return net::platform::local_time_text(unix_ms, pattern, "?");
}

// What the room has: messages the server took (not pending, not refused).
bool is_saved_message(const ui::message& m) {
  return m.kind == ui::message_kind::message && !m.pending && !m.failed;
}

}  // namespace

std::string local_date_time(std::int64_t unix_ms) {
  return local_time(unix_ms, "%Y-%m-%d %H:%M:%S");
}

std::string history_text(const std::vector<ui::message>& rows, const std::string& room, std::int64_t now_ms,
                         ui::language lang) {
  std::string out =
      ui::format(ui::tr(lang, ui::teach_text::file_history_header), room.c_str(), local_date_time(now_ms).c_str());
  out += "\n\n";
  for (const ui::message& m : rows) {
    if (!is_saved_message(m)) continue;
    // The ui holds text in its display form; files get the real characters.
    out += "[" + local_time(m.ts_ms, "%H:%M:%S") + "] " + ui::from_display(m.author) + ": ";
    for (char c : ui::from_display(m.text)) {
      out += c;
      if (c == '\n') out += "    ";
    }
    out += '\n';
  }
  return out;
}

std::string history_json_lines(const std::vector<ui::message>& rows) {
  std::string out;
  for (const ui::message& m : rows) {
    if (!is_saved_message(m)) continue;
    out += net::encode(net::transcript_line{
        net::chat_msg{m.id, m.ts_ms, ui::from_display(m.author), ui::from_display(m.text), m.cid, false}, {}});
  }
  return out;
}

std::string file_stem(const std::string& room, std::int64_t now_ms) {
  std::string clean;
  for (char c : room) {
    const auto u = static_cast<unsigned char>(c);
    const bool odd = u < 0x20 || u == 0x7F || std::strchr(" /\\:*?\"<>|.'`$&;", c) != nullptr;
    clean += odd ? '_' : c;
  }
  clean.resize(net::utf8::prefix_within(clean, 40).size());
  std::string stem = "charla";
  if (!clean.empty()) stem += "-" + clean;
  return stem + "-" + local_time(now_ms, "%Y-%m-%d-%H%M%S");
}

std::filesystem::path save_file(const std::filesystem::path& dir, const std::string& name, const std::string& content,
                                std::string* error) {
  auto fail = [&](const std::string& why) {
    if (error != nullptr) *error = why;
    return std::filesystem::path();
  };
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(ec.message());
  std::filesystem::path target = dir / platform::from_utf8(name);  // UTF-8, whatever the code page
  const std::filesystem::path stem = target.stem();
  const std::filesystem::path ext = target.extension();
  for (int n = 2; std::filesystem::exists(target, ec) && n < 1000; ++n) {
    target = dir / stem;
    target += "-" + std::to_string(n);
    target += ext;
  }
  std::filesystem::path temp_name = ".";
  temp_name += target.filename();
  temp_name += ".tmp" + std::to_string(platform::process_id());
  const std::filesystem::path temp = dir / temp_name;
  std::FILE* f = platform::open_file(temp, "wb");
  if (f == nullptr) return fail(std::strerror(errno));
  const bool written = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  const int saved_errno = errno;
  if (std::fclose(f) != 0 || !written) {
    std::filesystem::remove(temp, ec);
    return fail(std::strerror(written ? errno : saved_errno));
  }
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    return fail(ec.message());
  }
  return target;
}

}  // namespace charla::app
