// Sections: 1. header (whose wire, pause, clear)  2. frames  3. detail of
// one frame  4. connection details  5. the panel
#include "ui/inspector_panel.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include <imgui.h>

#include "ui/probe.hpp"
#include "ui/teaching_text.hpp"
#include "ui/widgets.hpp"
#include "ui/wire_meaning.hpp"
#include "ui/wire_style.hpp"

namespace charla::ui {

namespace {

constexpr std::size_t list_raw_bytes = 400;          // a list row shows the start of a big object
constexpr std::size_t detail_raw_bytes = 16 * 1024;  // the detail pane, before "…"

const char* t(language lang, teach_text id) {
  return tr(lang, id);
}

std::string subject_label(const inspector_model& m, const inspector_context& ctx, language lang) {
  const wire_subject& s = m.subject();
  switch (s.what) {
    case wire_subject::kind::self:
      return format(t(lang, teach_text::subject_self), ctx.self.c_str());
    case wire_subject::kind::participant:
      return s.name;
    case wire_subject::kind::next:
      if (!m.subject_name().empty()) {
        return format(t(lang, teach_text::subject_next_caught), m.subject_name().c_str());
      }
      return t(lang, teach_text::subject_next);
  }
  return {};
}

ImGuiTabItemFlags flags_for(inspector_panel::tab asked, inspector_panel::tab which) {
  return asked == which ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None;
}

float bold_width(const preferences& prefs, const char* text) {
  ImFont* font = prefs.bold() != nullptr ? prefs.bold() : ImGui::GetFont();
  return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text).x;
}

}  // namespace

// ---------------------------------------------------------------------------
// 1. Header

std::optional<teaching_request> inspector_panel::draw_header(inspector_model& m, const inspector_context& ctx,
                                                             const preferences& prefs) {
  const language lang = prefs.lang;
  const palette& colors = palette_for(prefs.look);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float em = ImGui::GetFontSize();
  std::optional<teaching_request> out;

  // One line: the title (when there is room for it), whose channels (on
  // the host a choice of anyone, elsewhere one's own), Pause and Clear.
  const char* title = t(lang, teach_text::inspector_title);
  const char* pause_label = t(lang, m.paused() ? teach_text::resume : teach_text::pause);
  const char* clear_label = t(lang, teach_text::clear);
  const std::string current = subject_label(m, ctx, lang);
  const float buttons_w = ImGui::CalcTextSize(pause_label).x + ImGui::CalcTextSize(clear_label).x +
                          4 * style.FramePadding.x + style.ItemSpacing.x;
  const float title_w = bold_width(prefs, title) + style.ItemSpacing.x;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float subject_w = ctx.hosting ? 7 * em : ImGui::CalcTextSize(current.c_str()).x;
  const bool with_title = avail >= title_w + subject_w + buttons_w + style.ItemSpacing.x;
  ImGui::AlignTextToFramePadding();
  if (with_title) {
    text_in(prefs.bold(), title);
    ImGui::SameLine();
  }
  const float middle = std::max(ImGui::GetContentRegionAvail().x - buttons_w - style.ItemSpacing.x, 4 * em);
  if (ctx.hosting) {
    ImGui::SetNextItemWidth(middle);
    if (ImGui::BeginCombo("##watch", current.c_str())) {
      auto option = [&](const std::string& label, wire_subject s, const std::string& probe_name) {
        if (ImGui::Selectable(label.c_str(), m.subject() == s)) out = watch_wire{std::move(s)};
        probe(probe_name);
      };
      option(format(t(lang, teach_text::subject_self), ctx.self.c_str()), wire_subject{}, "watch/self");
      option(t(lang, teach_text::subject_next), wire_subject{wire_subject::kind::next, {}}, "watch/next");
      for (const std::string& name : ctx.others) {
        option(name, wire_subject{wire_subject::kind::participant, name}, "watch/" + name);
      }
      ImGui::EndCombo();
    }
    probe("watch");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", t(lang, teach_text::watch));
  } else {
    text_in(nullptr, current.c_str(), colors.text_dim);
  }
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < buttons_w)
    ImGui::NewLine();
  else
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - buttons_w);
  if (ImGui::Button(pause_label)) m.set_paused(!m.paused());
  probe("inspector/pause");
  ImGui::SameLine();
  if (ImGui::Button(clear_label)) {
    m.clear();
    selected_ = 0;
  }
  probe("inspector/clear");
  if (m.paused()) {
    wrapped_text(format(t(lang, teach_text::paused_waiting), static_cast<int>(m.waiting())).c_str(), colors.warning);
  }
  return out;
}

// ---------------------------------------------------------------------------
// 2. Frames

bool inspector_panel::passes(const wire_record& r) const {
  if (channels == channel_filter::read && r.facts.channel != wire_channel::read) return false;
  if (channels == channel_filter::write && r.facts.channel != wire_channel::write) return false;
  return groups[static_cast<std::size_t>(group_of(r.facts.kind))];
}

void inspector_panel::update_rows(const inspector_model& m) {
  unsigned filter = static_cast<unsigned>(channels);
  for (std::size_t i = 0; i < groups.size(); ++i) filter |= (groups[i] ? 1u : 0u) << (2 + i);
  if (m.version() == rows_version_ && filter == rows_filter_) return;
  rows_version_ = m.version();
  rows_filter_ = filter;
  rows_.clear();
  const wire_log& log = m.log();
  for (std::size_t i = 0; i < log.size(); ++i) {
    const wire_record& r = log.at(i);
    if (m.shown(r.seq) && passes(r)) rows_.push_back(r.seq);
  }
}

void inspector_panel::draw_filters(const preferences& prefs) {
  const language lang = prefs.lang;
  const char* names[] = {t(lang, teach_text::channel_both), t(lang, teach_text::channel_read),
                         t(lang, teach_text::channel_write)};
  const std::string label = std::string(t(lang, teach_text::filter_channel)) + ": ";
  float combo_w = 0;
  for (const char* n : names) combo_w = std::max(combo_w, ImGui::CalcTextSize((label + n).c_str()).x);
  ImGui::SetNextItemWidth(combo_w + ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().FramePadding.x);
  const std::string preview = label + names[static_cast<int>(channels)];
  if (ImGui::BeginCombo("##channel", preview.c_str())) {
    for (int i = 0; i < 3; ++i) {
      if (ImGui::Selectable(names[i], static_cast<int>(channels) == i)) channels = static_cast<channel_filter>(i);
      probe("filter/channel/" + std::to_string(i));
    }
    ImGui::EndCombo();
  }
  probe("filter/channel");

  // Kinds in a popup: one line for the filters, more room for frames.
  const int on = static_cast<int>(std::count(groups.begin(), groups.end(), true));
  const std::string kinds = format(t(lang, teach_text::kinds_button), on, static_cast<int>(groups.size())) + " ▾";
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(kinds.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x) {
    ImGui::NewLine();
  }
  if (ImGui::Button(kinds.c_str())) ImGui::OpenPopup("##kinds");
  probe("filter/kinds");
  if (ImGui::BeginPopup("##kinds")) {
    const teach_text group_names[] = {teach_text::group_connection, teach_text::group_messages,
                                      teach_text::group_presence, teach_text::group_keepalive,
                                      teach_text::group_errors};
    for (std::size_t i = 0; i < groups.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      bool value = groups[i];
      if (ImGui::Checkbox(t(lang, group_names[i]), &value)) groups[i] = value;
      probe("filter/group/" + std::to_string(i));
      ImGui::PopID();
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

void inspector_panel::draw_frames(inspector_model& m, const preferences& prefs) {
  const language lang = prefs.lang;
  const palette& colors = palette_for(prefs.look);
  const ImGuiStyle& style = ImGui::GetStyle();
  draw_filters(prefs);
  update_rows(m);

  const wire_record* sel = selected_ != 0 ? m.log().find(selected_) : nullptr;
  const float avail_h = ImGui::GetContentRegionAvail().y;
  const float detail_h = sel != nullptr ? std::max(avail_h * 0.42f, 7 * ImGui::GetFontSize()) : 0.0f;
  const float list_h = std::max(avail_h - detail_h - (sel != nullptr ? style.ItemSpacing.y : 0.0f),
                                3 * ImGui::GetFrameHeightWithSpacing());

  // A slim frame around the list: at 200 % every line counts.
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                      ImVec2(std::round(style.WindowPadding.x * 0.5f), std::round(style.WindowPadding.y * 0.25f)));
  ImGui::BeginChild("##frames", ImVec2(0, list_h), true);
  ImGui::PopStyleVar();
  if (m.log().dropped() > 0) {
    wrapped_text(format(t(lang, teach_text::older_dropped), static_cast<int>(m.log().dropped())).c_str(),
                 colors.text_dim);
  }
  if (rows_.empty() && m.log().empty()) wrapped_text(t(lang, teach_text::no_frames), colors.text_dim);
  const bool at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f;

  // Columns at fixed places: time, channel, direction, size, meaning; the
  // raw JSON on a second line below. Narrow (a split window, or zoomed),
  // the time moves to the start of the second line, to the second, and
  // the direction is an arrow, so the meaning keeps its room.
  const float em = ImGui::GetFontSize();
  const float gap = style.ItemSpacing.x;
  const bool wide = ImGui::GetContentRegionAvail().x >= 34 * em;
  // Two lines per frame, close together; the usual spacing between frames.
  const float line = ImGui::GetTextLineHeight() + std::round(style.ItemSpacing.y * 0.5f);
  const float row_h = line + ImGui::GetTextLineHeight();
  const float x_time = ImGui::GetCursorPosX();
  const float x_channel = wide ? x_time + ImGui::CalcTextSize("00:00:00.000").x + gap : x_time;
  const float x_dir = x_channel +
                      std::max(bold_width(prefs, channel_name(wire_channel::read, lang)),
                               bold_width(prefs, channel_name(wire_channel::write, lang))) +
                      gap;
  // Narrow: the direction as an arrow alone, the words in the details.
  const char* to_word = wide ? t(lang, teach_text::to_server) : "→";
  const char* from_word = wide ? t(lang, teach_text::from_server) : "←";
  const float x_bytes = x_dir + std::max(ImGui::CalcTextSize(to_word).x, ImGui::CalcTextSize(from_word).x) + gap;
  const float x_meaning = x_bytes + ImGui::CalcTextSize("65536 B").x + gap;

  const float step = row_h + style.ItemSpacing.y;
  if (scroll_to_selected_) {
    scroll_to_selected_ = false;
    const auto it = std::find(rows_.begin(), rows_.end(), selected_);
    if (it != rows_.end()) {
      ImGui::SetScrollY(std::max(0.0f, static_cast<float>(it - rows_.begin()) * step - list_h * 0.3f));
    }
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows_.size()), step);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const wire_record* r = m.log().find(rows_[static_cast<std::size_t>(i)]);
      if (r == nullptr) continue;
      const wire_facts& f = r->facts;
      ImGui::PushID(static_cast<int>(r->seq));
      const ImVec2 start = ImGui::GetCursorPos();
      if (ImGui::Selectable("##row", r->seq == selected_, ImGuiSelectableFlags_AllowItemOverlap, ImVec2(0, row_h))) {
        selected_ = r->seq == selected_ ? 0 : r->seq;
      }
      probe("frame/" + std::to_string(i));
      if (i % 2 == 1 && r->seq != selected_ && !ImGui::IsItemHovered()) {
        // Every other frame on a faint band: two lines read as one frame.
        ImGui::GetWindowDrawList()->AddRectFilled(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
                                                  ImGui::GetColorU32(ImGuiCol_TableRowBgAlt));
      }
      auto at = [&](float x, float y) { ImGui::SetCursorPos(ImVec2(x, y)); };
      if (wide) {
        at(x_time, start.y);
        text_in(nullptr, clock_ms(f.time_ms).c_str(), colors.text_dim);
      }
      at(x_channel, start.y);
      text_in(prefs.bold(), channel_name(f.channel, lang), channel_color(f.channel, prefs.look));
      at(x_dir, start.y);
      ImGui::TextUnformatted(f.to_server ? to_word : from_word);
      if (!r->bytes.empty()) {
        at(x_bytes, start.y);
        text_in(nullptr, format("%d B", static_cast<int>(r->size)).c_str(), colors.text_dim);
      }
      at(x_meaning, start.y);
      const std::string what = meaning(f, lang);
      text_in(nullptr, what.c_str(), f.kind == wire_kind::error ? colors.error : colors.text);
      at(x_channel, start.y + line);
      if (!wide) {
        text_in(nullptr, clock_s(f.time_ms).c_str(), colors.text_dim);
        ImGui::SameLine();
      }
      if (!r->bytes.empty()) {
        std::string raw = printable(std::string_view(r->bytes).substr(0, list_raw_bytes), r->secret, reveal_secrets);
        if (r->bytes.size() > list_raw_bytes) raw += " …";
        text_in(nullptr, raw.c_str(), raw_json_color(prefs.look));
      } else if (!f.participant_end.empty()) {
        text_in(nullptr, (f.participant_end + "  →  " + f.server_end).c_str(), colors.text_dim);
      }
      ImGui::SetCursorPos(ImVec2(start.x, start.y + step));
      ImGui::PopID();
    }
  }
  clipper.End();
  // Follow new frames while the reader is at the bottom.
  if (at_bottom && rows_.size() != last_row_count_ && sel == nullptr) ImGui::SetScrollHereY(1.0f);
  last_row_count_ = rows_.size();
  ImGui::EndChild();
  probe("frames");

  if (sel != nullptr) draw_detail(*sel, prefs);
}

// ---------------------------------------------------------------------------
// 3. Detail of one frame

void inspector_panel::draw_detail(const wire_record& r, const preferences& prefs) {
  const language lang = prefs.lang;
  const palette& colors = palette_for(prefs.look);
  const wire_facts& f = r.facts;
  ImGui::BeginChild("##frame_detail", ImVec2(0, 0), true);
  ImGui::PushTextWrapPos(0.0f);
  text_in(prefs.bold(), meaning(f, lang).c_str());
  const std::string meta = format(t(lang, teach_text::detail_meta), channel_name(f.channel, lang),
                                  t(lang, f.to_server ? teach_text::to_server : teach_text::from_server),
                                  static_cast<int>(r.size), clock_ms(f.time_ms).c_str());
  text_in(nullptr, meta.c_str(), colors.text_dim);
  if (!f.participant_end.empty()) {
    text_in(nullptr, (f.participant_end + "  ⇄  " + f.server_end).c_str(), colors.text_dim);
  }
  if (!r.bytes.empty()) {
    if (ImGui::SmallButton(t(lang, teach_text::copy_raw))) ImGui::SetClipboardText(r.bytes.c_str());
    probe("detail/copy");
    if (!r.secret.empty()) {
      ImGui::SameLine();
      ImGui::Checkbox(t(lang, teach_text::show_session), &reveal_secrets);
      probe("detail/reveal");
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
        ImGui::TextUnformatted(t(lang, teach_text::session_hint));
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    std::string raw = printable(std::string_view(r.bytes).substr(0, detail_raw_bytes), r.secret, reveal_secrets);
    if (r.bytes.size() > detail_raw_bytes) raw += " …";
    text_in(nullptr, raw.c_str(), raw_json_color(prefs.look));
    if (r.bytes.back() == '\n') text_in(nullptr, t(lang, teach_text::newline_hint), colors.text_dim);
    ImGui::Spacing();
    text_in(nullptr, t(lang, teach_text::detail_pretty), colors.text_dim);
    const std::string lines =
        printable(std::string_view(r.pretty).substr(0, detail_raw_bytes), r.secret, reveal_secrets, true);
    text_in(nullptr, lines.c_str(), raw_json_color(prefs.look));
  }
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
  probe("detail");
}

// ---------------------------------------------------------------------------
// 4. Connection details

void inspector_panel::draw_connections(const inspector_model& m, const preferences& prefs) {
  const language lang = prefs.lang;
  const palette& colors = palette_for(prefs.look);
  ImGui::BeginChild("##connections", ImVec2(0, 0), false);
  for (wire_channel c : {wire_channel::read, wire_channel::write}) {
    const channel_details& d = m.channel(c);
    ImGui::PushID(static_cast<int>(c));
    ImGui::PushTextWrapPos(0.0f);
    text_in(prefs.bold(), t(lang, c == wire_channel::read ? teach_text::conn_read : teach_text::conn_write),
            channel_color(c, prefs.look));
    ImGui::PopTextWrapPos();
    if (!d.seen) {
      text_in(nullptr, t(lang, teach_text::conn_not_open), colors.text_dim);
      ImGui::Spacing();
      ImGui::PopID();
      continue;
    }
    if (ImGui::BeginTable("##details", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
      ImGui::TableSetupColumn("a", ImGuiTableColumnFlags_WidthStretch, 0.4f);
      ImGui::TableSetupColumn("b", ImGuiTableColumnFlags_WidthStretch, 0.6f);
      auto row = [&](teach_text label, const std::string& value) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        text_in(nullptr, t(lang, label), colors.text_dim);
        ImGui::PopTextWrapPos();
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(value.c_str());
        ImGui::PopTextWrapPos();
      };
      row(teach_text::conn_participant_end, d.participant_end);
      row(teach_text::conn_server_end, d.server_end);
      row(teach_text::conn_since, clock_s(d.since_ms));
      row(teach_text::conn_state, d.open ? std::string(t(lang, teach_text::conn_open))
                                         : format(t(lang, teach_text::conn_closed_at), clock_s(d.closed_ms).c_str()));
      row(teach_text::conn_to_server, format(t(lang, teach_text::conn_amount), format_bytes(d.bytes_to_server).c_str(),
                                             static_cast<int>(d.objects_to_server)));
      row(teach_text::conn_from_server,
          format(t(lang, teach_text::conn_amount), format_bytes(d.bytes_from_server).c_str(),
                 static_cast<int>(d.objects_from_server)));
      row(teach_text::conn_server_view, server_view(m, c, lang));
      ImGui::EndTable();
    }
    probe(c == wire_channel::read ? "connection/read" : "connection/write");
    ImGui::Spacing();
    ImGui::PopID();
  }
  ImGui::PushTextWrapPos(0.0f);
  text_in(nullptr, format(t(lang, teach_text::conn_counted_since), clock_s(m.watching_since_ms()).c_str()).c_str(),
          colors.text_dim);
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
}

// ---------------------------------------------------------------------------
// 5. The panel

std::optional<teaching_request> inspector_panel::draw(inspector_model& m, const inspector_context& ctx,
                                                      const preferences& prefs) {
  const language lang = prefs.lang;
  const palette& colors = palette_for(prefs.look);
  std::optional<teaching_request> out = draw_header(m, ctx, prefs);

  if (!ctx.in_room && m.log().empty()) {
    wrapped_text(t(lang, teach_text::no_room), colors.text_dim);
    return out;
  }
  if (m.subject().what == wire_subject::kind::next && m.subject_name().empty() && m.log().empty()) {
    wrapped_text(t(lang, teach_text::waiting_next), colors.warning);
  }
  if (!ImGui::BeginTabBar("##inspector_tabs")) return out;
  const tab asked = show_tab;
  show_tab = tab::none;
  if (ImGui::BeginTabItem(t(lang, teach_text::tab_frames), nullptr, flags_for(asked, tab::frames))) {
    draw_frames(m, prefs);
    ImGui::EndTabItem();
  }
  probe("tab/frames");
  if (ImGui::BeginTabItem(t(lang, teach_text::tab_diagram), nullptr, flags_for(asked, tab::diagram))) {
    diagram_lanes lanes;
    lanes.participant = m.subject().what == wire_subject::kind::self ? ctx.self : m.subject_name();
    lanes.server_end = m.channel(wire_channel::read).server_end;
    if (lanes.server_end.empty()) lanes.server_end = m.channel(wire_channel::write).server_end;
    if (lanes.server_end.empty()) lanes.server_end = ctx.server_end;
    for (const std::string& name : ctx.others) {
      if (name != lanes.participant) lanes.others.push_back(name);
    }
    if (m.subject().what != wire_subject::kind::self && !ctx.self.empty())
      lanes.others.insert(lanes.others.begin(), ctx.self);
    diagram_.draw(m, lanes, prefs, reveal_secrets);
    ImGui::EndTabItem();
  }
  probe("tab/diagram");
  if (ImGui::BeginTabItem(t(lang, teach_text::tab_connections), nullptr, flags_for(asked, tab::connections))) {
    draw_connections(m, prefs);
    ImGui::EndTabItem();
  }
  probe("tab/connections");
  ImGui::EndTabBar();
  return out;
}

}  // namespace charla::ui
