// Redis pub/sub through hiredis: commands are made by redisFormatCommand and
// replies parsed by hiredis's reader. The reader is given object functions
// that build nothing: a message's payload is counted the moment the parser
// finds it, so no reply object is allocated per delivery.
//
// A client subscribes on one connection; a sender publishes on a second
// one, since a subscribed connection may only (un)subscribe. The sender's
// own subscription hears its messages: that echo is its receipt.
#include <hiredis/hiredis.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "bench/shard.hpp"
#include "bench/speakers.hpp"

namespace charla::bench {
namespace {

constexpr const char* channel_name = "charla-bench";
constexpr int subscribed = 1, publisher_up = 2;
constexpr std::size_t feed_slice = 1024;

class redis_speaker;

// What the object functions below need. A reply may be cut anywhere between
// reads, so this lives with the link, not with one feed.
struct parse_context {
  redis_speaker* self = nullptr;
  link* l = nullptr;
  std::int64_t now = 0;
  enum class kind { none, message, subscribe, other } reply = kind::none;
  bool error = false;
  std::string error_text;
};
thread_local parse_context* current = nullptr;
char placeholder;  // returned for every object: hiredis only needs non-null

void* create_string(const redisReadTask* task, char* str, std::size_t len);
void* create_array(const redisReadTask*, int) {
  return &placeholder;
}
void* create_integer(const redisReadTask*, long long) {
  return &placeholder;
}
void* create_nil(const redisReadTask*) {
  return &placeholder;
}
void free_object(void*) {}

redisReplyObjectFunctions counting_functions{create_string, create_array, create_integer, create_nil, free_object};

struct redis_state : link_state {
  redisReader* reader = redisReaderCreateWithFunctions(&counting_functions);
  parse_context ctx;
  ~redis_state() override { redisReaderFree(reader); }
};

class redis_speaker final : public speaker {
 public:
  using speaker::speaker;

  void open(client& c) override {
    c.reader = std::make_unique<link>(shard_, c, link::role::reader);
    c.reader->state = std::make_unique<redis_state>();
    c.reader->connect([this, &c](const std::error_code& ec) {
      if (ec) return shard_.client_failed(c, "subscriber: " + ec.message());
      c.reader->start_reading();
      append_command(c.reader->out(), {"SUBSCRIBE", channel_name});
      c.reader->mark();
    });
    if (!c.sender) {
      c.steps |= publisher_up;
      return;
    }
    c.writer = std::make_unique<link>(shard_, c, link::role::writer);
    c.writer->state = std::make_unique<redis_state>();
    c.writer->connect([this, &c](const std::error_code& ec) {
      if (ec) return shard_.client_failed(c, "publisher: " + ec.message());
      c.writer->start_reading();
      step(c, publisher_up);
    });
  }

  std::size_t on_bytes(link& l, std::string_view data, std::int64_t now) override {
    auto& state = static_cast<redis_state&>(*l.state);
    redisReader* r = state.reader;
    parse_context& ctx = state.ctx;
    ctx.self = this;
    ctx.l = &l;
    ctx.now = now;
    current = &ctx;
    // hiredis moves its unparsed bytes to the front after every reply once
    // 1 KiB has been parsed: fed a 256 KiB read at once, it would copy
    // megabytes per read. Fed 1 KiB at a time, it copies little.
    for (std::size_t at = 0; at < data.size() && l.is_open(); at += feed_slice) {
      redisReaderFeed(r, data.data() + at, std::min(feed_slice, data.size() - at));
      for (;;) {
        void* reply = nullptr;
        if (redisReaderGetReply(r, &reply) != REDIS_OK) {
          shard_.on_malformed(std::string("hiredis: ") + r->errstr);
          l.close();
          break;
        }
        if (!reply) break;
        if (ctx.error)
          shard_.on_server_error(ctx.error_text);
        else if (ctx.reply == parse_context::kind::subscribe)
          step(l.owner(), subscribed);
        ctx.reply = parse_context::kind::none;
        ctx.error = false;
      }
    }
    current = nullptr;
    return data.size();
  }

  void write_message(client& c, const payload_header& h) override {
    scratch_.clear();
    append_payload(scratch_, h, shard_.opts().size);
    append_command(c.writer->out(), {"PUBLISH", channel_name, scratch_});
  }

  void deliver(link& l, std::string_view payload, std::int64_t now) { shard_.on_delivery(l.owner(), payload, now); }

 private:
  static void append_command(std::string& out, std::initializer_list<std::string_view> args) {
    const char* argv[4];
    std::size_t lens[4];
    int argc = 0;
    for (auto a : args) {
      argv[argc] = a.data();
      lens[argc++] = a.size();
    }
    char* command = nullptr;
    int n = redisFormatCommandArgv(&command, argc, argv, lens);
    if (n > 0) out.append(command, static_cast<std::size_t>(n));
    redisFreeCommand(command);
  }

  void step(client& c, int done) {
    c.steps |= done;
    if (c.steps == (subscribed | publisher_up)) shard_.client_ready(c);
  }

  std::string scratch_;
};

void* create_string(const redisReadTask* task, char* str, std::size_t len) {
  parse_context& ctx = *current;
  std::string_view s(str, len);
  if (!task->parent) {
    if (task->type == REDIS_REPLY_ERROR) {
      ctx.error = true;
      ctx.error_text = s;
    }
  } else if (task->idx == 0) {
    ctx.reply = s == "message"     ? parse_context::kind::message
                : s == "subscribe" ? parse_context::kind::subscribe
                                   : parse_context::kind::other;
  } else if (task->idx == 2 && ctx.reply == parse_context::kind::message) {
    ctx.self->deliver(*ctx.l, s, ctx.now);
  }
  return &placeholder;
}

}  // namespace

std::unique_ptr<speaker> make_redis_speaker(shard& owner) {
  return std::make_unique<redis_speaker>(owner);
}

}  // namespace charla::bench
