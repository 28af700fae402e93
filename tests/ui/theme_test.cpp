#include "ui/theme.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "ui/zoom.hpp"

namespace charla::ui {
namespace {

TEST(Theme, AuthorColoursAreStableAndVaried) {
  EXPECT_EQ(author_color("Ana", theme::light), author_color("Ana", theme::light));
  std::set<ImU32> seen;
  for (const char* name : {"Ana", "Bo", "Carla", "Dani", "Elena", "Fran", "Gabi", "Hugo", "Inés", "Juan"}) {
    seen.insert(author_color(name, theme::light));
  }
  EXPECT_GE(seen.size(), 6u);
  EXPECT_NE(author_color("Ana", theme::light), author_color("Ana", theme::dark));
}

TEST(Theme, LightThemeIsBlackOnWhite) {
  ImGuiStyle style;
  apply_theme(theme::light, style);
  EXPECT_EQ(ImGui::ColorConvertFloat4ToU32(style.Colors[ImGuiCol_Text]), IM_COL32(0, 0, 0, 255));
  EXPECT_EQ(ImGui::ColorConvertFloat4ToU32(style.Colors[ImGuiCol_WindowBg]), IM_COL32(255, 255, 255, 255));
  EXPECT_GT(style.FrameBorderSize, 0.0f);
}

TEST(Theme, CodesRoundTrip) {
  for (theme t : {theme::light, theme::dark}) EXPECT_EQ(parse_theme(theme_code(t)), t);
  EXPECT_FALSE(parse_theme("blue"));
}

TEST(Zoom, StepsStayInRange) {
  EXPECT_FLOAT_EQ(zoom_step_in(1.0f), 1.1f);
  EXPECT_FLOAT_EQ(zoom_step_out(1.0f), 0.9f);
  EXPECT_FLOAT_EQ(zoom_step_in(3.0f), 3.0f);
  EXPECT_FLOAT_EQ(zoom_step_out(0.8f), 0.8f);
  EXPECT_FLOAT_EQ(zoom_step_in(1.3f), 1.5f);
  EXPECT_FLOAT_EQ(clamp_zoom(10.0f), max_zoom);
}

}  // namespace
}  // namespace charla::ui
