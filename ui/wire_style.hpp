// Colours of the teaching views: each channel keeps one colour everywhere
// (list, diagram, details), always next to its name, never alone.
#pragma once

#include <imgui.h>

#include "ui/theme.hpp"
#include "ui/wire_record.hpp"

namespace charla::ui {

// Blue for the read channel, orange for the write channel: apart for
// colour-blind readers too, and readable on either theme.
inline ImU32 channel_color(wire_channel c, theme look) {
  if (look == theme::dark)
    return c == wire_channel::read ? IM_COL32(0x82, 0xB1, 0xFF, 255) : IM_COL32(0xFF, 0xB7, 0x4D, 255);
  return c == wire_channel::read ? IM_COL32(0x0D, 0x47, 0xA1, 255) : IM_COL32(0xB3, 0x4A, 0x00, 255);
}

// The raw JSON: a calm colour that still reads as text.
inline ImU32 raw_json_color(theme look) {
  return look == theme::dark ? IM_COL32(0xC5, 0xE1, 0xA5, 255) : IM_COL32(0x1B, 0x4D, 0x20, 255);
}

}  // namespace charla::ui
