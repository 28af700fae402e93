// The TCP transport, in the order of a connection's life:
//   1. listening and accepting (listen, accept_next, add)
//   2. objects arriving (on_value), hellos and pairing (on_v1_hello, on_seed_hello)
//   3. per-connection rules (tick, on_bad_value, on_too_large, on_slow)
//   4. closing (on_closed, close_all, reap)
#include "net/tcp/transport.hpp"

#include <algorithm>

#include "net/heartbeat.hpp"
#include "net/platform/platform.hpp"
#include "net/room.hpp"
#include "net/utf8.hpp"

namespace charla::net::tcp {
namespace {

constexpr int max_bad_in_a_row = 8;

std::string short_session(std::string_view s) {
  return std::string(s.substr(0, 8));
}

}  // namespace

transport::transport(asio::io_context& io, room& r, const server_config& config, event_log& log,
                     server_counters& counters)
    : io_(io),
      room_(r),
      config_(config),
      log_(log),
      counters_(counters),
      acceptor_(io),
      accept_pause_(io),
      reap_(io, [this] { reap(); }),
      flush_(io, [this] { flush_dirty(); }),
      legacy_ping_(std::make_shared<const std::string>(encode_legacy_ping())) {}

transport::~transport() {
  for (auto& [id, ch] : channels_) ch->owner = nullptr;
}

// ---------------------------------------------------------------------------
// 1. Listening and accepting

void transport::listen() {
  asio::ip::tcp::endpoint endpoint(asio::ip::make_address(config_.bind_address), config_.port);
  acceptor_.open(endpoint.protocol());
#if defined(_WIN32)
  // On Windows SO_REUSEADDR would let a second program listen on the same
  // port and take connections meant for this room; exclusive use refuses
  // it (and a restart can still listen while old connections linger).
  acceptor_.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>(true));
#else
  // Listening again at once after a restart, while old connections linger.
  acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
#endif
  acceptor_.bind(endpoint);
  acceptor_.listen(std::max(config_.limits.backlog, 1024));
  endpoint_ = acceptor_.local_endpoint();
  web_policy_.hosts = ws::with_loopback(platform::local_ipv4_addresses());
  web_policy_.port = endpoint_.port();
  web_policy_.pages = config_.web_pages;
  accept_next();
}

void transport::accept_next() {
  acceptor_.async_accept([this](const std::error_code& ec, asio::ip::tcp::socket socket) {
    if (ec == asio::error::operation_aborted || stopped_) return;
    if (ec) {
      // Out of descriptors and the like: report, and try again a little
      // later. The waiting connection stays in the backlog, so accepting
      // again at once would fail again at once, in a loop.
      log_.add("accept failed: " + platform::error_text(ec) + "; trying again in 100 ms");
      accept_pause_.expires_after(std::chrono::milliseconds(100));
      accept_pause_.async_wait([this](const std::error_code& e) {
        if (!e && !stopped_) accept_next();
      });
      return;
    }
    add(std::move(socket));
    accept_next();
  });
}

void transport::add(asio::ip::tcp::socket socket) {
  if (counters_.connections.load(std::memory_order_relaxed) >= config_.limits.max_connections) {
    counters_.drop(drop_reason::server_full);
    std::error_code ignored;
    auto peer = socket.remote_endpoint(ignored);
    log_.add("refused " + peer.address().to_string() + ": server full (" +
             std::to_string(config_.limits.max_connections) + " connections)");
    auto bytes = std::make_shared<const std::string>(
        encode(error_event{error_code::server_full, "the room is full; try again later", {}}));
    auto s = std::make_shared<asio::ip::tcp::socket>(std::move(socket));
    asio::async_write(*s, asio::buffer(*bytes), [s, bytes](const std::error_code&, std::size_t) {
      // Whether the refusal reached the peer or not, the socket closes.
      std::error_code e;
      s->shutdown(asio::ip::tcp::socket::shutdown_both, e);
      s->close(e);
    });
    return;
  }
  counters_.connections.fetch_add(1, std::memory_order_relaxed);
  counters_.connections_total.fetch_add(1, std::memory_order_relaxed);
  auto ch = std::make_shared<channel>(std::move(socket), *this, next_channel_id_++);
  channels_.emplace(ch->id(), ch);
  log_.add("connection #" + std::to_string(ch->id()) + " from " + ch->peer());
  ch->start();
}

// ---------------------------------------------------------------------------
// 2. Objects arriving, hellos and pairing

void transport::on_value(channel& ch, inbound&& value) {
  if (ch.current_state() == channel::state::awaiting_hello) {
    if (auto* h = std::get_if<hello>(&value)) {
      ch.bad_in_a_row = 0;
      ch.heartbeat = h->version > 0 && h->heartbeat && h->type == channel_type::write;
      on_hello(ch, std::move(*h));
    } else {
      refuse(ch, error_code::bad_hello, "the first object on a connection must be a hello", drop_reason::bad_hello);
    }
    return;
  }
  ch.bad_in_a_row = 0;
  pair_seat* s = ch.owner;
  if (!s) return;
  if (auto* m = std::get_if<chat_in>(&value)) {
    if (ch.type() != channel_type::write) return;
    // The room may end the seat while it judges; the seat lives on until
    // the room's reap.
    s->handling = &ch;
    room_.message(*s, std::move(*m));
    s->handling = nullptr;
  } else if (std::holds_alternative<bye_event>(value)) {
    room_.bye(*s);
  } else if (std::holds_alternative<ping_event>(value)) {
    // A client's heartbeat (tick): from now on its silence means it is gone.
    if (ch.type() == channel_type::write && !ch.legacy()) ch.heartbeat = true;
  }
  // Anything else (a second hello) is ignored.
}

void transport::on_hello(channel& ch, hello&& h) {
  if (h.version == 0 && ch.websocket()) {
    refuse(ch, error_code::bad_hello, "over a WebSocket, the hello must say \"v\":1", drop_reason::bad_hello);
    return;
  }
  if (h.version == 0)
    on_seed_hello(ch, std::move(h));
  else
    on_v1_hello(ch, std::move(h));
}

void transport::on_v1_hello(channel& ch, hello&& h) {
  if (auto r = room_.admission(h, ch.ip(), nullptr)) {
    refuse(ch, r->code, r->detail, r->why);
    return;
  }
  std::shared_ptr<pair_seat> s;
  if (auto it = sessions_.find(h.session); it != sessions_.end()) {
    s = it->second->shared_from_this();
  } else {
    s = std::make_shared<pair_seat>(*this, wire_format::v1, ch.ip(), h.session);
    s->web = ch.websocket();
    sessions_[h.session] = s.get();
  }
  ch.set_role(h.type, false, config_.limits.legacy_pace);
  s->attach(ch);
  // Logged before the room's own lines (the join, the replay) it leads to.
  const std::string name = s->who() ? s->who()->author : std::string(utf8::trim(h.author));
  log_.add(ch.describe() + ": hello v1 as " + (h.type == channel_type::read ? "read" : "write") + " channel of " +
           name + " (session " + short_session(h.session) + ")");
  s->handling = &ch;
  room_.join(s, std::move(h));
  s->handling = nullptr;
  tap_hello(ch);
}

void transport::on_seed_hello(channel& ch, hello&& h) {
  const char* kind = h.type == channel_type::read ? "read" : "write";
  auto& waiting = seed_unpaired_[ch.ip()];
  auto half = std::find_if(waiting.begin(), waiting.end(), [&](pair_seat* q) { return !q->has(h.type); });
  pair_seat* completes = half != waiting.end() ? *half : nullptr;
  if (auto r = room_.admission(h, ch.ip(), completes)) {
    if (waiting.empty()) seed_unpaired_.erase(ch.ip());
    counters_.drop(r->why);
    ch.close(leave_reason::closed, std::string(to_string(r->code)) + ": " + r->detail);
    return;
  }
  ch.set_role(h.type, true, config_.limits.legacy_pace);
  if (completes) {
    waiting.erase(half);
    if (waiting.empty()) seed_unpaired_.erase(ch.ip());
    completes->attach(ch);
    log_.add(ch.describe() + ": seed " + kind + " channel, paired with connection #" +
             std::to_string(completes->other(ch)->id()));
    tap_hello(ch);
    return;
  }
  auto s = std::make_shared<pair_seat>(*this, wire_format::seed, ch.ip(), std::string());
  s->attach(ch);
  room_.join(s, std::move(h));
  waiting.push_back(s.get());
  tap_hello(ch);
  log_.add(ch.describe() + ": seed " + kind + " channel, waiting for its other channel");
}

void transport::refuse(channel& ch, error_code code, const std::string& detail, drop_reason why) {
  counters_.drop(why);
  std::string line = std::string(to_string(code)) + ": " + detail;
  if (ch.current_state() == channel::state::awaiting_hello) ch.set_role(ch.type(), false, {});
  if (ch.legacy()) {
    ch.close(leave_reason::closed, line);
    return;
  }
  ch.deliver(std::make_shared<const std::string>(encode(error_event{code, detail, {}})));
  ch.close_after_flush(leave_reason::closed, line);
}

void transport::forget(pair_seat& s) {
  if (!s.session().empty()) {
    auto it = sessions_.find(s.session());
    if (it != sessions_.end() && it->second == &s) sessions_.erase(it);
  }
  if (s.format() == wire_format::seed) {
    auto w = seed_unpaired_.find(s.ip());
    if (w != seed_unpaired_.end()) {
      std::erase(w->second, &s);
      if (w->second.empty()) seed_unpaired_.erase(w);
    }
  }
}

// ---------------------------------------------------------------------------
// 3. Per-connection rules

std::chrono::milliseconds transport::shortest_timeout() const {
  const auto& lim = config_.limits;
  const auto v1_every = room_.v1_ping_interval();
  return std::min({lim.hello_timeout, lim.stall_timeout, lim.ping_interval, v1_every, heartbeat::dead_after(v1_every)});
}

// Checks every timeout and heartbeat that is due and returns when the next
// one will be (the server sleeps until then: no polling while idle).
transport::clock::time_point transport::tick(clock::time_point now) {
  const auto& lim = config_.limits;
  const auto v1_every = room_.v1_ping_interval();
  const auto dead_after = heartbeat::dead_after(v1_every);
  clock::time_point next = clock::time_point::max();
  auto due = [&](clock::time_point t) { next = std::min(next, t); };
  std::vector<std::shared_ptr<channel>> expired, stalled, silent;
  for (auto& [id, ch] : channels_) {
    if (ch->current_state() == channel::state::awaiting_hello) {
      if (now - ch->opened_at() >= lim.hello_timeout)
        expired.push_back(ch);
      else
        due(ch->opened_at() + lim.hello_timeout);
    } else if (ch->is_open() && ch->type() == channel_type::read && ch->owner) {
      const auto every = ch->legacy() ? lim.ping_interval : v1_every;
      if (ch->queued_bytes() > 0) {
        if (now - ch->last_progress() >= lim.stall_timeout)
          stalled.push_back(ch);
        else
          due(ch->last_progress() + lim.stall_timeout);
      } else if (now - ch->last_sent() >= every) {
        ch->deliver(ch->legacy() ? legacy_ping_
                                 : std::make_shared<const std::string>(encode(ping_event{platform::unix_ms()})));
        due(now + every);
      } else {
        due(ch->last_sent() + every);
      }
    } else if (ch->is_open() && ch->type() == channel_type::write && ch->heartbeat && ch->owner) {
      // A client that keeps a heartbeat and has gone quiet: its network
      // is gone (or it is). Free both its channels; it comes back with
      // `since` if it can, within the grace period.
      if (now - ch->last_heard() >= dead_after)
        silent.push_back(ch);
      else
        due(ch->last_heard() + dead_after);
    }
  }
  for (auto& ch : expired) {
    counters_.drop(drop_reason::hello_timeout);
    ch->close(leave_reason::timeout, "no hello within " + std::to_string(lim.hello_timeout.count()) + " ms");
  }
  for (auto& ch : stalled) on_slow(*ch, "nothing read for the stall timeout");
  for (auto& ch : silent) {
    std::shared_ptr<channel> reader =
        ch->owner && ch->owner->reader() ? ch->owner->reader()->shared_from_this() : nullptr;
    const std::string why = "no heartbeat for " + std::to_string(dead_after.count()) + " ms";
    ch->close(leave_reason::timeout, why);
    if (reader) reader->close(leave_reason::timeout, why);
  }
  return next;
}

void transport::on_bad_value(channel& ch, const std::string& problem) {
  if (ch.current_state() == channel::state::awaiting_hello) {
    refuse(ch, error_code::bad_hello, "the first object must be a hello: " + problem, drop_reason::bad_hello);
    return;
  }
  counters_.drop(drop_reason::bad_json);
  log_.add(ch.describe() + ": " + std::string(to_string(error_code::bad_json)) + ": " + problem);
  if (!ch.legacy()) {  // seed programs cannot read error events
    auto bytes = std::make_shared<const std::string>(encode(error_event{error_code::bad_json, problem, {}}));
    if (pair_seat* s = ch.owner) {
      s->handling = &ch;
      s->answer(bytes);
      s->handling = nullptr;
    } else {
      ch.deliver(bytes);
    }
  }
  if (++ch.bad_in_a_row >= max_bad_in_a_row) {
    ch.close_after_flush(leave_reason::closed, std::to_string(max_bad_in_a_row) + " bad objects in a row");
  }
}

void transport::on_too_large(channel& ch) {
  if (ch.current_state() == channel::state::awaiting_hello) ch.set_role(ch.type(), false, {});
  refuse(ch, error_code::too_large, "an object is larger than " + std::to_string(config_.limits.max_object) + " bytes",
         drop_reason::too_large);
}

// A slow reader is cut: for a seed pair that ends the participant (its
// grace is zero: on_closed tells the room, which closes the other channel).
void transport::on_slow(channel& ch, const char* why) {
  counters_.drop(drop_reason::slow_reader);
  if (ch.owner && ch.legacy()) {
    log_.add(ch.describe() + ": slow reader closed: " + why);
    ch.close(leave_reason::slow, {});
    return;
  }
  ch.close(leave_reason::slow, std::string("slow reader: ") + why);
}

// ---------------------------------------------------------------------------
// 3b. The web: pages, the upgrade, and what breaks their rules

void transport::on_tls_hello(channel& ch) {
  counters_.drop(drop_reason::http_refused);
  ch.close(leave_reason::closed, "a TLS hello (https://): this host speaks plain http");
}

namespace {

shared_bytes http_answer(const ws::handshake_answer& a) {
  std::string bytes = a.head;
  bytes.append(a.body);
  return std::make_shared<const std::string>(std::move(bytes));
}

}  // namespace

void transport::on_bad_request(channel& ch, int status, std::string_view problem) {
  counters_.drop(drop_reason::http_refused);
  log_.add(ch.describe() + ": HTTP " + std::to_string(status) + ": " + std::string(problem));
  ch.deliver_raw(http_answer(ws::refusal(status, problem)));
  ch.close_after_flush(leave_reason::closed, {});
}

void transport::on_request(channel& ch, const ws::http_request& request) {
  ws::handshake_answer a;
  if (!config_.web) {
    a = ws::refusal(404, "This room takes no browsers: the host turned the web page off (--web off).");
  } else {
    a = ws::answer(request, web_policy_);
    if (a.status == 403 && !ws::is_allowed_authority(request.header("host").value_or(""), web_policy_)) {
      // The host's addresses may have changed since it started (a new
      // network, DHCP): look again once.
      web_policy_.hosts = ws::with_loopback(platform::local_ipv4_addresses());
      a = ws::answer(request, web_policy_);
    }
  }
  const std::string line = ch.describe() + ": GET " + request.target + " → " + std::to_string(a.status);
  ch.deliver_raw(http_answer(a));
  switch (a.outcome) {
    case ws::handshake_answer::kind::upgrade:
      log_.add(line + " (WebSocket)");
      ch.upgrade();
      // The request and the answer wait for the hello, where a watched
      // participant's tap reports them; kept only while a tap is set (a
      // text copy of every browser's request would cost each of them).
      if (room_.tapping()) ch.keep_handshake(ws::to_text(request), a.head);
      return;
    case ws::handshake_answer::kind::page:
      log_.add(line);
      break;
    case ws::handshake_answer::kind::refuse:
      counters_.drop(drop_reason::http_refused);
      log_.add(line + ": " + std::string(a.body));
      break;
  }
  ch.close_after_flush(leave_reason::closed, {});
}

void transport::on_bad_frame(channel& ch, std::uint16_t code, std::string_view problem) {
  counters_.drop(code == ws::close_code::too_big ? drop_reason::too_large : drop_reason::ws_protocol);
  log_.add(ch.describe() + ": WebSocket close " + std::to_string(code) + ": " + std::string(problem));
  ch.deliver_raw(std::make_shared<const std::string>(ws::close_frame(code, problem)));
  ch.mark_close_frame_sent();
  ch.close_after_flush(leave_reason::closed, {});
}

bool transport::tapped(const channel& ch) const {
  return ch.owner && room_.watching(*ch.owner) != nullptr;
}

void transport::tap(const channel& ch, wire_event::kind what, bool from_participant, std::string_view bytes,
                    bool earlier, std::string_view request) {
  const wire_tap* t = ch.owner ? room_.watching(*ch.owner) : nullptr;
  if (!t) return;
  wire_event e;
  e.what = what;
  if (what == wire_event::kind::connected) {
    // Reported at the hello (or when watching starts): the time is the
    // channel's opening, on the wall clock.
    e.time -= std::chrono::duration_cast<std::chrono::system_clock::duration>(clock::now() - ch.opened_at());
    e.earlier = earlier;
  }
  e.channel = ch.type();
  e.from_participant = from_participant;
  e.bytes.assign(bytes);
  e.request.assign(request);
  e.participant_end = ch.peer();
  e.server_end = ch.local();
  e.legacy = ch.legacy();
  e.websocket = ch.websocket();
  if (e.websocket && what == wire_event::kind::frame) {
    if (from_participant && ch.frames()) {
      const auto& h = ch.frames()->last_header();
      e.ws_opcode = h.opcode;
      e.ws_masked = h.masked;
      e.ws_mask = h.mask;
      e.ws_length = h.length;
    } else {
      e.ws_opcode = static_cast<std::uint8_t>(ws::opcode::text);
      e.ws_length = bytes.size() - (!bytes.empty() && bytes.back() == '\n');
    }
  }
  if (const participant* p = ch.owner->who()) e.participant = p->author;
  if (const channel* other = ch.owner->other(ch)) e.paired_with = other->peer();
  (*t)(e);
}

const shared_bytes& transport::frames_of(const shared_bytes& several) {
  if (several == framed_from_) return framed_;
  const std::string& b = *several;
  std::string out;
  out.reserve(b.size() + b.size() / 8 + ws::max_header_size);
  for (std::size_t start = 0; start < b.size();) {
    std::size_t end = b.find('\n', start);
    std::size_t next = end == std::string::npos ? b.size() : end + 1;
    std::string_view payload(b.data() + start, (end == std::string::npos ? b.size() : end) - start);
    std::size_t at = out.size();
    out.resize(at + ws::framed_size(payload.size()));
    ws::write_frame({out.data() + at, out.size() - at}, payload);
    start = next;
  }
  framed_from_ = several;
  framed_ = std::make_shared<const std::string>(std::move(out));
  return framed_;
}

void transport::mark_dirty(channel& ch) {
  ch.dirty = true;
  dirty_.push_back(ch.shared_from_this());
  flush_.request();
}

void transport::flush_dirty() {
  auto batch = std::move(dirty_);
  dirty_.clear();
  for (auto& ch : batch) {
    ch->dirty = false;
    ch->flush();
  }
}

// ---------------------------------------------------------------------------
// 4. Closing

// Called once per channel (channel::close is idempotent). The channel stays
// in channels_ until reap(): this may run inside a loop over it.
void transport::on_closed(channel& ch, leave_reason reason, const std::string& why) {
  if (channels_.count(ch.id())) {
    closed_.push_back(ch.id());
    counters_.connections.fetch_sub(1, std::memory_order_relaxed);
    reap_.request();
  }
  if (tapped(ch)) tap(ch, wire_event::kind::closed, false, {});
  if (!why.empty()) log_.add(ch.describe() + " closed: " + why);
  pair_seat* s = ch.owner;
  if (!s) return;
  s->detach(ch);  // the seat lives on while its participant does (until the room's reap)
  if (!s->who()) {
    forget(*s);
    return;
  }
  // A seed pair ends with either channel; a v1 pair when both are gone.
  if (s->format() == wire_format::seed || s->empty()) room_.disconnected(*s, reason);
}

void transport::close_all() {
  stopped_ = true;
  std::error_code ec;
  acceptor_.close(ec);
  accept_pause_.cancel();
  std::vector<std::shared_ptr<channel>> all;
  for (auto& [id, ch] : channels_) all.push_back(ch);
  for (auto& ch : all) {
    ch->owner = nullptr;
    ch->close(leave_reason::closed, {});
  }
  sessions_.clear();
  seed_unpaired_.clear();
}

// The one place where channels_ shrinks (see transport.hpp). It runs as a
// handler of its own, so no loop over it is under way.
void transport::reap() {
  for (auto id : std::exchange(closed_, {})) channels_.erase(id);
}

void transport::tap_hello(channel& ch) {
  auto handshake = ch.take_handshake();  // kept only until the hello, watched or not
  if (!tapped(ch)) return;
  tap(ch, wire_event::kind::connected, true, {});
  if (handshake) {
    tap(ch, wire_event::kind::upgrade, true, handshake->first);
    tap(ch, wire_event::kind::upgrade, false, handshake->second, false, handshake->first);
  }
  tap(ch, wire_event::kind::frame, true, ch.last_object());
}

}  // namespace charla::net::tcp
