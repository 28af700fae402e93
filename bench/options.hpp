#pragma once
// charla-bench's command line: a target server, a workload (a named preset
// or flags), and how the generator runs.

#include <cstdint>
#include <optional>
#include <string>

namespace charla::bench {

// The protocol spoken to the server under test: charla's v1 channels over
// TCP, over WebSocket, or half and half; seed clients; Redis pub/sub; NATS;
// a plain WebSocket broadcast server.
enum class target { charla, charla_ws, charla_mixed, legacy, redis, nats, ws };

struct options {
  target kind = target::charla;
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  int server_pid = 0;  // for CPU and memory from /proc; 0: not reported

  std::string workload = "custom";
  std::size_t clients = 100;
  std::size_t senders = 10;
  double rate = 0;             // messages per second, all senders together; 0: window-bound
  double duration = 10;        // seconds of sending (W4: seconds of idling)
  std::uint64_t messages = 0;  // per sender; 0: until the duration ends
  std::size_t size = 100;      // bytes of message text
  std::size_t window = 64;     // messages in flight per sender
  std::size_t sockets = 0;     // idle server sockets to open (W4); sets clients

  int threads = 1;                   // generator threads, each with its own io_context
  std::size_t connect_window = 256;  // clients setting up at once
  double setup_timeout = 60;
  double drain_timeout = 10;
  bool cid = true;      // charla v1: send a cid with every message
  bool strict = false;  // charla: parse with charla's own framing and codec
  bool check = false;   // exit 1 on loss, duplicates or errors
  bool kv = false;      // one key=value result line instead of the report
};

// Parses argv. Returns nullopt and fills `message` for --help (empty
// message) or a usage error.
std::optional<options> parse_options(int argc, char** argv, std::string& message);

std::string usage();
const char* to_string(target t);

// Server sockets a client of this target opens.
std::size_t sockets_per_client(target t, bool sender);

}  // namespace charla::bench
