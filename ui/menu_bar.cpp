#include "ui/menu_bar.hpp"

#include <cmath>
#include <string>

#include <imgui.h>

#include "ui/probe.hpp"
#include "ui/teaching.hpp"
#include "ui/widgets.hpp"
#include "ui/zoom.hpp"

namespace charla::ui {

std::optional<intent> draw_menu_bar(const preferences& prefs, const panel_toggles& panels) {
  const language lang = prefs.lang;
  std::optional<intent> out;

  if (panels.in_room) {
    if (ImGui::BeginMenu(tr(lang, text_id::menu_room))) {
      if (panels.hosting) {
        if (ImGui::MenuItem(tr(lang, text_id::menu_read_only), nullptr, panels.read_only)) {
          out = intent{set_read_only{!panels.read_only}};
        }
        probe("menu/read_only");
        ImGui::Separator();
      }
      if (ImGui::MenuItem(tr(lang, text_id::menu_leave))) out = intent{leave_room{}};
      probe("menu/leave");
      if (auto save = draw_save_menu_items(lang, panels.hosting)) out = intent{std::move(*save)};
      ImGui::EndMenu();
    }
    probe("menu/room");
  }

  if (ImGui::BeginMenu(tr(lang, text_id::menu_view))) {
    const std::string level = format(tr(lang, text_id::zoom_level), static_cast<int>(std::lround(prefs.zoom * 100)));
    ImGui::TextDisabled("%s", level.c_str());
    if (ImGui::MenuItem(tr(lang, text_id::zoom_in), "Ctrl +", false, prefs.zoom < max_zoom)) {
      out = intent{set_zoom{zoom_step_in(prefs.zoom)}};
    }
    probe("menu/zoom_in");
    if (ImGui::MenuItem(tr(lang, text_id::zoom_out), "Ctrl -", false, prefs.zoom > min_zoom)) {
      out = intent{set_zoom{zoom_step_out(prefs.zoom)}};
    }
    probe("menu/zoom_out");
    if (ImGui::MenuItem(tr(lang, text_id::zoom_reset), "Ctrl 0")) out = intent{set_zoom{1.0f}};
    probe("menu/zoom_reset");
    ImGui::Separator();
    if (ImGui::MenuItem(tr(lang, text_id::full_screen), "F11")) out = intent{toggle_fullscreen{}};
    probe("menu/full_screen");
    ImGui::Separator();
    if (ImGui::MenuItem(tr(lang, text_id::theme_light), nullptr, prefs.look == theme::light)) {
      out = intent{set_theme{theme::light}};
    }
    if (ImGui::MenuItem(tr(lang, text_id::theme_dark), nullptr, prefs.look == theme::dark)) {
      out = intent{set_theme{theme::dark}};
    }
    probe("menu/theme_dark");
    if (panels.in_room) {
      ImGui::Separator();
      if (panels.participants != nullptr)
        ImGui::MenuItem(tr(lang, text_id::show_participants), nullptr, panels.participants);
      probe("menu/participants");
      if (panels.hosting && panels.join_card != nullptr)
        ImGui::MenuItem(tr(lang, text_id::show_join_card), nullptr, panels.join_card);
      if (panels.hosting && panels.host_panel != nullptr)
        ImGui::MenuItem(tr(lang, text_id::show_host_panel), nullptr, panels.host_panel);
    }
    if (panels.inspector != nullptr) {
      ImGui::Separator();
      draw_inspector_menu_item(lang, panels.inspector);
    }
    ImGui::EndMenu();
  }
  probe("menu/view");

  if (ImGui::BeginMenu(tr(lang, text_id::menu_language))) {
    for (language l : {language::es, language::en}) {
      if (ImGui::MenuItem(language_name(l), nullptr, prefs.lang == l) && l != prefs.lang) {
        out = intent{set_language{l}};
      }
      probe(std::string("menu/lang/") + std::string(language_code(l)));
    }
    ImGui::EndMenu();
  }
  probe("menu/language");
  return out;
}

}  // namespace charla::ui
