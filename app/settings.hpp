// What charla remembers between runs: the user's name, recent rooms, zoom,
// theme, language and window geometry, in $XDG_CONFIG_HOME/charla/ (or
// ~/.config/charla/), never in the current directory. The ImGui layout file
// lives next to it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ui/i18n.hpp"
#include "ui/start_form.hpp"
#include "ui/theme.hpp"

namespace charla::app {

struct window_geometry {
  int x = 0;
  int y = 0;
  bool has_position = false;  // false: let the window manager place it
  int width = 1280;
  int height = 800;
  bool maximized = false;
};

struct settings {
  std::string name;
  std::vector<ui::recent_room> recent;  // newest first
  std::uint16_t host_port = 5000;
  std::string room;  // last room name hosted
  float zoom = 1.0f;
  ui::theme look = ui::theme::light;
  std::optional<ui::language> lang;  // none: follow the locale
  bool inspector = false;            // the wire inspector is shown
  window_geometry window;
};

// Reads dir/settings.ini; missing or unreadable values keep their defaults.
settings load_settings(const std::filesystem::path& dir);

// Writes dir/settings.ini atomically (temporary file, then rename), creating
// dir. Returns false, with the reason in *error, when it could not.
bool save_settings(const settings& s, const std::filesystem::path& dir, std::string* error = nullptr);

// Where ImGui keeps its layout: dir/imgui.ini, or empty for none.
std::filesystem::path imgui_ini_path(const std::filesystem::path& dir);

}  // namespace charla::app
