#pragma once
// What a headless host takes on its standard input, one command a line, so
// that a teacher running the room from a terminal (or a script) can
// moderate it as the window's buttons do:
//
//   /kick NAME [REASON]   removes NAME; REASON is what they read
//   /mute NAME            NAME's messages are refused until /unmute
//   /unmute NAME
//   /readonly on|off      only the host may write / everyone may again
//   /counters             prints the room's counters (as SIGUSR1 does on
//                         Linux; Windows has no such signal)
//   /quit                 closes the room and exits, as Ctrl+C does
//   /help
//
// A NAME with spaces goes in double quotes: /kick "Ana María" por favor.
// The room's log says what happened (or that nobody has that name).

#include <functional>
#include <string>
#include <string_view>

namespace charla::net {
class server;
}

namespace charla::app {

// What a line asks for, before anything is done.
struct console_command {
  enum class kind { none, kick, mute, unmute, read_only, counters, quit, help, invalid };
  kind what = kind::none;
  std::string name;     // kick, mute, unmute
  std::string reason;   // kick (may be empty)
  bool on = false;      // read_only
  std::string problem;  // invalid: a sentence saying what to type instead
};
console_command parse_console_command(std::string_view line);

// Carries out `line` on `server` (any thread) and returns what to print:
// the help, the counters, a sentence for a line it cannot take, or nothing
// (the room's log reports the rest). /quit calls `quit`.
std::string run_console_command(net::server& server, std::string_view line, const std::function<void()>& quit);

// The commands, one a line, as /help prints them.
std::string console_help();

}  // namespace charla::app
