#include "ui/chat_screen.hpp"

#include <algorithm>

#include <imgui.h>

#include "ui/join_card.hpp"
#include "ui/qr_full_screen.hpp"
#include "ui/status_bar.hpp"

namespace charla::ui {

void chat_screen::enter() {
  composer_.focus();
  history_.scroll_to_bottom();
}

std::optional<intent> chat_screen::draw(chat_model& model, const preferences& prefs) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float em = ImGui::GetFontSize();
  std::optional<intent> out;
  const host_info* host = model.host();

  const std::vector<join_code>& codes = host != nullptr ? codes_.update(host->card) : codes_.codes();
  if (host != nullptr && show_join_card) {
    const join_card_action card = draw_join_card(host->card, codes, prefs);
    if (card.hide) show_join_card = false;
    if (card.full_screen) qr_full_screen_ = card.full_screen;
  }

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float bottom_h = status_bar_height() + style.ItemSpacing.y;
  const bool side = show_participants && avail.x >= 36 * em;
  const float side_w = side ? std::clamp(avail.x * 0.28f, 14 * em, 26 * em) : 0.0f;
  const float main_w = avail.x - (side ? side_w + style.ItemSpacing.x : 0.0f);
  const float main_h = std::max(avail.y - bottom_h, 4 * em);

  // History and composer.
  ImGui::BeginGroup();
  composer_.set_limit(model.status().max_message_bytes);
  const float composer_h = composer_.height();
  const float history_h = std::max(main_h - composer_h - style.ItemSpacing.y, 2 * em);
  if (history_.draw(model, prefs, ImVec2(main_w, history_h))) composer_.focus();
  if (auto sent = composer_.draw(prefs, main_w)) {
    history_.scroll_to_bottom();
    out = intent{std::move(*sent)};
  }
  ImGui::EndGroup();

  // Participants and, on the host, the server panel.
  if (side) {
    ImGui::SameLine();
    ImGui::BeginChild("##side", ImVec2(side_w, main_h), true, ImGuiWindowFlags_NoScrollbar);
    const bool with_host = host != nullptr && show_host_panel;
    // The list takes what it needs, up to 45 % when the server panel shares the space.
    const float needed = (static_cast<float>(model.members().size()) + 1.5f) * ImGui::GetFrameHeightWithSpacing();
    const float list_h = with_host ? std::clamp(needed, 4 * em, ImGui::GetContentRegionAvail().y * 0.45f) : 0.0f;
    ImGui::BeginChild("##participants", ImVec2(0, list_h), false);
    if (auto k = participants_.draw(model, prefs, host != nullptr)) out = k;
    ImGui::EndChild();
    if (with_host) host_panel_.draw(*host, prefs);
    ImGui::EndChild();
  }

  // Status bar, pinned to the bottom.
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), ImGui::GetWindowContentRegionMax().y - status_bar_height()));
  ImGui::Separator();
  draw_status_bar(model, prefs);

  if (qr_full_screen_ && (host == nullptr || *qr_full_screen_ >= codes.size())) qr_full_screen_.reset();
  if (qr_full_screen_ && draw_qr_full_screen(codes[*qr_full_screen_], prefs)) {
    qr_full_screen_.reset();
    composer_.focus();
  }
  return out;
}

std::optional<std::string> chat_screen::qr_full_screen_url() const {
  if (!qr_full_screen_ || *qr_full_screen_ >= codes_.codes().size()) return std::nullopt;
  return codes_.codes()[*qr_full_screen_].url;
}

}  // namespace charla::ui
