#include "net/tcp/channel.hpp"

#if defined(__linux__)
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>
#include <limits>
#include <system_error>

#include "net/platform/platform.hpp"
#include "net/tcp/transport.hpp"

namespace charla::net::tcp {
namespace {

// At most this much is read per readiness wake-up, so one busy peer cannot
// starve the others.
constexpr std::size_t max_read_per_wakeup = 256 * 1024;

}  // namespace

channel::channel(asio::ip::tcp::socket socket, transport& owner, std::uint64_t id)
    : socket_(std::move(socket)),
      transport_(owner),
      id_(id),
      decoder_(owner.limits().max_object),
      memory_guard_(2 * owner.limits().max_queue + max_read_per_wakeup) {
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
    if (!take({static_cast<char*>(buffer.data()), n})) return;
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

bool channel::take(std::span<char> data) {
  if (framing_ == framing::undecided && !data.empty()) {
    // A JSON channel starts with `{` (or white space); an HTTP request
    // with its method in capitals (only GET passes, the parser answers the
    // rest); a TLS hello with 0x16. Anything else is a JSON channel that
    // gets a bad_hello sentence, as before.
    const char first = data[0];
    if (first >= 'A' && first <= 'Z') {
      framing_ = framing::http;
      http_ = std::make_unique<ws::http_request_parser>();
    } else if (first == '\x16') {
      transport_.on_tls_hello(*this);
      return false;
    } else {
      framing_ = framing::json;
    }
  }
  switch (framing_) {
    case framing::http:
      return take_http(data);
    case framing::websocket:
      return take_frames(data);
    default:
      break;
  }
  auto status = decoder_.feed({data.data(), data.size()}, [this](stream_decoder::kind kind, std::string_view text) {
    if (state_ != state::awaiting_hello && state_ != state::open) return;
    if (kind == stream_decoder::kind::not_object) {
      transport_.on_bad_value(*this, "not a JSON object");
      return;
    }
    take_object(text);
  });
  if (status == stream_decoder::status::too_large) {
    transport_.on_too_large(*this);
    return false;
  }
  return true;
}

void channel::take_object(std::string_view text) {
  last_object_ = text;
  if (transport_.tapped(*this)) transport_.tap(*this, wire_event::kind::frame, true, text);
  auto result = transport_.json().read(text);
  if (result.value)
    transport_.on_value(*this, std::move(*result.value));
  else
    transport_.on_bad_value(*this, result.problem);
  last_object_ = {};
}

bool channel::take_http(std::span<char> data) {
  auto result = http_->feed({data.data(), data.size()});
  if (result.status == ws::http_request_parser::state::need_more) return true;
  if (result.status == ws::http_request_parser::state::error) {
    transport_.on_bad_request(*this, result.http_status, result.problem);
    http_.reset();
    return false;
  }
  transport_.on_request(*this, http_->request());
  http_.reset();
  if (framing_ != framing::websocket) return false;
  // A first frame may have come in the same segment as the request.
  return take_frames(data.subspan(result.consumed));
}

// Frames, as the decoder hands them out: a text message is one object; a
// ping gets its pong; a close is answered and ends the channel; a broken
// frame is closed with the decoder's code.
bool channel::take_frames(std::span<char> data) {
  while (state_ == state::awaiting_hello || state_ == state::open) {
    auto event = frames_->next(data);
    using kind = ws::frame_event::kind;
    switch (event.type) {
      case kind::need_more:
        return true;
      case kind::text:
        take_object(event.payload);
        break;
      case kind::ping:
        deliver_raw(std::make_shared<const std::string>(ws::pong_frame(event.payload)));
        break;
      case kind::pong:
        break;
      case kind::close: {
        // The echo of the peer's code, then our side of the TCP close.
        close_frame_sent_ = true;
        deliver_raw(std::make_shared<const std::string>(ws::close_frame(event.code)));
        std::string why = "closed by peer";
        if (event.code != ws::close_code::no_status) why += " (WebSocket close " + std::to_string(event.code) + ")";
        close_after_flush(leave_reason::closed, why);
        return false;
      }
      case kind::error:
        transport_.on_bad_frame(*this, event.code, event.problem);
        return false;
    }
  }
  return false;
}

void channel::keep_handshake(std::string request, std::string answer) {
  handshake_ = std::make_unique<std::pair<std::string, std::string>>(std::move(request), std::move(answer));
}

void channel::upgrade() {
  framing_ = framing::websocket;
  frames_ = std::make_unique<ws::frame_decoder>(transport_.limits().max_object);
}

std::size_t channel::copy_frame(const std::string& b, std::size_t skip, char* out, std::size_t room) {
  std::string_view payload(b.data(), payload_size(b));
  if (skip == 0 && room >= ws::framed_size(payload.size())) return ws::write_frame({out, room}, payload);  // all of it
  char header[ws::max_header_size];
  std::size_t header_size = ws::write_header(header, payload.size());
  std::size_t copied = 0;
  if (skip < header_size) {
    copied = std::min(header_size - skip, room);
    std::memcpy(out, header + skip, copied);
    skip = 0;
  } else {
    skip -= header_size;
  }
  std::size_t take = std::min(payload.size() - skip, room - copied);
  std::memcpy(out + copied, payload.data() + skip, take);
  return copied + take;
}

void channel::deliver(const shared_bytes& bytes) {
  if (state_ != state::open) return;
  transport_.before_delivery(*this, bytes);
  if (state_ != state::open) return;  // the hook may have closed it
  // One object (deliver_several takes what holds more): on a WebSocket,
  // one text frame.
  assert(bytes->find('\n') >= bytes->size() - 1);
  enqueue(bytes);
}

void channel::deliver_several(const shared_bytes& bytes) {
  if (state_ != state::open) return;
  transport_.before_delivery(*this, bytes);
  if (state_ != state::open) return;
  if (framing_ != framing::websocket) {
    enqueue(bytes);
    return;
  }
  if (!transport_.tapped(*this)) {
    enqueue(transport_.frames_of(bytes));
    return;
  }
  // Watched (the teaching mode): an entry per object, a copy each, so that
  // the tap reports each frame.
  const std::string& b = *bytes;
  for (std::size_t start = 0; start < b.size() && state_ == state::open;) {
    std::size_t end = b.find('\n', start);
    end = end == std::string::npos ? b.size() : end + 1;
    enqueue(std::make_shared<const std::string>(b.substr(start, end - start)));
    start = end;
  }
}

void channel::deliver_raw(const shared_bytes& bytes) {
  if (state_ == state::closed) return;
  enqueue(bytes);
}

void channel::too_much_queued() {
  transport_.on_slow(*this, "twice the queue limit waiting to be read");
}

void channel::mark_dirty() {
  transport_.mark_dirty(*this);
}

void channel::flush() {
  if (!writing_ && head_ < queue_.size() && state_ != state::closed) write_queued();
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
      bytes += copy(*queue_[i], i == head_ ? sent_ : 0, out + bytes, scratch.size() - bytes);
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
    std::size_t rest = wire_size(front) - sent_;
    if (bytes < rest) {
      sent_ += bytes;
      return;
    }
    bytes -= rest;
    // The tap reports objects: on a WebSocket, not the raw bytes around them.
    if (watched && (!websocket() || framed(front))) transport_.tap(*this, wire_event::kind::frame, false, front);
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
    if (ec) return;  // a timer fails only by being cancelled: the channel is closing
    self->flush();
  });
}

void channel::close_after_flush(leave_reason reason, std::string why) {
  if (state_ == state::closed || state_ == state::closing) return;
  // A WebSocket says goodbye in a close frame first (1008: the error
  // object before it says why); the peer then sees a clean close.
  if (framing_ == framing::websocket && !close_frame_sent_) {
    close_frame_sent_ = true;
    deliver_raw(std::make_shared<const std::string>(ws::close_frame(ws::close_code::policy_violation)));
    if (state_ == state::closed) return;
  }
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
// way the participant is cut, counted and logged as a slow reader (found
// under ThreadSanitizer's load: the send reported it before the stall rule
// ran). On a read channel that holds even when our queue is empty: the
// bytes the reader left unacknowledged are ours, waiting in the kernel's
// send buffer, where the stall rule cannot see them (found the same way:
// the readable wait reported the timeout with nothing left in the queue).
void channel::fail(const std::error_code& ec, std::string_view doing) {
  if (ec == asio::error::operation_aborted || state_ == state::closed) return;
  // Compared both ways: asio's reactor reports it in asio's category,
  // platform::send_now in the generic one.
  const bool timed_out = ec == asio::error::timed_out || ec == std::errc::timed_out;
  const bool ours_unread = head_ < queue_.size() || (state_ == state::open && type_ == channel_type::read);
  if (timed_out && ours_unread) {
    transport_.on_slow(*this, "nothing read for the stall timeout (the connection timed out)");
    return;
  }
  std::string why = ec == asio::error::eof ? std::string("closed by peer") : platform::error_text(ec);
  close(leave_reason::closed, doing.empty() ? why : std::string(doing) + ": " + why);
}

void channel::close(leave_reason reason, const std::string& why) {
  if (state_ == state::closed) return;
  state_ = state::closed;
  std::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  // Cancel first: on Windows an operation still pending at close() may end
  // with an error other than operation_aborted (wine gives 676); after a
  // cancel every handler sees operation_aborted.
  socket_.cancel(ec);
  socket_.close(ec);
  if (pace_timer_) pace_timer_->cancel();
  std::vector<shared_bytes>().swap(queue_);
  head_ = sent_ = 0;
  queued_bytes_ = 0;
  transport_.on_closed(*this, reason, why);
}

}  // namespace charla::net::tcp
