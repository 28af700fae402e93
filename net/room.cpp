// The room's rules, in the order of docs/PROTOCOL.md:
//   1. admission (admission, check_pin, room_for_one_more, join)
//   2. the participant's life (disconnected, tick, remove, close_all, reap)
//   3. messages (message, accept_message, broadcast)
//   4. presence and moderation (announce_join, flush_presence, kick, mute)
//   5. the wire tap
#include "net/room.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "charla/net/version.hpp"
#include "net/platform/platform.hpp"
#include "net/utf8.hpp"

namespace charla::net {
namespace {

constexpr std::size_t max_cids_per_session = 4096;
// How long a join or leave may wait to share its write with others.
constexpr std::chrono::milliseconds presence_delay{100};

bool is_session_id(std::string_view s) {
  if (s.size() != session_hex_length) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// A name as the room will show it: trimmed, control characters removed,
// at most max_author_code_points code points.
std::string clean_name(std::string_view raw) {
  std::string out;
  for (char c : utf8::trim(raw)) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F) out += c;
  }
  out.resize(utf8::prefix_bytes(out, max_author_code_points));
  return std::string(utf8::trim(out));
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
      reap_(io, [this] { reap(); }),
      presence_(io, presence_delay, [this] { flush_presence(); }),
      kicked_sessions_(config.limits.remembered_sessions, config.limits.remembered_sessions_for),
      muted_sessions_(config.limits.remembered_sessions, config.limits.remembered_sessions_for),
      pin_failures_(config.limits.remembered_addresses, config.limits.remembered_addresses_for),
      cids_(config.limits.remembered_sessions, config.limits.remembered_sessions_for),
      history_(config.limits.history) {
  read_only_ = config.read_only;
  auto present = [this](const std::string& session) { return sessions_.count(session) != 0; };
  cids_.set_keep(present);
  muted_sessions_.set_keep(present);
}

room::~room() {
  for (auto& [id, p] : participants_) p->at->who_ = nullptr;
}

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

// ---------------------------------------------------------------------------
// 1. Admission

std::optional<refusal> room::admission(const hello& h, const std::string& ip, const seat* completes) {
  if (h.version == 0) {
    if (!config_.pin.empty()) {
      const char* kind = h.type == channel_type::read ? "read" : "write";
      return refusal{error_code::bad_pin,
                     std::string("refused a seed client's ") + kind +
                         " channel: this room has a PIN and seed clients cannot send one",
                     drop_reason::bad_hello};
    }
    return completes ? std::nullopt : room_for_one_more();
  }
  if (!config_.pin.empty()) {
    if (auto r = check_pin(ip, h.pin)) return r;
  }
  if (!is_session_id(h.session)) {
    return refusal{error_code::bad_hello, "session must be 32 lowercase hex characters", drop_reason::bad_hello};
  }
  std::string name(utf8::trim(h.author));
  std::size_t points = utf8::count_code_points(name);
  if (points == 0 || points > max_author_code_points || utf8::has_control(name)) {
    return refusal{error_code::bad_hello, "a name has 1 to 32 characters and no control characters",
                   drop_reason::bad_hello};
  }
  if (kicked_sessions_.contains(h.session)) {
    return refusal{error_code::kicked, std::string(kicked_without_reason), drop_reason::kicked};
  }
  if (sessions_.count(h.session)) return std::nullopt;  // a reconnect keeps the name the room knows
  if (presence_.name_in_use(name)) {
    return refusal{error_code::name_taken, "the name \"" + name + "\" is already in use in this room",
                   drop_reason::name_taken};
  }
  return room_for_one_more();
}

// Wrong PINs from one address make it wait before its next try: 1 s, 2 s,
// 4 s ... up to a minute, so a PIN cannot be guessed by brute force.
std::optional<refusal> room::check_pin(const std::string& ip, const std::string& pin) {
  const auto& lim = config_.limits;
  auto now = clock::now();
  auto* failures = pin_failures_.find(ip);
  if (failures && now < failures->wait_until) {
    auto left = std::chrono::duration_cast<std::chrono::seconds>(failures->wait_until - now).count() + 1;
    return refusal{error_code::bad_pin,
                   "too many wrong PINs from this computer: try again in " + std::to_string(left) + " s",
                   drop_reason::pin_backoff};
  }
  if (pin.empty()) return refusal{error_code::pin_required, "this room needs a PIN", drop_reason::bad_pin};
  if (pin != config_.pin) {
    auto& f = pin_failures_.touch(ip, now);
    ++f.count;
    auto wait =
        std::min<std::chrono::milliseconds>(lim.pin_backoff_max, lim.pin_backoff * (1LL << std::min(f.count - 1, 20)));
    f.wait_until = now + wait;
    log_.add(ip + " gave a wrong PIN " + std::to_string(f.count) + " time(s); next try allowed in " +
             std::to_string(wait.count()) + " ms");
    return refusal{error_code::bad_pin, "wrong PIN", drop_reason::bad_pin};
  }
  pin_failures_.erase(ip);
  return std::nullopt;
}

std::optional<refusal> room::room_for_one_more() const {
  std::size_t cap = config_.limits.max_participants;
  if (cap == 0 || participants_.size() - leaving_.size() < cap) return std::nullopt;
  return refusal{error_code::server_full, "the room is full (" + std::to_string(cap) + " participants)",
                 drop_reason::room_full};
}

const participant& room::join(const std::shared_ptr<seat>& s, hello&& h) {
  participant* p = owner(*s);
  // A transport finds the seat of a session it knows (its reconnect), so a
  // seat without a participant is a new one.
  if (!p)
    p = &create(s, h.version > 0 ? h.session : std::string(), h.version > 0 ? std::string(utf8::trim(h.author)) : "");
  p->absent_since.reset();
  if (h.version > 0) {
    if (!p->present) announce_join(*p);
    if (h.type == channel_type::read) send_welcome(*p, h.since);
  }
  return *p;
}

participant& room::create(const std::shared_ptr<seat>& s, std::string session, std::string author) {
  auto p = std::make_unique<participant>();
  p->id = next_participant_id_++;
  p->session = std::move(session);
  p->at = s;
  p->format = s->format();
  s->who_ = p.get();
  set_author(*p, std::move(author));
  p->ip = s->ip();
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

void room::send_welcome(participant& p, std::optional<std::uint64_t> since) {
  welcome w;
  w.room = config_.room;
  w.server = std::string("charla ") + charla::version;
  w.session = p.session;
  w.first_id = history_.size() ? history_.first_id() : last_id_ + 1;
  w.last_id = last_id_;
  w.ping_ms = static_cast<std::uint64_t>(v1_ping_interval().count());
  w.max_text_bytes = config_.limits.max_text_bytes;
  const std::string& members = presence_.members([this](std::string& out) {
    for (auto& [id, q] : participants_) {
      if (!q->leaving && q->present && !q->author.empty()) append_member(out, {q->author, q->seed()});
    }
  });
  seat& s = *p.at;
  s.deliver(std::make_shared<const std::string>(encode_welcome(w, members)));
  p.presence_from = presence_.seq();  // the welcome's members already reflect every event so far
  std::size_t from =
      since ? history_.index_after(*since) : history_.size() - std::min(history_.size(), config_.limits.replay_default);
  std::size_t bytes = 0;
  for (std::size_t i = from; i < history_.size(); ++i) bytes += history_.at(i).replay_bytes()->size();
  s.allow_replay(bytes);
  for (std::size_t i = from; i < history_.size(); ++i) s.deliver(history_.at(i).replay_bytes());
  if (history_.size() > from) {
    log_.add(s.describe() + ": replayed " + std::to_string(history_.size() - from) + " messages from #" +
             std::to_string(history_.at(from).msg.id));
  }
}

std::chrono::milliseconds room::v1_ping_interval() const {
  return std::min(config_.limits.heartbeat, config_.limits.ping_interval);
}

// ---------------------------------------------------------------------------
// 2. The participant's life

void room::disconnected(seat& s, leave_reason reason) {
  participant* p = owner(s);
  if (!p || p->leaving) return;
  if (s.grace().count() == 0) {
    remove(*p, reason);
  } else if (!p->absent_since) {
    p->absent_since = clock::now();
    p->absent_reason = reason;
  }
}

// Ends the grace periods that are over and returns when the next one will
// (the server sleeps until then: no polling while idle).
room::clock::time_point room::tick(clock::time_point now) {
  clock::time_point next = clock::time_point::max();
  std::vector<participant*> gone;
  for (auto& [id, p] : participants_) {
    if (p->leaving || !p->absent_since) continue;
    const auto grace = p->at->grace();
    if (now - *p->absent_since >= grace)
      gone.push_back(p.get());
    else
      next = std::min(next, *p->absent_since + grace);
  }
  for (auto* p : gone) remove(*p, p->absent_reason);
  forget_old(now);
  return next;
}

void room::forget_old(clock::time_point now) {
  kicked_sessions_.forget(now);
  muted_sessions_.forget(now);
  pin_failures_.forget(now);
  cids_.forget(now);
  counters_.remembered.store(kicked_sessions_.size() + muted_sessions_.size() + pin_failures_.size() + cids_.size(),
                             std::memory_order_relaxed);
}

// Marks `p` as leaving (reap() erases it): its session, name and seat are
// free at once, its seat closes, and the room hears it left.
void room::remove(participant& p, leave_reason reason) {
  if (p.leaving) return;
  p.leaving = true;
  leaving_.push_back(p.id);
  reap_.request();
  if (!p.session.empty()) {
    auto s = sessions_.find(p.session);
    if (s != sessions_.end() && s->second == &p) sessions_.erase(s);
  }
  const std::string name = p.author;
  set_author(p, {});  // the name is free again
  p.at->who_ = nullptr;
  p.at->close(reason, reason == leave_reason::kicked);
  if (std::exchange(p.present, false)) {
    counters_.participants.fetch_sub(1, std::memory_order_relaxed);
    log_.add(name + " left (" + std::string(to_string(reason)) + ")");
    presence_.left(leave_event{name, reason});
  }
}

// Safe at any point, even from inside a delivery: everything is marked, and
// reap() (or the room's destructor) frees it.
void room::close_all() {
  for (auto& [id, p] : participants_) {
    if (p->leaving) continue;
    p->leaving = true;
    p->present = false;
    p->at->who_ = nullptr;
    leaving_.push_back(id);
  }
  sessions_.clear();
  presence_.clear();
  counters_.participants.store(0, std::memory_order_relaxed);
  reap_.request();
}

// The one place where participants_ shrinks (see room.hpp). It runs as a
// handler of its own, so no loop over it is under way.
void room::reap() {
  for (auto id : std::exchange(leaving_, {})) participants_.erase(id);
}

// ---------------------------------------------------------------------------
// 3. Messages

void room::message(seat& s, chat_in&& m) {
  participant* p = owner(s);
  if (!p || p->leaving) return;
  const bool seed = p->seed();
  std::string text(utf8::trim_end(m.text));
  std::string cid = seed ? std::string() : std::move(m.cid);
  if (seed) {
    std::string claimed = clean_name(m.author);
    if (claimed.empty()) return;  // the seed's ping: nothing to relay
    if (p->author.empty()) {
      set_author(*p, presence_.name_in_use(claimed) ? claimed + " (" + p->ip + ")" : claimed);
      announce_join(*p);
    }
  }
  if (cid.size() > max_cid_bytes) {
    reject(s, error_code::bad_json, "a cid has at most " + std::to_string(max_cid_bytes) + " bytes; message not sent",
           drop_reason::bad_json);
    return;
  }
  if (text.empty()) {
    counters_.drop(drop_reason::empty_message);
    return;
  }
  if (text.size() > config_.limits.max_text_bytes) {
    reject(s, error_code::too_large,
           "message of " + std::to_string(text.size()) + " bytes not sent: the limit is " +
               std::to_string(config_.limits.max_text_bytes),
           drop_reason::too_large, cid);
    return;
  }
  bool is_host = !config_.host_session.empty() && p->session == config_.host_session;
  if (!is_host && (p->muted || read_only_)) {
    reject(s, error_code::muted, p->muted ? "the host has muted you" : "only the host can write in this room right now",
           drop_reason::muted, cid);
    return;
  }
  // A resend of something already accepted costs nothing, not even a token.
  if (const cid_set* seen = cid.empty() ? nullptr : cids_.find(p->session); seen && seen->contains(cid)) {
    counters_.drop(drop_reason::duplicate);
    log_.add(s.describe() + ": message " + cid.substr(0, 40) + " already received, not repeated");
    return;
  }
  const auto& lim = config_.limits;
  if (lim.rate > 0) {
    auto now = clock::now();
    double elapsed = std::chrono::duration<double>(now - p->refilled).count();
    p->tokens = std::min(lim.burst, p->tokens + elapsed * lim.rate);
    p->refilled = now;
    if (p->tokens < 1.0) {
      reject(s, error_code::rate_limited, "too many messages: wait a moment", drop_reason::rate_limited, cid);
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
  std::vector<shared_bytes> seed_parts;
  std::uint64_t deliveries = 0;
  for (auto& [id, q] : participants_) {
    if (q->leaving || !q->at->can_receive()) continue;
    seat& s = *q->at;
    if (q->format == wire_format::v1) {
      s.deliver(m.live);
      ++deliveries;
      continue;
    }
    if (q.get() == &sender) continue;  // seed readers never get their own messages
    if (seed_parts.empty()) {
      for (auto& part : encode_legacy_parts(m.msg.author, m.msg.text)) {
        seed_parts.push_back(std::make_shared<const std::string>(std::move(part)));
      }
    }
    for (auto& part : seed_parts) {
      s.deliver(part);
      ++deliveries;
    }
  }
  counters_.deliveries.fetch_add(deliveries, std::memory_order_relaxed);
}

void room::bye(seat& s) {
  participant* p = owner(s);
  if (p && !p->seed()) remove(*p, leave_reason::closed);
}

void room::reject(seat& s, error_code code, const std::string& detail, drop_reason why, const std::string& cid) {
  counters_.drop(why);
  log_.add(s.describe() + ": " + std::string(to_string(code)) + ": " + detail);
  if (s.format() == wire_format::seed) return;  // seed programs cannot read error events
  s.answer(std::make_shared<const std::string>(encode(error_event{code, detail, cid})));
}

// ---------------------------------------------------------------------------
// 4. Presence and moderation

void room::set_author(participant& p, std::string author) {
  presence_.rename(p.author, author);
  p.author = std::move(author);
}

void room::announce_join(participant& p) {
  p.present = true;
  counters_.participants.fetch_add(1, std::memory_order_relaxed);
  log_.add(p.author + " joined from " + p.ip + (p.seed() ? " (seed client)" : ""));
  presence_.joined({p.author, p.seed()});
}

// Every v1 seat gets the events it has not heard: all of the batch, one
// shared copy for everyone; a participant welcomed during the batch gets
// only what came after its welcome (its own join included there, so it
// never hears about itself).
void room::flush_presence() {
  auto batch = presence_.take();
  if (!batch) return;
  for (auto& [id, q] : participants_) {
    if (q->leaving || !q->at->can_receive() || q->seed()) continue;
    if (auto bytes = batch->after(q->presence_from)) q->at->deliver_several(bytes);
  }
}

void room::kick(const std::string& author, const std::string& reason) {
  for (auto& [id, p] : participants_) {
    if (p->leaving || !p->present || p->author != author) continue;
    counters_.drop(drop_reason::kicked);
    if (!p->session.empty()) kicked_sessions_.touch(p->session);
    if (!p->seed() && p->at->can_receive()) {
      std::string detail = reason.empty() ? std::string(kicked_without_reason) : reason;
      p->at->deliver(std::make_shared<const std::string>(encode(error_event{error_code::kicked, detail, {}})));
    }
    log_.add("the host removed " + author + (reason.empty() ? "" : ": " + reason));
    remove(*p, leave_reason::kicked);
    return;
  }
  log_.add("nobody named " + author + " is in the room: nobody removed");
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
  log_.add("nobody named " + author + " is in the room: nobody " + (muted ? "muted" : "unmuted"));
}

void room::set_read_only(bool read_only) {
  if (read_only_ == read_only) return;
  read_only_ = read_only;
  log_.add(read_only ? "the room is read-only: only the host can write" : "everyone can write again");
}

// ---------------------------------------------------------------------------
// 5. The wire tap

void room::set_wire_tap(std::string author, wire_tap tap) {
  tapped_author_ = std::move(author);
  tapped_id_ = 0;
  tap_next_ = false;
  tap_ = tapped_author_.empty() ? nullptr : std::move(tap);
  if (!tap_) return;
  // Its connections already open: reported at once, with when they opened.
  for (auto& [id, p] : participants_) {
    if (!p->leaving && p->author == tapped_author_) p->at->report_open_connections();
  }
}

void room::watch_next_participant(wire_tap tap) {
  tapped_author_.clear();
  tapped_id_ = 0;
  tap_next_ = tap != nullptr;
  tap_ = std::move(tap);
}

const wire_tap* room::watching(const seat& s) const {
  const participant* p = s.who_;
  if (!tap_ || !p) return nullptr;
  if (tapped_id_) return p->id == tapped_id_ ? &tap_ : nullptr;
  return !tapped_author_.empty() && p->author == tapped_author_ ? &tap_ : nullptr;
}

}  // namespace charla::net
