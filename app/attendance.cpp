#include "app/attendance.hpp"

#include <algorithm>

#include "app/teaching_exports.hpp"
#include "ui/teaching_text.hpp"

namespace charla::app {
namespace {

// A CSV field: quoted when it holds a comma, a quote or a line break.
std::string field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

const char* reason_words(const std::string& code, ui::language lang) {
  using ui::teach_text;
  if (code == "timeout") return ui::tr(lang, teach_text::reason_timeout);
  if (code == "kicked") return ui::tr(lang, teach_text::reason_kicked);
  if (code == "slow") return ui::tr(lang, teach_text::reason_slow);
  return ui::tr(lang, teach_text::reason_closed);
}

}  // namespace

void attendance::start(std::string self) {
  self_ = std::move(self);
  visits_.clear();
}

bool attendance::is_open(const std::string& name) const {
  return std::any_of(visits_.begin(), visits_.end(), [&](const visit& v) { return v.name == name && v.left_ms == 0; });
}

void attendance::present(const std::vector<std::string>& names, std::int64_t now_ms) {
  for (const auto& n : names) joined(n, now_ms);
}

void attendance::joined(const std::string& name, std::int64_t now_ms) {
  if (name.empty() || name == self_ || is_open(name) || visits_.size() >= max_visits) return;
  visits_.push_back(visit{name, now_ms, 0, {}});
}

void attendance::left(const std::string& name, const std::string& reason, std::int64_t now_ms) {
  for (auto it = visits_.rbegin(); it != visits_.rend(); ++it) {
    if (it->name == name && it->left_ms == 0) {
      it->left_ms = now_ms;
      it->reason = reason;
      return;
    }
  }
}

std::string attendance::csv(ui::language lang) const {
  std::string out = ui::tr(lang, ui::teach_text::file_attendance_header);
  out += '\n';
  for (const visit& v : visits_) {
    out += field(v.name) + ',' + local_date_time(v.joined_ms) + ',';
    if (v.left_ms == 0)
      out += field(ui::tr(lang, ui::teach_text::still_here)) + ",";
    else
      out += local_date_time(v.left_ms) + ',' + field(reason_words(v.reason, lang));
    out += '\n';
  }
  return out;
}

}  // namespace charla::app
