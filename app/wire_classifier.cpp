#include "app/wire_classifier.hpp"

#include <chrono>

#include "net/json_pretty.hpp"
#include "net/ws/handshake.hpp"
#include "net/ws/http_request.hpp"
#include "ui/emoji.hpp"

namespace charla::app {
namespace {

ui::wire_channel to_ui(net::channel_type t) {
  return t == net::channel_type::read ? ui::wire_channel::read : ui::wire_channel::write;
}

std::string short_session(const std::string& s) {
  return s.substr(0, 8);
}

// Fills f (and the record's secret) from one decoded object.
void describe(const net::inbound& value, const net::wire_event& e, ui::wire_record& r) {
  ui::wire_facts& f = r.facts;
  using ui::wire_kind;
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, net::hello>) {
          f.kind = wire_kind::hello;
          f.version = v.version;
          f.author = v.author;
          f.session = short_session(v.session);
          r.secret = v.session;
        } else if constexpr (std::is_same_v<T, net::chat_in>) {
          // A seed keepalive is a message with no author.
          if (v.author.empty())
            f.kind = wire_kind::legacy_ping;
          else
            f.kind = e.from_participant ? wire_kind::message_out : wire_kind::legacy_message;
          f.author = v.author;
          f.detail = v.text;
          f.code = v.cid;
        } else if constexpr (std::is_same_v<T, net::chat_msg>) {
          if (v.replay)
            f.kind = wire_kind::replay;
          else if (!e.participant.empty() && v.author == e.participant)
            f.kind = wire_kind::echo;
          else
            f.kind = wire_kind::message_in;
          f.id = v.id;
          f.author = v.author;
          f.detail = v.text;
          f.code = v.cid;
        } else if constexpr (std::is_same_v<T, net::welcome>) {
          f.kind = wire_kind::welcome;
          f.detail = v.room;
          f.id = v.last_id;
          f.count = v.members.size();
          f.session = short_session(v.session);
          r.secret = v.session;
        } else if constexpr (std::is_same_v<T, net::join_event>) {
          f.kind = wire_kind::join;
          f.author = v.author;
          f.version = v.legacy ? 0 : 1;
        } else if constexpr (std::is_same_v<T, net::leave_event>) {
          f.kind = wire_kind::leave;
          f.author = v.author;
          f.code = std::string(net::to_string(v.reason));
        } else if constexpr (std::is_same_v<T, net::error_event>) {
          f.kind = wire_kind::error;
          f.code = std::string(net::to_string(v.code));
          f.detail = v.detail;
        } else if constexpr (std::is_same_v<T, net::ping_event>) {
          f.kind = wire_kind::ping;
        } else if constexpr (std::is_same_v<T, net::bye_event>) {
          f.kind = wire_kind::bye;
        }
      },
      value);
}

// The browser's request and the 101 answer, with how the answer's
// Sec-WebSocket-Accept follows from the request's key (RFC 6455 section 4.2.2).
void describe_upgrade(const net::wire_event& e, ui::wire_record& r) {
  ui::wire_facts& f = r.facts;
  r.size = e.bytes.size();
  r.bytes = ui::to_display(e.bytes);
  r.pretty = r.bytes;
  const std::string& request_text = e.from_participant ? e.bytes : e.request;
  net::ws::http_request_parser parser;
  parser.feed(request_text);
  const auto& request = parser.request();
  const std::string key(request.header("sec-websocket-key").value_or(""));
  f.path = request.target;
  if (e.from_participant) {
    f.kind = ui::wire_kind::ws_upgrade;
    f.detail = key;
    return;
  }
  f.kind = ui::wire_kind::ws_accept;
  const auto steps = net::ws::explain_accept(key);
  f.detail = std::string(net::ws::accept_guid);
  f.code = steps.sha1_hex;
  f.path = steps.accept;
}

}  // namespace

ui::wire_record wire_classifier::classify(const net::wire_event& e) {
  ui::wire_record r;
  ui::wire_facts& f = r.facts;
  f.channel = to_ui(e.channel);
  f.to_server = e.from_participant;
  f.time_ms = std::chrono::duration_cast<std::chrono::milliseconds>(e.time.time_since_epoch()).count();
  f.subject = ui::to_display(e.participant);
  f.participant_end = e.participant_end;
  f.server_end = e.server_end;
  f.earlier = e.earlier;
  f.legacy = e.legacy;
  f.paired_with = e.paired_with;
  f.websocket = e.websocket;
  f.ws_opcode = e.ws_opcode;
  f.ws_masked = e.ws_masked;
  f.ws_length = e.ws_length;
  if (e.ws_masked) {
    static constexpr char hex[] = "0123456789abcdef";
    for (auto b : e.ws_mask) {
      f.ws_mask += hex[b >> 4];
      f.ws_mask += hex[b & 15];
    }
  }
  switch (e.what) {
    case net::wire_event::kind::upgrade:
      describe_upgrade(e, r);
      return r;
    case net::wire_event::kind::connected:
      f.kind = ui::wire_kind::connected;
      f.to_server = true;  // the participant opens every channel
      return r;
    case net::wire_event::kind::closed:
      f.kind = ui::wire_kind::closed;
      return r;
    case net::wire_event::kind::frame:
      break;
  }
  r.size = e.bytes.size();
  r.bytes = ui::to_display(e.bytes);
  r.pretty = ui::to_display(net::pretty_json(e.bytes));
  auto decoded = reader_.read(e.bytes);
  if (!decoded.value) {
    f.kind = ui::wire_kind::unreadable;
    f.detail = ui::to_display(decoded.problem);
    return r;
  }
  describe(*decoded.value, e, r);
  f.author = ui::to_display(f.author);
  f.detail = ui::to_display(f.detail);
  return r;
}

}  // namespace charla::app
