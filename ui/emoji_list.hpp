// The emoji charla draws in colour: the Emoticons block and the ones a
// classroom uses most. Shared by the build-time tool that cuts their
// pictures out of Noto Color Emoji (assets/emoji_sheet.cpp) and by the font
// loader (ui/font_set.cpp): position i in this list is cell i of the sheet.
// Other emoji still travel intact; they are drawn as the fallback glyph.
#pragma once

#include <array>

namespace charla::ui {

inline constexpr auto colour_emoji = [] {
  std::array<char32_t, 80 + 32 + 82> list{};
  std::size_t n = 0;
  for (char32_t c = 0x1F600; c <= 0x1F64F; ++c) list[n++] = c;  // 😀 … 🙏
  for (char32_t c = 0x1F910; c <= 0x1F92F; ++c) list[n++] = c;  // 🤐 … 🤯
  constexpr char32_t more[] = {
      0x1F44D, 0x1F44E, 0x1F44F, 0x1F44B, 0x1F44C,
      0x1F440, 0x1F4AA, 0x1F449, 0x1F448, 0x1F446,  // 👍👎👏👋👌👀💪👉👈👆
      0x1F447, 0x1F90C, 0x1F90F, 0x1FAF6, 0x1F937,
      0x1F9D0, 0x1F9E0, 0x1F970, 0x1F971,  // 👇🤌🤏🫶🤷🧐🧠🥰🥱
      0x1F972, 0x1F973, 0x1F974, 0x1F975, 0x1F976,
      0x1F978, 0x1F979, 0x1F97A, 0x1FAE0, 0x1FAE1,  // 🥲🥳🥴🥵🥶🥸🥹🥺🫠🫡
      0x1FAE2, 0x1FAE3, 0x1F525, 0x1F389, 0x1F38A,
      0x1F4AF, 0x1F4A1, 0x1F4AC, 0x1F4AD, 0x1F4DA,  // 🫢🫣🔥🎉🎊💯💡💬💭📚
      0x1F4DD, 0x1F4CC, 0x1F4CE, 0x1F4D6, 0x1F4C5,
      0x1F3C6, 0x1F31F, 0x1F494, 0x1F499, 0x1F49A,  // 📝📌📎📖📅🏆🌟💔💙💚
      0x1F49B, 0x1F49C, 0x1F5A4, 0x1F90D, 0x1F9E1,
      0x1F497, 0x1F496, 0x1F480, 0x1F47B,  // 💛💜🖤🤍🧡💗💖💀👻
      0x1F47E, 0x1F4A9, 0x1F355, 0x1F382, 0x1F3B5,
      0x1F3B6, 0x1F4BB, 0x1F4F1, 0x1F4F7, 0x1F680,  // 👾💩🍕🎂🎵🎶💻📱📷🚀
      0x1F308, 0x1F30D, 0x1F431, 0x1F436, 0x1F984,
      0x1F340, 0x1F338, 0x1F393, 0x1F3EB, 0x1F4A4,  // 🌈🌍🐱🐶🦄🍀🌸🎓🏫💤
      0x1F4A5, 0x1F514, 0x1F512, 0x1F511,           // 💥🔔🔒🔑
  };
  for (char32_t c : more) list[n++] = c;
  return list;
}();

// Every entry once: a sheet cell per emoji.
static_assert([] {
  for (std::size_t i = 0; i < colour_emoji.size(); ++i) {
    if (colour_emoji[i] == 0) return false;
    for (std::size_t j = i + 1; j < colour_emoji.size(); ++j) {
      if (colour_emoji[i] == colour_emoji[j]) return false;
    }
  }
  return true;
}());

}  // namespace charla::ui
