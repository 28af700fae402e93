#pragma once
// A protocol as the generator speaks it: how a client connects and says
// hello, how a message is written, and how the server's bytes are read.
// One speaker per shard, so a speaker needs no locks.

#include <cstdint>
#include <memory>
#include <string_view>

#include "bench/client.hpp"
#include "bench/link.hpp"
#include "bench/options.hpp"
#include "bench/payload.hpp"
#include "net/framing.hpp"

namespace charla::bench {

class shard;

class speaker {
 public:
  explicit speaker(shard& owner) : shard_(owner) {}
  virtual ~speaker() = default;

  // Opens the client's links and says hello; calls shard::client_ready (or
  // shard::client_failed) once, when the client can send and receive.
  virtual void open(client& c) = 0;

  // Bytes from the server on `l`. Returns how many were used; the rest is
  // given again, with more, on the next call.
  virtual std::size_t on_bytes(link& l, std::string_view data, std::int64_t now_ns) = 0;

  // Appends one chat message to the client's outgoing bytes.
  virtual void write_message(client& c, const payload_header& h) = 0;

  // A message every other client sees but the benchmark does not count
  // (legacy readiness probes).
  virtual void write_probe(client&) {}

  // Last words of client `c` before the generator closes its links.
  virtual std::string_view goodbye(const client& c) const {
    (void)c;
    return {};
  }

 protected:
  shard& shard_;
};

// With --strict, each link frames what it reads with the project's own
// stream decoder (objects up to 1 MiB) instead of splitting lines.
struct strict_state : link_state {
  net::stream_decoder decoder{1 << 20};
};

// Calls on_line(line) for each complete line of data, without its '\n'.
// Returns the bytes used: a partial last line is given again, with more.
template <typename F>
std::size_t for_each_line(std::string_view data, F&& on_line) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    const std::size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) break;
    on_line(data.substr(pos, end - pos));
    pos = end + 1;
  }
  return pos;
}

// make_speaker: see speakers.hpp.

}  // namespace charla::bench
