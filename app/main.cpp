#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/headless.hpp"

int main(int argc, char** argv) {
  using charla::app::command_line;
  std::vector<std::string> args(argv, argv + argc);
  command_line cl = charla::app::parse_command_line(args);
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
  std::cerr << "charla: this build has no window yet; use --headless, for example\n"
               "  charla host --headless --port 5000\n"
               "  charla join 192.168.1.20:5000 --name Ana --headless\n";
  return 2;
}
