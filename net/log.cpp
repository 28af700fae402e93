#include "net/log.hpp"

#include <cstdio>
#include <ctime>

#include "net/platform/platform.hpp"
#include "net/utf8.hpp"

namespace charla::net {

void event_log::set_sink(std::function<void(const log_entry&)> sink) {
  std::lock_guard lock(mutex_);
  sink_ = std::move(sink);
}

void event_log::add(std::string text) {
  log_entry entry{0, std::chrono::system_clock::now(), std::move(text)};
  std::function<void(const log_entry&)> sink;
  {
    std::lock_guard lock(mutex_);
    entry.seq = next_seq_++;
    entries_.push_back(entry);
    if (entries_.size() > capacity_) entries_.pop_front();
    sink = sink_;
  }
  if (sink) sink(entry);
}

std::vector<log_entry> event_log::entries_after(std::uint64_t after_seq) const {
  std::lock_guard lock(mutex_);
  std::vector<log_entry> out;
  for (auto it = entries_.rbegin(); it != entries_.rend() && it->seq > after_seq; ++it) {
    out.push_back(*it);
  }
  return {out.rbegin(), out.rend()};
}

namespace {

// Characters that change how the rest of a console line reads.
bool hides_or_reorders(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029 || c == 0x200E ||
         c == 0x200F || c == 0x061C;
}

}  // namespace

std::string event_log::quote(std::string_view text, std::size_t max_bytes) {
  std::string out = "\"";
  std::size_t i = 0;
  while (i < text.size() && i < max_bytes) {
    auto [c, length] = utf8::decode(text, i);
    if (i + length > max_bytes) break;
    char buf[16];
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(c));
      out += buf;
    } else if ((c >= 0x80 && c < 0xA0) || hides_or_reorders(c)) {
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
      out += buf;
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  if (i == text.size()) return out + '"';
  return out + "…\" (" + std::to_string(text.size()) + " bytes)";
}

std::string event_log::format(const log_entry& entry) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(entry.time.time_since_epoch()).count();
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03d ", static_cast<int>(ms % 1000));
  return platform::local_time_text(ms, "%H:%M:%S", "--:--:--") + millis + entry.text;
}

}  // namespace charla::net
