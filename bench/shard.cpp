#include "bench/shard.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace charla::bench {
namespace {

constexpr std::chrono::milliseconds tick_period{1};
constexpr std::chrono::milliseconds probe_period{20};

// Legacy client k speaks from its own loopback address, 127.b.c.d with d in
// 1..254, so the server pairs its two channels by IP and nothing else.
asio::ip::address_v4 legacy_source(std::uint32_t k) {
  std::uint32_t d = 1 + k % 254, c = (k / 254) % 256, b = 1 + k / (254 * 256);
  return asio::ip::address_v4((127u << 24) | (b << 16) | (c << 8) | d);
}

std::string hex(std::uint32_t v, int digits) {
  std::string out(digits, '0');
  for (int i = digits - 1; i >= 0 && v; --i, v >>= 4) out[i] = "0123456789abcdef"[v & 15];
  return out;
}

}  // namespace

std::int64_t now_ns() {
  using namespace std::chrono;
  return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

shard::shard(const options& o, int id, run_control& control, std::uint32_t run_tag)
    : options_(o),
      id_(id),
      control_(control),
      server_(asio::ip::make_address_v4(o.host), o.port),
      speaker_(make_speaker(o.kind, *this)),
      tick_timer_(io_),
      stop_timer_(io_),
      probe_timer_(io_),
      run_tag_(run_tag) {}

shard::~shard() = default;

void shard::add_client(std::uint32_t index) {
  auto c = std::make_unique<client>();
  c->index = index;
  c->sender = index < options_.senders;
  c->name = "b" + std::to_string(index) + "-" + hex(run_tag_, 4);
  c->session = hex(run_tag_, 8) + hex(index, 24);
  if (options_.kind == target::legacy) c->source = legacy_source(index);
  c->next_from.assign(options_.senders, 0);
  if (c->sender) {
    c->phase = static_cast<double>(index) / static_cast<double>(options_.senders);
    c->receipt_client = index;  // its own echo
    if (options_.kind == target::legacy) {
      // Seed readers never get their own messages: the next client of this
      // shard stands in (run.cpp deals clients out round-robin).
      auto step = static_cast<std::uint32_t>(options_.threads);
      c->receipt_client = index + step < options_.clients ? index + step : index % step;
    }
    senders_.push_back(c.get());
  }
  clients_.push_back(std::move(c));
}

client* shard::local(std::uint32_t index) {
  auto step = static_cast<std::uint32_t>(options_.threads);
  if (index % step != static_cast<std::uint32_t>(id_)) return nullptr;
  std::size_t i = index / step;
  return i < clients_.size() ? clients_[i].get() : nullptr;
}

// ---------------------------------------------------------------------------
// Setup

void shard::begin_setup() {
  for (auto& c : clients_) to_open_.push_back(c.get());
  if (clients_.empty()) {
    control_.bump(control_.ready);
    return;
  }
  open_next();
}

void shard::open_next() {
  std::size_t window = std::max<std::size_t>(1, options_.connect_window / static_cast<std::size_t>(options_.threads));
  while (opening_ < window && !to_open_.empty()) {
    client* c = to_open_.front();
    to_open_.pop_front();
    ++opening_;
    speaker_->open(*c);
  }
}

void shard::client_ready(client& c) {
  if (c.ready || c.failed) return;
  c.ready = true;
  --opening_;
  if (++settled_ == clients_.size()) control_.bump(control_.ready);
  open_next();
}

void shard::client_failed(client& c, const std::string& why) {
  if (c.ready || c.failed) return;
  c.failed = true;
  ++stats_.setup_failures;
  if (stats_.first_problem.empty()) stats_.first_problem = c.name + ": " + why;
  --opening_;
  if (++settled_ == clients_.size()) control_.bump(control_.ready);
  open_next();
}

// ---------------------------------------------------------------------------
// Probing (legacy): readers give no sign of being paired, so clients 0 and 1
// send probes until every reader has seen one.

void shard::begin_probe() {
  probing_ = true;
  if (probed_ == clients_.size() && !probe_reported_) {
    probe_reported_ = true;
    control_.bump(control_.probed);
  }
  probe_tick();
}

void shard::probe_tick() {
  if (!probing_) return;
  for (std::uint32_t i : {0u, 1u}) {
    if (client* c = local(i); c && c->ready) speaker_->write_probe(*c);
  }
  probe_timer_.expires_after(probe_period);
  probe_timer_.async_wait([this](const std::error_code& ec) {
    if (!ec) probe_tick();
  });
}

void shard::end_probe() {
  probing_ = false;
  probe_timer_.cancel();
}

void shard::on_probe(client& receiver) {
  if (receiver.probed) return;
  receiver.probed = true;
  if (++probed_ == clients_.size() && !probe_reported_) {
    probe_reported_ = true;
    control_.bump(control_.probed);
  }
}

// ---------------------------------------------------------------------------
// Sending

void shard::begin_sending(std::int64_t start_ns, std::int64_t stop_ns) {
  start_ns_ = start_ns;
  stop_ns_ = stop_ns;
  sending_ = true;
  if (senders_.empty()) {
    stop_sending();
    return;
  }
  if (options_.rate > 0) rate_per_sender_ = options_.rate / static_cast<double>(options_.senders);
  stop_timer_.expires_at(asio::steady_timer::time_point(std::chrono::nanoseconds(stop_ns)));
  stop_timer_.async_wait([this](const std::error_code& ec) {
    if (!ec) stop_sending();
  });
  if (options_.rate > 0) {
    tick();
  } else {
    auto now = now_ns();
    for (client* c : senders_) send_more(*c, now);
  }
}

void shard::tick() {
  if (!sending_) return;
  auto now = now_ns();
  for (client* c : senders_) send_more(*c, now);
  tick_timer_.expires_after(tick_period);
  tick_timer_.async_wait([this](const std::error_code& ec) {
    if (!ec) tick();
  });
}

void shard::send_more(client& c, std::int64_t now) {
  if (!sending_ || !c.ready || c.finished) return;
  std::uint64_t limit = c.acked + options_.window;
  if (options_.messages > 0) limit = std::min(limit, options_.messages);
  if (rate_per_sender_ > 0) {
    double due = static_cast<double>(now - start_ns_) * 1e-9 * rate_per_sender_ + c.phase;
    limit = std::min(limit, static_cast<std::uint64_t>(std::max(0.0, due)));
  }
  if (c.sent >= limit) return;
  while (c.sent < limit) {
    speaker_->write_message(c, {c.index, c.sent, now});
    ++c.sent;
    ++stats_.sent;
  }
  c.out_link().mark();
  if (options_.messages > 0 && c.sent >= options_.messages) {
    c.finished = true;
    if (++senders_done_ == senders_.size()) stop_sending();
  }
}

void shard::stop_sending() {
  if (stopped_) return;
  stopped_ = true;
  sending_ = false;
  tick_timer_.cancel();
  stop_timer_.cancel();
  if (options_.kind == target::legacy) {
    for (client* c : senders_) stats_.sent_to_self += c->sent;
  }
  control_.bump(control_.stopped);
}

// ---------------------------------------------------------------------------
// Receiving

void shard::on_delivery(client& receiver, std::string_view payload, std::int64_t now) {
  auto h = parse_payload(payload);
  if (!h || h->sender >= options_.senders) {
    on_malformed(payload);
    return;
  }
  ++stats_.received;
  auto& next = receiver.next_from[h->sender];
  if (h->seq == next) {
    ++next;
    ++stats_.unique;
    stats_.last_delivery_ns = now;
  } else if (h->seq > next) {
    stats_.skipped += h->seq - next;
    next = static_cast<std::uint32_t>(h->seq + 1);
    ++stats_.unique;
    stats_.last_delivery_ns = now;
  } else {
    ++stats_.duplicates;
  }
  stats_.latency.record(now - h->sent_ns);
  if (client* s = local(h->sender); s && s->receipt_client == receiver.index && h->seq + 1 > s->acked) {
    s->acked = h->seq + 1;
    send_more(*s, now);
  }
  if (expecting_) check_drained();
}

void shard::expect(std::uint64_t deliveries) {
  expected_ = deliveries;
  expecting_ = true;
  check_drained();
}

void shard::check_drained() {
  if (drained_ || stats_.unique < expected_) return;
  drained_ = true;
  control_.bump(control_.drained);
}

// ---------------------------------------------------------------------------
// Problems

void shard::note(std::string problem) {
  if (stats_.first_problem.empty()) stats_.first_problem = problem.substr(0, 300);
}

void shard::on_server_error(std::string_view what) {
  ++stats_.server_errors;
  note("server said: " + std::string(what));
}

void shard::on_malformed(std::string_view what) {
  ++stats_.malformed;
  note("unreadable: " + std::string(what));
}

void shard::on_link_closed(link& l, const std::string& why) {
  if (shutting_down_) return;
  client& c = l.owner();
  if (!c.ready && !c.failed) {
    client_failed(c, why);
    return;
  }
  ++stats_.disconnects;
  note(c.name + (l.kind() == link::role::reader ? " reader " : " writer ") + why);
}

// ---------------------------------------------------------------------------
// Writes and shutdown

void shard::mark_dirty(link& l) {
  dirty_.push_back(&l);
  if (flush_posted_) return;
  flush_posted_ = true;
  asio::post(io_, [this] {
    flush_posted_ = false;
    flushing_.swap(dirty_);
    for (link* l : flushing_) l->flush();
    flushing_.clear();
  });
}

void shard::shutdown() {
  shutting_down_ = true;
  sending_ = probing_ = false;
  tick_timer_.cancel();
  stop_timer_.cancel();
  probe_timer_.cancel();
  for (auto& c : clients_) {
    if (c->writer) c->writer->send_last_and_close(speaker_->goodbye(*c));
    if (c->reader) c->reader->close();
  }
  io_.stop();
}

}  // namespace charla::bench
