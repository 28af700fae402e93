// The seed protocol (the legacy dialect of docs/PROTOCOL.md), as a seed client speaks
// it: {"type":"read"} then {"type":"write"}, each client from its own
// 127.x.y.z so the server pairs its channels by IP; messages are
// {"autor","mensaje"} with no newline. Nothing confirms a seed client is
// paired, so the run sends probes (shard.cpp) until every reader saw one.
#include <cstring>
#include <memory>

#include "bench/shard.hpp"
#include "bench/speakers.hpp"
#include "net/codec.hpp"
#include "net/framing.hpp"

namespace charla::bench {
namespace {

constexpr std::string_view probe_text = "probe";

class legacy_speaker final : public speaker {
 public:
  using speaker::speaker;

  void open(client& c) override {
    c.reader = std::make_unique<link>(shard_, c, link::role::reader);
    c.writer = std::make_unique<link>(shard_, c, link::role::writer);
    if (shard_.opts().strict) c.reader->state = std::make_unique<strict_state>();
    // The seed client opens its channels one after the other.
    c.reader->connect([this, &c](const std::error_code& ec) {
      if (ec) return shard_.client_failed(c, "read channel: " + ec.message());
      c.reader->start_reading();
      c.reader->send("{\"type\":\"read\"}");
      c.writer->connect([this, &c](const std::error_code& ec) {
        if (ec) return shard_.client_failed(c, "write channel: " + ec.message());
        c.writer->start_reading();
        c.writer->send("{\"type\":\"write\"}");
        shard_.client_ready(c);
      });
    });
  }

  std::size_t on_bytes(link& l, std::string_view data, std::int64_t now) override {
    if (l.kind() == link::role::writer) return data.size();  // a seed server says nothing there
    if (l.state) return strict_bytes(l, data, now);
    return for_each_line(data, [&](std::string_view line) { on_line(l, line, now); });
  }

  void write_message(client& c, const payload_header& h) override {
    std::string& out = c.writer->out();
    out += "{\"autor\":\"";
    out += c.name;
    out += "\",\"mensaje\":\"";
    append_payload(out, h, shard_.opts().size);
    out += "\"}";
  }

  void write_probe(client& c) override {
    c.writer->send("{\"autor\":\"" + c.name + "\",\"mensaje\":\"" + std::string(probe_text) + "\"}");
  }

 private:
  void on_text(link& l, std::string_view author, std::string_view text, std::int64_t now) {
    if (author.empty()) return;  // the keepalive
    if (text == probe_text) return shard_.on_probe(l.owner());
    shard_.on_delivery(l.owner(), text, now);
  }

  void on_line(link& l, std::string_view line, std::int64_t now) {
    static constexpr std::string_view autor = "{\"autor\":\"", key = "\"mensaje\":\"";
    if (!line.starts_with(autor)) return shard_.on_malformed(line);
    auto author_end = line.find('"', autor.size());
    auto at = line.find(key, author_end);
    auto from = at + key.size();
    auto to = at == std::string_view::npos ? at : line.find('"', from);
    if (to == std::string_view::npos) return shard_.on_malformed(line);
    on_text(l, line.substr(autor.size(), author_end - autor.size()), line.substr(from, to - from), now);
  }

  std::size_t strict_bytes(link& l, std::string_view data, std::int64_t now) {
    auto& decoder = static_cast<strict_state&>(*l.state).decoder;
    auto status = decoder.feed(data, [&](net::stream_decoder::kind kind, std::string_view text) {
      if (kind != net::stream_decoder::kind::object) return shard_.on_malformed(text);
      auto result = reader_.read(text);
      auto* m = result.value ? std::get_if<net::chat_in>(&*result.value) : nullptr;
      if (!m) return shard_.on_malformed(std::string(text));
      on_text(l, m->author, m->text, now);
    });
    if (status == net::stream_decoder::status::too_large) shard_.on_malformed("an object over 1 MiB");
    return data.size();
  }

  net::json_reader reader_;
};

}  // namespace

std::unique_ptr<speaker> make_legacy_speaker(shard& owner) {
  return std::make_unique<legacy_speaker>(owner);
}

}  // namespace charla::bench
