#include "net/framing.hpp"

namespace charla::net {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Characters that end a bare scalar (a number, `true`, garbage...).
bool ends_scalar(char c) {
  return is_space(c) || c == '{' || c == '[' || c == '"' || c == '}' || c == ']';
}

}  // namespace

bool stream_decoder::scan_value() {
  const std::size_t end = buffer_.size();
  const char* b = buffer_.data();
  if (state_ == scan::idle) {
    while (pos_ < end && is_space(b[pos_])) ++pos_;
    if (pos_ == end) return false;
    start_ = pos_;
    opener_ = b[pos_];
    in_string_ = escape_ = false;
    depth_ = 0;
    if (opener_ == '{' || opener_ == '[') {
      state_ = scan::structured;
    } else if (opener_ == '"') {
      state_ = scan::string;
      ++pos_;
    } else {
      state_ = scan::scalar;
      ++pos_;  // a stray '}' or ']' is a one-byte scalar
      if (opener_ == '}' || opener_ == ']') return true;
    }
  }
  switch (state_) {
    case scan::structured:
      for (; pos_ < end; ++pos_) {
        char c = b[pos_];
        if (in_string_) {
          if (escape_)
            escape_ = false;
          else if (c == '\\')
            escape_ = true;
          else if (c == '"')
            in_string_ = false;
        } else if (c == '"') {
          in_string_ = true;
        } else if (c == '{' || c == '[') {
          ++depth_;
        } else if (c == '}' || c == ']') {
          if (--depth_ == 0) {
            ++pos_;
            return true;
          }
        }
      }
      return false;
    case scan::string:
      for (; pos_ < end; ++pos_) {
        char c = b[pos_];
        if (escape_)
          escape_ = false;
        else if (c == '\\')
          escape_ = true;
        else if (c == '"') {
          ++pos_;
          return true;
        }
      }
      return false;
    case scan::scalar:
      while (pos_ < end && !ends_scalar(b[pos_])) ++pos_;
      return pos_ < end;
    case scan::idle:
      break;
  }
  return false;
}

}  // namespace charla::net
