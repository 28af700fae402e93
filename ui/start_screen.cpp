#include "ui/start_screen.hpp"

#include <algorithm>
#include <string>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/probe.hpp"
#include "ui/text_util.hpp"
#include "ui/widgets.hpp"

namespace charla::ui {

namespace {

struct field {
  const char* label;
  const char* id;
  std::string* value;
  const char* hint = "";
  ImGuiInputTextFlags flags = 0;
};

// Label above, input below at the given width. Returns true on Enter.
bool input_field(const field& f, float width, bool* touched = nullptr) {
  ImGui::TextUnformatted(f.label);
  ImGui::SetNextItemWidth(width);
  const bool enter = ImGui::InputTextWithHint(f.id, f.hint, f.value, f.flags | ImGuiInputTextFlags_EnterReturnsTrue);
  probe(f.id + 2);  // skip the "##"
  if (touched != nullptr && ImGui::IsItemDeactivatedAfterEdit()) *touched = true;
  return enter;
}

void field_error(std::optional<text_id> error, bool show, const preferences& prefs) {
  if (error && show) wrapped_text(tr(prefs.lang, *error), palette_for(prefs.look).error);
}

// The action button of a form, or "Connecting…" + Cancel while it runs.
// Returns 1 when the action was pressed, -1 on cancel, 0 otherwise.
int action_row(const char* label, const char* id, start_action mine, const start_form& form, const preferences& prefs) {
  const palette& colors = palette_for(prefs.look);
  const float em = ImGui::GetFontSize();
  if (form.busy == mine) {
    ImGui::AlignTextToFramePadding();
    text_in(prefs.bold(), tr(prefs.lang, mine == start_action::hosting ? text_id::starting_room : text_id::connecting));
    ImGui::SameLine();
    const bool cancel = ImGui::Button(tr(prefs.lang, text_id::cancel));
    probe("cancel");
    return cancel ? -1 : 0;
  }
  ImGui::BeginDisabled(form.busy != start_action::none);
  std::string text = std::string(label) + id;
  const bool pressed =
      primary_button(text.c_str(), colors, ImVec2(std::max(10.0f * em, ImGui::CalcTextSize(label).x + 3 * em), 0));
  probe(id + 2);
  ImGui::EndDisabled();
  return pressed ? 1 : 0;
}

void heading(const char* text, const preferences& prefs) {
  text_in(prefs.bold(), text);
  ImGui::Separator();
}

std::optional<intent> submit_host(start_form& form) {
  form.host_tried = true;
  auto request = host_request(form);
  if (!request) return std::nullopt;
  form.busy = start_action::hosting;
  form.error = connect_error::none;
  return intent{*request};
}

std::optional<intent> submit_join(start_form& form, std::optional<join_room> request) {
  form.join_tried = true;
  if (!request) return std::nullopt;
  form.busy = start_action::joining;
  form.error = connect_error::none;
  return intent{std::move(*request)};
}

std::optional<intent> host_column(start_form& form, const preferences& prefs) {
  const language lang = prefs.lang;
  const float width = ImGui::GetContentRegionAvail().x;
  const float em = ImGui::GetFontSize();
  std::optional<intent> out;

  heading(tr(lang, text_id::host_heading), prefs);
  wrapped_text(tr(lang, text_id::host_explain), palette_for(prefs.look).text_dim);
  ImGui::Spacing();

  ImGui::BeginDisabled(form.busy != start_action::none);
  bool enter =
      input_field({tr(lang, text_id::room_name), "##room", &form.room, tr(lang, text_id::room_name_hint)}, width);
  enter |=
      input_field({tr(lang, text_id::port), "##host_port", &form.host_port, "5000", ImGuiInputTextFlags_CharsDecimal},
                  std::min(width, 7 * em));
  field_error(check_port(form.host_port), form.host_tried || !form.host_port.empty(), prefs);
  enter |= input_field({tr(lang, text_id::pin_optional), "##host_pin", &form.host_pin}, std::min(width, 10 * em));
  field_error(check_pin(form.host_pin), true, prefs);
  ImGui::EndDisabled();
  ImGui::Spacing();

  const int action = action_row(tr(lang, text_id::host_button), "##host", start_action::hosting, form, prefs);
  if (action < 0) {
    form.busy = start_action::none;
    out = intent{cancel_connect{}};
  } else if ((action > 0 || enter) && form.busy == start_action::none) {
    out = submit_host(form);
  }
  if (form.failed == start_action::hosting && form.error != connect_error::none) {
    wrapped_text(error_sentence(lang, form.error, form.error_detail).c_str(), palette_for(prefs.look).error);
  }
  return out;
}

std::optional<intent> recent_list(start_form& form, const preferences& prefs) {
  const language lang = prefs.lang;
  std::optional<intent> out;
  ImGui::Spacing();
  heading(tr(lang, text_id::recent_rooms), prefs);
  if (form.recent.empty()) {
    wrapped_text(tr(lang, text_id::no_recent_rooms), palette_for(prefs.look).text_dim);
    return out;
  }
  const float forget_w = ImGui::CalcTextSize(tr(lang, text_id::forget)).x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::BeginDisabled(form.busy != start_action::none);
  for (std::size_t i = 0; i < form.recent.size(); ++i) {
    const recent_room& room = form.recent[i];
    ImGui::PushID(static_cast<int>(i));
    std::string label = room.address + ":" + std::to_string(room.port);
    if (!room.room.empty()) label += "  ·  " + room.room;
    const float w = ImGui::GetContentRegionAvail().x - forget_w - ImGui::GetStyle().ItemSpacing.x;
    if (ImGui::Selectable(label.c_str(), false, 0, ImVec2(std::max(w, 1.0f), 0))) {
      out = submit_join(form,
                        check_name(form.name) ? std::nullopt : std::optional<join_room>(rejoin_request(form, room)));
    }
    probe("recent/" + std::to_string(i));
    ImGui::SameLine();
    if (ImGui::SmallButton(tr(lang, text_id::forget))) out = intent{forget_room{room.address, room.port}};
    probe("forget/" + std::to_string(i));
    ImGui::PopID();
  }
  ImGui::EndDisabled();
  return out;
}

std::optional<intent> join_column(start_form& form, const preferences& prefs, bool focus_address) {
  const language lang = prefs.lang;
  const float width = ImGui::GetContentRegionAvail().x;
  const float em = ImGui::GetFontSize();
  std::optional<intent> out;

  heading(tr(lang, text_id::join_heading), prefs);
  wrapped_text(tr(lang, text_id::join_explain), palette_for(prefs.look).text_dim);
  ImGui::Spacing();

  ImGui::BeginDisabled(form.busy != start_action::none);
  if (focus_address) ImGui::SetKeyboardFocusHere();  // labels take no focus: this is the input
  bool enter = input_field(
      {tr(lang, text_id::address), "##join_address", &form.join_address, tr(lang, text_id::address_hint)}, width);
  field_error(check_address(form.join_address), form.join_tried, prefs);
  const bool port_in_address = split_host_port(form.join_address).port.has_value();
  ImGui::BeginDisabled(port_in_address);
  enter |=
      input_field({tr(lang, text_id::port), "##join_port", &form.join_port, "5000", ImGuiInputTextFlags_CharsDecimal},
                  std::min(width, 7 * em));
  ImGui::EndDisabled();
  if (!port_in_address) field_error(check_port(form.join_port), form.join_tried || !form.join_port.empty(), prefs);
  enter |= input_field({tr(lang, text_id::pin), "##join_pin", &form.join_pin}, std::min(width, 10 * em));
  field_error(check_pin(form.join_pin), true, prefs);
  ImGui::EndDisabled();
  ImGui::Spacing();

  const int action = action_row(tr(lang, text_id::join_button), "##join", start_action::joining, form, prefs);
  if (action < 0) {
    form.busy = start_action::none;
    out = intent{cancel_connect{}};
  } else if ((action > 0 || enter) && form.busy == start_action::none) {
    out = submit_join(form, join_request(form));
  }
  if (form.failed == start_action::joining && form.error != connect_error::none) {
    wrapped_text(error_sentence(lang, form.error, form.error_detail).c_str(), palette_for(prefs.look).error);
  }
  if (auto picked = recent_list(form, prefs)) out = picked;
  return out;
}

}  // namespace

std::optional<intent> draw_start_screen(start_form& form, const preferences& prefs) {
  const language lang = prefs.lang;
  const palette& colors = palette_for(prefs.look);
  const float em = ImGui::GetFontSize();
  std::optional<intent> out;

  // A centred column, narrower than the window on wide screens.
  const float avail = ImGui::GetContentRegionAvail().x;
  const float column = std::min(avail, 52 * em);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - column) * 0.5f);
  ImGui::BeginChild("##start", ImVec2(column, 0), false);

  ImGui::Spacing();
  text_in(prefs.big_bold(), "charla", colors.own_accent);
  wrapped_text(tr(lang, text_id::start_tagline), colors.text_dim);
  ImGui::Spacing();
  ImGui::Spacing();

  bool focus_address = false;
  if (form.focus_name) {
    if (trim(form.name).empty()) {
      ImGui::SetKeyboardFocusHere();
    } else {
      focus_address = true;
    }
    form.focus_name = false;
  }
  ImGui::BeginDisabled(form.busy != start_action::none);
  const bool name_enter =
      input_field({tr(lang, text_id::your_name), "##name", &form.name, tr(lang, text_id::name_hint)},
                  std::min(column, 22 * em), &form.name_touched);
  ImGui::EndDisabled();
  field_error(check_name(form.name), form.name_touched || form.host_tried || form.join_tried, prefs);
  if (form.failed != start_action::none && form.error == connect_error::name_taken) {
    // Shown next to the field to change, as well as under the button.
    wrapped_text(error_sentence(lang, form.error, form.error_detail).c_str(), colors.error);
  }
  ImGui::Spacing();
  ImGui::Spacing();

  const bool side_by_side = column >= 34 * em;
  const ImGuiTableFlags flags =
      ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_PadOuterX;
  if (ImGui::BeginTable("##forms", side_by_side ? 2 : 1, flags)) {
    ImGui::TableNextColumn();
    if (auto r = join_column(form, prefs, focus_address)) out = r;
    if (side_by_side) {
      ImGui::TableNextColumn();
    } else {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Spacing();
    }
    if (auto r = host_column(form, prefs)) out = r;
    ImGui::EndTable();
  }
  if (name_enter && !out && form.busy == start_action::none && !trim(form.join_address).empty()) {
    out = submit_join(form, join_request(form));
  }
  ImGui::EndChild();
  return out;
}

}  // namespace charla::ui
