#include "ui/inspector_model.hpp"

#include "net/utf8.hpp"

namespace charla::ui {

namespace {

// Kinds that arrive in runs and read better folded into one diagram row.
bool folds(wire_kind k) {
  return k == wire_kind::replay || k == wire_kind::ping || k == wire_kind::legacy_ping;
}

}  // namespace

inspector_model::inspector_model(std::size_t max_records, std::size_t max_bytes) : log_(max_records, max_bytes) {}

void inspector_model::watch(wire_subject subject, bool server_side, std::int64_t now_ms) {
  subject_ = std::move(subject);
  server_side_ = server_side;
  subject_name_ = subject_.what == wire_subject::kind::participant ? subject_.name : std::string();
  session_hint_.clear();
  watching_since_ = now_ms;
  channels_ = {};
  saw_welcome_ = false;
  saw_legacy_server_ = false;
  paused_ = false;
  clear();
}

void inspector_model::clear() {
  log_.clear();
  steps_.clear();
  ++version_;
}

void inspector_model::set_paused(bool paused) {
  if (paused == paused_) return;
  paused_ = paused;
  pause_seq_ = log_.next_seq() - 1;
  ++version_;
}

std::size_t inspector_model::waiting() const {
  if (!paused_) return 0;
  return static_cast<std::size_t>(log_.next_seq() - 1 - pause_seq_);
}

void inspector_model::add(wire_record r) {
  if (!r.facts.subject.empty()) subject_name_ = r.facts.subject;
  update_channel(r);
  const std::uint64_t seq = log_.next_seq();
  r.seq = seq;
  add_step(r);
  log_.push(std::move(r));
  if (shown(seq)) ++version_;
}

void inspector_model::update_channel(const wire_record& r) {
  const wire_facts& f = r.facts;
  channel_details& c = channels_[f.channel == wire_channel::read ? 0 : 1];
  if (f.kind == wire_kind::connected) {
    c = channel_details{};  // a new TCP connection for this channel
    c.seen = c.open = true;
    c.earlier = f.earlier;
    c.since_ms = f.time_ms;
  } else if (f.kind == wire_kind::closed) {
    c.open = false;
    c.closed_ms = f.time_ms;
  } else if (!c.seen) {
    c.seen = c.open = true;
    c.since_ms = f.time_ms;
  }
  if (!f.participant_end.empty()) c.participant_end = f.participant_end;
  if (!f.server_end.empty()) c.server_end = f.server_end;
  if (!r.bytes.empty()) {
    if (f.to_server) {
      c.bytes_to_server += r.size;
      ++c.objects_to_server;
    } else {
      c.bytes_from_server += r.size;
      ++c.objects_from_server;
    }
  }
  if (f.kind == wire_kind::hello) {
    c.version = f.version;
    c.session = f.session;
  }
  if (f.kind == wire_kind::welcome) saw_welcome_ = true;
  if (server_side_) {
    c.legacy = f.legacy;
    if (!f.paired_with.empty()) c.paired_with = f.paired_with;
  } else if (f.legacy) {
    saw_legacy_server_ = true;
  } else if (f.kind == wire_kind::connected && f.earlier) {
    saw_welcome_ = true;  // already connected, and not to a seed server: a v1 server welcomed it
  }
}

void inspector_model::add_step(const wire_record& r) {
  if (!steps_.empty()) {
    diagram_step& last = steps_.back();
    // While paused, rows on screen stay as they are: no folding into them.
    const bool last_frozen = paused_ && last.seq <= pause_seq_;
    if (!last_frozen && folds(r.facts.kind) && last.facts.kind == r.facts.kind &&
        last.facts.channel == r.facts.channel) {
      ++last.repeats;
      last.last_id = r.facts.id;
      return;
    }
  }
  diagram_step s;
  s.seq = r.seq;
  s.facts = r.facts;
  // A row shows a few words of a message: keep no more than that.
  s.facts.detail.resize(net::utf8::prefix_within(s.facts.detail, max_step_detail).size());
  s.last_id = r.facts.id;
  steps_.push_back(std::move(s));
  while (steps_.size() > max_steps) steps_.pop_front();
}

}  // namespace charla::ui
