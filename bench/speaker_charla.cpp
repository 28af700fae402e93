// charla's v1 protocol (docs/PROTOCOL.md): a read channel whose hello
// carries the session and name, then a write channel; ready once the
// welcome has arrived. Messages carry a cid; readers count "msg" events.
//
// Each channel is a TCP connection (target charla) or a WebSocket on /ws
// (charla-ws: one object per text frame, no newline), or, in charla-mixed,
// TCP for even clients and WebSocket for odd ones: the room's cost of a
// web participant next to a desktop one.
//
// The fast path cuts the server's output at '\n' (the server ends every
// object with one) or at the frame, and finds "mensaje" by text; --strict
// uses charla's own stream_decoder and json_reader instead. Replayed
// history (a server that served earlier runs) is not counted.
#include <cstring>
#include <functional>
#include <memory>

#include "bench/shard.hpp"
#include "bench/speakers.hpp"
#include "bench/websocket.hpp"
#include "net/codec.hpp"
#include "net/framing.hpp"

namespace charla::bench {
namespace {

constexpr int welcomed = 1, writer_up = 2;

// A channel over WebSocket: before the 101 answer, then frames.
struct ws_state : link_state {
  bool upgraded = false;
  std::function<void()> when_open;
};

class charla_speaker final : public speaker {
 public:
  charla_speaker(shard& owner, target t) : speaker(owner), target_(t) {
    std::uint32_t seed = 1;
    websocket::append_text_frame(bye_frame_, bye, seed);
  }

  void open(client& c) override {
    c.reader = std::make_unique<link>(shard_, c, link::role::reader);
    c.writer = std::make_unique<link>(shard_, c, link::role::writer);
    for (link* l : {c.reader.get(), c.writer.get()}) {
      if (over_websocket(c))
        l->state = std::make_unique<ws_state>();
      else if (shard_.opts().strict)
        l->state = std::make_unique<strict_state>();
    }
    open_channel(*c.reader, "read channel", [this, &c] {
      say(*c.reader, hello(c, "read"));
      open_channel(*c.writer, "write channel", [this, &c] {
        say(*c.writer, hello(c, "write"));
        step(c, writer_up);
      });
    });
  }

  std::size_t on_bytes(link& l, std::string_view data, std::int64_t now) override {
    if (over_websocket(l.owner())) return websocket_bytes(l, data, now);
    if (l.state) return strict_bytes(l, data, now);
    return for_each_line(data, [&](std::string_view line) { on_line(l, line, now); });
  }

  void write_message(client& c, const payload_header& h) override {
    const bool ws = over_websocket(c);
    std::string& out = ws ? scratch_ : c.writer->out();
    if (ws) out.clear();
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
    out += "\"}";
    if (ws)
      websocket::append_text_frame(c.writer->out(), out, mask_seed_);
    else
      out += '\n';
  }

  std::string_view goodbye(const client& c) const override {
    return over_websocket(c) ? std::string_view(bye_frame_) : std::string_view(bye_line);
  }

 private:
  static constexpr std::string_view bye = "{\"type\":\"bye\"}";
  static constexpr std::string_view bye_line = "{\"type\":\"bye\"}\n";

  bool over_websocket(const client& c) const {
    return target_ == target::charla_ws || (target_ == target::charla_mixed && c.index % 2 == 1);
  }

  // Connects `l`, upgrades it when it is a WebSocket, then calls `then`.
  void open_channel(link& l, const char* what, std::function<void()> then) {
    l.connect([this, &l, what, then = std::move(then)](const std::error_code& ec) {
      if (ec) return shard_.client_failed(l.owner(), std::string(what) + ": " + ec.message());
      l.start_reading();
      if (auto* ws = dynamic_cast<ws_state*>(l.state.get())) {
        ws->when_open = then;
        l.send(websocket::upgrade_request(shard_.opts().host, shard_.opts().port, "/ws"));
      } else {
        then();
      }
    });
  }

  // One object, as a line or as a text frame.
  void say(link& l, std::string_view object) {
    if (over_websocket(l.owner())) {
      websocket::append_text_frame(l.out(), object, mask_seed_);
    } else {
      l.out() += object;
      l.out() += '\n';
    }
    l.mark();
  }

  static std::string hello(const client& c, const char* type) {
    return std::string("{\"type\":\"") + type + "\",\"v\":1,\"session\":\"" + c.session + "\",\"autor\":\"" + c.name +
           "\"}";
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

  std::size_t websocket_bytes(link& l, std::string_view data, std::int64_t now) {
    auto& ws = static_cast<ws_state&>(*l.state);
    std::size_t used = 0;
    if (!ws.upgraded) {
      auto answer = websocket::read_answer(data);
      if (answer.used == 0) return 0;
      if (!answer.accepted) {
        shard_.client_failed(l.owner(), "upgrade refused: " + std::string(answer.first));
        return data.size();
      }
      ws.upgraded = true;
      used = answer.used;
      auto then = std::move(ws.when_open);
      then();
    }
    const bool strict = shard_.opts().strict;
    return used +
           websocket::for_each_frame(data.substr(used), [&](websocket::frame_kind kind, std::string_view payload) {
             switch (kind) {
               case websocket::frame_kind::text:
                 if (strict)
                   strict_object(l, payload, now);
                 else
                   on_line(l, payload, now);
                 break;
               case websocket::frame_kind::ping:
                 websocket::append_pong(l.out(), payload, mask_seed_);
                 l.mark();
                 break;
               case websocket::frame_kind::malformed:
                 shard_.on_malformed("a WebSocket frame the generator cannot read");
                 break;
               default:
                 break;  // a close: the TCP close that follows is reported
             }
           });
  }

  std::size_t strict_bytes(link& l, std::string_view data, std::int64_t now) {
    auto& decoder = static_cast<strict_state&>(*l.state).decoder;
    auto status = decoder.feed(data, [&](net::stream_decoder::kind kind, std::string_view text) {
      if (kind != net::stream_decoder::kind::object) return shard_.on_malformed(text);
      strict_object(l, text, now);
    });
    if (status == net::stream_decoder::status::too_large) shard_.on_malformed("an object over 1 MiB");
    return data.size();
  }

  void strict_object(link& l, std::string_view text, std::int64_t now) {
    auto result = reader_.read(text);
    if (!result.value) return shard_.on_malformed(result.problem + ": " + std::string(text));
    if (auto* m = std::get_if<net::chat_msg>(&*result.value)) {
      if (!m->replay) shard_.on_delivery(l.owner(), m->text, now);
    } else if (std::holds_alternative<net::welcome>(*result.value)) {
      step(l.owner(), welcomed);
    } else if (std::holds_alternative<net::error_event>(*result.value)) {
      error(l, text);
    }
  }

  void error(link& l, std::string_view text) {
    client& c = l.owner();
    if (!c.ready)
      shard_.client_failed(c, std::string(text));
    else
      shard_.on_server_error(text);
  }

  target target_;
  net::json_reader reader_;
  std::string scratch_, bye_frame_;
  std::uint32_t mask_seed_ = 0x2545F491u;
};

}  // namespace

std::unique_ptr<speaker> make_charla_speaker(shard& owner, target t) {
  return std::make_unique<charla_speaker>(owner, t);
}

}  // namespace charla::bench
