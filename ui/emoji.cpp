#include "ui/emoji.hpp"

#include "net/utf8.hpp"

namespace charla::ui {

namespace {

constexpr char32_t display_last = display_first + (emoji_last - emoji_first);

// Rewrites the code points for which map() returns something different,
// decoding only the well-formed sequences that can hold them (those that
// start with `lead`); everything else is copied byte for byte.
template <typename Map>
std::string rewrite(std::string_view in, unsigned char lead, Map map) {
  std::string out;
  if (in.find(static_cast<char>(lead)) == std::string_view::npos) return std::string(in);
  out.reserve(in.size() + in.size() / 4);
  for (std::size_t i = 0; i < in.size();) {
    if (static_cast<unsigned char>(in[i]) == lead) {
      if (auto cp = net::utf8::decode_checked(in, i)) {
        const char32_t m = map(cp->value);
        if (m != cp->value) {
          net::utf8::append(out, m);
          i += cp->length;
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
  return rewrite(utf8, 0xF0, [](char32_t c) { return to_display(c); });
}

std::string from_display(std::string_view display) {
  return rewrite(display, 0xEE, [](char32_t c) { return from_display(c); });
}

}  // namespace charla::ui
