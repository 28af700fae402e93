#pragma once
// What the host answers to one parsed HTTP request (docs/PROTOCOL.md,
// "WebSocket"): the upgrade to WebSocket on the WebSocket path (RFC 6455
// section 4.2), one of its pages, or a short refusal. Pure: no socket, no
// clock; the transport sends `head` then `body` and, unless it upgraded,
// closes the connection.
//
// Checks, in order, each with its answer:
//   method not GET                                         405 + Allow: GET
//   Host missing                                           400
//   Host not one of the host's own addresses and port      403 (DNS rebinding)
//   path neither the WebSocket path nor a page             404
//   on the WebSocket path:
//     Origin present and not http:// + an allowed address  403 (cross-site pages)
//     no "Upgrade: websocket" or no "Connection: upgrade"  400
//     Sec-WebSocket-Version not 13                         426 + Sec-WebSocket-Version: 13
//     Sec-WebSocket-Key missing or not base64 of 16 bytes  400
//   otherwise                                              101, or 200 with the page

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "net/ws/http_request.hpp"

namespace charla::net::ws {

// Appended to the key before hashing (RFC 6455 section 1.3).
inline constexpr std::string_view accept_guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

struct page {
  std::string content_type;  // "text/html; charset=utf-8"
  std::string_view body;     // bytes owned by the caller (embedded in the binary)
};

struct handshake_policy {
  // Host names and addresses this host answers to, without port, compared
  // without case: its own addresses plus "localhost" and "127.0.0.1" (see
  // with_loopback). An IPv6 address is written in brackets: "[::1]".
  std::vector<std::string> hosts;
  std::uint16_t port = 5000;
  std::string websocket_path = "/ws";
  std::map<std::string, page, std::less<>> pages;  // path → page
  // Echoed in Sec-WebSocket-Protocol when a client offers it; never another.
  std::string subprotocol = "charla.v1";
};

// `addresses` plus "localhost" and "127.0.0.1", for handshake_policy::hosts.
std::vector<std::string> with_loopback(std::vector<std::string> addresses);

// True when `authority` (a Host value: "192.168.1.5:5000") names this host:
// one of the policy's hosts and its port (the port may be left out only
// when it is 80).
bool is_allowed_authority(std::string_view authority, const handshake_policy& policy);

struct handshake_answer {
  enum class kind { upgrade, page, refuse };
  kind outcome = kind::refuse;
  int status = 0;           // 101, 200, or the refusal's status
  std::string head;         // status line and headers, up to and with the empty line
  std::string_view body;    // page: the page's bytes; refuse: the sentence (static); upgrade: empty
  std::string subprotocol;  // upgrade: the subprotocol agreed on, or empty
};

// The answer to `request` (already parsed, so its method is GET).
handshake_answer answer(const http_request& request, const handshake_policy& policy);

// A refusal with `status` and a one-sentence body (static storage), for the
// errors of http_request_parser and for answer(). 405 adds "Allow: GET" and
// 426 adds "Sec-WebSocket-Version: 13".
handshake_answer refusal(int status, std::string_view sentence);

// base64(SHA-1(key + accept_guid)): the Sec-WebSocket-Accept for `key`.
std::string accept_key(std::string_view key);

// True when `key` is the base64 of exactly 16 bytes (24 characters).
bool is_valid_key(std::string_view key);

// accept_key, step by step, for the teaching mode.
struct accept_steps {
  std::string key;       // as the client sent it
  std::string joined;    // key + accept_guid
  std::string sha1_hex;  // SHA-1 of `joined`, 40 lowercase hex digits
  std::string accept;    // base64 of the 20 digest bytes
};
accept_steps explain_accept(std::string_view key);

// The reason phrase charla sends with `status` ("Forbidden").
std::string_view reason_phrase(int status);

}  // namespace charla::net::ws
