#include "ui/text_util.hpp"

#include "tests/support/env.hpp"

#include <gtest/gtest.h>

namespace charla::ui {
namespace {

TEST(TextUtil, PreparesOutgoingText) {
  EXPECT_EQ(prepare_outgoing("  hola  \n\n"), "  hola");
  EXPECT_EQ(prepare_outgoing("\n\n  if (x)\n    y;\n"), "  if (x)\n    y;");
  EXPECT_EQ(prepare_outgoing(" \n \t\n"), "");
  EXPECT_EQ(prepare_outgoing("línea 1\nlínea 2"), "línea 1\nlínea 2");
}

TEST(TextUtil, CountsCodePoints) {
  EXPECT_EQ(utf8_length("ñandú"), 5u);
  EXPECT_EQ(utf8_length("€“”…→✓"), 6u);
  EXPECT_EQ(utf8_length(""), 0u);
}

TEST(TextUtil, FindsControlCharacters) {
  EXPECT_FALSE(has_control_chars("Ana María"));
  EXPECT_TRUE(has_control_chars("Ana\tMaría"));
  EXPECT_TRUE(has_control_chars("a\nb"));
  EXPECT_TRUE(has_control_chars("a\x7f"));
}

TEST(TextUtil, ParsesPorts) {
  EXPECT_EQ(parse_port("5000"), 5000);
  EXPECT_EQ(parse_port(" 65535 "), 65535);
  EXPECT_FALSE(parse_port("0"));
  EXPECT_FALSE(parse_port("65536"));
  EXPECT_FALSE(parse_port("50a"));
  EXPECT_FALSE(parse_port(""));
  EXPECT_FALSE(parse_port("-1"));
}

TEST(TextUtil, SplitsHostAndPort) {
  auto a = split_host_port("192.168.1.20:6000");
  EXPECT_EQ(a.host, "192.168.1.20");
  EXPECT_EQ(a.port, 6000);
  auto b = split_host_port(" aula-3.local ");
  EXPECT_EQ(b.host, "aula-3.local");
  EXPECT_FALSE(b.port);
  auto c = split_host_port("[::1]:5000");
  EXPECT_EQ(c.host, "::1");
  EXPECT_EQ(c.port, 5000);
  auto d = split_host_port("fe80::1");
  EXPECT_EQ(d.host, "fe80::1");
  EXPECT_FALSE(d.port);
}

TEST(TextUtil, HashIsStable) {
  EXPECT_EQ(stable_hash("Ana"), stable_hash("Ana"));
  EXPECT_NE(stable_hash("Ana"), stable_hash("Bo"));
  EXPECT_EQ(stable_hash(""), 2166136261u);
}

TEST(TextUtil, FormatsClock) {
  charla::test::set_env("TZ", "UTC");
#if defined(_WIN32)
  ::_tzset();
#else
  ::tzset();
#endif
  EXPECT_EQ(format_clock(1764050000123), "05:53");
}

}  // namespace
}  // namespace charla::ui
