#include "net/tcp/pair_seat.hpp"

#include "net/tcp/transport.hpp"

namespace charla::net::tcp {

pair_seat::pair_seat(transport& owner, wire_format format, std::string ip, std::string session)
    : transport_(owner), format_(format), ip_(std::move(ip)), session_(std::move(session)) {}

pair_seat::~pair_seat() {
  for (auto* ch : {reader_.get(), writer_.get()}) {
    if (ch && ch->owner == this) ch->owner = nullptr;
  }
}

void pair_seat::deliver(const shared_bytes& bytes) {
  if (reader_) reader_->deliver(bytes);
}

void pair_seat::deliver_several(const shared_bytes& bytes) {
  if (reader_) reader_->deliver_several(bytes);
}

void pair_seat::allow_replay(std::size_t bytes) {
  if (reader_) reader_->replay_allowance += bytes;
}

void pair_seat::answer(const shared_bytes& bytes) {
  channel* to = can_receive() ? reader_.get() : handling ? handling : writer_.get();
  if (to) to->deliver(bytes);
}

void pair_seat::close(leave_reason why, bool flush_first) {
  transport_.forget(*this);
  for (auto* slot : {&reader_, &writer_}) {
    if (auto ch = std::move(*slot)) {
      ch->owner = nullptr;
      if (flush_first)
        ch->close_after_flush(why, "removed by the host");
      else
        ch->close(why, {});
    }
  }
}

std::chrono::milliseconds pair_seat::grace() const {
  if (format_ == wire_format::seed) return std::chrono::milliseconds{0};
  return web ? transport_.limits().web_grace : transport_.limits().grace;
}

std::string pair_seat::describe() const {
  const channel* ch = handling ? handling : reader_ ? reader_.get() : writer_.get();
  return ch ? ch->describe() : ip_;
}

void pair_seat::report_open_connections() {
  for (auto* ch : {reader_.get(), writer_.get()}) {
    if (ch && ch->is_open()) transport_.tap(*ch, wire_event::kind::connected, true, {}, true);
  }
}

void pair_seat::attach(channel& ch) {
  auto& slot = ch.type() == channel_type::read ? reader_ : writer_;
  if (slot && slot.get() != &ch) {
    // A reconnect replaces the old channel of that type.
    auto old = std::move(slot);
    old->owner = nullptr;
    old->close(leave_reason::closed, "replaced by connection #" + std::to_string(ch.id()));
  }
  slot = ch.shared_from_this();
  ch.owner = this;
}

void pair_seat::detach(channel& ch) {
  if (ch.owner == this) ch.owner = nullptr;
  if (handling == &ch) handling = nullptr;
  if (reader_.get() == &ch) reader_.reset();
  if (writer_.get() == &ch) writer_.reset();
}

}  // namespace charla::net::tcp
