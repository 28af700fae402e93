#include "ui/host_panel.hpp"

#include <string>

#include <imgui.h>

#include "ui/probe.hpp"
#include "ui/widgets.hpp"

namespace charla::ui {

namespace {

void counter_row(const char* label, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(label);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(value.c_str());
}

}  // namespace

void host_panel::draw(const host_info& host, const preferences& prefs) {
  const language lang = prefs.lang;
  const host_counters& c = host.counters;

  text_in(prefs.bold(), tr(lang, text_id::host_panel));
  if (!ImGui::BeginTabBar("##host_tabs")) return;
  if (ImGui::BeginTabItem(tr(lang, text_id::counters))) {
    ImGui::BeginChild("##counters_area", ImVec2(0, 0), false);
    if (ImGui::BeginTable("##counters", 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
      counter_row(tr(lang, text_id::counter_connections), std::to_string(c.connections));
      counter_row(tr(lang, text_id::counter_participants), std::to_string(c.participants));
      counter_row(tr(lang, text_id::counter_messages), std::to_string(c.messages));
      counter_row(tr(lang, text_id::counter_rate), format("%.1f", c.messages_per_s));
      counter_row(tr(lang, text_id::counter_bytes_in), format_bytes(c.bytes_in));
      counter_row(tr(lang, text_id::counter_bytes_out), format_bytes(c.bytes_out));
      ImGui::EndTable();
    }
    probe("counters");
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
  probe("tab/counters");
  if (ImGui::BeginTabItem(tr(lang, text_id::server_log))) {
    ImGui::BeginChild("##server_log", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
    const bool at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f;
    // Log lines never wrap, so they all have one height: the clipper works.
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(host.log.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const std::string& line = host.log[static_cast<std::size_t>(i)];
        ImGui::TextUnformatted(line.data(), line.data() + line.size());
      }
    }
    clipper.End();
    if (at_bottom && host.log_added != last_added_) ImGui::SetScrollHereY(1.0f);
    last_added_ = host.log_added;
    ImGui::EndChild();
    ImGui::EndTabItem();
  }
  probe("tab/log");
  ImGui::EndTabBar();
}

}  // namespace charla::ui
