// Sections: 1. connecting  2. reading  3. writing and the outbox
//           4. dropping, reconnecting and stopping
#include "net/client.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "net/framing.hpp"
#include "net/heartbeat.hpp"
#include "net/platform/platform.hpp"
#include "net/seed_dialect.hpp"
#include "net/utf8.hpp"

namespace charla::net {
namespace {

using clock = std::chrono::steady_clock;

std::string random_hex(std::mt19937& rng) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string s(session_hex_length, '0');
  std::uniform_int_distribution<int> digit(0, 15);
  for (auto& c : s) c = hex[digit(rng)];
  return s;
}

failure classify_connect_error(const std::error_code& ec, bool timed_out) {
  if (timed_out) return failure::timed_out;
  if (ec == asio::error::connection_refused) return failure::refused;
  if (ec == asio::error::timed_out) return failure::timed_out;
  if (ec == asio::error::network_unreachable || ec == asio::error::host_unreachable) return failure::unreachable;
  return failure::closed;
}

}  // namespace

std::string make_session_id() {
  std::mt19937 rng(std::random_device{}());
  return random_hex(rng);
}

std::string_view to_string(failure f) {
  switch (f) {
    case failure::none:
      return "none";
    case failure::refused:
      return "refused";
    case failure::timed_out:
      return "timed_out";
    case failure::not_found:
      return "not_found";
    case failure::unreachable:
      return "unreachable";
    case failure::closed:
      return "closed";
    case failure::silent:
      return "silent";
    case failure::rejected:
      return "rejected";
  }
  return "?";
}

struct client::link {
  link(asio::io_context& io, std::size_t max_object) : socket(io), decoder(max_object), connect_timer(io) {}
  asio::ip::tcp::socket socket;
  stream_decoder decoder;
  json_reader reader;
  std::array<char, 16 * 1024> buffer{};
  asio::steady_timer connect_timer;
  bool timed_out = false;
  bool open = false;
  std::chrono::system_clock::time_point connected_at;
  std::string local_end, remote_end;  // for the wire tap
};

// One try at connecting: both channels and their timers. A reconnect makes a
// new one, so handlers of an old try recognise themselves as stale.
struct client::attempt {
  struct item {
    shared_bytes bytes;
    bool paced = false;
    std::string sent_cid;  // a seed-server message fully written
  };

  attempt(asio::io_context& io, std::size_t max_object, std::chrono::milliseconds seed_pace)
      : resolver(io),
        read(io, max_object),
        write(io, max_object),
        welcome_timer(io),
        silence_timer(io),
        keepalive_timer(io),
        pace_timer(io),
        bye_timer(io),
        seed(seed_pace) {}

  link& of(channel_type t) { return t == channel_type::read ? read : write; }
  void close() {
    std::error_code ec;
    resolver.cancel();
    for (link* l : {&read, &write}) {
      l->connect_timer.cancel();
      l->socket.cancel(ec);  // before close: see tcp::channel::close
      l->socket.close(ec);
    }
    welcome_timer.cancel();
    silence_timer.cancel();
    keepalive_timer.cancel();
    pace_timer.cancel();
    bye_timer.cancel();
  }

  asio::ip::tcp::resolver resolver;
  asio::ip::tcp::endpoint endpoint;
  link read, write;
  asio::steady_timer welcome_timer, silence_timer, keepalive_timer, pace_timer, bye_timer;
  clock::time_point last_heard = clock::now();
  clock::time_point last_written = clock::now();  // on the write channel
  std::chrono::milliseconds ping_every{0};        // the welcome's heartbeat interval; 0: none
  bool quiet = false;                             // reported as quiet, not heard since
  std::deque<item> out;
  bool writing = false;
  bool welcomed = false;  // the welcome has arrived (perhaps before the write channel opened)
  seed_dialect seed;      // used once this turns out to be a seed server
  std::string room;
  std::vector<member> members;  // from the welcome, reported once connected
  std::size_t max_text_bytes = default_max_text_bytes;
};

std::shared_ptr<client> client::create(asio::io_context& io, client_config config, sink_type sink) {
  return std::shared_ptr<client>(new client(io, std::move(config), std::move(sink)));
}

client::client(asio::io_context& io, client_config config, sink_type sink)
    : io_(io),
      config_(std::move(config)),
      sink_(std::move(sink)),
      retry_timer_(io),
      rate_timer_(io),
      rng_(std::random_device{}()) {
  session_ = config_.session.empty() ? random_hex(rng_) : config_.session;
  cid_prefix_ = session_.substr(0, 8) + "-";
  own_name_ = std::string(utf8::trim(config_.name));
}

client::~client() = default;

std::string client::address() const {
  return config_.host + ":" + std::to_string(config_.port);
}

void client::set_wire_tap(wire_tap tap) {
  asio::dispatch(io_, [self = shared_from_this(), tap = std::move(tap)]() mutable {
    self->tap_ = std::move(tap);
    // Channels already open: say so (with when they opened), so a window
    // that starts watching late still knows both ends.
    if (!self->tap_ || !self->current_) return;
    for (auto type : {channel_type::read, channel_type::write}) {
      link& l = self->current_->of(type);
      if (l.open) self->tap_state(l, type, wire_event::kind::connected, true);
    }
  });
}

void client::tap_frame(link& l, channel_type type, bool outgoing, std::string_view bytes) {
  if (!tap_) return;
  wire_event e;
  e.what = wire_event::kind::frame;
  e.channel = type;
  e.from_participant = outgoing;
  e.bytes.assign(bytes);
  e.participant_end = l.local_end;
  e.server_end = l.remote_end;
  e.participant = config_.name;
  e.legacy = phase_ == phase::connected_seed;
  tap_(e);
}

void client::tap_state(link& l, channel_type type, wire_event::kind what, bool earlier) {
  if (!tap_) return;
  if (what == wire_event::kind::connected) {
    std::error_code ec;
    auto local = l.socket.local_endpoint(ec);
    auto remote = l.socket.remote_endpoint(ec);
    l.local_end = local.address().to_string() + ":" + std::to_string(local.port());
    l.remote_end = remote.address().to_string() + ":" + std::to_string(remote.port());
  }
  wire_event e;
  e.what = what;
  if (earlier) e.time = l.connected_at;
  e.earlier = earlier;
  e.channel = type;
  e.participant_end = l.local_end;
  e.server_end = l.remote_end;
  e.participant = config_.name;
  e.legacy = phase_ == phase::connected_seed;
  tap_(e);
}

void client::emit(client_event e) {
  if (sink_) sink_(std::move(e));
}

void client::emit_status(client_state state, failure why, std::string detail, std::chrono::milliseconds retry_in,
                         std::string room, bool quiet, std::chrono::milliseconds quiet_for) {
  status_event e;
  e.state = state;
  e.why = why;
  e.detail = std::move(detail);
  e.retry_in = retry_in;
  e.address = address();
  e.seed_server = phase_ == phase::connected_seed;
  e.room = std::move(room);
  e.quiet = quiet;
  e.quiet_for = quiet_for;
  if (current_) e.max_text_bytes = current_->max_text_bytes;
  emit(std::move(e));
}

// ---------------------------------------------------------------------------
// 1. Connecting

void client::start() {
  asio::dispatch(io_, [self = shared_from_this()] {
    if (self->phase_ != phase::idle) return;
    self->connect();
  });
}

void client::connect() {
  if (winding_down()) return;
  phase_ = phase::connecting;
  auto a = std::make_shared<attempt>(io_, config_.max_object, config_.legacy_pace);
  current_ = a;
  emit_status(client_state::connecting, failure::none, {}, {});
  a->resolver.async_resolve(
      config_.host, std::to_string(config_.port),
      [self = shared_from_this(), a](const std::error_code& ec, asio::ip::tcp::resolver::results_type results) {
        if (a != self->current_) return;
        if (ec || results.empty()) {
          self->drop(a, failure::not_found, ec ? platform::error_text(ec) : "no address");
          return;
        }
        // Prefer IPv4: classroom hosts listen on 0.0.0.0.
        a->endpoint = results.begin()->endpoint();
        for (const auto& r : results) {
          if (r.endpoint().address().is_v4()) {
            a->endpoint = r.endpoint();
            break;
          }
        }
        self->open_link(a, channel_type::read);
      });
}

void client::open_link(const std::shared_ptr<attempt>& a, channel_type type) {
  link& l = a->of(type);
  std::error_code ec;
  l.socket.open(a->endpoint.protocol(), ec);
  if (!ec && !config_.bind_address.empty()) {
    auto source = asio::ip::make_address(config_.bind_address, ec);
    if (!ec) l.socket.bind({source, 0}, ec);
    if (ec) {
      fail_for_good(a, "cannot use source address " + config_.bind_address + ": " + platform::error_text(ec));
      return;
    }
  }
  if (ec) {
    drop(a, failure::closed, platform::error_text(ec));
    return;
  }
  l.connect_timer.expires_after(config_.connect_timeout);
  l.connect_timer.async_wait([a, &l](const std::error_code& e) {
    if (e || l.open) return;
    l.timed_out = true;
    std::error_code ignored;
    l.socket.close(ignored);
  });
  l.socket.async_connect(a->endpoint, [self = shared_from_this(), a, type, &l](const std::error_code& e) {
    l.connect_timer.cancel();
    if (a != self->current_) return;
    if (e) {
      self->drop(a, classify_connect_error(e, l.timed_out), l.timed_out ? "no answer" : platform::error_text(e));
      return;
    }
    self->on_link_open(a, type);
  });
}

void client::on_link_open(const std::shared_ptr<attempt>& a, channel_type type) {
  link& l = a->of(type);
  l.open = true;
  l.connected_at = std::chrono::system_clock::now();
  std::error_code ec;
  l.socket.set_option(asio::ip::tcp::no_delay(true), ec);
  tap_state(l, type, wire_event::kind::connected);
  hello h{type, protocol_version, session_, config_.name, config_.pin, std::nullopt, true};
  if (type == channel_type::read && last_id_ > 0) h.since = last_id_;
  auto bytes = std::make_shared<const std::string>(encode(h));
  read_link(a, type);
  if (type == channel_type::read) {
    tap_frame(l, type, true, *bytes);
    asio::async_write(l.socket, asio::buffer(*bytes),
                      [self = shared_from_this(), a, bytes](const std::error_code& e, std::size_t) {
                        if (e && a == self->current_) self->drop(a, failure::closed, platform::error_text(e));
                      });
    open_link(a, channel_type::write);
    return;
  }
  write(a, bytes, false);
  if (a->welcomed) {
    become_ready(a, false);
    return;
  }
  // A seed server sends no welcome, and closes a channel whose hello shares
  // a read with the next object: say nothing more until it is clear. A host
  // that has welcomed us before is no seed server: its welcome is waited
  // for (a loaded host or a network pause can delay it well past 250 ms).
  a->welcome_timer.expires_after(known_v1_ ? config_.silence_timeout : config_.welcome_wait);
  a->welcome_timer.async_wait([self = shared_from_this(), a](const std::error_code& e) {
    if (e || a != self->current_ || a->welcomed) return;
    if (self->known_v1_)
      self->drop(a, failure::silent, "no welcome from the host");
    else
      self->become_ready(a, true);
  });
}

void client::become_ready(const std::shared_ptr<attempt>& a, bool seed) {
  if (phase_ != phase::connecting) return;
  phase_ = seed ? phase::connected_seed : phase::connected_v1;
  a->welcome_timer.cancel();
  failures_in_a_row_ = 0;
  emit_status(client_state::connected, failure::none, {}, {}, a->room);
  if (!seed) {
    emit(members_event{std::move(a->members)});
    watch_silence(a);
    keep_alive(a);
  }
  for (auto& o : outbox_) o.sent = false;
  send_outbox();
}

// ---------------------------------------------------------------------------
// 2. Reading

void client::read_link(const std::shared_ptr<attempt>& a, channel_type type) {
  link& l = a->of(type);
  l.socket.async_read_some(
      asio::buffer(l.buffer), [self = shared_from_this(), a, type, &l](const std::error_code& ec, std::size_t n) {
        if (a != self->current_) return;
        if (ec) {
          self->drop(a, failure::closed,
                     ec == asio::error::eof ? "the server closed the connection" : platform::error_text(ec));
          return;
        }
        a->last_heard = clock::now();
        if (a->quiet) {
          a->quiet = false;  // heard again: say so
          self->emit_status(client_state::connected, failure::none, {}, {}, a->room);
        }
        auto status = l.decoder.feed({l.buffer.data(), n}, [&](stream_decoder::kind kind, std::string_view text) {
          if (a != self->current_ || kind != stream_decoder::kind::object) return;
          self->tap_frame(l, type, false, text);
          auto result = l.reader.read(text);
          if (result.value) self->on_value(a, type, std::move(*result.value));
        });
        if (a != self->current_) return;
        if (status == stream_decoder::status::too_large) {
          self->drop(a, failure::closed, "the server sent an object over the size limit");
          return;
        }
        self->read_link(a, type);
      });
}

void client::on_value(const std::shared_ptr<attempt>& a, channel_type type, inbound&& value) {
  if (auto* e = std::get_if<error_event>(&value)) {
    on_error_event(a, std::move(*e));
    return;
  }
  if (type != channel_type::read) return;  // the write channel only carries errors to us
  std::visit(
      [&](auto&& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, welcome>) {
          a->welcomed = true;
          known_v1_ = true;
          a->room = v.room;
          if (v.max_text_bytes > 0)
            a->max_text_bytes = static_cast<std::size_t>(std::min<std::uint64_t>(v.max_text_bytes, 1u << 30));
          if (v.ping_ms > 0)
            a->ping_every = heartbeat::clamp_interval(
                std::chrono::milliseconds(static_cast<long long>(std::min<std::uint64_t>(v.ping_ms, 3'600'000))));
          if (last_id_ > 0 && v.first_id > last_id_ + 1) emit(gap_event{last_id_ + 1, v.first_id - 1});
          a->members = std::move(v.members);
          if (phase_ == phase::connected_seed) {
            // Taken for a seed server, it was a slow v1 host: speak v1 from
            // now on (what already left in the seed's dialect cannot be
            // recalled).
            phase_ = phase::connected_v1;
            emit_status(client_state::connected, failure::none, {}, {}, a->room);
            emit(members_event{std::move(a->members)});
            watch_silence(a);
            keep_alive(a);
          } else if (a->write.open) {
            become_ready(a, false);
          }
        } else if constexpr (std::is_same_v<T, chat_msg>) {
          if (v.id <= last_id_) return;  // already shown
          last_id_ = v.id;
          const bool ours = !v.cid.empty() && v.cid.rfind(cid_prefix_, 0) == 0;
          if (ours) {
            auto it = std::find_if(outbox_.begin(), outbox_.end(), [&](const outgoing& o) { return o.cid == v.cid; });
            if (it != outbox_.end()) {
              outbox_.erase(it);
              unconfirmed_.fetch_sub(1);
            }
          }
          const bool own = ours || is_own_name(v.author);
          emit(message_event{std::move(v), own});
        } else if constexpr (std::is_same_v<T, ping_event>) {
          on_server_ping(a);
        } else if constexpr (std::is_same_v<T, join_event> || std::is_same_v<T, leave_event>) {
          emit(std::move(v));
        } else if constexpr (std::is_same_v<T, chat_in>) {
          if (a->welcomed) return;
          if (auto msg = a->seed.on_relay(std::move(v))) {
            const bool own = is_own_name(msg->author);
            emit(message_event{std::move(*msg), own});
          }
        }
      },
      std::move(value));
}

void client::on_error_event(const std::shared_ptr<attempt>& a, error_event&& e) {
  auto it = e.cid.empty()
                ? outbox_.end()
                : std::find_if(outbox_.begin(), outbox_.end(), [&](const outgoing& o) { return o.cid == e.cid; });
  if (e.code == error_code::rate_limited && it != outbox_.end()) {
    // Not lost: tried again shortly.
    it->sent = false;
    rate_timer_.expires_after(config_.rate_retry);
    rate_timer_.async_wait([self = shared_from_this()](const std::error_code& ec) {
      if (!ec) self->send_outbox();
    });
  } else if (it != outbox_.end()) {
    // The server will never take this one (too large): give it back.
    outbox_.erase(it);
    unconfirmed_.fetch_sub(1);
  }
  bool fatal = is_fatal_for_client(e.code);
  std::string detail = e.detail;
  emit(std::move(e));
  if (fatal) fail_for_good(a, detail);
}

// ---------------------------------------------------------------------------
// 3. Writing and the outbox

std::string client::send(std::string text) {
  text = std::string(utf8::trim_end(text));
  if (text.empty()) return {};
  std::string cid = cid_prefix_ + std::to_string(next_cid_.fetch_add(1));
  unconfirmed_.fetch_add(1);
  asio::post(io_, [self = shared_from_this(), cid, text = std::move(text)]() mutable {
    if (self->winding_down()) return;
    self->outbox_.push_back(outgoing{cid, std::move(text), false});
    if (self->connected()) self->send_one(self->outbox_.back());
  });
  return cid;
}

void client::send_outbox() {
  if (!current_ || !connected()) return;
  for (auto& o : outbox_) {
    if (!o.sent) send_one(o);
  }
}

// Own and duplicate are decided here, once, for every window and console:
// a message is ours when it echoes one of this run's cids or carries our
// name (names are unique in a v1 room, so it is ours from an earlier run or
// another device); a v1 message whose id is not above the last one passed on
// is a replay already shown. The chat model takes both as given.
bool client::is_own_name(std::string_view author) const {
  return !own_name_.empty() && author == own_name_;
}

void client::send_one(outgoing& o) {
  o.sent = true;
  o.sent_at = clock::now();
  if (phase_ == phase::connected_v1) {
    write(current_, std::make_shared<const std::string>(encode(chat_in{config_.name, o.text, o.cid})), false);
    watch_silence(current_);  // its echo is now due
    return;
  }
  auto parts = seed_dialect::encode(config_.name, o.text);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    current_->out.push_back({std::make_shared<const std::string>(std::move(parts[i])), true,
                             i + 1 == parts.size() ? o.cid : std::string()});
  }
  if (!current_->writing) write_next(current_);
}

void client::write(const std::shared_ptr<attempt>& a, shared_bytes bytes, bool paced) {
  a->last_written = clock::now();
  a->out.push_back({std::move(bytes), paced, {}});
  if (!a->writing) write_next(a);
}

void client::write_next(const std::shared_ptr<attempt>& a) {
  if (a->out.empty() || !a->write.open) {
    a->writing = false;
    return;
  }
  a->writing = true;
  if (a->out.front().paced && clock::now() < a->seed.next_write_at()) {
    a->pace_timer.expires_at(a->seed.next_write_at());
    a->pace_timer.async_wait([self = shared_from_this(), a](const std::error_code& ec) {
      if (!ec && a == self->current_) self->write_next(a);
    });
    return;
  }
  auto bytes = a->out.front().bytes;
  tap_frame(a->write, channel_type::write, true, *bytes);
  asio::async_write(a->write.socket, asio::buffer(*bytes),
                    [self = shared_from_this(), a, bytes](const std::error_code& ec, std::size_t) {
                      if (a != self->current_) return;
                      if (ec) {
                        self->drop(a, failure::closed, platform::error_text(ec));
                        return;
                      }
                      attempt::item done = std::move(a->out.front());
                      a->out.pop_front();
                      if (done.paced) a->seed.wrote(clock::now());
                      if (!done.sent_cid.empty()) {
                        auto it = std::find_if(self->outbox_.begin(), self->outbox_.end(),
                                               [&](const outgoing& o) { return o.cid == done.sent_cid; });
                        if (it != self->outbox_.end()) {
                          chat_msg msg{0, platform::unix_ms(), self->config_.name, std::move(it->text), it->cid, false};
                          self->outbox_.erase(it);
                          self->unconfirmed_.fetch_sub(1);
                          self->emit(message_event{std::move(msg), true});
                        }
                      }
                      self->write_next(a);
                    });
}

// ---------------------------------------------------------------------------
// 4. Dropping, reconnecting and stopping

// The watchdog of a v1 connection: one timer, set for the next of three
// deadlines (net/heartbeat.hpp): the host quiet for two heartbeats (said, not
// acted on), silent for three (or for silence_timeout without a heartbeat),
// and a message written that long ago without its echo. Bytes arriving do
// not touch the timer; when it fires early it is set again from the latest
// times, so a healthy connection costs one wake-up per two heartbeats.
void client::watch_silence(const std::shared_ptr<attempt>& a) {
  if (!a || phase_ != phase::connected_v1) return;
  const auto dead = a->ping_every.count() > 0 ? heartbeat::dead_after(a->ping_every) : config_.silence_timeout;
  auto at = a->last_heard + dead;
  if (a->ping_every.count() > 0 && !a->quiet) at = std::min(at, a->last_heard + heartbeat::quiet_after(a->ping_every));
  for (const auto& o : outbox_) {
    if (o.sent) at = std::min(at, o.sent_at + dead);
  }
  a->silence_timer.expires_at(at);
  a->silence_timer.async_wait([self = shared_from_this(), a](const std::error_code& ec) {
    if (ec || a != self->current_) return;
    self->on_watchdog(a);
  });
}

void client::on_watchdog(const std::shared_ptr<attempt>& a) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const auto now = clock::now();
  const auto dead = a->ping_every.count() > 0 ? heartbeat::dead_after(a->ping_every) : config_.silence_timeout;
  if (now - a->last_heard >= dead) {
    drop(a, failure::silent, "no word from the server for " + std::to_string(dead.count()) + " ms");
    return;
  }
  for (const auto& o : outbox_) {
    if (o.sent && now - o.sent_at >= dead) {
      drop(a, failure::silent, "no echo of a message for " + std::to_string(dead.count()) + " ms");
      return;
    }
  }
  if (a->ping_every.count() > 0 && !a->quiet && now - a->last_heard >= heartbeat::quiet_after(a->ping_every)) {
    a->quiet = true;
    emit_status(client_state::connected, failure::none, {}, {}, a->room, true,
                duration_cast<milliseconds>(now - a->last_heard));
  }
  watch_silence(a);
}

// Our side of the heartbeat: a ping on the write channel when it has been
// silent for an interval and a half, so the host knows we are there even
// while the room talks (and sends us no pings). In a quiet room the host's
// pings are answered at once instead (on_server_ping), and this timer,
// pushed back each time, never fires.
void client::keep_alive(const std::shared_ptr<attempt>& a) {
  if (!a || a->ping_every.count() == 0 || phase_ != phase::connected_v1) return;
  a->keepalive_timer.expires_at(a->last_written + a->ping_every + a->ping_every / 2);
  a->keepalive_timer.async_wait([self = shared_from_this(), a](const std::error_code& ec) {
    if (ec || a != self->current_) return;
    if (clock::now() - a->last_written >= a->ping_every) {
      self->write(a, std::make_shared<const std::string>(encode(ping_event{platform::unix_ms()})), false);
    }
    self->keep_alive(a);
  });
}

void client::on_server_ping(const std::shared_ptr<attempt>& a) {
  if (phase_ != phase::connected_v1 || a->ping_every.count() == 0) return;
  if (clock::now() - a->last_written >= a->ping_every / 2) {
    write(a, std::make_shared<const std::string>(encode(ping_event{platform::unix_ms()})), false);
  }
  keep_alive(a);
}

void client::drop(const std::shared_ptr<attempt>& a, failure why, std::string detail) {
  if (a != current_) return;
  if (a->read.open) tap_state(a->read, channel_type::read, wire_event::kind::closed);
  if (a->write.open) tap_state(a->write, channel_type::write, wire_event::kind::closed);
  a->close();
  current_.reset();
  if (phase_ == phase::stopping) {
    finish_stop();
    return;
  }
  phase_ = phase::reconnecting;
  for (auto& o : outbox_) o.sent = false;
  ++failures_in_a_row_;
  // 0.25 s doubling to 5 s, each wait scaled by a random 0.75..1.25 so a
  // whole classroom does not reconnect in lockstep.
  double base = std::min<double>(config_.backoff_max.count(),
                                 config_.backoff_min.count() * std::pow(2.0, std::min(failures_in_a_row_ - 1, 16)));
  std::uniform_real_distribution<double> jitter(0.75, 1.25);
  auto delay =
      std::chrono::milliseconds(static_cast<long>(std::min<double>(base * jitter(rng_), config_.backoff_max.count())));
  emit_status(client_state::reconnecting, why, std::move(detail), delay);
  retry_timer_.expires_after(delay);
  retry_timer_.async_wait([self = shared_from_this()](const std::error_code& ec) {
    if (!ec) self->connect();
  });
}

void client::fail_for_good(const std::shared_ptr<attempt>& a, std::string detail) {
  if (a != current_) return;
  a->close();
  current_.reset();
  phase_ = phase::failed;
  retry_timer_.cancel();
  rate_timer_.cancel();
  emit_status(client_state::failed, failure::rejected, std::move(detail), {});
}

void client::stop() {
  asio::dispatch(io_, [self = shared_from_this()] {
    if (self->winding_down()) return;
    const bool say_bye = self->phase_ == phase::connected_v1;
    self->phase_ = phase::stopping;
    self->retry_timer_.cancel();
    self->rate_timer_.cancel();
    auto a = self->current_;
    if (!a) {
      self->finish_stop();
      return;
    }
    if (!say_bye) {
      self->drop(a, failure::none, {});
      return;
    }
    // Tell a v1 server we are leaving (so the room hears it now, not after
    // the reconnect grace period), then close.
    self->write(a, std::make_shared<const std::string>(encode(bye_event{})), false);
    a->bye_timer.expires_after(std::chrono::milliseconds(500));
    // Expired or cancelled (the client stopping), the attempt ends either way.
    a->bye_timer.async_wait([self, a](const std::error_code&) { self->drop(a, failure::none, {}); });
  });
}

void client::finish_stop() {
  if (phase_ == phase::stopped || phase_ == phase::failed) return;
  phase_ = phase::stopped;
  emit_status(client_state::stopped, failure::none, {}, {});
}

}  // namespace charla::net
