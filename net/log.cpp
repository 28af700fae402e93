#include "net/log.hpp"

#include <ctime>

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

std::string event_log::format(const log_entry& entry) {
  auto t = std::chrono::system_clock::to_time_t(entry.time);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(entry.time.time_since_epoch()).count() % 1000;
  std::tm local{};
  localtime_r(&t, &local);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%03d ", local.tm_hour, local.tm_min, local.tm_sec,
                static_cast<int>(ms));
  return buf + entry.text;
}

}  // namespace charla::net
