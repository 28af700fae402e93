#include "net/channel.hpp"

#include "net/room.hpp"

namespace charla::net {
namespace {

// At most this much leaves in one gathered write (and this many buffers).
constexpr std::size_t max_write_bytes = 256 * 1024;
constexpr std::size_t max_write_buffers = 256;
// At most this much is read per readiness wake-up, so one busy peer cannot
// starve the others.
constexpr std::size_t max_read_per_wakeup = 256 * 1024;

}  // namespace

channel::channel(asio::ip::tcp::socket socket, room& owner, std::uint64_t id)
    : socket_(std::move(socket)),
      room_(owner),
      id_(id),
      decoder_(owner.limits().max_object) {
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
  opened_at_ = last_progress_ = last_sent_ = clock::now();
}

void channel::start() {
  std::error_code ec;
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  socket_.non_blocking(true, ec);
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
      if (ec != asio::error::operation_aborted) self->close(leave_reason::closed, ec.message());
      return;
    }
    self->read_available();
  });
}

void channel::read_available() {
  auto buffer = room_.read_buffer();
  std::size_t total = 0;
  while (state_ == state::awaiting_hello || state_ == state::open) {
    std::error_code ec;
    std::size_t n = socket_.read_some(buffer, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) break;
    if (ec) {
      close(leave_reason::closed, ec == asio::error::eof ? "closed by peer" : ec.message());
      return;
    }
    room_.counters().bytes_in.fetch_add(n, std::memory_order_relaxed);
    auto status = decoder_.feed({static_cast<const char*>(buffer.data()), n},
                                [this](stream_decoder::kind kind, std::string_view text) {
                                  if (state_ != state::awaiting_hello && state_ != state::open) return;
                                  if (kind == stream_decoder::kind::not_object) {
                                    room_.on_bad_value(*this, "not a JSON object");
                                    return;
                                  }
                                  last_object_ = text;
                                  if (room_.tapped(*this)) room_.tap(*this, wire_event::kind::frame, true, text);
                                  auto result = reader_.read(text);
                                  if (result.value) room_.on_value(*this, std::move(*result.value));
                                  else room_.on_bad_value(*this, result.problem);
                                  last_object_ = {};
                                });
    if (status == stream_decoder::status::too_large) {
      room_.on_too_large(*this);
      return;
    }
    total += n;
    if (total >= max_read_per_wakeup) break;
  }
  if (state_ == state::awaiting_hello || state_ == state::open || state_ == state::closing) wait_readable();
}

void channel::deliver(const shared_bytes& bytes) {
  if (state_ != state::open) return;
  if (queue_.empty() && in_flight_.empty()) last_progress_ = clock::now();
  queue_.push_back(bytes);
  queued_bytes_ += bytes->size();
  // Memory guard between write opportunities (see write_queued for the cap):
  // room for one full read batch of messages on top of twice the cap.
  if (queued_bytes_ > 2 * room_.limits().max_queue + max_read_per_wakeup + replay_allowance) {
    room_.on_slow(*this, "twice the queue limit waiting to be read");
    return;
  }
  if (!writing_ && !dirty) room_.mark_dirty(*this);
}

void channel::flush() {
  if (!writing_ && !queue_.empty() && (state_ == state::open || state_ == state::closing)) write_queued();
}

void channel::write_queued() {
  if (pace_.count() > 0) {
    auto due = last_sent_ + pace_;
    if (clock::now() < due) {
      wait_pace();
      return;
    }
  }
  std::size_t limit = pace_.count() > 0 ? 1 : max_write_buffers;
  std::size_t bytes = 0;
  while (!queue_.empty() && in_flight_.size() < limit && bytes < max_write_bytes) {
    bytes += queue_.front()->size();
    in_flight_.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  // The slow-reader cap: judged when the reader gets a chance to write, on
  // what still waits behind this write. A burst that arrived in one loop
  // turn is not slowness; a reader that keeps falling behind is.
  if (queued_bytes_ - bytes > room_.limits().max_queue + replay_allowance) {
    room_.on_slow(*this, "more than the queue limit waiting to be read");
    return;
  }
  buffers_.clear();
  bool watched = room_.tapped(*this);
  for (const auto& b : in_flight_) {
    buffers_.push_back(asio::buffer(*b));
    if (watched) room_.tap(*this, wire_event::kind::frame, false, *b);
  }
  writing_ = true;
  asio::async_write(socket_, buffers_, [self = shared_from_this()](const std::error_code& ec, std::size_t n) {
    self->on_written(ec, n);
  });
}

void channel::on_written(const std::error_code& ec, std::size_t bytes) {
  writing_ = false;
  in_flight_.clear();
  if (ec) {
    if (ec != asio::error::operation_aborted) close(leave_reason::closed, "write failed: " + ec.message());
    return;
  }
  room_.counters().bytes_out.fetch_add(bytes, std::memory_order_relaxed);
  queued_bytes_ -= std::min(queued_bytes_, bytes);
  replay_allowance -= std::min(replay_allowance, bytes);
  last_progress_ = last_sent_ = clock::now();
  if (!queue_.empty()) {
    write_queued();
  } else if (state_ == state::closing) {
    close(closing_reason_, closing_why_);
  }
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
  if (queue_.empty() && !writing_) {
    close(closing_reason_, closing_why_);
    return;
  }
  flush();
}

void channel::close(leave_reason reason, const std::string& why) {
  if (state_ == state::closed) return;
  state_ = state::closed;
  std::error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  if (pace_timer_) pace_timer_->cancel();
  queue_.clear();
  queued_bytes_ = 0;
  room_.on_closed(*this, reason, why);
}

}  // namespace charla::net
