#pragma once
// A strict, incremental parser for the one HTTP/1.1 request a browser sends
// before it gets a page or upgrades to WebSocket (RFC 9112 sections 2-5,
// narrowed to what charla serves: GET, no body).
//
//   feed(bytes) ──► request line ──► header lines ──► empty line ──► done
//        ▲   need_more  │                 │
//        └──────────────┘                 └──► error (an HTTP status)
//
// Bytes may arrive one at a time. Each line is checked as soon as it ends,
// the method byte by byte (so a TLS hello or a JSON channel is refused at its
// first byte), and a line or a header section that grows past its limit is
// refused before its end arrives: the parser never holds more than the
// limits.
// Only the current line is kept; finished lines live in `http_request`.
//
// Strict on purpose: lines end in CRLF, single spaces in the request line,
// no folded headers, no space before a colon, no control characters, one
// Host, no body. What a browser sends passes; anything odd is a 400, so the
// server never has to guess.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace charla::net::ws {

struct http_request {
  std::string method;   // "GET"
  std::string target;   // as sent: "/ws", "/?lang=es"
  std::string path;     // target up to '?': "/ws", "/"
  std::string version;  // "HTTP/1.1"
  // Names in lower case, values without surrounding spaces; a header sent
  // several times is one entry, its values joined with ", " (RFC 9110
  // section 5.3).
  std::vector<std::pair<std::string, std::string>> headers;

  // The value of header `name` (any case), if it was sent.
  std::optional<std::string_view> header(std::string_view name) const;
};

// Limits of the parser (defaults as in docs/PROTOCOL.md, "WebSocket").
struct http_limits {
  std::size_t max_request_line = 2048;  // CRLF included; past it: 414
  std::size_t max_header_bytes = 8192;  // every header line and the empty line; past it: 431
  std::size_t max_headers = 64;         // distinct names; past it: 431
};

class http_request_parser {
 public:
  enum class state { need_more, done, error };

  struct result {
    state status = state::need_more;
    // done: bytes of this feed's input that belong to the request; the rest
    // (a first WebSocket frame in the same segment) is the caller's.
    std::size_t consumed = 0;
    int http_status = 0;       // error: 400, 405, 414, 431 or 505
    std::string_view problem;  // error: one sentence (static storage), the body of the answer
  };

  explicit http_request_parser(http_limits limits = {}) : limits_(limits) {}

  // Parses the next bytes. After done or error the parser must not be fed
  // again (it answers with the same result and consumes nothing).
  result feed(std::string_view bytes);

  // The parsed request; complete once feed returned done.
  const http_request& request() const { return request_; }
  http_request& request() { return request_; }

 private:
  result fail(int status, std::string_view problem);
  // Handles one complete line (without its CRLF); returns false on error
  // (result_ is then set).
  bool take_line(std::string_view line);
  bool take_request_line(std::string_view line);
  bool take_header_line(std::string_view line);
  bool finish_headers();
  // Checks the request line's next bytes while its method is not over.
  bool check_method_prefix(std::string_view incoming);

  http_limits limits_;
  http_request request_;
  result result_;
  std::string line_;  // the unfinished line
  bool in_headers_ = false;
  bool method_checked_ = false;  // the request line's first space has arrived
  std::size_t header_bytes_ = 0;
};

// The request written out again as parsed (header names in lower case,
// repeated headers joined), each line ending in CRLF: for the teaching mode.
std::string to_text(const http_request& request);

// True when the comma-separated token list `list` (as in Connection or
// Upgrade) holds `token`, compared without case.
bool has_token(std::string_view list, std::string_view token);

// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);

}  // namespace charla::net::ws
