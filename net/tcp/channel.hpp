#pragma once
// One TCP connection on the server side: a read channel or a write channel
// once its hello arrives. It owns its socket and moves bytes; what the bytes
// mean is its transport's business (transport.hpp), and the room's.
//
//   accepted ──hello──► open ──────────────► closed
//      │                  │ an error            ▲
//      │                  ▼                     │
//      │               closing (flush the error, then close)
//      └──no hello in time / garbage──────────────┘
//
// How its bytes are framed is told by the first byte (docs/PROTOCOL.md
// section 11): `G` starts an HTTP request, which gets a page or a short
// refusal and a close, or the upgrade to a WebSocket; 0x16 (a TLS hello:
// someone typed https://) is closed at once; anything else is today's JSON
// stream. A WebSocket channel carries one JSON object per text frame and
// is, from its hello on, a channel like any other: the same hellos,
// pairing, rules and caps.
//
//   undecided ──`G`──► http ──101──► websocket
//       │                └──page or refusal──► closing
//       └──otherwise──► json
//
// Reads wait for readability and then drain the socket into the transport's
// shared buffer, so an idle connection holds no read buffer. Writes gather
// everything queued (shared encodings) into one send per loop turn; only a
// full socket buffer makes a write wait for the reactor. On a WebSocket each
// object's frame header is written into the gather buffer just before it,
// so the encodings stay shared with every other reader. A reader of the seed
// client gets one object per write, paced (docs/PROTOCOL.md section 4).
//
// Where a slow reader is cut: deliver() (twice the queue cap waiting, the
// memory guard) and write_queued() (the cap, judged when the socket is full).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <asio.hpp>

#include "net/codec.hpp"
#include "net/framing.hpp"
#include "net/ws/frame.hpp"
#include "net/ws/http_request.hpp"

namespace charla::net::tcp {

class transport;
class pair_seat;

class channel : public std::enable_shared_from_this<channel> {
 public:
  using clock = std::chrono::steady_clock;
  enum class state { awaiting_hello, open, closing, closed };
  enum class framing : std::uint8_t { undecided, json, http, websocket };

  channel(asio::ip::tcp::socket socket, transport& owner, std::uint64_t id);

  void start();

  // Queues one encoded object for the peer (the transport flushes once per
  // loop turn); on a WebSocket it leaves as one text frame.
  void deliver(const shared_bytes& bytes);
  // Queues several objects encoded back to back, each ending in a newline;
  // on a WebSocket each leaves as a text frame of its own (framed once per
  // encoding for every reader: transport::frames_of).
  void deliver_several(const shared_bytes& bytes);
  // Queues bytes that leave exactly as they are: an HTTP answer, a
  // WebSocket control frame.
  void deliver_raw(const shared_bytes& bytes);
  // The HTTP request was answered with 101: from now on the bytes are
  // WebSocket frames.
  void upgrade();
  // The request and the 101 answer, kept from the upgrade until the hello
  // (for the teaching mode, which reports them with the hello).
  void keep_handshake(std::string request, std::string answer);
  std::unique_ptr<std::pair<std::string, std::string>> take_handshake() { return std::move(handshake_); }
  // A close frame is queued: closing sends no other.
  void mark_close_frame_sent() { close_frame_sent_ = true; }
  // Starts a write if one can start now.
  void flush();
  // Sends what is queued, then closes (used after an error event).
  void close_after_flush(leave_reason reason, std::string why);
  // Closes now and tells the transport once. Idempotent.
  void close(leave_reason reason, const std::string& why);
  // Closes for an I/O error `ec` met while `doing` ("write failed"; empty
  // for reads); see channel.cpp for what it does with each kind of error.
  void fail(const std::error_code& ec, std::string_view doing);

  std::uint64_t id() const { return id_; }
  const std::string& ip() const { return ip_; }
  const std::string& peer() const { return peer_; }    // "ip:port"
  const std::string& local() const { return local_; }  // the server's end, "ip:port"
  // How the log names it: "#12 127.0.0.1:40312".
  std::string describe() const { return "#" + std::to_string(id_) + " " + peer_; }
  // The object being handled (valid while it is handled).
  std::string_view last_object() const { return last_object_; }
  state current_state() const { return state_; }
  bool is_open() const { return state_ == state::open; }
  framing current_framing() const { return framing_; }
  bool websocket() const { return framing_ == framing::websocket; }
  // The WebSocket decoder (for the teaching mode: the last frame's header).
  const ws::frame_decoder* frames() const { return frames_.get(); }

  // Set by the transport when the hello is accepted.
  void set_role(channel_type type, bool legacy, std::chrono::milliseconds pace);
  channel_type type() const { return type_; }
  bool legacy() const { return legacy_; }
  pair_seat* owner = nullptr;  // the seat it belongs to, once paired

  // The transport's bookkeeping of this connection.
  std::size_t queued_bytes() const { return queued_bytes_; }
  clock::time_point opened_at() const { return opened_at_; }
  clock::time_point last_progress() const { return last_progress_; }
  clock::time_point last_sent() const { return last_sent_; }
  clock::time_point last_heard() const { return last_heard_; }  // the peer's last bytes (or the opening)
  bool dirty = false;                                           // waiting in the transport's flush list
  std::size_t replay_allowance = 0;                             // replayed bytes not counted toward the queue cap
  std::uint64_t presence_from = 0;                              // presence events before this one are in its welcome
  int bad_in_a_row = 0;                                         // consecutive bad_json objects
  bool heartbeat = false;  // a v1 writer that has sent a ping: its silence means it is dead

 private:
  void wait_readable();
  void read_available();
  // The bytes just read, by framing; false once the channel stops reading.
  bool take(std::span<char> data);
  bool take_http(std::span<char> data);
  bool take_frames(std::span<char> data);
  // One complete JSON object (a line of the stream or a text frame).
  void take_object(std::string_view text);
  void write_queued();
  // Drops what the kernel took (`bytes` from the front of the queue).
  void consume(std::size_t bytes);
  void wait_writable();
  void wait_pace();

  asio::ip::tcp::socket socket_;
  transport& transport_;
  std::uint64_t id_;
  std::string ip_, peer_, local_;
  std::string_view last_object_;
  state state_ = state::awaiting_hello;
  channel_type type_ = channel_type::read;
  bool legacy_ = false;
  std::chrono::milliseconds pace_{0};
  stream_decoder decoder_;
  framing framing_ = framing::undecided;
  // Only while needed: the request being read, the WebSocket's decoder.
  std::unique_ptr<ws::http_request_parser> http_;
  std::unique_ptr<ws::frame_decoder> frames_;
  bool close_frame_sent_ = false;
  std::unique_ptr<std::pair<std::string, std::string>> handshake_;

  // What waits to be sent is a queue of shared encodings, 16 bytes an entry
  // (a reader can have thousands waiting). On a WebSocket an encoded JSON
  // object (it starts with '{') leaves as a text frame of the object without
  // its final newline; anything else (the 101 answer, control frames, a
  // presence batch already framed) leaves as it is. Nothing but an object
  // starts with '{', so the entry needs no flag.
  bool framed(const std::string& b) const { return framing_ == framing::websocket && !b.empty() && b[0] == '{'; }
  static std::size_t payload_size(const std::string& b) { return b.size() - (!b.empty() && b.back() == '\n'); }
  // The bytes an entry puts on the wire.
  std::size_t wire_size(const std::string& b) const { return framed(b) ? ws::framed_size(payload_size(b)) : b.size(); }
  // Copies an entry's wire bytes [skip, skip + room) into `out`; returns how many.
  std::size_t copy(const std::string& b, std::size_t skip, char* out, std::size_t room) const {
    if (framed(b)) return copy_frame(b, skip, out, room);
    std::size_t n = std::min(b.size() - skip, room);
    std::memcpy(out, b.data() + skip, n);
    return n;
  }
  static std::size_t copy_frame(const std::string& b, std::size_t skip, char* out, std::size_t room);
  // The hot path of every delivery: inline.
  void enqueue(const shared_bytes& bytes) {
    if (head_ == queue_.size()) last_progress_ = clock::now();
    queued_bytes_ += wire_size(*queue_.emplace_back(bytes));
    // Memory guard between write opportunities (see write_queued for the
    // cap): room for one full read batch of messages on top of twice the cap.
    if (queued_bytes_ > memory_guard_ + replay_allowance) {
      too_much_queued();
      return;
    }
    if (!writing_ && !dirty) mark_dirty();
  }
  void too_much_queued();
  void mark_dirty();

  // Waiting objects, oldest at head_; the first has sent_ bytes already
  // written. A vector, not a deque: an idle channel then holds no memory.
  std::vector<shared_bytes> queue_;
  std::size_t head_ = 0, sent_ = 0;
  std::size_t queued_bytes_ = 0;
  std::size_t memory_guard_ = 0;  // twice the queue limit and a read batch (set at construction)
  bool writing_ = false;          // waiting for writability or for the pace timer
  leave_reason closing_reason_ = leave_reason::closed;
  std::string closing_why_;
  std::unique_ptr<asio::steady_timer> pace_timer_;
  clock::time_point opened_at_, last_progress_, last_sent_, last_heard_;
};

}  // namespace charla::net::tcp
