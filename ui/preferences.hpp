// How the UI looks for this user; the app owns the values (settings) and
// changes them when it handles the matching intents.
#pragma once

#include "ui/font_set.hpp"
#include "ui/i18n.hpp"
#include "ui/theme.hpp"

namespace charla::ui {

struct preferences {
  language lang = language::en;
  ui::theme look = ui::theme::light;
  float zoom = 1.0f;  // shown in the View menu
  // The current faces. Points at the window's set, which it rebuilds in
  // place after a zoom, so it is never stale; null: ImGui's default font.
  const font_set* fonts = nullptr;

  ImFont* regular() const { return fonts != nullptr ? fonts->regular : nullptr; }
  ImFont* bold() const { return fonts != nullptr ? fonts->bold : nullptr; }
  ImFont* big() const { return fonts != nullptr ? fonts->big : nullptr; }
  ImFont* big_bold() const { return fonts != nullptr ? fonts->big_bold : nullptr; }
};

}  // namespace charla::ui
