#include "net/tcp/channel.hpp"

#if defined(__linux__)
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

#include "net/platform/platform.hpp"
#include "net/tcp/transport.hpp"

namespace charla::net::tcp {
namespace {

// At most this much is read per readiness wake-up, so one busy peer cannot
// starve the others.
constexpr std::size_t max_read_per_wakeup = 256 * 1024;

}  // namespace

channel::channel(asio::ip::tcp::socket socket, transport& owner, std::uint64_t id)
    : socket_(std::move(socket)), transport_(owner), id_(id), decoder_(owner.limits().max_object) {
  std::error_code ec;
  auto remote = socket_.remote_endpoint(ec);
  if (!ec) {
    ip_ = remote.address().to_string();
    peer_ = ip_ + ":" + std::to_string(remote.port());
  } else {
    ip_ = peer_ = "?";
  }
  auto here = socket_.local_endpoint(ec);
  if (!ec) local_ = here.address().to_string() + ":" + std::to_string(here.port());
  opened_at_ = last_progress_ = last_sent_ = last_heard_ = clock::now();
}

void channel::start() {
  std::error_code ec;
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  socket_.non_blocking(true, ec);
#ifdef TCP_USER_TIMEOUT
  // A peer that vanished without a FIN or RST (Wi-Fi gone, lid closed)
  // leaves our bytes unacknowledged: the kernel gives up on the connection
  // after twice the stall timeout instead of retransmitting for many
  // minutes. Heartbeats keep bytes flowing, so this also covers an idle
  // reader. Twice: a reader that is only slow meets the transport's own
  // stall rule first, and is cut, counted and logged as a slow reader.
  unsigned timeout_ms = static_cast<unsigned>(std::max<long long>(2 * transport_.limits().stall_timeout.count(), 1000));
  ::setsockopt(socket_.native_handle(), IPPROTO_TCP, TCP_USER_TIMEOUT, &timeout_ms, sizeof timeout_ms);
#endif
  wait_readable();
}

void channel::set_role(channel_type type, bool legacy, std::chrono::milliseconds pace) {
  type_ = type;
  legacy_ = legacy;
  pace_ = legacy && type == channel_type::read ? pace : std::chrono::milliseconds{0};
  state_ = state::open;
}

void channel::wait_readable() {
  socket_.async_wait(asio::ip::tcp::socket::wait_read, [self = shared_from_this()](const std::error_code& ec) {
    if (ec) {
      self->fail(ec, {});
      return;
    }
    self->read_available();
  });
}

void channel::read_available() {
  auto buffer = transport_.read_buffer();
  std::size_t total = 0;
  while (state_ == state::awaiting_hello || state_ == state::open) {
    std::error_code ec;
    std::size_t n = socket_.read_some(buffer, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) break;
    if (ec) {
      fail(ec, {});
      return;
    }
    transport_.counters().bytes_in.fetch_add(n, std::memory_order_relaxed);
    last_heard_ = clock::now();
    auto status = decoder_.feed({static_cast<const char*>(buffer.data()), n},
                                [this](stream_decoder::kind kind, std::string_view text) {
                                  if (state_ != state::awaiting_hello && state_ != state::open) return;
                                  if (kind == stream_decoder::kind::not_object) {
                                    transport_.on_bad_value(*this, "not a JSON object");
                                    return;
                                  }
                                  last_object_ = text;
                                  if (transport_.tapped(*this))
                                    transport_.tap(*this, wire_event::kind::frame, true, text);
                                  auto result = transport_.json().read(text);
                                  if (result.value)
                                    transport_.on_value(*this, std::move(*result.value));
                                  else
                                    transport_.on_bad_value(*this, result.problem);
                                  last_object_ = {};
                                });
    if (status == stream_decoder::status::too_large) {
      transport_.on_too_large(*this);
      return;
    }
    // A short read took everything there was. Anything arriving later
    // raises a new readiness event, which the wait below (queued before the
    // reactor next looks, on this one thread) will see: no read needed just
    // to hear EAGAIN.
    if (n < buffer.size()) break;
    total += n;
    if (total >= max_read_per_wakeup) {
      // Bytes may remain, and readiness is edge-triggered: waiting for it
      // could wait for bytes that already came. Resume after the others.
      if (state_ == state::awaiting_hello || state_ == state::open) {
        asio::post(socket_.get_executor(), [self = shared_from_this()] { self->read_available(); });
      }
      return;
    }
  }
  if (state_ == state::awaiting_hello || state_ == state::open || state_ == state::closing) wait_readable();
}

void channel::deliver(const shared_bytes& bytes) {
  if (state_ != state::open) return;
  transport_.before_delivery(*this, bytes);
  if (state_ != state::open) return;  // the hook may have closed it
  if (head_ == queue_.size()) last_progress_ = clock::now();
  queue_.push_back(bytes);
  queued_bytes_ += bytes->size();
  // Memory guard between write opportunities (see write_queued for the cap):
  // room for one full read batch of messages on top of twice the cap.
  if (queued_bytes_ > 2 * transport_.limits().max_queue + max_read_per_wakeup + replay_allowance) {
    transport_.on_slow(*this, "twice the queue limit waiting to be read");
    return;
  }
  if (!writing_ && !dirty) transport_.mark_dirty(*this);
}

void channel::flush() {
  if (!writing_ && head_ < queue_.size() && (state_ == state::open || state_ == state::closing)) write_queued();
}

// Everything queued leaves in as few send calls as the kernel allows: the
// shared encodings are gathered into the transport's write buffer and sent in one
// piece. Copying a few hundred bytes per message costs less than the kernel's
// walk over as many small buffers (sendmsg over up to 1024 of them cost 40 %
// more CPU per delivery in W3). No handler runs per write: only when the
// socket buffer is full does the channel wait for the reactor.
void channel::write_queued() {
  const bool paced = pace_.count() > 0;
  const std::size_t limit = paced ? 1 : std::numeric_limits<std::size_t>::max();
  while (head_ < queue_.size()) {
    if (paced && sent_ == 0) {
      if (clock::now() < last_sent_ + pace_) {
        wait_pace();
        return;
      }
    }
    std::size_t count = 0, bytes = 0;
    auto scratch = transport_.write_scratch();
    char* out = static_cast<char*>(scratch.data());
    for (std::size_t i = head_; i < queue_.size() && count < limit && bytes < scratch.size(); ++i, ++count) {
      const std::string& b = *queue_[i];
      std::size_t skip = i == head_ ? sent_ : 0;
      std::size_t take = std::min(b.size() - skip, scratch.size() - bytes);
      std::memcpy(out + bytes, b.data() + skip, take);
      bytes += take;
    }
    auto sent = platform::send_now(socket_.native_handle(), out, bytes);
    if (sent.would_block) break;
    if (sent.error) {
      fail(sent.error, "write failed");
      return;
    }
    consume(sent.bytes);
    if (state_ == state::closed) return;
    if (sent.bytes < bytes) break;  // the socket buffer is full
  }
  if (head_ == queue_.size()) {
    // Everything left: forget the objects (and, after a burst, the memory).
    if (queue_.capacity() > 256)
      std::vector<shared_bytes>().swap(queue_);
    else
      queue_.clear();
    head_ = sent_ = 0;
    if (state_ == state::closing) close(closing_reason_, closing_why_);
    return;
  }
  // The slow-reader cap: judged when the reader could not take more, on what
  // still waits. A burst that arrived in one loop turn and fits the socket
  // buffer is not slowness; a reader that keeps falling behind is.
  if (queued_bytes_ > transport_.limits().max_queue + replay_allowance) {
    transport_.on_slow(*this, "more than the queue limit waiting to be read");
    return;
  }
  wait_writable();
}

void channel::consume(std::size_t bytes) {
  if (bytes == 0) return;
  transport_.counters().bytes_out.fetch_add(bytes, std::memory_order_relaxed);
  queued_bytes_ -= std::min(queued_bytes_, bytes);
  replay_allowance -= std::min(replay_allowance, bytes);
  last_progress_ = last_sent_ = clock::now();
  bool watched = transport_.tapped(*this);
  while (bytes > 0 && head_ < queue_.size()) {
    const std::string& front = *queue_[head_];
    std::size_t rest = front.size() - sent_;
    if (bytes < rest) {
      sent_ += bytes;
      return;
    }
    bytes -= rest;
    if (watched) transport_.tap(*this, wire_event::kind::frame, false, front);
    queue_[head_++].reset();
    sent_ = 0;
  }
  // Keep the vector from growing without bound while a reader keeps up
  // only partly: move the waiting objects to the front now and then.
  if (head_ > 1024 && head_ * 2 > queue_.size()) {
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
}

void channel::wait_writable() {
  writing_ = true;
  socket_.async_wait(asio::ip::tcp::socket::wait_write, [self = shared_from_this()](const std::error_code& ec) {
    self->writing_ = false;
    if (ec) {
      self->fail(ec, "write failed");
      return;
    }
    self->flush();
  });
}

void channel::wait_pace() {
  if (!pace_timer_) pace_timer_ = std::make_unique<asio::steady_timer>(socket_.get_executor());
  writing_ = true;  // the timer holds the write turn
  pace_timer_->expires_at(last_sent_ + pace_);
  pace_timer_->async_wait([self = shared_from_this()](const std::error_code& ec) {
    self->writing_ = false;
    if (ec) return;
    self->flush();
  });
}

void channel::close_after_flush(leave_reason reason, std::string why) {
  if (state_ == state::closed || state_ == state::closing) return;
  state_ = state::closing;
  closing_reason_ = reason;
  closing_why_ = std::move(why);
  if (head_ == queue_.size() && !writing_) {
    close(closing_reason_, closing_why_);
    return;
  }
  flush();
}

// The one place a channel's I/O error becomes a close. Quiet about
// operation_aborted (our own cancel or close). A connection the kernel gave
// up on (TCP_USER_TIMEOUT) while our bytes waited for the reader is a
// stalled reader: the kernel's clock starts when the reader's window
// closed, which can be well before our last successful send (the send
// buffer kept filling), so it may beat the transport's stall rule; either
// way the participant is cut, counted and logged as a slow reader.
void channel::fail(const std::error_code& ec, std::string_view doing) {
  if (ec == asio::error::operation_aborted || state_ == state::closed) return;
  if (ec == asio::error::timed_out && head_ < queue_.size()) {
    transport_.on_slow(*this, "nothing read for the stall timeout (the connection timed out)");
    return;
  }
  std::string why = ec == asio::error::eof ? std::string("closed by peer") : ec.message();
  close(leave_reason::closed, doing.empty() ? why : std::string(doing) + ": " + why);
}

void channel::close(leave_reason reason, const std::string& why) {
  if (state_ == state::closed) return;
  state_ = state::closed;
  std::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  if (pace_timer_) pace_timer_->cancel();
  std::vector<shared_bytes>().swap(queue_);
  head_ = sent_ = 0;
  queued_bytes_ = 0;
  transport_.on_closed(*this, reason, why);
}

}  // namespace charla::net::tcp
