// What the teaching tools ask the app for: whose wire to watch, and files
// to save. They travel inside ui::intent as one alternative, teaching_request.
#pragma once

#include <string>
#include <variant>

namespace charla::ui {

// Whose channels the inspector shows.
struct wire_subject {
  enum class kind : unsigned char { self, participant, next };
  kind what = kind::self;
  std::string name;  // participant: who

  bool operator==(const wire_subject&) const = default;
};

struct watch_wire {
  wire_subject subject;
};

enum class history_format : unsigned char { text, json_lines };

struct export_history {
  history_format format = history_format::text;
};

struct export_attendance {};

using teaching_request = std::variant<watch_wire, export_history, export_attendance>;

}  // namespace charla::ui
