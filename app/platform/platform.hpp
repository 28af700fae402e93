#pragma once
// What differs between operating systems for the app: the folders it uses,
// the open-file limit, standard input, the signal that prints the counters.
// This header declares it, one file per system implements it (posix.cpp;
// app/CMakeLists.txt picks it). The network's own differences are in
// net/platform/platform.hpp.

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace charla::app::platform {

// Where settings.ini lives: $XDG_CONFIG_HOME/charla or ~/.config/charla;
// empty when neither is known.
std::filesystem::path config_dir();

// Where saved files go: a "charla" folder in the user's documents folder
// (XDG_DOCUMENTS_DIR, or the user-dirs.dirs file), else in the home folder,
// else in the temporary folder.
std::filesystem::path documents_dir();

// Raises the limit on open files to fit `connections` (plus what the app
// needs besides) as far as the system allows; a sentence when it cannot.
std::optional<std::string> raise_open_file_limit(std::size_t connections);

// Reads what standard input has, waiting at most `wait`: the bytes (empty
// when nothing came in time), or nothing once the input has ended.
std::optional<std::string> read_stdin(std::chrono::milliseconds wait);

// From now on, reading standard input while in the background of a
// terminal fails (read_stdin then reports the end) instead of stopping the
// process: a headless host started with `&` keeps serving its room.
void never_stop_for_background_read();

// For a helper thread (one that reads standard input): the process's
// signals (Ctrl+C, SIGTERM, the counters' signal) go to the other threads,
// where the network loop waits for them, never to this one.
void block_signals_in_this_thread();

// Whether standard output is a terminal (a person reading it, not a pipe
// or a file) that draws ANSI colours; on Windows the console is asked to.
bool stdout_is_colour_terminal();

// This process's id (to name temporary files uniquely).
long process_id();

// The signal that makes a headless host print its counters, where the
// system has one for that (SIGUSR1); 0 where it does not.
int counters_signal();

// The command line as UTF-8 (on Windows from the UTF-16 one, so names and
// paths outside the ANSI code page arrive intact).
std::vector<std::string> arguments(int argc, char** argv);

// For the modes that talk through the console (headless, --help,
// --version, errors): on Windows the window build has no console of its
// own, so this joins the console it was started from, unless the output
// already goes to a file or pipe, and switches it to UTF-8. Nothing
// elsewhere.
void use_console();

// Shows `text` where a user who started charla without a console sees it
// (a message box on Windows); nothing where standard error is seen anyway.
void show_error(const std::string& title, const std::string& text);

// Paths and text: on Windows a path is UTF-16 and its narrow form is in the
// ANSI code page, so a user folder like C:\Users\José only survives through
// these. Opens `path` as std::fopen would (nullptr and errno on failure).
std::FILE* open_file(const std::filesystem::path& path, const char* mode);
// The path as UTF-8 text (for messages, and for ImGui, which takes UTF-8
// file names), and back.
std::string utf8(const std::filesystem::path& path);
std::filesystem::path from_utf8(const std::string& text);

}  // namespace charla::app::platform
