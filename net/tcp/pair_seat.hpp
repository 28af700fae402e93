#pragma once
// Where two TCP channels are paired: a participant over TCP is a read
// channel and a write channel, and the room sees the pair as one seat.
//
// Pairing (transport.cpp, on_v1_hello and on_seed_hello): v1 channels by
// `session`, so either may come first and either may be replaced by a
// reconnect; seed channels by peer IP, each new channel completing the
// oldest half-paired seed seat of that IP (the seed client says nothing
// that ties its two connections together).
//
// A v1 pair keeps its seat while both channels are gone, for the room's
// grace period: a reconnect with the same session finds it. A seed pair
// ends with either channel (its grace is zero): the seed client never
// reconnects.

#include <chrono>
#include <memory>
#include <string>

#include "net/seat.hpp"
#include "net/tcp/channel.hpp"

namespace charla::net::tcp {

class transport;

class pair_seat : public seat, public std::enable_shared_from_this<pair_seat> {
 public:
  pair_seat(transport& owner, wire_format format, std::string ip, std::string session);
  ~pair_seat() override;

  // seat
  wire_format format() const override { return format_; }
  bool can_receive() const override { return reader_ && reader_->is_open(); }
  void deliver(const shared_bytes& bytes) override;
  void deliver_several(const shared_bytes& bytes) override;
  void allow_replay(std::size_t bytes) override;
  void answer(const shared_bytes& bytes) override;
  void close(leave_reason why, bool flush_first) override;
  std::chrono::milliseconds grace() const override;
  const std::string& ip() const override { return ip_; }
  std::string describe() const override;
  void report_open_connections() override;

  // The channel of its type joins the pair; one already there (a
  // reconnect's predecessor) closes.
  void attach(channel& ch);
  // The channel left the pair (it closed).
  void detach(channel& ch);
  bool empty() const { return !reader_ && !writer_; }
  bool has(channel_type type) const { return type == channel_type::read ? reader_ != nullptr : writer_ != nullptr; }
  channel* reader() const { return reader_.get(); }
  channel* writer() const { return writer_.get(); }
  channel* other(const channel& ch) const { return &ch == reader_.get() ? writer_.get() : reader_.get(); }
  const std::string& session() const { return session_; }
  // The channel whose object the room is handling (its log names it).
  channel* handling = nullptr;
  // Made by a WebSocket hello: the longer web grace applies.
  bool web = false;

 private:
  transport& transport_;
  wire_format format_;
  std::string ip_;
  std::string session_;  // v1 only
  std::shared_ptr<channel> reader_, writer_;
};

}  // namespace charla::net::tcp
