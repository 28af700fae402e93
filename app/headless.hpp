#pragma once
// The window-less modes: a host that prints its log, and a participant that
// sends stdin lines and prints the room. Each returns the process exit code.

#include <optional>
#include <string>

#include "app/cli.hpp"

namespace charla::app {

int run_headless_host(const host_command& command);
int run_headless_join(const join_command& command);

// The counters as one line of name=value pairs (SIGUSR1 prints it).
std::string describe_counters(const net::counters_snapshot& counters);

// The sentence shown when a room cannot be opened on an address.
std::string describe_listen_error(const net::server_config& config, const std::error_code& ec);
// What server::start() threw, as a sentence: the transcript's problem, or
// why the port could not be used.
std::string describe_start_error(const net::server_config& config, const std::system_error& e);

}  // namespace charla::app
