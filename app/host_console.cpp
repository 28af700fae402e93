#include "app/host_console.hpp"

#include "app/headless.hpp"
#include "net/server.hpp"
#include "net/utf8.hpp"

namespace charla::app {
namespace {

// Takes the first word of `rest` (or a "quoted" run, quotes removed) and
// leaves `rest` at what follows. False for an unclosed quote.
bool take_name(std::string_view& rest, std::string& name) {
  rest = net::utf8::trim(rest);
  if (!rest.empty() && rest.front() == '"') {
    auto close = rest.find('"', 1);
    if (close == std::string_view::npos) return false;
    name = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
  } else {
    auto space = rest.find_first_of(" \t");
    name = std::string(rest.substr(0, space));
    rest.remove_prefix(space == std::string_view::npos ? rest.size() : space);
  }
  rest = net::utf8::trim(rest);
  return true;
}

console_command invalid(std::string problem) {
  console_command c;
  c.what = console_command::kind::invalid;
  c.problem = std::move(problem);
  return c;
}

}  // namespace

std::string console_help() {
  return "commands: /kick NAME [REASON], /mute NAME, /unmute NAME, /readonly on|off, /counters, /quit, /help "
         "(a name with spaces in double quotes: /kick \"Ana María\")";
}

console_command parse_console_command(std::string_view line) {
  line = net::utf8::trim(line);
  if (line.empty()) return {};
  if (line.front() != '/') return invalid("this terminal takes commands, not messages; " + console_help());
  auto space = line.find_first_of(" \t");
  std::string_view word = line.substr(0, space);
  std::string_view rest = space == std::string_view::npos ? std::string_view{} : line.substr(space);
  console_command c;
  if (word == "/help" || word == "/counters" || word == "/quit") {
    if (!net::utf8::trim(rest).empty()) return invalid(std::string(word) + " takes nothing after it");
    c.what = word == "/help"       ? console_command::kind::help
             : word == "/counters" ? console_command::kind::counters
                                   : console_command::kind::quit;
    return c;
  }
  if (word == "/readonly") {
    rest = net::utf8::trim(rest);
    if (rest != "on" && rest != "off") return invalid("/readonly takes on or off");
    c.what = console_command::kind::read_only;
    c.on = rest == "on";
    return c;
  }
  if (word == "/kick" || word == "/mute" || word == "/unmute") {
    std::string_view command = word;
    if (!take_name(rest, c.name)) return invalid("a name in quotes needs its closing quote");
    if (c.name.empty()) return invalid(std::string(command) + " needs the name of a participant");
    if (command == "/kick") {
      c.what = console_command::kind::kick;
      c.reason = std::string(rest);
    } else {
      if (!rest.empty())
        return invalid("a name with spaces goes in double quotes: " + std::string(command) + " \"" + c.name + " " +
                       std::string(rest) + "\"");
      c.what = command == "/mute" ? console_command::kind::mute : console_command::kind::unmute;
    }
    return c;
  }
  return invalid("unknown command " + std::string(word) + "; " + console_help());
}

std::string run_console_command(net::server& server, std::string_view line, const std::function<void()>& quit) {
  console_command c = parse_console_command(line);
  switch (c.what) {
    case console_command::kind::none:
      return {};
    case console_command::kind::kick:
      server.kick(c.name, c.reason);
      return {};
    case console_command::kind::mute:
    case console_command::kind::unmute:
      server.mute(c.name, c.what == console_command::kind::mute);
      return {};
    case console_command::kind::read_only:
      server.set_read_only(c.on);
      return {};
    case console_command::kind::counters:
      return describe_counters(server.counters());
    case console_command::kind::quit:
      quit();
      return {};
    case console_command::kind::help:
      return console_help();
    case console_command::kind::invalid:
      return c.problem;
  }
  return {};
}

}  // namespace charla::app
