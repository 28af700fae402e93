// The host's view of its server, in two tabs: live counters, and the
// server log (the headless console, as a panel).
#pragma once

#include <cstdint>

#include "ui/host_info.hpp"
#include "ui/preferences.hpp"

namespace charla::ui {

class host_panel {
 public:
  // Draws at the cursor into the available space.
  void draw(const host_info& host, const preferences& prefs);

 private:
  std::uint64_t last_added_ = 0;
};

}  // namespace charla::ui
