#pragma once
// The window: start screen, Host and Join, the room.

#include "app/cli.hpp"

namespace charla::app {

// Runs the window until it is closed; returns the exit code.
int run_window(const command_line& cl);

}  // namespace charla::app
