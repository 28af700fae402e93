// Where named widgets were drawn in the current frame. Off (one branch per
// widget) unless a sink is installed; tests and tooling use it to click on
// "host" or "send" without knowing the layout.
#pragma once

#include <map>
#include <string>

#include <imgui.h>

namespace charla::ui {

struct probe_rect {
  ImVec2 min;
  ImVec2 max;
  ImVec2 center() const { return ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f); }
};

using probe_sink = std::map<std::string, probe_rect>;

// Installs (or, with nullptr, removes) the sink written by probe().
void set_probe_sink(probe_sink* sink);

// Records the last item's rectangle under name.
void probe(const char* name);
void probe(const std::string& name);

}  // namespace charla::ui
