// The room's rules, in the order of docs/PROTOCOL.md:
//   1. channels arriving and leaving (add, on_closed, tick)
//   2. hellos and pairing (on_hello, on_v1_hello, on_legacy_hello)
//   3. messages (on_chat, accept_message, broadcast)
//   4. presence (announce_join, remove, kick)
//   5. errors (reject, refuse, on_bad_value, on_too_large, on_slow)
#include "net/room.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <utility>

#include "charla/net/version.hpp"
#include "net/heartbeat.hpp"
#include "net/platform/platform.hpp"
#include "net/utf8.hpp"

namespace charla::net {
namespace {

constexpr int max_bad_in_a_row = 8;
constexpr std::size_t max_cids_per_session = 4096;
// How long a join or leave may wait to share its write with others.
constexpr std::chrono::milliseconds presence_delay{100};

bool is_session_id(std::string_view s) {
  if (s.size() != session_hex_length) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// ASCII case-insensitive equality: "ana" and "Ana" are the same name.
bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// A name as the room will show it: trimmed, control characters removed,
// at most max_author_code_points code points.
std::string clean_name(std::string_view raw) {
  std::string out;
  for (char c : utf8::trim(raw)) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F) out += c;
  }
  std::size_t points = 0, i = 0;
  for (; i < out.size(); ++i) {
    if ((static_cast<unsigned char>(out[i]) & 0xC0) != 0x80 && ++points > max_author_code_points) break;
  }
  out.resize(i);
  return std::string(utf8::trim(out));
}

std::string short_session(std::string_view s) {
  return std::string(s.substr(0, 8));
}

std::string folded(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

void cid_set::insert(const std::string& cid) {
  if (!ids_.insert(cid).second) return;
  order_.push_back(cid);
  if (order_.size() > max_cids_per_session) {
    ids_.erase(order_.front());
    order_.pop_front();
  }
}

room::room(asio::io_context& io, const server_config& config, event_log& log, server_counters& counters)
    : io_(io),
      config_(config),
      log_(log),
      counters_(counters),
      kicked_sessions_(config.limits.remembered_sessions, config.limits.remembered_sessions_for),
      muted_sessions_(config.limits.remembered_sessions, config.limits.remembered_sessions_for),
      pin_failures_(config.limits.remembered_addresses, config.limits.remembered_addresses_for),
      cids_(config.limits.remembered_sessions, config.limits.remembered_sessions_for),
      history_(config.limits.history),
      presence_timer_(io),
      legacy_ping_(std::make_shared<const std::string>(encode_legacy_ping())) {
  read_only_ = config.read_only;
  auto present = [this](const std::string& session) { return sessions_.count(session) != 0; };
  cids_.set_keep(present);
  muted_sessions_.set_keep(present);
}

room::~room() {
  *alive_ = false;
}

// ---------------------------------------------------------------------------
// 1. Channels arriving and leaving

void room::open_transcript() {
  if (config_.transcript_path.empty()) return;
  auto loaded = transcript::load(config_.transcript_path, std::max<std::size_t>(config_.limits.history, 1));
  for (auto& line : loaded.tail) {
    if (!line.session.empty() && !line.msg.cid.empty()) cids_.touch(line.session).insert(line.msg.cid);
    history_.push(std::move(line.msg), std::move(line.session));
  }
  last_id_ = loaded.last_id;
  transcript_.open(config_.transcript_path);
  log_.add("transcript " + config_.transcript_path + ": " + std::to_string(loaded.lines) + " messages, " +
           (loaded.last_id ? "continuing after #" + std::to_string(loaded.last_id) : std::string("new")) +
           (loaded.bad_lines ? ", " + std::to_string(loaded.bad_lines) + " unreadable lines skipped" : ""));
}

void room::add(const std::shared_ptr<channel>& ch) {
  channels_.emplace(ch->id(), ch);
  log_.add("connection #" + std::to_string(ch->id()) + " from " + ch->peer());
  ch->start();
}

// Called once per channel (channel::close is idempotent). The channel stays
// in channels_ until reap(): this may run inside a loop over it.
void room::on_closed(channel& ch, leave_reason reason, const std::string& why) {
  if (channels_.count(ch.id())) {
    closed_.push_back(ch.id());
    counters_.connections.fetch_sub(1, std::memory_order_relaxed);
    schedule_reap();
  }
  if (tapped(ch)) tap(ch, wire_event::kind::closed, false, {});
  participant* p = ch.owner;
  ch.owner = nullptr;
  if (!why.empty()) log_.add(describe(ch) + " closed: " + why);
  if (!p) return;
  if (p->reader.get() == &ch) p->reader.reset();
  if (p->writer.get() == &ch) p->writer.reset();
  if (p->legacy) {
    // A seed client never reconnects: one channel gone means it is gone.
    remove(*p, reason);
  } else if (!p->reader && !p->writer && !p->absent_since) {
    p->absent_since = clock::now();
    p->absent_reason = reason;
  }
}

// Checks every timeout and heartbeat that is due and returns when the next
// one will be (the server sleeps until then: no polling while idle).
room::clock::time_point room::tick(clock::time_point now) {
  const auto& lim = config_.limits;
  const auto v1_every = v1_ping_interval();
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
    std::shared_ptr<channel> reader = ch->owner ? ch->owner->reader : nullptr;
    const std::string why = "no heartbeat for " + std::to_string(dead_after.count()) + " ms";
    ch->close(leave_reason::timeout, why);
    if (reader) reader->close(leave_reason::timeout, why);
  }

  std::vector<participant*> gone;
  for (auto& [id, p] : participants_) {
    if (p->leaving || !p->absent_since) continue;
    if (now - *p->absent_since >= lim.grace)
      gone.push_back(p.get());
    else
      due(*p->absent_since + lim.grace);
  }
  for (auto* p : gone) remove(*p, p->absent_reason);
  forget_old(now);
  return next;
}

std::chrono::milliseconds room::v1_ping_interval() const {
  return std::min(config_.limits.heartbeat, config_.limits.ping_interval);
}

void room::forget_old(clock::time_point now) {
  kicked_sessions_.forget(now);
  muted_sessions_.forget(now);
  pin_failures_.forget(now);
  cids_.forget(now);
  counters_.remembered.store(kicked_sessions_.size() + muted_sessions_.size() + pin_failures_.size() + cids_.size(),
                             std::memory_order_relaxed);
}

// The room closes: no leave events (nobody is left to hear them). Safe at
// any point, even from inside a delivery: everything is marked, and reap()
// (or the room's destructor) frees it.
void room::close_all() {
  std::vector<std::shared_ptr<channel>> all;
  for (auto& [id, ch] : channels_) all.push_back(ch);
  for (auto& ch : all) {
    ch->owner = nullptr;
    ch->close(leave_reason::closed, {});
  }
  for (auto& [id, p] : participants_) {
    if (p->leaving) continue;
    p->leaving = true;
    p->present = false;
    p->reader.reset();
    p->writer.reset();
    leaving_.push_back(id);
  }
  sessions_.clear();
  names_.clear();
  members_.clear();
  members_stale_ = false;
  legacy_unpaired_.clear();
  counters_.participants.store(0, std::memory_order_relaxed);
  schedule_reap();
}

void room::schedule_reap() {
  if (reap_posted_) return;
  reap_posted_ = true;
  asio::post(io_, [this, alive = std::weak_ptr<bool>(alive_)] {
    if (alive.lock()) reap();
  });
}

// The one place where channels_ and participants_ shrink (see room.hpp). It
// runs as a handler of its own, so no loop over either is under way.
void room::reap() {
  reap_posted_ = false;
  for (auto id : std::exchange(closed_, {})) channels_.erase(id);
  for (auto id : std::exchange(leaving_, {})) participants_.erase(id);
}

void room::mark_dirty(channel& ch) {
  ch.dirty = true;
  dirty_.push_back(ch.shared_from_this());
  if (flush_posted_) return;
  flush_posted_ = true;
  asio::post(io_, [this, alive = std::weak_ptr<bool>(alive_)] {
    if (alive.lock()) flush_dirty();
  });
}

void room::flush_dirty() {
  flush_posted_ = false;
  auto batch = std::move(dirty_);
  dirty_.clear();
  for (auto& ch : batch) {
    ch->dirty = false;
    ch->flush();
  }
}

// ---------------------------------------------------------------------------
// 2. Hellos and pairing

void room::on_value(channel& ch, inbound&& value) {
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
  if (auto* m = std::get_if<chat_in>(&value)) {
    if (ch.type() == channel_type::write) on_chat(ch, std::move(*m));
  } else if (std::holds_alternative<bye_event>(value)) {
    on_bye(ch);
  } else if (std::holds_alternative<ping_event>(value)) {
    // A client's heartbeat (tick): from now on its silence means it is gone.
    if (ch.type() == channel_type::write && !ch.legacy()) ch.heartbeat = true;
  }
  // Anything else (a second hello) is ignored.
}

void room::on_hello(channel& ch, hello&& h) {
  const char* kind = h.type == channel_type::read ? "read" : "write";
  if (h.version == 0) {
    if (!config_.pin.empty()) {
      counters_.drop(drop_reason::bad_hello);
      ch.close(leave_reason::closed, std::string("refused a seed client's ") + kind +
                                         " channel: this room has a PIN and seed clients cannot send one");
      return;
    }
    on_legacy_hello(ch, h);
    return;
  }
  if (!config_.pin.empty() && !check_pin(ch, h.pin)) return;
  on_v1_hello(ch, std::move(h));
}

// Wrong PINs from one address make it wait before its next try: 1 s, 2 s,
// 4 s ... up to a minute, so a PIN cannot be guessed by brute force.
bool room::check_pin(channel& ch, const std::string& pin) {
  const auto& lim = config_.limits;
  auto now = clock::now();
  auto* failures = pin_failures_.find(ch.ip());
  if (failures && now < failures->wait_until) {
    auto left = std::chrono::duration_cast<std::chrono::seconds>(failures->wait_until - now).count() + 1;
    refuse(ch, error_code::bad_pin,
           "too many wrong PINs from this computer: try again in " + std::to_string(left) + " s",
           drop_reason::pin_backoff);
    return false;
  }
  if (pin.empty()) {
    refuse(ch, error_code::pin_required, "this room needs a PIN", drop_reason::bad_pin);
    return false;
  }
  if (pin != config_.pin) {
    auto& f = pin_failures_.touch(ch.ip(), now);
    ++f.count;
    auto wait =
        std::min<std::chrono::milliseconds>(lim.pin_backoff_max, lim.pin_backoff * (1LL << std::min(f.count - 1, 20)));
    f.wait_until = now + wait;
    refuse(ch, error_code::bad_pin, "wrong PIN", drop_reason::bad_pin);
    log_.add(ch.ip() + " gave a wrong PIN " + std::to_string(f.count) + " time(s); next try allowed in " +
             std::to_string(wait.count()) + " ms");
    return false;
  }
  pin_failures_.erase(ch.ip());
  return true;
}

bool room::has_room_for_one_more(channel& ch) {
  std::size_t cap = config_.limits.max_participants;
  if (cap == 0 || participants_.size() - leaving_.size() < cap) return true;
  refuse(ch, error_code::server_full, "the room is full (" + std::to_string(cap) + " participants)",
         drop_reason::room_full);
  return false;
}

void room::on_v1_hello(channel& ch, hello&& h) {
  if (!is_session_id(h.session)) {
    refuse(ch, error_code::bad_hello, "session must be 32 lowercase hex characters", drop_reason::bad_hello);
    return;
  }
  std::string name(utf8::trim(h.author));
  std::size_t points = utf8::count_code_points(name);
  if (points == 0 || points > max_author_code_points || utf8::has_control(name)) {
    refuse(ch, error_code::bad_hello, "a name has 1 to 32 characters and no control characters",
           drop_reason::bad_hello);
    return;
  }
  if (kicked_sessions_.contains(h.session)) {
    refuse(ch, error_code::kicked, std::string(kicked_without_reason), drop_reason::kicked);
    return;
  }
  participant* p = nullptr;
  if (auto it = sessions_.find(h.session); it != sessions_.end()) {
    p = it->second;  // a reconnect: keep the name the room knows
  } else {
    if (name_in_use(name, nullptr)) {
      refuse(ch, error_code::name_taken, "the name \"" + name + "\" is already in use in this room",
             drop_reason::name_taken);
      return;
    }
    if (!has_room_for_one_more(ch)) return;
    p = &create(ch, h.session, name, false);
  }
  ch.set_role(h.type, false, config_.limits.legacy_pace);
  attach(*p, ch);
  log_.add(describe(ch) + ": hello v1 as " + (h.type == channel_type::read ? "read" : "write") + " channel of " +
           p->author + " (session " + short_session(p->session) + ")");
  if (!p->present) announce_join(*p);
  if (h.type == channel_type::read) send_welcome(*p, ch, h.since);
}

void room::on_legacy_hello(channel& ch, const hello& h) {
  ch.set_role(h.type, true, config_.limits.legacy_pace);
  auto& waiting = legacy_unpaired_[ch.ip()];
  auto half = std::find_if(waiting.begin(), waiting.end(),
                           [&](participant* q) { return h.type == channel_type::read ? !q->reader : !q->writer; });
  const char* kind = h.type == channel_type::read ? "read" : "write";
  if (half != waiting.end()) {
    participant* p = *half;
    waiting.erase(half);
    attach(*p, ch);
    log_.add(describe(ch) + ": seed " + kind + " channel, paired with connection #" +
             std::to_string((h.type == channel_type::read ? p->writer : p->reader)->id()));
    return;
  }
  if (!has_room_for_one_more(ch)) return;
  participant& p = create(ch, {}, {}, true);
  attach(p, ch);
  waiting.push_back(&p);
  log_.add(describe(ch) + ": seed " + kind + " channel, waiting for its other channel");
}

participant& room::create(channel& ch, std::string session, std::string author, bool legacy) {
  auto p = std::make_unique<participant>();
  p->id = next_participant_id_++;
  p->session = std::move(session);
  set_author(*p, std::move(author));
  p->ip = ch.ip();
  p->legacy = legacy;
  p->tokens = config_.limits.burst;
  p->muted = !p->session.empty() && muted_sessions_.contains(p->session);
  p->refilled = clock::now();
  auto& ref = *p;
  if (tap_next_) {
    tap_next_ = false;
    tapped_id_ = ref.id;
  }
  if (!ref.session.empty()) sessions_[ref.session] = &ref;
  participants_.emplace(ref.id, std::move(p));
  return ref;
}

void room::attach(participant& p, channel& ch) {
  auto& slot = ch.type() == channel_type::read ? p.reader : p.writer;
  if (slot && slot.get() != &ch) {
    // A reconnect replaces the old channel of that type.
    auto old = std::move(slot);
    old->owner = nullptr;
    old->close(leave_reason::closed, "replaced by connection #" + std::to_string(ch.id()));
  }
  slot = ch.shared_from_this();
  ch.owner = &p;
  p.absent_since.reset();
  if (tapped(ch)) {
    tap(ch, wire_event::kind::connected, true, {});
    tap(ch, wire_event::kind::frame, true, ch.last_object());
  }
}

void room::send_welcome(participant& p, channel& ch, std::optional<std::uint64_t> since) {
  welcome w;
  w.room = config_.room;
  w.server = std::string("charla ") + charla::version;
  w.session = p.session;
  w.first_id = history_.size() ? history_.first_id() : last_id_ + 1;
  w.last_id = last_id_;
  w.ping_ms = static_cast<std::uint64_t>(v1_ping_interval().count());
  if (members_stale_) {
    members_.clear();
    for (auto& [id, q] : participants_) {
      if (!q->leaving && q->present && !q->author.empty()) append_member(members_, {q->author, q->legacy});
    }
    members_stale_ = false;
  }
  ch.deliver(std::make_shared<const std::string>(encode_welcome(w, members_)));
  ch.presence_from = presence_seq_;  // the welcome's members already reflect every event so far
  std::size_t from =
      since ? history_.index_after(*since) : history_.size() - std::min(history_.size(), config_.limits.replay_default);
  std::size_t bytes = 0;
  for (std::size_t i = from; i < history_.size(); ++i) bytes += history_.at(i).replay_bytes()->size();
  ch.replay_allowance += bytes;
  for (std::size_t i = from; i < history_.size(); ++i) ch.deliver(history_.at(i).replay_bytes());
  if (history_.size() > from) {
    log_.add(describe(ch) + ": replayed " + std::to_string(history_.size() - from) + " messages from #" +
             std::to_string(history_.at(from).msg.id));
  }
}

// ---------------------------------------------------------------------------
// 3. Messages

void room::on_chat(channel& ch, chat_in&& m) {
  participant* p = ch.owner;
  if (!p) return;
  std::string text(utf8::trim_end(m.text));
  std::string cid = p->legacy ? std::string() : std::move(m.cid);
  if (p->legacy) {
    std::string claimed = clean_name(m.author);
    if (claimed.empty()) return;  // the seed's ping: nothing to relay
    if (p->author.empty()) {
      set_author(*p, name_in_use(claimed, p) ? claimed + " (" + p->ip + ")" : claimed);
      announce_join(*p);
    }
  }
  if (cid.size() > max_cid_bytes) {
    reject(p, ch, error_code::bad_json,
           "a cid has at most " + std::to_string(max_cid_bytes) + " bytes; message not sent", drop_reason::bad_json);
    return;
  }
  if (text.empty()) {
    counters_.drop(drop_reason::empty_message);
    return;
  }
  if (text.size() > config_.limits.max_mensaje) {
    reject(p, ch, error_code::too_large,
           "message of " + std::to_string(text.size()) + " bytes not sent: the limit is " +
               std::to_string(config_.limits.max_mensaje),
           drop_reason::too_large, cid);
    return;
  }
  bool is_host = !config_.host_session.empty() && p->session == config_.host_session;
  if (!is_host && (p->muted || read_only_)) {
    reject(p, ch, error_code::muted,
           p->muted ? "the host has muted you" : "only the host can write in this room right now", drop_reason::muted,
           cid);
    return;
  }
  // A resend of something already accepted costs nothing, not even a token.
  if (const cid_set* seen = cid.empty() ? nullptr : cids_.find(p->session); seen && seen->contains(cid)) {
    counters_.drop(drop_reason::duplicate);
    log_.add(describe(ch) + ": message " + cid.substr(0, 40) + " already received, not repeated");
    return;
  }
  const auto& lim = config_.limits;
  if (lim.rate > 0) {
    auto now = clock::now();
    double elapsed = std::chrono::duration<double>(now - p->refilled).count();
    p->tokens = std::min(lim.burst, p->tokens + elapsed * lim.rate);
    p->refilled = now;
    if (p->tokens < 1.0) {
      reject(p, ch, error_code::rate_limited, "too many messages: wait a moment", drop_reason::rate_limited, cid);
      return;
    }
    p->tokens -= 1.0;
  }
  if (!cid.empty()) cids_.touch(p->session).insert(cid);
  accept_message(*p, std::move(text), std::move(cid));
}

void room::accept_message(participant& p, std::string text, std::string cid) {
  chat_msg msg{++last_id_, platform::unix_ms(), p.author, std::move(text), std::move(cid), false};
  if (transcript_.is_open() && !transcript_.append(transcript_line{msg, p.session})) {
    log_.add("could not write message #" + std::to_string(msg.id) + " to the transcript: " + std::strerror(errno));
  }
  std::size_t size = msg.text.size();
  const auto& stored = history_.push(std::move(msg), p.session);
  counters_.messages.fetch_add(1, std::memory_order_relaxed);
  // The console tells what the room says, as the seed's server did; with
  // quiet_messages (a log shared with others) only how long it was.
  log_.add(
      "message #" + std::to_string(stored.msg.id) + " from " + p.author +
      (config_.quiet_messages ? " (" + std::to_string(size) + " bytes)" : ": " + event_log::quote(stored.msg.text)));
  broadcast(stored, p);
}

void room::broadcast(const stored_message& m, const participant& sender) {
  flush_presence();  // a seed client's join comes before its first message
  std::vector<shared_bytes> legacy_parts;
  std::uint64_t deliveries = 0;
  for (auto& [id, q] : participants_) {
    channel* r = q->reader.get();
    if (q->leaving || !r || !r->is_open()) continue;
    if (!r->legacy()) {
      r->deliver(m.live);
      ++deliveries;
      continue;
    }
    if (q.get() == &sender) continue;  // seed readers never get their own messages
    if (legacy_parts.empty()) {
      for (auto& part : encode_legacy_parts(m.msg.author, m.msg.text)) {
        legacy_parts.push_back(std::make_shared<const std::string>(std::move(part)));
      }
    }
    for (auto& part : legacy_parts) {
      r->deliver(part);
      ++deliveries;
    }
  }
  counters_.deliveries.fetch_add(deliveries, std::memory_order_relaxed);
}

void room::queue_presence(std::string event) {
  presence_offsets_.push_back(presence_batch_.size());
  presence_batch_ += event;
  ++presence_seq_;
  if (presence_timer_armed_) return;
  presence_timer_armed_ = true;
  presence_timer_.expires_after(presence_delay);
  presence_timer_.async_wait([this, alive = std::weak_ptr<bool>(alive_)](const std::error_code& ec) {
    if (ec || !alive.lock()) return;
    presence_timer_armed_ = false;
    flush_presence();
  });
}

// Every v1 reader gets the events it has not seen: all of the batch, one
// shared copy for everyone; a reader welcomed during the batch gets only
// what came after its welcome (its own join included there, so it never
// hears about itself).
//
// The batch is taken out first: a delivery that cuts a seed reader queues
// its leave into the next batch, which must not be cleared with this one.
void room::flush_presence() {
  if (presence_offsets_.empty()) return;
  const std::uint64_t end = presence_seq_;
  const std::uint64_t first = end - presence_offsets_.size();
  auto offsets = std::exchange(presence_offsets_, {});
  auto whole = std::make_shared<const std::string>(std::exchange(presence_batch_, {}));
  for (auto& [id, q] : participants_) {
    channel* r = q->reader.get();
    if (q->leaving || !r || r->legacy()) continue;
    if (r->presence_from <= first) {
      r->deliver(whole);
    } else if (r->presence_from < end) {
      r->deliver(std::make_shared<const std::string>(whole->substr(offsets[r->presence_from - first])));
    }
  }
}

// ---------------------------------------------------------------------------
// 4. Presence

bool room::name_in_use(std::string_view name, const participant* except) const {
  auto it = names_.find(folded(name));
  if (it == names_.end()) return false;
  bool own = except && !except->author.empty() && same_name(except->author, name);
  return it->second > (own ? 1u : 0u);
}

void room::set_author(participant& p, std::string author) {
  if (!p.author.empty()) {
    auto it = names_.find(folded(p.author));
    if (it != names_.end() && --it->second == 0) names_.erase(it);
  }
  p.author = std::move(author);
  if (!p.author.empty()) ++names_[folded(p.author)];
}

void room::announce_join(participant& p) {
  p.present = true;
  if (!members_stale_) append_member(members_, {p.author, p.legacy});
  counters_.participants.fetch_add(1, std::memory_order_relaxed);
  log_.add(p.author + " joined from " + p.ip + (p.legacy ? " (seed client)" : ""));
  queue_presence(encode(join_event{p.author, p.legacy}));
}

// Marks `p` as leaving (reap() erases it): its session, name and pairing
// are free at once, its channels close, and the room hears it left.
void room::remove(participant& p, leave_reason reason) {
  if (p.leaving) return;
  p.leaving = true;
  leaving_.push_back(p.id);
  schedule_reap();
  participant* owned = &p;
  if (!owned->session.empty()) {
    auto s = sessions_.find(owned->session);
    if (s != sessions_.end() && s->second == owned) sessions_.erase(s);
  }
  const std::string name = owned->author;
  set_author(*owned, {});  // the name is free again
  if (owned->legacy) {
    auto w = legacy_unpaired_.find(owned->ip);
    if (w != legacy_unpaired_.end()) {
      std::erase(w->second, owned);
      if (w->second.empty()) legacy_unpaired_.erase(w);
    }
  }
  for (auto* slot : {&owned->reader, &owned->writer}) {
    if (auto ch = std::move(*slot)) {
      ch->owner = nullptr;
      if (reason == leave_reason::kicked)
        ch->close_after_flush(reason, "removed by the host");
      else
        ch->close(reason, {});
    }
  }
  if (std::exchange(owned->present, false)) {
    members_stale_ = true;
    counters_.participants.fetch_sub(1, std::memory_order_relaxed);
    log_.add(name + " left (" + std::string(to_string(reason)) + ")");
    queue_presence(encode(leave_event{name, reason}));
  }
}

void room::on_bye(channel& ch) {
  if (ch.owner && !ch.owner->legacy) remove(*ch.owner, leave_reason::closed);
}

void room::kick(const std::string& author, const std::string& reason) {
  for (auto& [id, p] : participants_) {
    if (p->leaving || !p->present || p->author != author) continue;
    counters_.drop(drop_reason::kicked);
    if (!p->session.empty()) kicked_sessions_.touch(p->session);
    if (p->reader && !p->reader->legacy()) {
      std::string detail = reason.empty() ? std::string(kicked_without_reason) : reason;
      p->reader->deliver(std::make_shared<const std::string>(encode(error_event{error_code::kicked, detail, {}})));
    }
    log_.add("the host removed " + author + (reason.empty() ? "" : ": " + reason));
    remove(*p, leave_reason::kicked);
    return;
  }
}

void room::mute(const std::string& author, bool muted) {
  for (auto& [id, p] : participants_) {
    if (p->leaving || !p->present || p->author != author) continue;
    p->muted = muted;
    if (!p->session.empty()) {
      if (muted)
        muted_sessions_.touch(p->session);
      else
        muted_sessions_.erase(p->session);
    }
    log_.add(std::string("the host ") + (muted ? "muted " : "unmuted ") + author);
    return;
  }
}

void room::set_wire_tap(std::string author, wire_tap tap) {
  tapped_author_ = std::move(author);
  tapped_id_ = 0;
  tap_next_ = false;
  tap_ = tapped_author_.empty() ? nullptr : std::move(tap);
  if (!tap_) return;
  // Its channels already open: reported at once, with when they opened.
  for (auto& [id, p] : participants_) {
    if (p->leaving || p->author != tapped_author_) continue;
    for (auto* ch : {p->reader.get(), p->writer.get()}) {
      if (ch && ch->is_open()) this->tap(*ch, wire_event::kind::connected, true, {}, true);
    }
  }
}

void room::watch_next_participant(wire_tap tap) {
  tapped_author_.clear();
  tapped_id_ = 0;
  tap_next_ = tap != nullptr;
  tap_ = std::move(tap);
}

void room::tap(const channel& ch, wire_event::kind what, bool from_participant, std::string_view bytes, bool earlier) {
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
  e.participant_end = ch.peer();
  e.server_end = ch.local();
  e.legacy = ch.legacy();
  if (const participant* p = ch.owner) {
    e.participant = p->author;
    const channel* other = ch.type() == channel_type::read ? p->writer.get() : p->reader.get();
    if (other) e.paired_with = other->peer();
  }
  tap_(e);
}

void room::set_read_only(bool read_only) {
  if (read_only_ == read_only) return;
  read_only_ = read_only;
  log_.add(read_only ? "the room is read-only: only the host can write" : "everyone can write again");
}

// ---------------------------------------------------------------------------
// 5. Errors

void room::reject(participant* p, channel& ch, error_code code, const std::string& detail, drop_reason why,
                  const std::string& cid) {
  counters_.drop(why);
  log_.add(describe(ch) + ": " + std::string(to_string(code)) + ": " + detail);
  if (ch.legacy()) return;  // seed programs cannot read error events
  channel* target = p && p->reader && p->reader->is_open() ? p->reader.get() : &ch;
  target->deliver(std::make_shared<const std::string>(encode(error_event{code, detail, cid})));
}

void room::refuse(channel& ch, error_code code, const std::string& detail, drop_reason why) {
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

void room::on_bad_value(channel& ch, const std::string& problem) {
  if (ch.current_state() == channel::state::awaiting_hello) {
    refuse(ch, error_code::bad_hello, "the first object must be a hello: " + problem, drop_reason::bad_hello);
    return;
  }
  reject(ch.owner, ch, error_code::bad_json, problem, drop_reason::bad_json);
  if (++ch.bad_in_a_row >= max_bad_in_a_row) {
    ch.close_after_flush(leave_reason::closed, std::to_string(max_bad_in_a_row) + " bad objects in a row");
  }
}

void room::on_too_large(channel& ch) {
  if (ch.current_state() == channel::state::awaiting_hello) ch.set_role(ch.type(), false, {});
  refuse(ch, error_code::too_large, "an object is larger than " + std::to_string(config_.limits.max_object) + " bytes",
         drop_reason::too_large);
}

void room::on_slow(channel& ch, const char* why) {
  counters_.drop(drop_reason::slow_reader);
  participant* p = ch.owner;
  if (p && p->legacy) {
    log_.add(describe(ch) + ": slow reader closed: " + why);
    remove(*p, leave_reason::slow);
    return;
  }
  ch.close(leave_reason::slow, std::string("slow reader: ") + why);
}

std::string room::describe(const channel& ch) const {
  return "#" + std::to_string(ch.id()) + " " + ch.peer();
}

}  // namespace charla::net
