#include "net/json_pretty.hpp"

namespace charla::net {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The next character outside whitespace at or after i, or 0.
char next_solid(std::string_view text, std::size_t i) {
  while (i < text.size() && is_space(text[i])) ++i;
  return i < text.size() ? text[i] : 0;
}

}  // namespace

std::string pretty_json(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  int depth = 0;
  bool in_string = false;
  bool escape = false;
  auto new_line = [&] {
    out += '\n';
    out.append(static_cast<std::size_t>(depth < 0 ? 0 : depth) * 2, ' ');
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      out += c;
      if (escape)
        escape = false;
      else if (c == '\\')
        escape = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (is_space(c)) continue;
    switch (c) {
      case '"':
        in_string = true;
        out += c;
        break;
      case '{':
      case '[': {
        char close = c == '{' ? '}' : ']';
        std::size_t j = i + 1;
        while (j < text.size() && is_space(text[j])) ++j;
        if (j < text.size() && text[j] == close) {  // empty: keep it on one line
          out += c;
          out += close;
          i = j;
          break;
        }
        out += c;
        ++depth;
        new_line();
        break;
      }
      case '}':
      case ']':
        --depth;
        new_line();
        out += c;
        break;
      case ',':
        out += c;
        if (next_solid(text, i + 1) != 0) new_line();
        break;
      case ':':
        out += ": ";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace charla::net
