// charla's v1 protocol (docs/PROTOCOL.md): a read channel whose hello
// carries the session and name, then a write channel; ready once the
// welcome has arrived. Messages carry a cid; readers count "msg" events.
//
// The fast path cuts the server's output at '\n' (the server ends every
// object with one) and finds "mensaje" by text; --strict uses charla's own
// stream_decoder and json_reader instead. Replayed history (a server that
// served earlier runs) is not counted.
#include <cstring>
#include <memory>

#include "bench/shard.hpp"
#include "bench/speakers.hpp"
#include "net/codec.hpp"
#include "net/framing.hpp"

namespace charla::bench {
namespace {

constexpr int welcomed = 1, writer_up = 2;

class charla_speaker final : public speaker {
 public:
  using speaker::speaker;

  void open(client& c) override {
    c.reader = std::make_unique<link>(shard_, c, link::role::reader);
    c.writer = std::make_unique<link>(shard_, c, link::role::writer);
    if (shard_.opts().strict) {
      c.reader->state = std::make_unique<strict_state>();
      c.writer->state = std::make_unique<strict_state>();
    }
    c.reader->connect([this, &c](const std::error_code& ec) {
      if (ec) return shard_.client_failed(c, "read channel: " + ec.message());
      c.reader->start_reading();
      c.reader->send(hello(c, "read"));
      c.writer->connect([this, &c](const std::error_code& ec) {
        if (ec) return shard_.client_failed(c, "write channel: " + ec.message());
        c.writer->start_reading();
        c.writer->send(hello(c, "write"));
        step(c, writer_up);
      });
    });
  }

  std::size_t on_bytes(link& l, std::string_view data, std::int64_t now) override {
    if (l.state) return strict_bytes(l, data, now);
    return for_each_line(data, [&](std::string_view line) { on_line(l, line, now); });
  }

  void write_message(client& c, const payload_header& h) override {
    std::string& out = c.writer->out();
    out += "{\"autor\":\"";
    out += c.name;
    out += "\",\"mensaje\":\"";
    append_payload(out, h, shard_.opts().size);
    if (shard_.opts().cid) {
      out += "\",\"cid\":\"";
      out += std::to_string(h.sender);
      out += '-';
      out += std::to_string(h.seq);
    }
    out += "\"}\n";
  }

  std::string_view goodbye() const override { return "{\"type\":\"bye\"}\n"; }

 private:
  static std::string hello(const client& c, const char* type) {
    return std::string("{\"type\":\"") + type + "\",\"v\":1,\"session\":\"" + c.session + "\",\"autor\":\"" + c.name +
           "\"}\n";
  }

  void step(client& c, int done) {
    c.steps |= done;
    if (c.steps == (welcomed | writer_up)) shard_.client_ready(c);
  }

  void on_line(link& l, std::string_view line, std::int64_t now) {
    static constexpr std::string_view msg = "{\"type\":\"msg\"", key = "\"mensaje\":\"";
    if (line.starts_with(msg)) {
      if (line.ends_with(",\"replay\":true}")) return;  // history from before this run
      auto at = line.find(key, msg.size());
      auto from = at + key.size();
      auto to = at == std::string_view::npos ? at : line.find('"', from);
      if (to == std::string_view::npos) return shard_.on_malformed(line);
      shard_.on_delivery(l.owner(), line.substr(from, to - from), now);
    } else if (line.starts_with("{\"type\":\"welcome\"")) {
      step(l.owner(), welcomed);
    } else if (line.starts_with("{\"type\":\"error\"")) {
      error(l, line);
    }
    // join, leave and ping events are not counted.
  }

  std::size_t strict_bytes(link& l, std::string_view data, std::int64_t now) {
    auto& decoder = static_cast<strict_state&>(*l.state).decoder;
    auto status = decoder.feed(data, [&](net::stream_decoder::kind kind, std::string_view text) {
      if (kind != net::stream_decoder::kind::object) return shard_.on_malformed(text);
      auto result = reader_.read(text);
      if (!result.value) return shard_.on_malformed(result.problem + ": " + std::string(text));
      if (auto* m = std::get_if<net::chat_msg>(&*result.value)) {
        if (!m->replay) shard_.on_delivery(l.owner(), m->text, now);
      } else if (std::holds_alternative<net::welcome>(*result.value)) {
        step(l.owner(), welcomed);
      } else if (std::holds_alternative<net::error_event>(*result.value)) {
        error(l, text);
      }
    });
    if (status == net::stream_decoder::status::too_large) shard_.on_malformed("an object over 1 MiB");
    return data.size();
  }

  void error(link& l, std::string_view text) {
    client& c = l.owner();
    if (!c.ready)
      shard_.client_failed(c, std::string(text));
    else
      shard_.on_server_error(text);
  }

  net::json_reader reader_;
};

}  // namespace

std::unique_ptr<speaker> make_charla_speaker(shard& owner) {
  return std::make_unique<charla_speaker>(owner);
}

}  // namespace charla::bench
