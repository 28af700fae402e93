// The handshake as a sequence diagram, drawn with ImGui's draw list: the
// watched participant, the server and the others as lifelines, one row per
// step (folded runs of replays and keepalives), arrows in the channel's
// colour, TCP endpoints on the connect rows, the others' part dashed (it is
// inferred: their own channels are not watched). Hovering a row shows its
// frame. Rows are laid out from the model's steps every frame; only the
// visible ones are drawn.
#pragma once

#include <string>
#include <vector>

#include "ui/inspector_model.hpp"
#include "ui/preferences.hpp"

namespace charla::ui {

struct diagram_lanes {
  std::string participant;          // the watched participant's name
  std::string server_end;           // "ip:port"
  std::vector<std::string> others;  // everyone else in the room
};

class sequence_diagram {
 public:
  // Draws into the remaining space of the current window.
  void draw(const inspector_model& m, const diagram_lanes& lanes, const preferences& prefs, bool reveal);

 private:
  std::vector<float> offsets_;  // row tops, reused between frames
};

}  // namespace charla::ui
