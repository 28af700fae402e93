// ui/qr_code and ui/qr_view: the join URL, the module matrix from
// libqrencode, and how it is painted (whole pixels, quiet zone, black on
// white). A decoder we did not write (zbarimg) reads the matrix back.
#include "ui/qr_code.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness.hpp"
#include "ui/join_card.hpp"
#include "ui/qr_view.hpp"

namespace charla::ui {
namespace {

// The 7x7 finder pattern: a dark ring, a light ring, a dark 3x3 core.
bool finder_at(const qr_code& c, int x0, int y0) {
  for (int y = 0; y < 7; ++y) {
    for (int x = 0; x < 7; ++x) {
      const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
      const bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
      if (c.dark(x0 + x, y0 + y) != (ring || core)) return false;
    }
  }
  return true;
}

// zbarimg's reading of code drawn at px pixels per module with the quiet
// zone; nullopt when zbar-tools is not installed.
std::optional<std::string> zbar_reads(const qr_code& code, int px, const std::string& name) {
#if defined(_WIN32)
  // zbarimg is a Linux program: the Linux build's run reads the codes.
  (void)code, (void)px, (void)name;
  return std::nullopt;
#else
  if (std::system("command -v zbarimg >/dev/null 2>&1") != 0) return std::nullopt;
  const int side = code.size_with_quiet_zone() * px;
  const auto path = std::filesystem::temp_directory_path() / ("charla-qr-" + name + ".pgm");
  {
    std::ofstream f(path, std::ios::binary);
    f << "P5\n" << side << " " << side << "\n255\n";
    for (int y = 0; y < side; ++y) {
      for (int x = 0; x < side; ++x) {
        const int mx = x / px - qr_quiet_zone;
        const int my = y / px - qr_quiet_zone;
        const bool dark = mx >= 0 && my >= 0 && mx < code.size && my < code.size && code.dark(mx, my);
        f.put(static_cast<char>(dark ? 0 : 255));
      }
    }
  }
  // Its stderr only ever holds ImageMagick's complaints about D-Bus here;
  // a failed decode shows as an empty reading.
  const std::string cmd = "zbarimg --quiet --raw -Sdisable -Sqrcode.enable '" + path.string() + "' 2>/dev/null";
  std::FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[512];
  while (p != nullptr && std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  if (p != nullptr) ::pclose(p);
  std::filesystem::remove(path);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
#endif
}

TEST(JoinUrl, AddressPortAndSlash) {
  EXPECT_EQ(join_url("192.168.1.20", 5000, ""), "http://192.168.1.20:5000/");
  EXPECT_EQ(join_url("10.0.0.7", 65535, ""), "http://10.0.0.7:65535/");
}

TEST(JoinUrl, PinGoesInTheFragment) {
  EXPECT_EQ(join_url("192.168.1.20", 5000, "4321"), "http://192.168.1.20:5000/#pin=4321");
  EXPECT_EQ(join_url("192.168.1.20", 5000, "Redes-2B_x.y~z"), "http://192.168.1.20:5000/#pin=Redes-2B_x.y~z");
}

TEST(JoinUrl, PinIsPercentEncodedAsUtf8) {
  // '#', '&', '+', '=' and '%' would change what a fragment parser reads;
  // 'ñ' is two bytes of UTF-8.
  EXPECT_EQ(join_url("10.0.0.7", 5000, "Año#1&+=%"), "http://10.0.0.7:5000/#pin=A%C3%B1o%231%26%2B%3D%25");
  EXPECT_EQ(join_url("10.0.0.7", 5000, "😀"), "http://10.0.0.7:5000/#pin=%F0%9F%98%80");
}

TEST(QrCode, SmallestVersionAtLevelM) {
  // Version 2 holds 26 bytes at level M, version 3 holds 42.
  const auto plain = encode_qr("http://192.168.100.123:5000/");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->version, 2);
  EXPECT_EQ(plain->size, 25);
  const auto with_pin = encode_qr("http://192.168.100.123:5000/#pin=4821");
  ASSERT_TRUE(with_pin);
  EXPECT_EQ(with_pin->version, 3);
  EXPECT_EQ(with_pin->size, 29);
  EXPECT_EQ(with_pin->size_with_quiet_zone(), 37);
  EXPECT_EQ(with_pin->modules.size(), 29u * 29u);
}

TEST(QrCode, MatrixHasFinderAndTimingPatterns) {
  const auto c = encode_qr(join_url("192.168.1.20", 5000, "4321"));
  ASSERT_TRUE(c);
  for (std::uint8_t m : c->modules) EXPECT_LE(m, 1u) << "modules are 0 or 1";
  const int n = c->size;
  EXPECT_TRUE(finder_at(*c, 0, 0));
  EXPECT_TRUE(finder_at(*c, n - 7, 0));
  EXPECT_TRUE(finder_at(*c, 0, n - 7));
  EXPECT_FALSE(finder_at(*c, n - 7, n - 7)) << "no finder at the bottom right";
  // Separators: the light line around each finder.
  for (int i = 0; i < 8; ++i) {
    EXPECT_FALSE(c->dark(7, i));
    EXPECT_FALSE(c->dark(i, 7));
    EXPECT_FALSE(c->dark(n - 8, i));
  }
  // Timing patterns: row and column 6 alternate between the finders.
  for (int i = 8; i < n - 8; ++i) {
    EXPECT_EQ(c->dark(i, 6), i % 2 == 0) << i;
    EXPECT_EQ(c->dark(6, i), i % 2 == 0) << i;
  }
  // The dark module beside the bottom-left finder, always present.
  EXPECT_TRUE(c->dark(8, n - 8));
}

TEST(QrCode, EmptyOrTooLongIsRefused) {
  EXPECT_FALSE(encode_qr(""));
  // Version 40 at level M holds 2331 bytes.
  EXPECT_TRUE(encode_qr(std::string(2331, 'a')));
  EXPECT_FALSE(encode_qr(std::string(2332, 'a')));
  EXPECT_FALSE(encode_qr(std::string("a\0b", 3)));
}

TEST(QrCode, ZbarimgReadsTheExactUrl) {
  for (const std::string& url :
       {join_url("192.168.1.20", 5000, ""), join_url("192.168.1.20", 5000, "4321"),
        join_url("10.0.0.7", 65535, "Año#1&+=%"), join_url("172.16.254.254", 40000, std::string(32, 'z'))}) {
    const auto c = encode_qr(url);
    ASSERT_TRUE(c) << url;
    const auto read = zbar_reads(*c, 3, "exact");
    if (!read) GTEST_SKIP() << "zbarimg not installed (apt-get install zbar-tools)";
    EXPECT_EQ(*read, url);
  }
}

// The modules a line of qr_text stands for: its glyphs read back as two
// rows (upper, lower) of dark or light modules.
std::vector<std::vector<bool>> modules_of_text(const std::string& text, bool colours) {
  std::vector<std::vector<bool>> rows;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    at = end + 1;
    if (colours) {
      const std::string on = "\x1b[30;107m", off = "\x1b[0m";
      EXPECT_EQ(line.rfind(on, 0), 0u) << "a line does not start black on white";
      EXPECT_TRUE(line.size() >= off.size() && line.compare(line.size() - off.size(), off.size(), off) == 0);
      line = line.substr(on.size(), line.size() - on.size() - off.size());
    }
    std::vector<bool> upper, lower;
    for (std::size_t i = 0; i < line.size();) {
      if (line[i] == ' ') {
        upper.push_back(false), lower.push_back(false), ++i;
        continue;
      }
      const std::string glyph = line.substr(i, 3);
      i += 3;
      upper.push_back(glyph == "\u2588" || glyph == "\u2580");
      lower.push_back(glyph == "\u2588" || glyph == "\u2584");
      EXPECT_TRUE(glyph == "\u2588" || glyph == "\u2580" || glyph == "\u2584") << "an unknown glyph";
    }
    rows.push_back(upper);
    rows.push_back(lower);
  }
  return rows;
}

TEST(QrText, TwoRowsOfModulesPerLineWithTheQuietZone) {
  for (const bool colours : {false, true}) {
    const auto c = encode_qr(join_url("192.168.1.20", 5000, "4321"));
    ASSERT_TRUE(c);
    const std::string text = qr_text(*c, colours);
    const auto rows = modules_of_text(text, colours);
    const int side = c->size_with_quiet_zone();
    // An odd side: the last line's lower half is light, past the symbol.
    ASSERT_EQ(static_cast<int>(rows.size()), side + side % 2);
    for (int y = 0; y < static_cast<int>(rows.size()); ++y) {
      ASSERT_EQ(static_cast<int>(rows[static_cast<std::size_t>(y)].size()), side) << "line of row " << y;
      for (int x = 0; x < side; ++x) {
        const int mx = x - qr_quiet_zone, my = y - qr_quiet_zone;
        const bool dark = mx >= 0 && my >= 0 && mx < c->size && my < c->size && c->dark(mx, my);
        EXPECT_EQ(rows[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)], dark) << x << "," << y;
      }
    }
  }
}

TEST(QrCode, ModulePixelsAreWholeAndLeaveTheQuietZone) {
  const auto c = encode_qr("http://192.168.100.123:5000/");  // 25 + 8 = 33 modules
  ASSERT_TRUE(c);
  EXPECT_EQ(qr_module_pixels(33.0f, *c), 1);
  EXPECT_EQ(qr_module_pixels(32.9f, *c), 0);
  EXPECT_EQ(qr_module_pixels(100.0f, *c), 3);
  EXPECT_EQ(qr_module_pixels(800.0f - 60.0f, *c), 22);
  EXPECT_EQ(qr_module_pixels(0.0f, *c), 0);
  EXPECT_EQ(qr_module_pixels(-5.0f, *c), 0);
  EXPECT_EQ(qr_module_pixels(100.0f, qr_code{}), 0);
}

// What draw_qr put in a draw list, as a bitmap of side x side pixels.
struct painted {
  int side = 0;
  std::vector<int> pixels;  // 0 nothing, 1 light, 2 dark
  bool all_whole = true;
  int rects = 0;
};

painted paint(const qr_code& code, ImVec2 origin, int px) {
  painted out;
  test::harness h;
  h.set_ui([&] {
    ImDrawList* list = ImGui::GetForegroundDrawList();
    const int v0 = list->VtxBuffer.Size;
    const float side = draw_qr(list, origin, code, px);
    out.side = static_cast<int>(side);
    out.pixels.assign(static_cast<std::size_t>(out.side * out.side), 0);
    const ImVec2 o(std::round(origin.x), std::round(origin.y));
    // Every rectangle with no rounding is four vertices: corners 0 and 2.
    for (int v = v0; v + 3 < list->VtxBuffer.Size; v += 4) {
      const ImDrawVert& a = list->VtxBuffer[v];
      const ImDrawVert& b = list->VtxBuffer[v + 2];
      for (const ImDrawVert* p : {&a, &b}) {
        if (p->pos.x != std::floor(p->pos.x) || p->pos.y != std::floor(p->pos.y)) out.all_whole = false;
      }
      const int value = a.col == qr_dark ? 2 : a.col == qr_light ? 1 : 0;
      for (int y = static_cast<int>(a.pos.y - o.y); y < static_cast<int>(b.pos.y - o.y); ++y) {
        for (int x = static_cast<int>(a.pos.x - o.x); x < static_cast<int>(b.pos.x - o.x); ++x) {
          if (x >= 0 && y >= 0 && x < out.side && y < out.side)
            out.pixels[static_cast<std::size_t>(y * out.side + x)] = value;
        }
      }
      ++out.rects;
    }
  });
  h.step();
  return out;
}

TEST(QrView, PaintsWholePixelModulesWithAQuietZone) {
  const auto c = encode_qr(join_url("192.168.1.20", 5000, "4321"));
  ASSERT_TRUE(c);
  const int px = 4;
  const painted p = paint(*c, ImVec2(10.4f, 20.6f), px);  // origin snapped to (10, 21)
  ASSERT_EQ(p.side, c->size_with_quiet_zone() * px);
  EXPECT_TRUE(p.all_whole) << "a corner off the pixel grid blurs the edge";
  int runs = 0;
  for (int y = 0; y < c->size; ++y) {
    for (int x = 0; x < c->size; ++x) {
      if (c->dark(x, y) && (x == 0 || !c->dark(x - 1, y))) ++runs;
    }
  }
  EXPECT_EQ(p.rects, 1 + runs) << "the white square, then one rectangle per run of dark modules";
  for (int y = 0; y < p.side; ++y) {
    for (int x = 0; x < p.side; ++x) {
      const int mx = x / px - qr_quiet_zone;
      const int my = y / px - qr_quiet_zone;
      const bool dark = mx >= 0 && my >= 0 && mx < c->size && my < c->size && c->dark(mx, my);
      ASSERT_EQ(p.pixels[static_cast<std::size_t>(y * p.side + x)], dark ? 2 : 1) << x << "," << y;
    }
  }
}

TEST(QrView, NothingWithoutRoomForOnePixel) {
  const auto c = encode_qr("http://10.0.0.7:5000/");
  ASSERT_TRUE(c);
  EXPECT_EQ(paint(*c, ImVec2(0, 0), 0).rects, 0);
}

TEST(JoinCodes, OneCodePerAddressWithThePin) {
  join_card card;
  card.addresses = {"192.168.1.20", "10.0.0.7"};
  card.port = 5000;
  card.pin = "4321";
  join_codes codes;
  const auto& first = codes.update(card);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].address, "192.168.1.20");
  EXPECT_EQ(first[0].url, "http://192.168.1.20:5000/#pin=4321");
  EXPECT_EQ(first[1].url, "http://10.0.0.7:5000/#pin=4321");
  ASSERT_TRUE(first[0].code);
  const std::vector<std::uint8_t> modules = first[0].code->modules;
  // The same card: the same codes, not encoded again.
  EXPECT_EQ(codes.encodings(), 1u);
  codes.update(card);
  EXPECT_EQ(codes.encodings(), 1u);
  card.pin.clear();
  EXPECT_EQ(codes.update(card)[0].url, "http://192.168.1.20:5000/");
  EXPECT_NE(codes.codes()[0].code->modules, modules);
  card.web = false;
  EXPECT_TRUE(codes.update(card).empty()) << "no page served, no code";
}

TEST(JoinCodes, PinLeavesTheDisplayForm) {
  // The ui holds emoji in its display form (ui/emoji.hpp); the URL has the
  // real UTF-8.
  join_card card;
  card.addresses = {"10.0.0.7"};
  card.port = 5000;
  card.pin = "\xee\x98\x80";  // U+E600, the display form of U+1F600
  join_codes codes;
  EXPECT_EQ(codes.update(card)[0].url, "http://10.0.0.7:5000/#pin=%F0%9F%98%80");
}

}  // namespace
}  // namespace charla::ui
