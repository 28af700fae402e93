#include "ui/view.hpp"

#include <imgui.h>

#include "ui/menu_bar.hpp"
#include "ui/start_screen.hpp"
#include "ui/status_bar.hpp"
#include "ui/widgets.hpp"

namespace charla::ui {

std::optional<intent> draw(view& v) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_MenuBar;
  std::optional<intent> out;
  ImGui::Begin("charla", nullptr, flags);

  const bool in_room = v.current == screen::chat;
  if (ImGui::BeginMenuBar()) {
    panel_toggles panels;
    panels.in_room = in_room;
    panels.hosting = v.model.host() != nullptr;
    panels.read_only = panels.hosting && v.model.host()->read_only;
    panels.participants = &v.chat.show_participants;
    panels.join_card = &v.chat.show_join_card;
    panels.host_panel = &v.chat.show_host_panel;
    panels.inspector = &v.teach.show_inspector;
    out = draw_menu_bar(v.prefs, panels);
    ImGui::EndMenuBar();
  }
  if (inspector_shortcut_pressed()) v.teach.show_inspector = !v.teach.show_inspector;

  std::optional<intent> screen_intent;
  auto draw_screen = [&] {
    screen_intent = in_room ? v.chat.draw(v.model, v.prefs) : draw_start_screen(v.start, v.prefs);
  };
  if (v.teach.show_inspector) {
    if (auto asked = draw_beside_inspector(v.teach, v.model, in_room, v.prefs, draw_screen)) {
      screen_intent = intent{std::move(*asked)};
    }
  } else {
    draw_screen();
  }
  draw_teaching_notice(v.teach.notice, v.prefs);
  if (!out) out = std::move(screen_intent);

  ImGui::End();
  return out;
}

void enter_chat(view& v) {
  report_done(v.start);
  v.current = screen::chat;
  v.chat.enter();
  v.chat.show_join_card = true;
}

void leave_chat(view& v) {
  v.model.clear();
  v.current = screen::start;
  v.start.busy = start_action::none;
}

std::string window_title(const view& v) {
  std::string title;
  const std::size_t unread = v.model.unread();
  if (v.current == screen::chat && unread > 0 && !v.chat.history_at_bottom()) {
    title += "(" + std::to_string(unread) + ") ";
  }
  title += "charla";
  if (v.current == screen::chat) {
    const connection_status& status = v.model.status();
    if (!status.room.empty()) title += " — " + format(tr(v.prefs.lang, text_id::room_label), status.room.c_str());
    title += " · " + status_text(status, v.prefs.lang);
  }
  return title;
}

double next_redraw_in(const view& v) {
  if (v.current != screen::chat) return -1;
  return status_changes_in(v.model.status());
}

bool wants_frames(const view& v) {
  return v.current == screen::chat && v.chat.history_busy();
}

}  // namespace charla::ui
