#include "ui/status_bar.hpp"

#include <algorithm>
#include <cmath>

#include <imgui.h>

#include "ui/probe.hpp"
#include "ui/widgets.hpp"

namespace charla::ui {

namespace {

using clock = std::chrono::steady_clock;

double seconds_left(const connection_status& status, clock::time_point now) {
  if (status.retry_at == clock::time_point{}) return -1;
  return std::chrono::duration<double>(status.retry_at - now).count();
}

ImU32 state_color(connection_state state, const palette& colors) {
  switch (state) {
    case connection_state::connected:
      return colors.ok;
    case connection_state::connecting:
    case connection_state::reconnecting:
      return colors.warning;
    case connection_state::idle:
    case connection_state::failed:
      return colors.error;
  }
  return colors.text_dim;
}

}  // namespace

std::string status_text(const connection_status& status, language lang, clock::time_point now) {
  switch (status.state) {
    case connection_state::idle:
      return tr(lang, text_id::st_idle);
    case connection_state::connecting:
      return tr(lang, text_id::st_connecting);
    case connection_state::connected:
      return tr(lang, status.quiet ? text_id::st_quiet : text_id::st_connected);
    case connection_state::reconnecting: {
      const double left = seconds_left(status, now);
      if (left < 0.5) return tr(lang, text_id::st_reconnecting);
      return format(tr(lang, text_id::st_reconnecting_in), static_cast<int>(std::ceil(left - 0.5)));
    }
    case connection_state::failed:
      return tr(lang, text_id::st_failed);
  }
  return {};
}

double status_changes_in(const connection_status& status, clock::time_point now) {
  if (status.state != connection_state::reconnecting) return -1;
  const double left = seconds_left(status, now);
  if (left < 0.5) return -1;
  // The shown number is ceil(left - 0.5): it changes when left crosses k + 0.5.
  const double next = left - (std::ceil(left - 0.5) - 0.5);
  return std::max(next, 0.05);
}

float status_bar_height() {
  return ImGui::GetFrameHeight();
}

void draw_status_bar(const chat_model& model, const preferences& prefs) {
  const palette& colors = palette_for(prefs.look);
  const language lang = prefs.lang;
  const connection_status& status = model.status();

  ImGui::AlignTextToFramePadding();
  text_in(nullptr, "●", status.quiet ? colors.warning : state_color(status.state, colors));
  ImGui::SameLine();
  const std::string state = status_text(status, lang);
  text_in(prefs.bold(), state.c_str());
  probe("status");

  auto part = [&](const std::string& text) {
    ImGui::SameLine();
    text_in(nullptr, "·", colors.text_dim);
    ImGui::SameLine();
    ImGui::TextUnformatted(text.c_str());
  };
  if (!status.server_address.empty()) part(status.server_address);
  if (!status.room.empty()) part(format(tr(lang, text_id::room_label), status.room.c_str()));
  if (model.members_known()) {
    const auto n = model.members().size();
    part(n == 1 ? std::string(tr(lang, text_id::members_one))
                : format(tr(lang, text_id::members_many), static_cast<int>(n)));
  }
  if (model.pending_count() > 0) {
    part(std::to_string(model.pending_count()) + " " + tr(lang, text_id::sending));
  }
}

}  // namespace charla::ui
