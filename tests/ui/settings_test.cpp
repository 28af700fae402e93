#include "app/settings.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "app/platform/platform.hpp"
#include "tests/support/env.hpp"

namespace charla::app {
namespace {

class Settings : public ::testing::Test {
 protected:
  Settings() {
    dir = std::filesystem::temp_directory_path() /
          ("charla-settings-" + std::to_string(charla::test::process_id()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
  }
  ~Settings() override { std::filesystem::remove_all(dir); }

  std::filesystem::path dir;
};

TEST_F(Settings, RoundTripsEverything) {
  settings s;
  s.name = "Ana María\tcon tab";
  s.recent = {{"192.168.1.20", 5000, "Redes 2ºB", "4321"}, {"aula3.local", 6000, "", ""}};
  s.host_port = 5001;
  s.room = "Física \\ 1º";
  s.zoom = 1.5f;
  s.look = ui::theme::dark;
  s.lang = ui::language::es;
  s.window = {-1920, 40, true, 1600, 900, true};
  std::string error;
  ASSERT_TRUE(save_settings(s, dir / "charla", &error)) << error;

  const settings back = load_settings(dir / "charla");
  EXPECT_EQ(back.name, s.name);
  ASSERT_EQ(back.recent.size(), 2u);
  EXPECT_EQ(back.recent[0].address, "192.168.1.20");
  EXPECT_EQ(back.recent[0].room, "Redes 2ºB");
  EXPECT_EQ(back.recent[0].pin, "4321");
  EXPECT_EQ(back.recent[1].port, 6000);
  EXPECT_EQ(back.host_port, 5001);
  EXPECT_EQ(back.room, s.room);
  EXPECT_FLOAT_EQ(back.zoom, 1.5f);
  EXPECT_EQ(back.look, ui::theme::dark);
  EXPECT_EQ(back.lang, ui::language::es);
  EXPECT_EQ(back.window.x, -1920);
  EXPECT_EQ(back.window.y, 40);
  EXPECT_TRUE(back.window.has_position);
  EXPECT_EQ(back.window.width, 1600);
  EXPECT_EQ(back.window.height, 900);
  EXPECT_TRUE(back.window.maximized);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir / "charla"), {}), 1) << "no temporary files left";
}

TEST_F(Settings, MissingOrBrokenFileGivesDefaults) {
  EXPECT_EQ(load_settings(dir).zoom, 1.0f);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "settings.ini") << "zoom=banana\ntheme=purple\nwindow=1\t2\nrecent=a\t0\tb\tc\nname=Bo\n";
  const settings s = load_settings(dir);
  EXPECT_FLOAT_EQ(s.zoom, 1.0f);
  EXPECT_EQ(s.look, ui::theme::light);
  EXPECT_FALSE(s.window.has_position);
  EXPECT_TRUE(s.recent.empty());
  EXPECT_FALSE(s.lang.has_value());
  EXPECT_EQ(s.name, "Bo");
}

#if defined(_WIN32)
TEST_F(Settings, LivesInTheRoamingAppDataFolderNeverTheCurrentOne) {
  const auto dir = platform::config_dir();
  EXPECT_EQ(dir.filename(), "charla");
  EXPECT_TRUE(dir.is_absolute()) << platform::utf8(dir);
  EXPECT_EQ(imgui_ini_path(dir), dir / "imgui.ini");
  EXPECT_TRUE(imgui_ini_path({}).empty());
}
#else
TEST_F(Settings, LivesInTheXdgConfigDirectoryNeverTheCurrentOne) {
  charla::test::set_env("XDG_CONFIG_HOME", "/tmp/xdg-test");
  charla::test::set_env("HOME", "/home/ana");
  EXPECT_EQ(platform::config_dir(), std::filesystem::path("/tmp/xdg-test/charla"));
  charla::test::set_env("XDG_CONFIG_HOME", "relative/dir");  // not absolute: ignored, as the spec says
  EXPECT_EQ(platform::config_dir(), std::filesystem::path("/home/ana/.config/charla"));
  charla::test::unset_env("XDG_CONFIG_HOME");
  EXPECT_EQ(platform::config_dir(), std::filesystem::path("/home/ana/.config/charla"));
  charla::test::unset_env("HOME");
  EXPECT_TRUE(platform::config_dir().empty());
  EXPECT_FALSE(save_settings(settings{}, platform::config_dir()));
  EXPECT_EQ(imgui_ini_path("/x/charla"), std::filesystem::path("/x/charla/imgui.ini"));
  EXPECT_TRUE(imgui_ini_path({}).empty());
}
#endif

TEST_F(Settings, ZoomIsClamped) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "settings.ini") << "zoom=12\n";
  EXPECT_FLOAT_EQ(load_settings(dir).zoom, 3.0f);
}

}  // namespace
}  // namespace charla::app

namespace charla::app {
namespace {

TEST(SettingsInspector, RemembersTheWireInspectorOffByDefault) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("charla-settings-inspector-" + std::to_string(charla::test::process_id()));
  std::filesystem::remove_all(dir);
  EXPECT_FALSE(load_settings(dir).inspector);
  settings s;
  s.inspector = true;
  ASSERT_TRUE(save_settings(s, dir));
  EXPECT_TRUE(load_settings(dir).inspector);
  s.inspector = false;
  ASSERT_TRUE(save_settings(s, dir));
  EXPECT_FALSE(load_settings(dir).inspector);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace charla::app
