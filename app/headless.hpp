#pragma once
// The window-less modes: a host that prints its log, and a participant that
// sends stdin lines and prints the room. Each returns the process exit code.

#include "app/cli.hpp"

namespace charla::app {

int run_headless_host(const host_command& command);
int run_headless_join(const join_command& command);

// The sentence shown when a room cannot be opened on an address.
std::string describe_listen_error(const net::server_config& config, const std::error_code& ec);

}  // namespace charla::app
