// Emoji through Dear ImGui 1.86, whose characters are 16 bits: a code point
// above U+FFFF (every modern emoji) would become U+FFFD the moment ImGui
// decodes it, in a label or in a text box.
//
// The ui therefore speaks a *display form* of UTF-8, in which the emoji
// planes U+1F000..U+1FAFF are moved, one to one, into the Private Use Area
// U+E000..U+EAFF, which ImGui can hold and the font loader fills with colour
// pictures. app/ converts at its boundary: to_display() on everything that
// comes from the network or the settings, from_display() on everything that
// leaves the ui (sent text, names, the clipboard). Nothing is lost either
// way; the price is that real Private Use characters in that range, which
// no keyboard types, are read as emoji.
#pragma once

#include <string>
#include <string_view>

namespace charla::ui {

inline constexpr char32_t emoji_first = 0x1F000;
inline constexpr char32_t emoji_last = 0x1FAFF;
inline constexpr char32_t display_first = 0xE000;

// One code point: an emoji to its display stand-in; anything else unchanged.
char32_t to_display(char32_t c);
// The reverse, for one code point.
char32_t from_display(char32_t c);

// Whole strings. Bytes that are not valid UTF-8 pass through unchanged.
std::string to_display(std::string_view utf8);
std::string from_display(std::string_view display);

}  // namespace charla::ui
