// Drawing a QR code with Dear ImGui: black modules on a white square, in
// whole pixels, so a camera (or zbarimg on a screenshot) sees sharp edges
// and no blended grey between modules. Always dark on white, whatever the
// theme: many phone scanners do not read inverted codes.
#pragma once

#include <imgui.h>

#include "ui/qr_code.hpp"

namespace charla::ui {

inline constexpr ImU32 qr_dark = IM_COL32(0, 0, 0, 255);
inline constexpr ImU32 qr_light = IM_COL32(255, 255, 255, 255);

// Paints code and its quiet zone with its top-left corner at origin
// (rounded to a whole pixel), module_px pixels per module. One rectangle
// per horizontal run of dark modules. Returns the side drawn, in pixels.
float draw_qr(ImDrawList* list, ImVec2 origin, const qr_code& code, int module_px);

// As an item at the cursor (snapped to a whole pixel): reserves the square
// and paints it. Returns true when it was clicked.
bool qr_item(const char* id, const qr_code& code, int module_px);

}  // namespace charla::ui
