// Sections: 1. drawing helpers  2. lane headers  3. one row  4. the diagram
#include "ui/sequence_diagram.hpp"

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

// ---------------------------------------------------------------------------
// 1. Drawing helpers

void dashed(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash) {
  const float dx = b.x - a.x;
  const float dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len <= 0) return;
  for (float s = 0; s < len; s += 2 * dash) {
    const float e = std::min(s + dash, len);
    dl->AddLine(ImVec2(a.x + dx * s / len, a.y + dy * s / len), ImVec2(a.x + dx * e / len, a.y + dy * e / len), col,
                thickness);
  }
}

// A horizontal arrow from x0 to x1 at y, its head at x1.
void arrow(ImDrawList* dl, float x0, float x1, float y, ImU32 col, float thickness, bool dashed_line) {
  const float head = 3.2f * thickness + 4.0f;
  const float dir = x1 > x0 ? 1.0f : -1.0f;
  const float shaft_end = x1 - dir * head * 0.9f;
  if (dashed_line)
    dashed(dl, ImVec2(x0, y), ImVec2(shaft_end, y), col, thickness, 2.2f * head * 0.5f);
  else
    dl->AddLine(ImVec2(x0, y), ImVec2(shaft_end, y), col, thickness);
  dl->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 - dir * head * 1.4f, y - head * 0.7f),
                        ImVec2(x1 - dir * head * 1.4f, y + head * 0.7f), col);
}

void cross(ImDrawList* dl, ImVec2 c, float r, ImU32 col, float thickness) {
  dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), col, thickness);
  dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), col, thickness);
}

// Text clipped to [x0, x1]; also written to ImGui's log, so a capture of
// the frame (tests, "copy as text") reads the diagram in order.
// A backing in the window's colour keeps lifelines from crossing the words.
void label(ImDrawList* dl, ImFont* font, ImVec2 pos, float x1, ImU32 col, const std::string& text) {
  const ImVec4 clip(pos.x, pos.y - 2, x1, pos.y + 4 * ImGui::GetFontSize());
  const ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size());
  const float pad = std::round(font->FontSize * 0.15f);
  dl->AddRectFilled(ImVec2(pos.x - pad, pos.y), ImVec2(std::min(pos.x + size.x + pad, x1), pos.y + size.y),
                    ImGui::GetColorU32(ImGuiCol_WindowBg, 0.85f), pad);
  dl->AddText(font, font->FontSize, pos, col, text.data(), text.data() + text.size(), 0.0f, &clip);
  ImGui::LogText("%s\n", text.c_str());
}

struct geometry {
  float left = 0;  // screen x of the time column
  float width = 0;
  bool with_time = true;  // narrow: times only in the tooltips
  float x_participant = 0, x_server = 0, x_others = 0;
  float line = 0;  // text line height
  float pad = 0;
  float thick = 0;
};

geometry lay_out(float left, float width) {
  geometry g;
  const float em = ImGui::GetFontSize();
  g.left = left;
  g.width = width;
  g.line = ImGui::GetTextLineHeight();
  g.pad = std::round(em * 0.3f);
  g.thick = std::max(1.5f, std::round(em * 0.1f));
  g.with_time = width >= 30 * em;
  const float time_w = g.with_time ? ImGui::CalcTextSize("00:00:00").x + em * 0.8f : 0.0f;
  const float span = std::max(width - time_w, 10 * em);
  g.x_participant = std::round(left + time_w + span * 0.15f);
  g.x_server = std::round(left + time_w + span * 0.60f);
  g.x_others = std::round(left + time_w + span * 0.88f);
  return g;
}

// Rows: a connect needs two lines of words (which channel, then the
// endpoints), everything else one; then the arrow.
float row_height(const diagram_step& s, const geometry& g) {
  const wire_kind k = s.facts.kind;
  const int words = k == wire_kind::connected || k == wire_kind::ws_upgrade || k == wire_kind::ws_accept ? 2 : 1;
  return words * g.line + g.line * 0.9f + g.pad;
}

// ---------------------------------------------------------------------------
// 2. Lane headers

void lane_box(ImDrawList* dl, const geometry& g, float x, float top, float half_w, const std::string& title,
              const std::string& sub, const preferences& prefs) {
  const palette& colors = palette_for(prefs.look);
  const ImVec2 a(x - half_w, top);
  const ImVec2 b(x + half_w, top + 2 * g.line + 2 * g.pad);
  dl->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_FrameBg), 6.0f);
  dl->AddRect(a, b, colors.text_dim, 6.0f, 0, g.thick * 0.7f);
  ImFont* bold = prefs.bold() != nullptr ? prefs.bold() : ImGui::GetFont();
  ImFont* regular = ImGui::GetFont();
  auto centered = [&](ImFont* font, const std::string& text, float y, ImU32 col) {
    const float w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.0f, text.c_str()).x;
    const float x0 = std::max(a.x + g.pad, x - w * 0.5f);
    const ImVec4 clip(a.x + g.pad * 0.5f, y, b.x - g.pad * 0.5f, y + g.line + 2);
    dl->AddText(font, font->FontSize, ImVec2(x0, y), col, text.c_str(), nullptr, 0.0f, &clip);
    ImGui::LogText("%s\n", text.c_str());
  };
  centered(bold, title, top + g.pad, colors.text);
  centered(regular, sub, top + g.pad + g.line, colors.text_dim);
}

// ---------------------------------------------------------------------------
// 3. One row

void draw_row(ImDrawList* dl, const diagram_step& s, const geometry& g, float top, float h, const preferences& prefs) {
  const palette& colors = palette_for(prefs.look);
  const language lang = prefs.lang;
  const wire_facts& f = s.facts;
  ImFont* font = ImGui::GetFont();
  const ImU32 col = channel_color(f.channel, prefs.look);
  const ImU32 text_col = f.kind == wire_kind::error || f.kind == wire_kind::unreadable ? colors.error : colors.text;
  const float arrow_y = top + h - g.pad - g.line * 0.45f;
  const float right = g.left + g.width;

  if (g.with_time) {
    ImGui::LogText("%s  ", clock_s(f.time_ms).c_str());
    dl->AddText(font, font->FontSize, ImVec2(g.left, top + (f.kind == wire_kind::connected ? g.line : 0)),
                colors.text_dim, clock_s(f.time_ms).c_str());
  }

  const float lx = g.x_participant + g.pad;
  const std::string text = step_label(s, lang);
  // Rows where the others take part: their arrow (dashed, inferred) on the
  // right, with its own words; the main words stay left of the server.
  std::string others_text;
  bool others_to_server = false;
  switch (f.kind) {
    case wire_kind::message_in:
    case wire_kind::legacy_message:
      others_text = format(tr(lang, teach_text::step_writes), f.author.c_str());
      others_to_server = true;
      break;
    case wire_kind::join:
      others_text = format(tr(lang, teach_text::step_arrives), f.author.c_str());
      others_to_server = true;
      break;
    case wire_kind::leave:
      others_text = format(tr(lang, teach_text::step_goes), f.author.c_str());
      others_to_server = true;
      break;
    case wire_kind::echo:
      others_text = tr(lang, teach_text::step_relay);
      break;
    default:
      break;
  }
  const float main_right = others_text.empty() ? right : g.x_server - g.pad;
  label(dl, font, ImVec2(lx, top), main_right, text_col, text);

  if (f.kind == wire_kind::closed) {
    dashed(dl, ImVec2(g.x_participant, arrow_y), ImVec2(g.x_server, arrow_y), col, g.thick, g.line * 0.3f);
    cross(dl, ImVec2(g.x_participant, arrow_y), g.line * 0.3f, col, g.thick * 1.5f);
    cross(dl, ImVec2(g.x_server, arrow_y), g.line * 0.3f, col, g.thick * 1.5f);
  } else {
    const bool up = f.to_server || f.kind == wire_kind::connected;
    const float from = up ? g.x_participant : g.x_server;
    const float to = up ? g.x_server : g.x_participant;
    arrow(dl, from, to, arrow_y, col, f.kind == wire_kind::connected ? g.thick * 1.6f : g.thick, f.earlier);
  }
  if (!others_text.empty()) {
    const ImU32 dim = colors.text_dim;
    label(dl, font, ImVec2(g.x_server + g.pad, top), right, dim, others_text);
    if (others_to_server)
      arrow(dl, g.x_others, g.x_server, arrow_y, dim, g.thick, true);
    else
      arrow(dl, g.x_server, g.x_others, arrow_y, dim, g.thick, true);
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// 4. The diagram

void sequence_diagram::draw(const inspector_model& m, const diagram_lanes& lanes, const preferences& prefs,
                            bool reveal) {
  const palette& colors = palette_for(prefs.look);
  const language lang = prefs.lang;
  const ImGuiStyle& style = ImGui::GetStyle();

  wrapped_text(tr(lang, teach_text::diagram_legend), colors.text_dim);
  const float width = ImGui::GetContentRegionAvail().x - style.ScrollbarSize;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  geometry g = lay_out(origin.x, width);

  // Lane headers, fixed above the scrolling rows, each as wide as its
  // neighbours allow.
  const float em = ImGui::GetFontSize();
  const float gap = g.pad;
  const float between_ps = (g.x_server - g.x_participant) * 0.5f - gap;
  const float between_so = (g.x_others - g.x_server) * 0.5f - gap;
  const float half_p = std::min({g.x_participant - g.left, between_ps, 7 * em});
  const float half_s = std::min({between_ps, between_so, 7 * em});
  const float half_o = std::min({between_so, g.left + g.width + style.ScrollbarSize - g.x_others, 7 * em});
  std::string others;
  for (const std::string& name : lanes.others) others += (others.empty() ? "" : ", ") + name;
  if (others.empty()) others = tr(lang, teach_text::lane_nobody);
  // The server's address, or just its port when the box is narrow.
  std::string server_end = lanes.server_end;
  if (ImGui::CalcTextSize(server_end.c_str()).x > 2 * (half_s - g.pad) && server_end.rfind(':') != std::string::npos) {
    server_end = "…" + server_end.substr(server_end.rfind(':'));
  }
  lane_box(dl, g, g.x_participant, origin.y, half_p, lanes.participant.empty() ? "?" : lanes.participant,
           tr(lang, teach_text::lane_participant), prefs);
  lane_box(dl, g, g.x_server, origin.y, half_s, tr(lang, teach_text::lane_server), server_end, prefs);
  lane_box(dl, g, g.x_others, origin.y, half_o, tr(lang, teach_text::lane_others), others, prefs);
  ImGui::Dummy(ImVec2(width, 2 * g.line + 2 * g.pad + g.pad));

  ImGui::BeginChild("##diagram_rows", ImVec2(0, 0), false);
  const auto& steps = m.steps();
  // Rows shown: all but those past the pause point.
  std::size_t shown = steps.size();
  while (shown > 0 && !m.shown(steps[shown - 1].seq)) --shown;
  // Stick to the newest row while the reader is at the bottom.
  const bool follow = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f;

  ImDrawList* rows = ImGui::GetWindowDrawList();
  const ImVec2 base = ImGui::GetCursorScreenPos();
  g = lay_out(base.x, width);
  offsets_.resize(shown + 1);
  float y = 0;
  for (std::size_t i = 0; i < shown; ++i) {
    offsets_[i] = y;
    y += row_height(steps[i], g);
  }
  offsets_[shown] = y;
  const float total = y;

  const float view_top = ImGui::GetScrollY();
  const float view_bottom = view_top + ImGui::GetWindowHeight();
  // Lifelines over the visible part.
  const float line_top = base.y + view_top;
  const float line_bottom = base.y + std::max(view_bottom, total);
  for (float x : {g.x_participant, g.x_server, g.x_others}) {
    dashed(rows, ImVec2(x, line_top), ImVec2(x, line_bottom), colors.text_dim, 1.0f, g.line * 0.25f);
  }

  const std::size_t first = static_cast<std::size_t>(
      std::upper_bound(offsets_.begin(), offsets_.begin() + shown, view_top) - offsets_.begin());
  for (std::size_t i = first > 0 ? first - 1 : 0; i < shown && offsets_[i] < view_bottom; ++i) {
    const float top = offsets_[i];
    const float h = offsets_[i + 1] - top;
    ImGui::SetCursorPos(ImVec2(0, top));
    ImGui::Dummy(ImVec2(width, h));
    probe("diagram/step/" + std::to_string(i));
    if (ImGui::IsItemHovered()) {
      rows->AddRectFilled(ImVec2(base.x, base.y + top), ImVec2(base.x + width, base.y + top + h),
                          ImGui::GetColorU32(ImGuiCol_HeaderHovered, 0.35f));
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
      ImGui::TextDisabled("%s", clock_ms(steps[i].facts.time_ms).c_str());
      ImGui::TextUnformatted(meaning(steps[i].facts, lang).c_str());
      if (const wire_record* r = m.log().find(steps[i].seq); r != nullptr && !r->bytes.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, raw_json_color(prefs.look));
        ImGui::TextUnformatted(printable(r->bytes, r->secret, reveal).c_str());
        ImGui::PopStyleColor();
      }
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    draw_row(rows, steps[i], g, base.y + top, h, prefs);
  }
  ImGui::SetCursorPos(ImVec2(0, total));
  ImGui::Dummy(ImVec2(1, ImGui::GetFontSize() * 0.5f));
  if (follow) ImGui::SetScrollHereY(1.0f);
  ImGui::EndChild();
}

}  // namespace charla::ui
