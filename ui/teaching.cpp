#include "ui/teaching.hpp"

#include <algorithm>
#include <cmath>

#include <imgui.h>

#include "ui/probe.hpp"
#include "ui/teaching_text.hpp"
#include "ui/widgets.hpp"

namespace charla::ui {

namespace {

// imgui_impl_glfw hands ImGui GLFW's key numbers (GLFW_KEY_F12, GLFW_KEY_I).
constexpr int key_f12 = 301;
constexpr int key_i = 73;

}  // namespace

void teaching::show_notice(std::string text, std::string path, bool error) {
  notice.text = std::move(text);
  notice.path = std::move(path);
  notice.error = error;
  notice.open_next_frame = true;
}

bool inspector_shortcut_pressed() {
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsKeyPressed(key_f12, false)) return true;
  return io.KeyCtrl && io.KeyShift && ImGui::IsKeyPressed(key_i, false);
}

void draw_inspector_menu_item(language lang, bool* show) {
  ImGui::MenuItem(tr(lang, teach_text::menu_inspector), "F12", show);
  probe("menu/inspector");
}

std::optional<teaching_request> draw_save_menu_items(language lang, bool hosting) {
  std::optional<teaching_request> out;
  ImGui::Separator();
  if (ImGui::MenuItem(tr(lang, teach_text::menu_save_text))) out = export_history{history_format::text};
  probe("menu/save_text");
  if (ImGui::MenuItem(tr(lang, teach_text::menu_save_jsonl))) out = export_history{history_format::json_lines};
  probe("menu/save_jsonl");
  if (hosting) {
    if (ImGui::MenuItem(tr(lang, teach_text::menu_save_attendance))) out = export_attendance{};
    probe("menu/save_attendance");
  }
  return out;
}

std::optional<teaching_request> draw_beside_inspector(teaching& t, const chat_model& model, bool in_room,
                                                      const preferences& prefs, const std::function<void()>& screen) {
  const float em = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float grip = std::max(6.0f, std::round(em * 0.45f));
  // The chat keeps room to be usable (20 em, or 40 % on a narrow window);
  // the inspector gets at least 28 em when it can (at 150-200 % zoom that
  // is most of the window) and what the split gives it otherwise.
  const float chat_min = std::min(20 * em, avail.x * 0.4f);
  const float inspector_max = std::max(avail.x - grip - chat_min, 0.0f);
  const float inspector_min = std::min(28 * em, inspector_max);
  // (At least a pixel each: a zero size would mean "fill" to BeginChild.)
  const float inspector_w = std::max(std::clamp(avail.x * t.split, inspector_min, inspector_max), 1.0f);
  const float screen_w = std::max(avail.x - grip - inspector_w, 1.0f);

  // The screen lays itself out to the child's height: no scrollbar of its own.
  ImGui::BeginChild("##screen", ImVec2(screen_w, avail.y), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  screen();
  ImGui::EndChild();

  ImGui::SameLine(0, 0);
  ImGui::InvisibleButton("##split", ImVec2(grip, avail.y));
  probe("inspector/split");
  if (ImGui::IsItemActive() && avail.x > 0) {
    t.split = std::clamp(t.split - ImGui::GetIO().MouseDelta.x / avail.x, 0.2f, 0.8f);
  }
  if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  const ImVec2 a = ImGui::GetItemRectMin();
  const ImVec2 b = ImGui::GetItemRectMax();
  const float x = std::round((a.x + b.x) * 0.5f);
  ImGui::GetWindowDrawList()->AddLine(
      ImVec2(x, a.y), ImVec2(x, b.y),
      ImGui::GetColorU32(ImGui::IsItemActive() ? ImGuiCol_SeparatorActive : ImGuiCol_Separator),
      std::max(2.0f, grip * 0.3f));

  ImGui::SameLine(0, 0);
  ImGui::BeginChild("##inspector", ImVec2(inspector_w, avail.y), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
  inspector_context ctx;
  ctx.in_room = in_room;
  ctx.hosting = in_room && model.host() != nullptr;
  ctx.self = model.self();
  ctx.server_end = model.status().server_address;
  for (const member& m : model.members()) {
    if (m.author != model.self()) ctx.others.push_back(m.author);
  }
  std::optional<teaching_request> out = t.panel.draw(t.inspector, ctx, prefs);
  ImGui::EndChild();
  probe("inspector");
  return out;
}

void draw_teaching_notice(teaching_notice& notice, const preferences& prefs) {
  const palette& colors = palette_for(prefs.look);
  const language lang = prefs.lang;
  if (notice.open_next_frame) {
    ImGui::OpenPopup("##teaching_notice");
    notice.open_next_frame = false;
  }
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal("##teaching_notice", nullptr,
                              ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoTitleBar)) {
    return;
  }
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  if (notice.error) ImGui::PushStyleColor(ImGuiCol_Text, colors.error);
  ImGui::TextUnformatted(notice.text.c_str());
  if (notice.error) ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  probe("notice/text");
  ImGui::Spacing();
  if (!notice.path.empty()) {
    if (ImGui::Button(tr(lang, teach_text::copy_path))) ImGui::SetClipboardText(notice.path.c_str());
    probe("notice/copy");
    ImGui::SameLine();
  }
  if (primary_button(tr(lang, teach_text::ok), colors) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) ||
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
    ImGui::CloseCurrentPopup();
  }
  probe("notice/ok");
  ImGui::EndPopup();
}

}  // namespace charla::ui
