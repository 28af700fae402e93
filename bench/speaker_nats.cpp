// NATS's client protocol (docs.nats.io, "Client Protocol"), spoken directly:
// wait for INFO, send CONNECT, SUB and PING, ready at the PONG. A client
// publishes and subscribes on one connection; with echo on (the default)
// the server sends a publisher its own messages: that echo is its receipt.
//
// libnats (the C client) is not used on this path: it hands each message to
// a delivery thread through a locked queue, one allocation per message,
// which at a million deliveries a second would make the generator, not the
// server, the bottleneck.
#include <charconv>
#include <cstring>
#include <memory>

#include "bench/shard.hpp"
#include "bench/speakers.hpp"

namespace charla::bench {
namespace {

constexpr std::string_view subject = "charla.bench";
constexpr int greeted = 1;

class nats_speaker final : public speaker {
 public:
  using speaker::speaker;

  void open(client& c) override {
    c.reader = std::make_unique<link>(shard_, c, link::role::reader);
    c.reader->connect([this, &c](const std::error_code& ec) {
      if (ec) return shard_.client_failed(c, ec.message());
      c.reader->start_reading();
    });
  }

  std::size_t on_bytes(link& l, std::string_view data, std::int64_t now) override {
    std::size_t pos = 0;
    while (pos < data.size()) {
      auto* nl = static_cast<const char*>(std::memchr(data.data() + pos, '\n', data.size() - pos));
      if (!nl) break;
      auto line_end = static_cast<std::size_t>(nl - data.data());
      std::string_view line = data.substr(pos, line_end - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.starts_with("MSG ")) {
        // MSG <subject> <sid> [reply-to] <#bytes>
        auto space = line.rfind(' ');
        std::size_t len = 0;
        auto r = std::from_chars(line.data() + space + 1, line.data() + line.size(), len);
        if (r.ec != std::errc()) {
          shard_.on_malformed(line);
          l.close();
          return data.size();
        }
        std::size_t body = line_end + 1;
        if (body + len + 2 > data.size()) break;  // wait for the rest
        shard_.on_delivery(l.owner(), data.substr(body, len), now);
        pos = body + len + 2;
        continue;
      }
      on_control(l, line);
      pos = line_end + 1;
    }
    return pos;
  }

  void write_message(client& c, const payload_header& h) override {
    scratch_.clear();
    append_payload(scratch_, h, shard_.opts().size);
    std::string& out = c.reader->out();
    out += "PUB ";
    out += subject;
    out += ' ';
    out += std::to_string(scratch_.size());
    out += "\r\n";
    out += scratch_;
    out += "\r\n";
  }

 private:
  void on_control(link& l, std::string_view line) {
    client& c = l.owner();
    if (line == "PING") {
      l.send("PONG\r\n");
    } else if (line == "PONG") {
      if (c.steps & greeted) shard_.client_ready(c);
    } else if (line.starts_with("INFO ")) {
      if (c.steps & greeted) return;
      c.steps |= greeted;
      std::string hello = "CONNECT {\"verbose\":false,\"pedantic\":false,\"tls_required\":false,\"name\":\"" + c.name +
                          "\",\"lang\":\"c++\",\"version\":\"1\",\"protocol\":1,\"echo\":true}\r\nSUB ";
      hello += subject;
      hello += " 1\r\nPING\r\n";
      l.send(hello);
    } else if (line.starts_with("-ERR")) {
      if (!c.ready)
        shard_.client_failed(c, std::string(line));
      else
        shard_.on_server_error(line);
    }
    // +OK: nothing to do.
  }

  std::string scratch_;
};

}  // namespace

std::unique_ptr<speaker> make_nats_speaker(shard& owner) {
  return std::make_unique<nats_speaker>(owner);
}

}  // namespace charla::bench
