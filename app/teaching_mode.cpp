#include "app/teaching_mode.hpp"

#include "app/platform/platform.hpp"
#include "app/teaching_exports.hpp"
#include "ui/emoji.hpp"
#include "ui/teaching_text.hpp"
#include "ui/widgets.hpp"

namespace charla::app {

void teaching_mode::sync(ui::view& v, room_session& session, std::int64_t now_ms) {
  ui::inspector_model& m = v.teach.inspector;
  // Only the host can watch someone else's channels.
  if (!session.hosting() && m.subject().what != ui::wire_subject::kind::self) m.watch({}, false, now_ms);
  const bool shown = v.teach.show_inspector;
  if (shown == applied_shown_ && m.subject() == applied_) return;

  // Off first, whatever was on; then on for the subject, from a clean slate.
  session.watch_own_wire(false);
  session.watch_participant_wire({});
  applied_shown_ = shown;
  applied_ = m.subject();
  if (!shown) return;
  const ui::wire_subject subject = m.subject();
  m.watch(subject, subject.what != ui::wire_subject::kind::self, now_ms);
  switch (subject.what) {
    case ui::wire_subject::kind::self:
      m.set_session_hint(session.own_session().substr(0, 8));
      session.watch_own_wire(true);
      break;
    case ui::wire_subject::kind::participant:
      session.watch_participant_wire(ui::from_display(subject.name));
      break;
    case ui::wire_subject::kind::next:
      session.watch_next_participant();
      break;
  }
}

void teaching_mode::on_wire(ui::view& v, const net::wire_event& e) {
  // Events still queued when the inspector was hidden: nobody will look.
  if (!applied_shown_) return;
  v.teach.inspector.add(classifier_.classify(e));
}

void teaching_mode::room_started(const std::string& self) {
  attendance_.start(ui::from_display(self));
}

void teaching_mode::on_client_event(const ui::view& v, const net::client_event& e, std::int64_t now_ms) {
  if (v.model.host() == nullptr) return;
  if (const auto* m = std::get_if<net::members_event>(&e)) {
    std::vector<std::string> names;
    for (const auto& x : m->members) names.push_back(x.author);
    attendance_.present(names, now_ms);
  } else if (const auto* j = std::get_if<net::join_event>(&e)) {
    attendance_.joined(j->author, now_ms);
  } else if (const auto* l = std::get_if<net::leave_event>(&e)) {
    attendance_.left(l->author, std::string(net::to_string(l->reason)), now_ms);
  }
}

void teaching_mode::save(ui::view& v, const std::string& name, const std::string& content, ui::teach_text done) {
  const ui::language lang = v.prefs.lang;
  const std::filesystem::path dir = save_dir.empty() ? platform::documents_dir() : save_dir;
  std::string error;
  const std::filesystem::path written = save_file(dir, name, content, &error);
  if (written.empty()) {
    v.teach.show_notice(
        ui::format(ui::tr(lang, ui::teach_text::save_failed), platform::utf8(dir / name).c_str(), error.c_str()), {},
        true);
    return;
  }
  const std::string shown = platform::utf8(written);
  v.teach.show_notice(ui::format(ui::tr(lang, done), shown.c_str()), shown, false);
}

void teaching_mode::handle(ui::view& v, room_session& session, const ui::teaching_request& r, std::int64_t now_ms) {
  (void)session;
  std::string room = ui::from_display(v.model.status().room);
  if (room.empty() && v.model.host() != nullptr) room = ui::from_display(v.model.host()->card.room);
  std::visit(
      [&](const auto& req) {
        using T = std::decay_t<decltype(req)>;
        if constexpr (std::is_same_v<T, ui::watch_wire>) {
          // sync() applies it this frame; the model starts over now.
          v.teach.inspector.watch(req.subject, req.subject.what != ui::wire_subject::kind::self, now_ms);
        } else if constexpr (std::is_same_v<T, ui::export_history>) {
          const std::string stem = file_stem(room, now_ms);
          if (req.format == ui::history_format::text) {
            save(v, stem + ".txt", history_text(v.model.rows(), room, now_ms, v.prefs.lang),
                 ui::teach_text::saved_history);
          } else {
            save(v, stem + ".jsonl", history_json_lines(v.model.rows()), ui::teach_text::saved_history);
          }
        } else if constexpr (std::is_same_v<T, ui::export_attendance>) {
          const std::string suffix = v.prefs.lang == ui::language::es ? "-asistencia.csv" : "-attendance.csv";
          save(v, file_stem(room, now_ms) + suffix, attendance_.csv(v.prefs.lang), ui::teach_text::saved_attendance);
        }
      },
      r);
}

}  // namespace charla::app
