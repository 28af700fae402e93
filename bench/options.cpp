#include "bench/options.hpp"

#include <asio/ip/address.hpp>

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace charla::bench {
namespace {

// The workloads of docs/BENCHMARKS.md section 1. W4's client count follows from its sockets.
bool apply_preset(const std::string& name, options& o) {
  if (name == "W1") {  // classroom
    o.clients = 100, o.senders = 10, o.rate = 500, o.duration = 10, o.messages = 0;
  } else if (name == "W2") {  // burst fan-out
    o.clients = 1000, o.senders = 1, o.rate = 0, o.duration = 60, o.messages = 2000;
  } else if (name == "W3") {  // many talkers
    o.clients = 200, o.senders = 200, o.rate = 0, o.duration = 5, o.messages = 0;
  } else if (name == "W4") {  // idle sockets
    o.sockets = 5000, o.senders = 0, o.rate = 0, o.duration = 2, o.messages = 0;
  } else {
    return false;
  }
  o.workload = name;
  o.size = 100;
  o.window = 64;
  return true;
}

template <typename T>
bool number(std::string_view text, T& out) {
  auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

bool real(std::string_view text, double& out) {
  std::string s(text);
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size() && out >= 0;
}

}  // namespace

const char* to_string(target t) {
  switch (t) {
    case target::charla:
      return "charla";
    case target::charla_ws:
      return "charla-ws";
    case target::charla_mixed:
      return "charla-mixed";
    case target::ws:
      return "ws";
    case target::legacy:
      return "charla-legacy";
    case target::redis:
      return "redis";
    case target::nats:
      return "nats";
  }
  return "?";
}

std::size_t sockets_per_client(target t, bool sender) {
  switch (t) {
    case target::charla:
    case target::charla_ws:
    case target::charla_mixed:
    case target::legacy:
      return 2;  // read and write channels
    case target::ws:
      return 1;
    case target::redis:
      return sender ? 2 : 1;  // a subscriber cannot publish
    case target::nats:
      return 1;
  }
  return 1;
}

std::string usage() {
  return R"(charla-bench: load generator for charla, Redis pub/sub, NATS and WebSocket
broadcast servers (loopback only)

  charla-bench --target charla|charla-ws|charla-mixed|legacy|redis|nats|ws --port P [options]

Server:
  --target T            protocol: charla (v1 over TCP), charla-ws (v1, each
                        channel a WebSocket on /ws), charla-mixed (even clients
                        TCP, odd ones WebSocket), legacy (seed clients, each on
                        its own 127.x.y.z), redis (pub/sub), nats, ws (a
                        WebSocket broadcast server: every text frame to every
                        client, the sender too) (default charla)
  --host ADDRESS        server address, inside 127.0.0.0/8 (default 127.0.0.1)
  --port P              server port (required)
  --server-pid PID      report the server's CPU seconds and memory from /proc

Workload:
  --workload NAME       preset: W1 classroom (100 clients, 10 senders, 500 msg/s,
                        10 s), W2 burst fan-out (1000 clients, 1 sender, 2000
                        messages), W3 many talkers (200 clients all sending flat
                        out, 5 s), W4 idle sockets (5000 server sockets, 2 s idle).
                        Flags after it change the preset.
  --clients N           participants, each receiving every message (default 100)
  --senders N           participants that also send (default 10)
  --rate R              messages per second of all senders together; 0 = as fast
                        as the window allows (default 0)
  --duration S          seconds of sending; W4: seconds idle (default 10)
  --messages N          messages per sender; 0 = until the duration ends
  --size BYTES          message text size (default 100)
  --window N            messages in flight per sender (default 64)
  --sockets N           open N idle server sockets (sets --clients, no senders)

Generator:
  --threads N           generator threads, each with its own share of the clients
                        (default 1)
  --connect-window N    clients setting up at once (default 256)
  --setup-timeout S     give up connecting after S seconds (default 60)
  --drain-timeout S     wait at most S seconds for deliveries after sending stops
                        (default 10)
  --no-cid              charla v1: send messages without a cid
  --strict              charla: parse everything with charla's framing and codec
  --check               exit status 1 on any loss, duplicate or server error
  --kv                  print one "key=value ..." line instead of the report
)";
}

std::optional<options> parse_options(int argc, char** argv, std::string& message) {
  options o;
  // A preset first, wherever it appears, so that other flags refine it.
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string_view(argv[i]) == "--workload" && !apply_preset(argv[i + 1], o)) {
      message = "unknown workload \"" + std::string(argv[i + 1]) + "\" (W1, W2, W3 or W4)";
      return std::nullopt;
    }
  }
  bool clients_given = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    auto value = [&](std::string_view& out) {
      if (i + 1 >= argc) {
        message = std::string(flag) + " needs a value";
        return false;
      }
      out = argv[++i];
      return true;
    };
    auto bad = [&](std::string_view v) {
      message = "bad value for " + std::string(flag) + ": \"" + std::string(v) + "\"";
      return std::nullopt;
    };
    std::string_view v;
    if (flag == "--help" || flag == "-h") {
      message.clear();
      return std::nullopt;
    } else if (flag == "--no-cid") {
      o.cid = false;
    } else if (flag == "--strict") {
      o.strict = true;
    } else if (flag == "--check") {
      o.check = true;
    } else if (flag == "--kv") {
      o.kv = true;
    } else if (!value(v)) {
      return std::nullopt;
    } else if (flag == "--workload") {
      // applied above
    } else if (flag == "--target") {
      if (v == "charla")
        o.kind = target::charla;
      else if (v == "legacy")
        o.kind = target::legacy;
      else if (v == "redis")
        o.kind = target::redis;
      else if (v == "nats")
        o.kind = target::nats;
      else if (v == "charla-ws")
        o.kind = target::charla_ws;
      else if (v == "charla-mixed")
        o.kind = target::charla_mixed;
      else if (v == "ws")
        o.kind = target::ws;
      else
        return bad(v);
    } else if (flag == "--host") {
      o.host = std::string(v);
    } else if (flag == "--port") {
      if (!number(v, o.port) || o.port == 0) return bad(v);
    } else if (flag == "--server-pid") {
      if (!number(v, o.server_pid)) return bad(v);
    } else if (flag == "--clients") {
      if (!number(v, o.clients) || o.clients == 0) return bad(v);
      clients_given = true;
    } else if (flag == "--senders") {
      if (!number(v, o.senders)) return bad(v);
    } else if (flag == "--rate") {
      if (!real(v, o.rate)) return bad(v);
    } else if (flag == "--duration") {
      if (!real(v, o.duration)) return bad(v);
    } else if (flag == "--messages") {
      if (!number(v, o.messages)) return bad(v);
    } else if (flag == "--size") {
      if (!number(v, o.size) || o.size == 0) return bad(v);
    } else if (flag == "--window") {
      if (!number(v, o.window) || o.window == 0) return bad(v);
    } else if (flag == "--sockets") {
      if (!number(v, o.sockets)) return bad(v);
    } else if (flag == "--threads") {
      if (!number(v, o.threads) || o.threads < 1 || o.threads > 64) return bad(v);
    } else if (flag == "--connect-window") {
      if (!number(v, o.connect_window) || o.connect_window == 0) return bad(v);
    } else if (flag == "--setup-timeout") {
      if (!real(v, o.setup_timeout)) return bad(v);
    } else if (flag == "--drain-timeout") {
      if (!real(v, o.drain_timeout)) return bad(v);
    } else {
      message = "unknown option " + std::string(flag) + " (see --help)";
      return std::nullopt;
    }
  }
  if (o.port == 0) {
    message = "--port is required";
    return std::nullopt;
  }
  std::error_code ec;
  auto address = asio::ip::make_address_v4(o.host, ec);
  if (ec || (address.to_uint() >> 24) != 127) {
    message = "--host must be an IPv4 loopback address (127.0.0.0/8)";
    return std::nullopt;
  }
  if (o.sockets > 0) {
    o.senders = 0;
    if (!clients_given) {
      std::size_t per = sockets_per_client(o.kind, false);
      o.clients = (o.sockets + per - 1) / per;
    }
  }
  if (o.senders > o.clients) {
    message = "--senders cannot exceed --clients";
    return std::nullopt;
  }
  if (o.kind == target::legacy && o.senders > 0 && o.clients < 2 * static_cast<std::size_t>(o.threads)) {
    message = "legacy runs need at least two clients per generator thread (receipts come from another client)";
    return std::nullopt;
  }
  if (o.senders > 0 && o.messages == 0 && o.duration <= 0) {
    message = "give --duration or --messages";
    return std::nullopt;
  }
  return o;
}

}  // namespace charla::bench
