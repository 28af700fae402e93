#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/gui.hpp"
#include "app/headless.hpp"
#include "app/platform/platform.hpp"

int main(int argc, char** argv) {
  using charla::app::command_line;
  command_line cl = charla::app::parse_command_line(charla::app::platform::arguments(argc, argv));
  // Every mode but the window talks through the console.
  const bool window = cl.what == command_line::mode::start_screen ||
                      (cl.what == command_line::mode::host && !cl.host.headless) ||
                      (cl.what == command_line::mode::join && !cl.join.headless);
  if (!window) charla::app::platform::use_console();
  switch (cl.what) {
    case command_line::mode::error:
      std::cerr << "charla: " << cl.text << "\n";
      return 2;
    case command_line::mode::help:
    case command_line::mode::version:
      std::cout << cl.text << (cl.text.ends_with('\n') ? "" : "\n");
      return 0;
    case command_line::mode::host:
      if (cl.host.headless) return charla::app::run_headless_host(cl.host);
      break;
    case command_line::mode::join:
      if (cl.join.headless) return charla::app::run_headless_join(cl.join);
      break;
    case command_line::mode::start_screen:
      break;
  }
  return charla::app::run_window(cl);
}
