#include "ui/participants_panel.hpp"

#include <algorithm>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/probe.hpp"
#include "ui/text_util.hpp"
#include "ui/widgets.hpp"

namespace charla::ui {

std::optional<intent> participants_panel::draw(const chat_model& model, const preferences& prefs, bool can_kick) {
  const palette& colors = palette_for(prefs.look);
  const language lang = prefs.lang;
  std::optional<intent> out;

  const std::string title = std::string(tr(lang, text_id::participants)) +
                            (model.members_known() ? " (" + std::to_string(model.members().size()) + ")" : "");
  text_in(prefs.bold(), title.c_str());
  ImGui::Separator();
  if (!model.members_known()) {
    wrapped_text(tr(lang, text_id::members_unknown), colors.text_dim);
    return out;
  }

  const host_info* host = can_kick ? model.host() : nullptr;
  const ImGuiStyle& style = ImGui::GetStyle();
  auto button_w = [&](text_id id) { return ImGui::CalcTextSize(tr(lang, id)).x + 2 * style.FramePadding.x; };
  const float kick_w = button_w(text_id::kick);
  const float mute_w = std::max(button_w(text_id::mute), button_w(text_id::unmute));
  const float spacing = style.ItemSpacing.x;
  for (const member& m : model.members()) {
    ImGui::PushID(m.author.c_str());
    const bool self = m.author == model.self();
    const bool moderated = can_kick && !self;
    const bool muted = host != nullptr && host->muted.count(m.author) > 0;
    const float row_y = ImGui::GetCursorPosY();
    text_in(nullptr, "●", author_color(m.author, prefs.look));
    ImGui::SameLine();
    const float name_x = ImGui::GetCursorPosX();
    // Mute and Kick sit right of the name; when the panel is too narrow
    // for both (a long name, a big zoom) they go on a line of their own.
    const float edge = ImGui::GetWindowContentRegionMax().x;
    const float buttons_w = mute_w + kick_w + 2 * spacing;
    const bool buttons_below = moderated && name_x + ImGui::CalcTextSize(m.author.c_str()).x > edge - buttons_w;
    const float right = moderated && !buttons_below ? edge - buttons_w : edge;
    text_in(self ? prefs.bold() : nullptr, m.author.c_str());
    probe("member/" + m.author);
    std::string tag;
    if (self) tag = std::string("(") + tr(lang, text_id::you) + ")";
    if (m.legacy) tag = tr(lang, text_id::legacy_client);
    if (muted) tag += (tag.empty() ? "" : " · ") + std::string(tr(lang, text_id::muted_tag));
    if (!tag.empty()) {
      ImGui::SameLine();
      if (ImGui::GetCursorPosX() + ImGui::CalcTextSize(tag.c_str()).x > right) {
        ImGui::NewLine();  // no room beside the name: under it
        ImGui::SetCursorPosX(name_x);
      }
      text_in(nullptr, tag.c_str(), muted ? colors.error : colors.text_dim);
    }
    if (moderated) {
      const float after_y = ImGui::GetCursorPosY();
      const float buttons_x = buttons_below ? name_x : right + spacing;
      ImGui::SetCursorPos(ImVec2(buttons_x, buttons_below ? after_y : row_y));
      if (ImGui::SmallButton(tr(lang, muted ? text_id::unmute : text_id::mute))) {
        out = intent{mute{m.author, !muted}};
      }
      probe("mute/" + m.author);
      ImGui::SameLine(buttons_x + mute_w + spacing);
      if (ImGui::SmallButton(tr(lang, text_id::kick))) {
        kick_target_ = m.author;
        kick_reason_.clear();
        open_confirm_ = true;
      }
      probe("kick/" + m.author);
      ImGui::SetCursorPosY(std::max(after_y, ImGui::GetCursorPosY()));
    }
    ImGui::PopID();
  }

  if (open_confirm_) {
    ImGui::OpenPopup("##kick_confirm");
    open_confirm_ = false;
  }
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal("##kick_confirm", nullptr,
                             ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar)) {
    ImGui::TextUnformatted(format(tr(lang, text_id::kick_confirm), kick_target_.c_str()).c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(lang, text_id::kick_reason));
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(22 * ImGui::GetFontSize());
    const bool entered = ImGui::InputText("##kick_reason", &kick_reason_, ImGuiInputTextFlags_EnterReturnsTrue);
    probe("kick_reason");
    ImGui::Spacing();
    if (primary_button(tr(lang, text_id::kick_yes), colors) || entered) {
      out = intent{kick{kick_target_, std::string(trim(kick_reason_))}};
      ImGui::CloseCurrentPopup();
    }
    probe("kick_yes");
    ImGui::SameLine();
    if (ImGui::Button(tr(lang, text_id::cancel)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
  return out;
}

}  // namespace charla::ui
