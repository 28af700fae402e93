#include "net/server.hpp"

#include <algorithm>

#include "net/platform/platform.hpp"
#include "net/room.hpp"
#include "net/tcp/transport.hpp"

namespace charla::net {
namespace {

using std::chrono::milliseconds;

// After this much output the heap is likely to hold freed pages (a class
// joining at once makes n welcomes of n members each, then frees them all).
constexpr std::uint64_t trim_after_bytes = 16 * 1024 * 1024;
constexpr std::chrono::seconds trim_period{1};

}  // namespace

server::server(asio::io_context& io, server_config config) : io_(io), config_(std::move(config)), ticker_(io) {}

server::~server() {
  // The owner stops the server and lets the io_context finish before this.
  if (room_) room_->close_all();
  if (tcp_) tcp_->close_all();
  room_.reset();  // its seats reach into the transport
}

void server::start() {
  room_ = std::make_unique<room>(io_, config_, log_, counters_);
  tcp_ = std::make_unique<tcp::transport>(io_, *room_, config_, log_, counters_);
  try {
    room_->open_transcript();
  } catch (const std::system_error& e) {
    throw transcript_error(e.code(), "cannot open the transcript " + config_.transcript_path + ": " +
                                         e.code().message() +
                                         "; check that its folder exists and can be written, or choose another file");
  }
  tcp_->listen();
  endpoint_ = tcp_->local_endpoint();
  log_.add("room \"" + config_.room + "\" listening on " + endpoint_.address().to_string() + ":" +
           std::to_string(endpoint_.port()) + (config_.pin.empty() ? "" : " (PIN required)"));
  tick();
}

// Housekeeping (hello timeouts, heartbeats, stalls, grace periods) runs when
// the room and the transport say the next of them is due, not on a fixed
// period: an idle room sleeps until its next heartbeat. Whatever starts
// later (a connection, a queue, an absence) is due no sooner than the
// shortest timeout from now, so the timer is never set later than that and
// needs no re-arming when something happens. Deadlines close together share
// one wake-up: each may be up to a tenth of the shortest timeout late.
void server::tick() {
  if (stopped_) return;
  auto now = std::chrono::steady_clock::now();
  auto next = std::min(tcp_->tick(now), room_->tick(now));
  const milliseconds shortest = std::max(milliseconds{1}, std::min(tcp_->shortest_timeout(), config_.limits.grace));
  const milliseconds slack = std::clamp(shortest / 10, milliseconds{1}, milliseconds{1000});
  auto at = std::clamp(next, now + slack, now + shortest);
  // Output since the last tick: come back within trim_period to give the
  // memory back once the burst is over (give_back_memory).
  if (give_back_memory(now)) at = std::min<std::chrono::steady_clock::time_point>(at, now + trim_period);
  ticker_.expires_at(at);
  ticker_.async_wait([this](const std::error_code& ec) {
    if (!ec) tick();
  });
}

// The allocator may keep freed heap pages resident (glibc does); after a
// burst of output, return them as soon as the burst is over (a tick with
// nothing sent), or at most once per trim_period while the output goes on,
// so a room that was busy once costs little while it idles. Returns true
// while there is output not yet followed by a trim check.
bool server::give_back_memory(std::chrono::steady_clock::time_point now) {
  std::uint64_t out = counters_.bytes_out.load(std::memory_order_relaxed);
  bool quiet = out == bytes_out_at_tick_;
  bytes_out_at_tick_ = out;
  bool pending = out - bytes_out_at_trim_ >= trim_after_bytes;
  if (!pending || (!quiet && now - trimmed_at_ < trim_period)) return pending;
  bytes_out_at_trim_ = out;
  trimmed_at_ = now;
  platform::give_back_memory();
  return false;
}

void server::stop() {
  asio::dispatch(io_, [this] {
    if (stopped_) return;
    stopped_ = true;
    ticker_.cancel();
    if (room_) room_->close_all();
    if (tcp_) tcp_->close_all();
    log_.add("room closed");
  });
}

void server::mute(std::string author, bool muted) {
  asio::dispatch(io_, [this, author = std::move(author), muted] {
    if (!stopped_ && room_) room_->mute(author, muted);
  });
}

void server::set_read_only(bool read_only) {
  asio::dispatch(io_, [this, read_only] {
    if (!stopped_ && room_) room_->set_read_only(read_only);
  });
}

void server::set_wire_tap(std::string author, wire_tap tap) {
  asio::dispatch(io_, [this, author = std::move(author), tap = std::move(tap)]() mutable {
    if (!stopped_ && room_) room_->set_wire_tap(std::move(author), std::move(tap));
  });
}

void server::watch_next_participant(wire_tap tap) {
  asio::dispatch(io_, [this, tap = std::move(tap)]() mutable {
    if (!stopped_ && room_) room_->watch_next_participant(std::move(tap));
  });
}

void server::set_delivery_hook(std::function<void(tcp::channel&, const std::shared_ptr<const std::string>&)> hook) {
  asio::dispatch(io_, [this, hook = std::move(hook)]() mutable {
    if (tcp_) tcp_->set_delivery_hook(std::move(hook));
  });
}

void server::kick(std::string author, std::string reason) {
  asio::dispatch(io_, [this, author = std::move(author), reason = std::move(reason)] {
    if (!stopped_ && room_) room_->kick(author, reason);
  });
}

}  // namespace charla::net
