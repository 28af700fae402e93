#pragma once
// Who came to the host's room and when: one visit per join, closed by the
// matching leave. Fed on the UI thread from the host's own participant's
// events (the welcome's member list, then join and leave), so the times are
// this computer's clock when the room heard of it.

#include <cstdint>
#include <string>
#include <vector>

#include "ui/i18n.hpp"

namespace charla::app {

class attendance {
 public:
  struct visit {
    std::string name;
    std::int64_t joined_ms = 0;
    std::int64_t left_ms = 0;  // 0: still in the room
    std::string reason;        // leave reason code: closed, timeout, kicked, slow
  };

  static constexpr std::size_t max_visits = 100'000;

  // A new room: forgets everything; `self` (the host) is not listed.
  void start(std::string self);
  // Everyone in the room when we arrived (the welcome's list).
  void present(const std::vector<std::string>& names, std::int64_t now_ms);
  void joined(const std::string& name, std::int64_t now_ms);
  void left(const std::string& name, const std::string& reason, std::int64_t now_ms);

  const std::vector<visit>& visits() const { return visits_; }

  // CSV for a spreadsheet: a header line, then one visit per line, oldest
  // first, times as local "YYYY-MM-DD HH:MM:SS", reasons in words.
  std::string csv(ui::language lang) const;

 private:
  bool is_open(const std::string& name) const;

  std::string self_;
  std::vector<visit> visits_;
};

}  // namespace charla::app
