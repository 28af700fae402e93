#pragma once
// The command line: `charla`, `charla host ...`, `charla join ...`.
// Parsing is separate from running so it can be tested on its own.

#include <optional>
#include <string>
#include <vector>

#include "net/client.hpp"
#include "net/server.hpp"

namespace charla::app {

struct host_command {
  net::server_config server;
  std::string name;  // the host's own name as a participant (window)
  bool headless = false;
};

struct join_command {
  net::client_config client;
  bool headless = false;
  bool json = false;
};

struct command_line {
  enum class mode { start_screen, host, join, help, version, error };
  mode what = mode::start_screen;
  host_command host;
  join_command join;
  std::string screenshot;  // --screenshot FILE (window modes)
  std::string text;        // help text, or the error sentence
};

command_line parse_command_line(const std::vector<std::string>& args);

std::string general_help();
std::string host_help();
std::string join_help();

}  // namespace charla::app
