#include "net/utf8.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>

#include <simdjson.h>

namespace charla::net::utf8 {
namespace {

// Length of the (valid) UTF-8 sequence starting with `lead`.
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

char32_t decode_at(std::string_view s, std::size_t i, std::size_t len) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  switch (len) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

constexpr char hex_digits[] = "0123456789abcdef";

void append_u_escape(std::string& out, unsigned code) {
  out += "\\u";
  out += hex_digits[(code >> 12) & 0xF];
  out += hex_digits[(code >> 8) & 0xF];
  out += hex_digits[(code >> 4) & 0xF];
  out += hex_digits[code & 0xF];
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

code_point decode(std::string_view s, std::size_t i) {
  std::size_t len = std::min(sequence_length(static_cast<unsigned char>(s[i])), s.size() - i);
  return {decode_at(s, i, len), len};
}

std::optional<code_point> decode_checked(std::string_view s, std::size_t i) {
  if (i >= s.size()) return std::nullopt;
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) return code_point{lead, 1};
  std::size_t len = 0;
  char32_t min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4, min = 0x10000;
  } else {
    return std::nullopt;  // a continuation byte, C0, C1 or F5..FF
  }
  if (s.size() - i < len) return std::nullopt;
  for (std::size_t k = 1; k < len; ++k) {
    if (starts_code_point(s[i + k])) return std::nullopt;
  }
  const char32_t c = decode_at(s, i, len);
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return std::nullopt;
  return code_point{c, len};
}

void append(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string_view prefix_within(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t cut = max_bytes;
  while (cut > 0 && !starts_code_point(s[cut])) --cut;
  return s.substr(0, cut);
}

bool is_valid(std::string_view s) {
  return simdjson::validate_utf8(s.data(), s.size());
}

std::size_t count_code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += starts_code_point(c);
  return n;
}

std::size_t prefix_bytes(std::string_view s, std::size_t n) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (starts_code_point(s[i]) && ++points > n) return i;
  }
  return s.size();
}

bool has_control(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    // C1 controls U+0080..U+009F are encoded C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) return true;
  }
  return false;
}

std::string_view trim_end(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_space(s.back())) {
      s.remove_suffix(1);
    } else if (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") {
      s.remove_suffix(2);
    } else {
      return s;
    }
  }
}

std::string_view trim(std::string_view s) {
  s = trim_end(s);
  for (;;) {
    if (!s.empty() && is_space(s.front())) {
      s.remove_prefix(1);
    } else if (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") {
      s.remove_prefix(2);
    } else {
      return s;
    }
  }
}

escaped_step escaped_size_at(std::string_view s, std::size_t i, bool ascii_only) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    switch (c) {
      case '"':
      case '\\':
      case '\n':
      case '\r':
      case '\t':
      case '\b':
      case '\f':
        return {1, 2};
      default:
        return {1, c < 0x20 ? std::size_t{6} : std::size_t{1}};
    }
  }
  std::size_t len = sequence_length(c);
  if (i + len > s.size()) len = s.size() - i;  // defensive: truncated input
  char32_t cp = decode_at(s, i, len);
  if (cp == 0x2028 || cp == 0x2029) return {len, 6};
  if (!ascii_only) return {len, len};
  return {len, cp > 0xFFFF ? std::size_t{12} : std::size_t{6}};
}

void append_json_escaped(std::string& out, std::string_view s, bool ascii_only) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        default:
          if (c < 0x20)
            append_u_escape(out, c);
          else
            out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t len = sequence_length(c);
    if (i + len > s.size()) len = s.size() - i;
    char32_t cp = decode_at(s, i, len);
    if (cp == 0x2028 || cp == 0x2029) {
      append_u_escape(out, cp);
    } else if (!ascii_only) {
      out.append(s.data() + i, len);
    } else if (cp > 0xFFFF) {
      char32_t v = cp - 0x10000;
      append_u_escape(out, 0xD800 + (v >> 10));
      append_u_escape(out, 0xDC00 + (v & 0x3FF));
    } else {
      append_u_escape(out, cp);
    }
    i += len;
  }
}

std::vector<std::string_view> split_escaped(std::string_view s, std::size_t budget, bool ascii_only) {
  assert(budget >= 12);
  std::vector<std::string_view> pieces;
  std::size_t start = 0, used = 0, i = 0;
  while (i < s.size()) {
    auto step = escaped_size_at(s, i, ascii_only);
    if (used + step.output_bytes > budget) {
      pieces.push_back(s.substr(start, i - start));
      start = i;
      used = 0;
    }
    used += step.output_bytes;
    i += step.input_bytes;
  }
  if (start < s.size() || pieces.empty()) pieces.push_back(s.substr(start));
  return pieces;
}

}  // namespace charla::net::utf8
