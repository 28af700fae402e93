#include "ui/zoom.hpp"

#include <algorithm>
#include <iterator>

namespace charla::ui {

namespace {

constexpr float steps[] = {0.8f, 0.9f, 1.0f, 1.1f, 1.25f, 1.5f, 1.75f, 2.0f, 2.25f, 2.5f, 2.75f, 3.0f};

}  // namespace

float clamp_zoom(float zoom) {
  return std::clamp(zoom, min_zoom, max_zoom);
}

float zoom_step_in(float zoom) {
  for (float s : steps) {
    if (s > zoom + 0.01f) return s;
  }
  return max_zoom;
}

float zoom_step_out(float zoom) {
  for (auto it = std::rbegin(steps); it != std::rend(steps); ++it) {
    if (*it < zoom - 0.01f) return *it;
  }
  return min_zoom;
}

}  // namespace charla::ui
