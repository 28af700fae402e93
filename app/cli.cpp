#include "app/cli.hpp"

#include <charconv>
#include <cmath>
#include <functional>
#include <map>

#include "charla/net/version.hpp"

namespace charla::app {
namespace {

using std::chrono::milliseconds;

struct parse_error {
  std::string sentence;
};

std::uint64_t to_unsigned(const std::string& option, const std::string& value, std::uint64_t max) {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n > max) {
    throw parse_error{option + " needs a whole number from 0 to " + std::to_string(max) + ", not \"" + value + "\""};
  }
  return n;
}

double to_number(const std::string& option, const std::string& value) {
  double d = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), d);
  if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(d) || d < 0) {
    throw parse_error{option + " needs a number of 0 or more, not \"" + value + "\""};
  }
  return d;
}

milliseconds seconds(const std::string& option, const std::string& value) {
  return milliseconds(static_cast<long>(std::llround(to_number(option, value) * 1000.0)));
}

std::uint16_t port_of(const std::string& option, const std::string& value) {
  return static_cast<std::uint16_t>(to_unsigned(option, value, 65535));
}

// Splits "HOST[:PORT]"; "[::1]:5000" for IPv6.
void split_address(const std::string& text, net::client_config& c) {
  std::string host = text;
  std::string port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string::npos) throw parse_error{"the address \"" + text + "\" is missing its ']'"};
    host = text.substr(1, close - 1);
    if (close + 1 < text.size() && text[close + 1] == ':') port = text.substr(close + 2);
  } else if (auto colon = text.rfind(':'); colon != std::string::npos && text.find(':') == colon) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (host.empty()) throw parse_error{"give the host's address, for example 192.168.1.20:5000"};
  c.host = host;
  if (!port.empty()) c.port = port_of("the port in " + text, port);
}

// Options: name -> handler taking the value (or "" for flags).
struct option_table {
  std::map<std::string, std::function<void(const std::string&)>, std::less<>> with_value;
  std::map<std::string, std::function<void()>, std::less<>> flags;
};

void run_table(const option_table& table, const std::vector<std::string>& args, std::size_t from,
               const std::string& command, std::vector<std::string>& positional) {
  for (std::size_t i = from; i < args.size(); ++i) {
    std::string arg = args[i];
    std::string value;
    bool inline_value = false;
    if (arg.rfind("--", 0) == 0) {
      if (auto eq = arg.find('='); eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        inline_value = true;
      }
    } else {
      positional.push_back(arg);
      continue;
    }
    if (auto f = table.flags.find(arg); f != table.flags.end()) {
      if (inline_value) throw parse_error{arg + " takes no value"};
      f->second();
      continue;
    }
    auto o = table.with_value.find(arg);
    if (o == table.with_value.end()) {
      throw parse_error{"unknown option " + arg + " for \"charla " + command + "\"; see charla " + command + " --help"};
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) throw parse_error{arg + " needs a value"};
      value = args[++i];
    }
    o->second(value);
  }
}

command_line parse_host(const std::vector<std::string>& args) {
  command_line cl;
  cl.what = command_line::mode::host;
  auto& s = cl.host.server;
  auto& lim = s.limits;
  option_table t;
  t.flags["--headless"] = [&] { cl.host.headless = true; };
  t.flags["--read-only"] = [&] { s.read_only = true; };
  t.flags["--quiet-messages"] = [&] { s.quiet_messages = true; };
  t.flags["--help"] = [&] {
    cl.what = command_line::mode::help;
    cl.text = host_help();
  };
  t.with_value["--port"] = [&](const std::string& v) { s.port = port_of("--port", v); };
  t.with_value["--bind"] = [&](const std::string& v) { s.bind_address = v; };
  t.with_value["--room"] = [&](const std::string& v) { s.room = v; };
  t.with_value["--pin"] = [&](const std::string& v) { s.pin = v; };
  t.with_value["--transcript"] = [&](const std::string& v) { s.transcript_path = v; };
  t.with_value["--name"] = [&](const std::string& v) { cl.host.name = v; };
  t.with_value["--screenshot"] = [&](const std::string& v) { cl.screenshot = v; };
  t.with_value["--max-object"] = [&](const std::string& v) {
    lim.max_object = to_unsigned("--max-object", v, 1u << 30);
  };
  t.with_value["--max-mensaje"] = [&](const std::string& v) {
    lim.max_text_bytes = to_unsigned("--max-mensaje", v, 1u << 30);
  };
  t.with_value["--rate"] = [&](const std::string& v) { lim.rate = to_number("--rate", v); };
  t.with_value["--burst"] = [&](const std::string& v) { lim.burst = to_number("--burst", v); };
  t.with_value["--hello-timeout"] = [&](const std::string& v) { lim.hello_timeout = seconds("--hello-timeout", v); };
  t.with_value["--max-connections"] = [&](const std::string& v) {
    lim.max_connections = to_unsigned("--max-connections", v, 1u << 24);
  };
  t.with_value["--max-queue"] = [&](const std::string& v) {
    lim.max_queue = to_unsigned("--max-queue", v, 1ull << 34);
  };
  t.with_value["--stall-timeout"] = [&](const std::string& v) { lim.stall_timeout = seconds("--stall-timeout", v); };
  t.with_value["--legacy-pace-ms"] = [&](const std::string& v) {
    lim.legacy_pace = milliseconds(to_unsigned("--legacy-pace-ms", v, 60000));
  };
  t.with_value["--history"] = [&](const std::string& v) { lim.history = to_unsigned("--history", v, 10'000'000); };
  t.with_value["--ping-interval"] = [&](const std::string& v) { lim.ping_interval = seconds("--ping-interval", v); };
  t.with_value["--heartbeat"] = [&](const std::string& v) { lim.heartbeat = seconds("--heartbeat", v); };
  t.with_value["--grace"] = [&](const std::string& v) { lim.grace = seconds("--grace", v); };
  t.with_value["--web-grace"] = [&](const std::string& v) { lim.web_grace = seconds("--web-grace", v); };
  t.with_value["--web"] = [&](const std::string& v) {
    if (v != "on" && v != "off") throw parse_error{"--web takes on or off, not \"" + v + "\""};
    s.web = v == "on";
  };
  t.with_value["--max-participants"] = [&](const std::string& v) {
    lim.max_participants = to_unsigned("--max-participants", v, 1u << 24);
  };
  t.with_value["--pin-backoff"] = [&](const std::string& v) { lim.pin_backoff = seconds("--pin-backoff", v); };
  t.with_value["--pin-backoff-max"] = [&](const std::string& v) {
    lim.pin_backoff_max = seconds("--pin-backoff-max", v);
  };
  std::vector<std::string> positional;
  run_table(t, args, 2, "host", positional);
  if (!positional.empty()) throw parse_error{"unexpected \"" + positional.front() + "\"; see charla host --help"};
  if (cl.what == command_line::mode::host) {
    if (lim.max_object < 256) throw parse_error{"--max-object must be at least 256 bytes"};
    if (lim.max_text_bytes == 0) throw parse_error{"--max-mensaje must be at least 1 byte"};
    if (lim.rate > 0 && lim.burst < 1) throw parse_error{"--burst must be at least 1 when --rate is set"};
    if (lim.history == 0) throw parse_error{"--history must keep at least 1 message"};
    if (lim.max_connections == 0) throw parse_error{"--max-connections must be at least 1"};
  }
  return cl;
}

command_line parse_join(const std::vector<std::string>& args) {
  command_line cl;
  cl.what = command_line::mode::join;
  auto& c = cl.join.client;
  option_table t;
  std::optional<std::uint16_t> port;
  t.flags["--headless"] = [&] { cl.join.headless = true; };
  t.flags["--json"] = [&] { cl.join.json = true; };
  t.flags["--help"] = [&] {
    cl.what = command_line::mode::help;
    cl.text = join_help();
  };
  t.with_value["--name"] = [&](const std::string& v) { c.name = v; };
  t.with_value["--pin"] = [&](const std::string& v) { c.pin = v; };
  t.with_value["--bind"] = [&](const std::string& v) { c.bind_address = v; };
  t.with_value["--port"] = [&](const std::string& v) { port = port_of("--port", v); };
  t.with_value["--screenshot"] = [&](const std::string& v) { cl.screenshot = v; };
  std::vector<std::string> positional;
  run_table(t, args, 2, "join", positional);
  if (cl.what != command_line::mode::join) return cl;
  if (positional.empty())
    throw parse_error{"say which room to join, for example: charla join 192.168.1.20:5000 --name Ana"};
  if (positional.size() > 1) throw parse_error{"unexpected \"" + positional[1] + "\"; see charla join --help"};
  split_address(positional.front(), c);
  if (port) c.port = *port;
  if (c.name.empty()) throw parse_error{"give your name with --name, for example --name Ana"};
  return cl;
}

}  // namespace

command_line parse_command_line(const std::vector<std::string>& args) {
  try {
    command_line cl;
    if (args.size() < 2) return cl;
    const std::string& first = args[1];
    if (first == "--version" || first == "-V") {
      cl.what = command_line::mode::version;
      cl.text = std::string("charla ") + charla::version;
    } else if (first == "--help" || first == "-h" || first == "help") {
      cl.what = command_line::mode::help;
      cl.text = general_help();
    } else if (first == "host") {
      return parse_host(args);
    } else if (first == "join") {
      return parse_join(args);
    } else if (first == "--screenshot" && args.size() == 3) {
      cl.screenshot = args[2];
    } else {
      throw parse_error{"unknown command \"" + first + "\"; use charla host, charla join or charla --help"};
    }
    return cl;
  } catch (const parse_error& e) {
    command_line cl;
    cl.what = command_line::mode::error;
    cl.text = e.sentence;
    return cl;
  }
}

std::string general_help() {
  return std::string("charla ") + charla::version +
         " - a classroom chat\n"
         "\n"
         "  charla                         open the window (Host or Join)\n"
         "  charla host [options]          start a room (see charla host --help)\n"
         "  charla join HOST[:PORT] --name NAME [options]\n"
         "                                 join a room (see charla join --help)\n"
         "  charla --version               print the version\n";
}

std::string host_help() {
  return "charla host: start a room and join it as its host.\n"
         "\n"
         "  --headless            no window: print the room's log until Ctrl+C\n"
         "  --port P              port to listen on (default 5000; 0 picks a free one)\n"
         "  --bind ADDRESS        address to listen on (default 0.0.0.0, every network)\n"
         "  --room NAME           the room's name (default charla)\n"
         "  --pin PIN             participants must give this PIN (seed clients cannot)\n"
         "  --transcript FILE     append every message to FILE and continue from it on restart\n"
         "  --read-only           only the host may write (students read); the host can switch it\n"
         "  --quiet-messages      the log says how long each message is, not what it says\n"
         "  --web on|off          serve the page and WebSocket for browsers on the same port\n"
         "                        (default on; docs/PROTOCOL.md section 11)\n"
         "  --name NAME           your name in the room (window only)\n"
         "  --screenshot FILE     save the window as PNG after the first frames and exit\n"
         "\n"
         "Limits (docs/PROTOCOL.md section 6):\n"
         "  --max-object BYTES    largest JSON object (default 65536); over it the channel closes\n"
         "  --max-mensaje BYTES   largest message text (default 8192); over it the message is refused\n"
         "  --rate N              messages per second per participant (default 10; 0: no limit)\n"
         "  --burst N             messages allowed at once above the rate (default 20)\n"
         "  --hello-timeout S     seconds a new connection has to say hello (default 5)\n"
         "  --max-connections N   connections at once (default 4096); more are refused\n"
         "  --max-queue BYTES     bytes waiting for one reader (default 1048576); over it the reader is closed\n"
         "  --stall-timeout S     seconds a reader may read nothing while bytes wait (default 10)\n"
         "  --legacy-pace-ms MS   gap between objects to a seed client (default 60; 0: none)\n"
         "  --history N           messages kept for replay (default 1000)\n"
         "  --ping-interval S     seconds of silence before a seed client's keepalive (default 15)\n"
         "  --heartbeat S         seconds of silence before a ping to a charla participant (default 3);\n"
         "                        three missed ones and the connection counts as dead\n"
         "  --grace S             seconds a dropped participant has to come back (default 10)\n"
         "  --web-grace S         the same for a browser, whose phone may lock its screen (default 120)\n"
         "  --max-participants N  participants at once (default 0: only --max-connections limits)\n"
         "  --pin-backoff S       wait after a wrong PIN from one computer, doubling per failure\n"
         "                        (default 1)\n"
         "  --pin-backoff-max S   the longest of those waits (default 60)\n"
         "\n"
         "Fixed limits:\n"
         "  a name has 1 to 32 characters; a session 32 hex digits; a cid at most 64 bytes\n"
         "  8 bad objects in a row on one connection close it\n"
         "  a reader with more than twice --max-queue plus 256 KiB waiting is closed at once\n"
         "  the last 4096 cids of each session are remembered, so resends are not repeated\n"
         "  cids, kicks and mutes of at most 10000 sessions are remembered, each for 24 hours after\n"
         "    its last use; wrong PINs of at most 10000 addresses, for an hour\n"
         "  a reader without `since` gets the last 200 messages; the listen backlog is 1024\n"
         "  charla raises its open-file limit to fit --max-connections and logs it if it cannot\n"
         "\n"
         "With --headless, SIGUSR1 prints the counters (connections, messages, each refusal),\n"
         "and these commands, typed one a line, moderate the room:\n"
         "  /kick NAME [REASON]   remove NAME (REASON is what they read)\n"
         "  /mute NAME            refuse NAME's messages until /unmute NAME\n"
         "  /readonly on|off      only the host may write / everyone may again\n"
         "  /counters             print the counters (on Windows, which has no SIGUSR1)\n"
         "  /quit                 close the room and exit, as Ctrl+C does\n"
         "  /help                 (a name with spaces in double quotes: /kick \"Ana María\")\n"
         "In the window the host mutes and removes participants with the buttons beside them.\n";
}

std::string join_help() {
  return "charla join HOST[:PORT] --name NAME: join a room.\n"
         "\n"
         "  --name NAME           your name in the room (1 to 32 characters)\n"
         "  --pin PIN             the room's PIN, if it has one\n"
         "  --port P              the port, if not given in HOST:PORT (default 5000)\n"
         "  --headless            no window: send each line of stdin, print the room on stdout\n"
         "  --json                with --headless: print every event as a JSON line\n"
         "  --bind ADDRESS        connect from this local address\n"
         "  --screenshot FILE     save the window as PNG after the first frames and exit\n"
         "\n"
         "Headless output: [HH:MM:SS] autor: mensaje, * Bo joined, * Bo left (reason),\n"
         "! code: detail. At the end of stdin it waits up to 5 s for its messages to be\n"
         "confirmed, then exits.\n";
}

}  // namespace charla::app
