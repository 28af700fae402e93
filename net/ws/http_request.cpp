#include "net/ws/http_request.hpp"

#include <algorithm>
#include <cstring>

namespace charla::net::ws {
namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// tchar of RFC 9110 section 5.6.2: what a method or a header name is made of.
bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c)) return true;
  return c != 0 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// field-content: visible ASCII, space, tab and bytes >= 0x80 (obs-text).
bool is_field_value(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\t') return false;
    if (c == 0x7F) return false;
  }
  return true;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool has_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = trim_ows(list.substr(0, comma));
    if (iequals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

std::optional<std::string_view> http_request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

http_request_parser::result http_request_parser::fail(int status, std::string_view problem) {
  result_ = {state::error, 0, status, problem};
  std::string().swap(line_);
  return result_;
}

http_request_parser::result http_request_parser::feed(std::string_view bytes) {
  if (result_.status != state::need_more) return {result_.status, 0, result_.http_status, result_.problem};
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const void* nl = std::memchr(bytes.data() + pos, '\n', bytes.size() - pos);
    std::size_t end = nl ? static_cast<const char*>(nl) - bytes.data() + 1 : bytes.size();
    std::size_t room = in_headers_ ? limits_.max_header_bytes - header_bytes_ : limits_.max_request_line;
    // The method's bytes within the limit first, so that the answer does
    // not depend on how the bytes were cut.
    if (!in_headers_ && !method_checked_) {
      std::size_t fits = std::min(end - pos, room > line_.size() ? room - line_.size() : 0);
      if (!check_method_prefix(bytes.substr(pos, fits))) return result_;
    }
    // Refuse a line as soon as it cannot fit, before its end arrives.
    if (line_.size() + (end - pos) > room) {
      return in_headers_ ? fail(431, "The request's headers are too large.")
                         : fail(414, "The request line is too long.");
    }
    line_.append(bytes.data() + pos, end - pos);
    pos = end;
    if (!nl) break;
    if (line_.size() < 2 || line_[line_.size() - 2] != '\r') return fail(400, "Request lines must end with CR LF.");
    if (in_headers_) header_bytes_ += line_.size();
    std::string_view line(line_.data(), line_.size() - 2);
    bool last = in_headers_ && line.empty();
    if (!take_line(line)) return result_;
    line_.clear();
    if (last) {
      std::string().swap(line_);
      result_ = {state::done, 0, 0, {}};
      return {state::done, pos, 0, {}};
    }
  }
  return {state::need_more, pos, 0, {}};
}

bool http_request_parser::check_method_prefix(std::string_view incoming) {
  for (char c : incoming) {
    if (c == ' ') {
      method_checked_ = true;
      return true;
    }
    // Not HTTP at all (a TLS hello, a JSON channel): refused at its first
    // byte, with the status the whole line would get.
    if (!is_tchar(c) && c != '\r' && c != '\n') {
      fail(400, "The request method is not a valid token.");
      return false;
    }
  }
  return true;
}

bool http_request_parser::take_line(std::string_view line) {
  if (!in_headers_) {
    in_headers_ = true;
    return take_request_line(line);
  }
  if (line.empty()) return finish_headers();
  return take_header_line(line);
}

bool http_request_parser::take_request_line(std::string_view line) {
  std::size_t sp1 = line.find(' ');
  std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    fail(400, "The request line must be: method, target and version, separated by single spaces.");
    return false;
  }
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method)) {
    fail(400, "The request method is not a valid token.");
    return false;
  }
  bool target_ok = !target.empty() && target.front() == '/';
  for (char c : target) target_ok = target_ok && c > 0x20 && c < 0x7F;
  if (!target_ok) {
    fail(400, "The request target must be a path starting with '/'.");
    return false;
  }
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || !is_digit(version[5]) || version[6] != '.' ||
      !is_digit(version[7])) {
    fail(400, "The request line does not end with an HTTP version.");
    return false;
  }
  if (version != "HTTP/1.1") {
    fail(505, "Only HTTP/1.1 is served here.");
    return false;
  }
  if (method != "GET") {
    fail(405, "Only GET is served here.");
    return false;
  }
  request_.method = method;
  request_.target = target;
  request_.path = target.substr(0, target.find('?'));
  request_.version = version;
  return true;
}

bool http_request_parser::take_header_line(std::string_view line) {
  if (is_ows(line.front())) {
    fail(400, "Folded header lines are not accepted.");
    return false;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
    fail(400, "A header line must be a name, a colon and a value, with no space before the colon.");
    return false;
  }
  std::string_view value = trim_ows(line.substr(colon + 1));
  if (!is_field_value(value)) {
    fail(400, "A header value holds a control character.");
    return false;
  }
  std::string name(line.substr(0, colon));
  for (char& c : name) c = lower(c);
  for (auto& [key, existing] : request_.headers) {
    if (key != name) continue;
    if (name == "host") {
      fail(400, "The request has more than one Host header.");
      return false;
    }
    existing += ", ";
    existing += value;
    return true;
  }
  if (request_.headers.size() >= limits_.max_headers) {
    fail(431, "The request has too many headers.");
    return false;
  }
  request_.headers.emplace_back(std::move(name), std::string(value));
  return true;
}

bool http_request_parser::finish_headers() {
  if (!request_.header("host")) {
    fail(400, "An HTTP/1.1 request needs a Host header.");
    return false;
  }
  auto length = request_.header("content-length");
  if (request_.header("transfer-encoding") || (length && *length != "0")) {
    fail(400, "A GET request here carries no body.");
    return false;
  }
  return true;
}

std::string to_text(const http_request& request) {
  std::string out = request.method + " " + request.target + " " + request.version + "\r\n";
  for (const auto& [name, value] : request.headers) out += name + ": " + value + "\r\n";
  out += "\r\n";
  return out;
}

}  // namespace charla::net::ws
