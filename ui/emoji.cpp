#include "ui/emoji.hpp"

namespace charla::ui {

namespace {

constexpr char32_t display_last = display_first + (emoji_last - emoji_first);

void append_utf8(std::string& out, char32_t c) {
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

bool continuation(unsigned char b) {
  return (b & 0xC0) == 0x80;
}

// Rewrites the code points for which map() returns something different,
// decoding only the sequences that can hold them (lead byte `lead`, `len`
// bytes long); everything else is copied byte for byte.
template <typename Map>
std::string rewrite(std::string_view in, unsigned char lead, std::size_t len, Map map) {
  std::string out;
  if (in.find(static_cast<char>(lead)) == std::string_view::npos) return std::string(in);
  out.reserve(in.size() + in.size() / 4);
  for (std::size_t i = 0; i < in.size();) {
    const auto b = static_cast<unsigned char>(in[i]);
    if (b == lead && i + len <= in.size()) {
      bool ok = true;
      for (std::size_t k = 1; k < len; ++k) ok = ok && continuation(static_cast<unsigned char>(in[i + k]));
      if (ok) {
        char32_t c = len == 4 ? (b & 0x07) : (b & 0x0F);
        for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(in[i + k]) & 0x3F);
        const char32_t m = map(c);
        if (m != c) {
          append_utf8(out, m);
          i += len;
          continue;
        }
      }
    }
    out += in[i++];
  }
  return out;
}

}  // namespace

char32_t to_display(char32_t c) {
  return c >= emoji_first && c <= emoji_last ? display_first + (c - emoji_first) : c;
}

char32_t from_display(char32_t c) {
  return c >= display_first && c <= display_last ? emoji_first + (c - display_first) : c;
}

// U+1F000..U+1FAFF all start with F0 9F; U+E000..U+EAFF all with EE.
std::string to_display(std::string_view utf8) {
  return rewrite(utf8, 0xF0, 4, [](char32_t c) { return to_display(c); });
}

std::string from_display(std::string_view display) {
  return rewrite(display, 0xEE, 3, [](char32_t c) { return from_display(c); });
}

}  // namespace charla::ui
