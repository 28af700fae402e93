#pragma once
// What the room knows of one participant's connection(s): a seat. A
// transport (net/tcp/ today) makes seats, hands them to the room with the
// participant's hello, and carries out what the room decides. The room never
// learns how many sockets a seat has, how its bytes are framed or how long
// its connections may take to reach the peer: it queues encoded objects and
// says when the seat is to close.
//
//   transport ──admission(hello)──► room      (a refusal, or nothing)
//   transport ──join(seat, hello)─► room      (the seat is a participant)
//   transport ──message/bye──────► room
//   transport ──disconnected─────► room      (grace, then leave)
//   room ──deliver/answer/close──► seat
//
// Every call from the room is made on the network thread. close() may run
// in the middle of a room loop; a seat only marks and lets its transport
// remove what it closed later (the room's removal rule, room.hpp).

#include <chrono>
#include <cstddef>
#include <string>

#include "net/codec.hpp"

namespace charla::net {

struct participant;

// Which of the room's shared encodings a seat takes.
enum class wire_format {
  v1,    // objects of docs/PROTOCOL.md, one shared copy for every v1 seat
  seed,  // the seed's dialect: messages cut into parts, no events
};

class seat {
 public:
  virtual ~seat() = default;

  virtual wire_format format() const = 0;
  // True while what the room delivers can reach the participant (it has a
  // way in that is open).
  virtual bool can_receive() const = 0;
  // Queues one encoded object (or seed part) for the participant.
  virtual void deliver(const shared_bytes& bytes) = 0;
  // Queues several encoded objects written back to back, each ending in a
  // newline (the room's presence batch: one shared encoding for every
  // reader). A transport that frames each object on its own (a WebSocket
  // text frame per object) cuts them apart here.
  virtual void deliver_several(const shared_bytes& bytes) = 0;
  // The next `bytes` delivered are a replay the participant asked for: they
  // do not count toward the slow-reader cap.
  virtual void allow_replay(std::size_t bytes) = 0;
  // An error event about what the participant just sent: where it reads if
  // it can, else back where it came from.
  virtual void answer(const shared_bytes& bytes) = 0;
  // Ends the seat: every connection closes (after what is queued when
  // `flush_first`), and the transport forgets it. The room makes no call on
  // it afterwards.
  virtual void close(leave_reason why, bool flush_first) = 0;
  // How long the participant may be without connections before it leaves:
  // zero when a lost connection can never come back (the seed client).
  virtual std::chrono::milliseconds grace() const = 0;
  // Where it connects from (rate of wrong PINs, seed names) and how the log
  // names it ("#12 127.0.0.1:40312").
  virtual const std::string& ip() const = 0;
  virtual std::string describe() const = 0;
  // Reports its open connections to the wire tap the room just pointed at
  // this participant (they opened before anyone watched).
  virtual void report_open_connections() = 0;

  // The participant this seat is, set by the room at join and cleared when
  // it leaves (null before and after).
  const participant* who() const { return who_; }

 private:
  friend class room;
  participant* who_ = nullptr;
};

}  // namespace charla::net
