// Projector zoom steps, shared by the View menu and the window's shortcuts.
#pragma once

namespace charla::ui {

inline constexpr float min_zoom = 0.8f;
inline constexpr float max_zoom = 3.0f;

float clamp_zoom(float zoom);
float zoom_step_in(float zoom);   // the next larger step
float zoom_step_out(float zoom);  // the next smaller step

}  // namespace charla::ui
