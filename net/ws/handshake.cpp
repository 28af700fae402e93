#include "net/ws/handshake.hpp"

#include <nettle/base64.h>
#include <nettle/sha1.h>

#include <array>
#include <cstdint>

namespace charla::net::ws {
namespace {

using digest = std::array<std::uint8_t, SHA1_DIGEST_SIZE>;

digest sha1(std::string_view text) {
  sha1_ctx ctx;
  sha1_init(&ctx);
  sha1_update(&ctx, text.size(), reinterpret_cast<const std::uint8_t*>(text.data()));
  digest out{};
  sha1_digest(&ctx, out.size(), out.data());
  return out;
}

std::string base64(const digest& d) {
  std::string out(BASE64_ENCODE_RAW_LENGTH(d.size()), '\0');
  base64_encode_raw(out.data(), d.size(), d.data());
  return out;
}

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// Headers on every answer: no sniffing, no caching, no Referer to anywhere.
constexpr std::string_view common_headers =
    "X-Content-Type-Options: nosniff\r\n"
    "Cache-Control: no-store\r\n"
    "Referrer-Policy: no-referrer\r\n";

void append_status_line(std::string& head, int status) {
  head += "HTTP/1.1 ";
  head += std::to_string(status);
  head += ' ';
  head += reason_phrase(status);
  head += "\r\n";
}

}  // namespace

std::string_view reason_phrase(int status) {
  switch (status) {
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 414:
      return "URI Too Long";
    case 426:
      return "Upgrade Required";
    case 431:
      return "Request Header Fields Too Large";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Error";
  }
}

std::vector<std::string> with_loopback(std::vector<std::string> addresses) {
  for (std::string_view extra : {"localhost", "127.0.0.1"}) {
    bool known = false;
    for (const auto& a : addresses) known = known || iequals(a, extra);
    if (!known) addresses.emplace_back(extra);
  }
  return addresses;
}

bool is_allowed_authority(std::string_view authority, const handshake_policy& policy) {
  const std::string port = ":" + std::to_string(policy.port);
  for (const auto& host : policy.hosts) {
    if (authority.size() == host.size() + port.size() && iequals(authority.substr(0, host.size()), host) &&
        authority.substr(host.size()) == port) {
      return true;
    }
    if (policy.port == 80 && iequals(authority, host)) return true;
  }
  return false;
}

std::string accept_key(std::string_view key) {
  std::string joined(key);
  joined += accept_guid;
  return base64(sha1(joined));
}

bool is_valid_key(std::string_view key) {
  // 16 bytes are 22 base64 characters and "==". nettle alone would also
  // skip spaces inside, so the shape is checked first.
  if (key.size() != 24 || key.substr(22) != "==") return false;
  for (char c : key.substr(0, 22)) {
    if (!is_base64_char(c)) return false;
  }
  base64_decode_ctx ctx;
  base64_decode_init(&ctx);
  std::array<std::uint8_t, BASE64_DECODE_LENGTH(24)> out{};
  std::size_t length = out.size();
  if (!base64_decode_update(&ctx, &length, out.data(), key.size(), key.data())) return false;
  return base64_decode_final(&ctx) && length == 16;
}

accept_steps explain_accept(std::string_view key) {
  accept_steps steps;
  steps.key = key;
  steps.joined = steps.key + std::string(accept_guid);
  digest d = sha1(steps.joined);
  static constexpr char hex[] = "0123456789abcdef";
  for (std::uint8_t b : d) {
    steps.sha1_hex += hex[b >> 4];
    steps.sha1_hex += hex[b & 0xF];
  }
  steps.accept = base64(d);
  return steps;
}

handshake_answer refusal(int status, std::string_view sentence) {
  handshake_answer a;
  a.outcome = handshake_answer::kind::refuse;
  a.status = status;
  a.body = sentence;
  append_status_line(a.head, status);
  a.head += "Content-Type: text/plain; charset=utf-8\r\nContent-Length: ";
  a.head += std::to_string(sentence.size());
  a.head += "\r\nConnection: close\r\n";
  a.head += common_headers;
  a.head += "Content-Security-Policy: default-src 'none'\r\n";
  if (status == 405) a.head += "Allow: GET\r\n";
  if (status == 426) a.head += "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n";
  a.head += "\r\n";
  return a;
}

namespace {

handshake_answer serve_page(const page& p, std::string_view authority) {
  handshake_answer a;
  a.outcome = handshake_answer::kind::page;
  a.status = 200;
  a.body = p.body;
  append_status_line(a.head, 200);
  a.head += "Content-Type: ";
  a.head += p.content_type;
  a.head += "\r\nContent-Length: ";
  a.head += std::to_string(p.body.size());
  a.head += "\r\nConnection: close\r\n";
  a.head += common_headers;
  // Scripts, styles and images only from this host, as files (nothing
  // inline); WebSockets only back to it. ws:// is written out because
  // 'self' does not cover it in every browser.
  a.head += "Content-Security-Policy: default-src 'self'; connect-src 'self' ws://";
  a.head += authority;
  a.head += "; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'\r\n";
  a.head += "\r\n";
  return a;
}

}  // namespace

handshake_answer answer(const http_request& request, const handshake_policy& policy) {
  if (request.method != "GET") return refusal(405, "Only GET is served here.");
  auto host = request.header("host");
  if (!host) return refusal(400, "An HTTP/1.1 request needs a Host header.");
  if (!is_allowed_authority(*host, policy)) return refusal(403, "This host does not answer to that name.");

  if (request.path != policy.websocket_path) {
    auto it = policy.pages.find(request.path);
    if (it == policy.pages.end()) return refusal(404, "There is no such page here.");
    return serve_page(it->second, *host);
  }

  if (auto origin = request.header("origin")) {
    bool ok = origin->size() > 7 && iequals(origin->substr(0, 7), "http://") &&
              is_allowed_authority(origin->substr(7), policy);
    if (!ok) return refusal(403, "WebSocket connections are accepted only from this host's own page.");
  }
  auto upgrade_header = request.header("upgrade");
  auto connection = request.header("connection");
  if (!upgrade_header || !has_token(*upgrade_header, "websocket") || !connection ||
      !has_token(*connection, "upgrade")) {
    return refusal(400, "This address takes only WebSocket upgrades (Upgrade: websocket, Connection: Upgrade).");
  }
  auto version = request.header("sec-websocket-version");
  if (!version || *version != "13") return refusal(426, "Only WebSocket version 13 is spoken here.");
  auto key = request.header("sec-websocket-key");
  if (!key || !is_valid_key(*key)) {
    return refusal(400, "Sec-WebSocket-Key must be the base64 of 16 bytes.");
  }

  handshake_answer a;
  a.outcome = handshake_answer::kind::upgrade;
  a.status = 101;
  append_status_line(a.head, 101);
  a.head += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ";
  a.head += accept_key(*key);
  a.head += "\r\n";
  auto offered = request.header("sec-websocket-protocol");
  if (offered && !policy.subprotocol.empty() && has_token(*offered, policy.subprotocol)) {
    a.subprotocol = policy.subprotocol;
    a.head += "Sec-WebSocket-Protocol: ";
    a.head += a.subprotocol;
    a.head += "\r\n";
  }
  // Extensions (permessage-deflate) are never agreed to: the frames stay as
  // the room encoded them, and there is nothing to decompress.
  a.head += "\r\n";
  return a;
}

}  // namespace charla::net::ws
