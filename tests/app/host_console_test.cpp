#include "app/host_console.hpp"

#include <gtest/gtest.h>

namespace charla::app {
namespace {

using kind = console_command::kind;

TEST(HostConsole, ReadsEachCommand) {
  auto c = parse_console_command("/kick Ana");
  EXPECT_EQ(c.what, kind::kick);
  EXPECT_EQ(c.name, "Ana");
  EXPECT_EQ(c.reason, "");
  c = parse_console_command("  /kick\t\"Ana María\"   fuera de tema  \r");
  EXPECT_EQ(c.what, kind::kick);
  EXPECT_EQ(c.name, "Ana María");
  EXPECT_EQ(c.reason, "fuera de tema");
  c = parse_console_command("/mute \"Ñandú 😀\"");
  EXPECT_EQ(c.what, kind::mute);
  EXPECT_EQ(c.name, "Ñandú 😀");
  EXPECT_EQ(parse_console_command("/unmute Bo").what, kind::unmute);
  c = parse_console_command("/readonly on");
  EXPECT_EQ(c.what, kind::read_only);
  EXPECT_TRUE(c.on);
  c = parse_console_command("/readonly off");
  EXPECT_EQ(c.what, kind::read_only);
  EXPECT_FALSE(c.on);
  EXPECT_EQ(parse_console_command("/help").what, kind::help);
  EXPECT_EQ(parse_console_command("/counters").what, kind::counters);
  EXPECT_EQ(parse_console_command("/quit").what, kind::quit);
  EXPECT_EQ(parse_console_command("   ").what, kind::none);
}

TEST(HostConsole, MistakesGetASentenceThatSaysWhatToType) {
  struct mistake {
    const char* line;
    const char* says;
  } mistakes[] = {
      {"hola", "takes commands, not messages"},
      {"/kick", "/kick needs the name of a participant"},
      {"/kick \"\"", "/kick needs the name of a participant"},
      {"/kick \"Ana María", "needs its closing quote"},
      {"/mute Ana María", "/mute \"Ana María\""},
      {"/readonly", "/readonly takes on or off"},
      {"/readonly sí", "/readonly takes on or off"},
      {"/ban Ana", "unknown command /ban"},
      {"/counters now", "/counters takes nothing after it"},
      {"/quit 5", "/quit takes nothing after it"},
  };
  for (const auto& m : mistakes) {
    auto c = parse_console_command(m.line);
    EXPECT_EQ(c.what, kind::invalid) << m.line;
    EXPECT_NE(c.problem.find(m.says), std::string::npos) << m.line << " → " << c.problem;
  }
}

}  // namespace
}  // namespace charla::app
