// A plain WebSocket broadcast server (target ws): what a school could run
// instead, such as the broadcast example of Node's ws or of Python's
// websockets (bench/ws_broadcast.mjs, bench/ws_broadcast.py). Every text
// frame a client sends goes to every client, the sender included: that echo
// is its receipt. One WebSocket per client, on /, no hello.
#include <memory>

#include "bench/shard.hpp"
#include "bench/speakers.hpp"
#include "bench/websocket.hpp"

namespace charla::bench {
namespace {

struct ws_state : link_state {
  bool upgraded = false;
};

class ws_speaker final : public speaker {
 public:
  using speaker::speaker;

  void open(client& c) override {
    c.reader = std::make_unique<link>(shard_, c, link::role::reader);
    c.reader->state = std::make_unique<ws_state>();
    c.reader->connect([this, &c](const std::error_code& ec) {
      if (ec) return shard_.client_failed(c, "WebSocket: " + ec.message());
      c.reader->start_reading();
      c.reader->send(websocket::upgrade_request(shard_.opts().host, shard_.opts().port, "/"));
    });
  }

  std::size_t on_bytes(link& l, std::string_view data, std::int64_t now) override {
    auto& state = static_cast<ws_state&>(*l.state);
    std::size_t used = 0;
    if (!state.upgraded) {
      auto answer = websocket::read_answer(data);
      if (answer.used == 0) return 0;
      if (!answer.accepted) {
        shard_.client_failed(l.owner(), "upgrade refused: " + std::string(answer.first));
        return data.size();
      }
      state.upgraded = true;
      used = answer.used;
      shard_.client_ready(l.owner());
    }
    return used +
           websocket::for_each_frame(data.substr(used), [&](websocket::frame_kind kind, std::string_view payload) {
             switch (kind) {
               case websocket::frame_kind::text:
                 shard_.on_delivery(l.owner(), payload, now);
                 break;
               case websocket::frame_kind::ping:
                 websocket::append_pong(l.out(), payload, mask_seed_);
                 l.mark();
                 break;
               case websocket::frame_kind::malformed:
                 shard_.on_malformed("a WebSocket frame the generator cannot read");
                 break;
               default:
                 break;
             }
           });
  }

  void write_message(client& c, const payload_header& h) override {
    scratch_.clear();
    append_payload(scratch_, h, shard_.opts().size);
    websocket::append_text_frame(c.reader->out(), scratch_, mask_seed_);
  }

 private:
  std::string scratch_;
  std::uint32_t mask_seed_ = 0x2545F491u;
};

}  // namespace

std::unique_ptr<speaker> make_ws_speaker(shard& owner) {
  return std::make_unique<ws_speaker>(owner);
}

}  // namespace charla::bench
