#include "app/cli.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace charla::app {
namespace {

using mode = command_line::mode;

command_line parse(std::vector<std::string> args) {
  args.insert(args.begin(), "charla");
  return parse_command_line(args);
}

TEST(Cli, NoArgumentsOpensTheStartScreen) {
  EXPECT_EQ(parse({}).what, mode::start_screen);
}

TEST(Cli, VersionPrintsTheVersion) {
  auto cl = parse({"--version"});
  EXPECT_EQ(cl.what, mode::version);
  EXPECT_EQ(cl.text.rfind("charla ", 0), 0u);
}

TEST(Cli, HostDefaultsMatchTheProtocol) {
  auto cl = parse({"host", "--headless"});
  ASSERT_EQ(cl.what, mode::host);
  EXPECT_TRUE(cl.host.headless);
  EXPECT_EQ(cl.host.server.port, 5000);
  EXPECT_EQ(cl.host.server.bind_address, "0.0.0.0");
  const auto& lim = cl.host.server.limits;
  EXPECT_EQ(lim.max_object, 65536u);
  EXPECT_EQ(lim.max_text_bytes, 8192u);
  EXPECT_EQ(lim.rate, 10.0);
  EXPECT_EQ(lim.burst, 20.0);
  EXPECT_EQ(lim.hello_timeout.count(), 5000);
  EXPECT_EQ(lim.max_connections, 4096u);
  EXPECT_EQ(lim.max_queue, 1048576u);
  EXPECT_EQ(lim.stall_timeout.count(), 10000);
  EXPECT_EQ(lim.legacy_pace.count(), 60);
  EXPECT_EQ(lim.history, 1000u);
  EXPECT_EQ(lim.ping_interval.count(), 15000);
  EXPECT_EQ(lim.grace.count(), 10000);
  EXPECT_EQ(lim.max_participants, 0u);
  EXPECT_EQ(lim.pin_backoff.count(), 1000);
  EXPECT_EQ(lim.pin_backoff_max.count(), 60000);
}

TEST(Cli, EveryHostOptionIsRead) {
  auto cl = parse({"host",
                   "--headless",
                   "--port",
                   "0",
                   "--bind",
                   "127.0.0.1",
                   "--room",
                   "Aula 3",
                   "--pin",
                   "1234",
                   "--transcript",
                   "/tmp/t.jsonl",
                   "--max-object=1000",
                   "--max-mensaje",
                   "500",
                   "--rate",
                   "0",
                   "--burst",
                   "5",
                   "--hello-timeout",
                   "0.5",
                   "--max-connections",
                   "10",
                   "--max-queue",
                   "2048",
                   "--stall-timeout",
                   "2.5",
                   "--legacy-pace-ms",
                   "0",
                   "--history",
                   "50",
                   "--ping-interval",
                   "1",
                   "--grace",
                   "3",
                   "--max-participants",
                   "40",
                   "--pin-backoff",
                   "2",
                   "--pin-backoff-max",
                   "30",
                   "--read-only"});
  ASSERT_EQ(cl.what, mode::host) << cl.text;
  const auto& s = cl.host.server;
  EXPECT_EQ(s.port, 0);
  EXPECT_EQ(s.bind_address, "127.0.0.1");
  EXPECT_EQ(s.room, "Aula 3");
  EXPECT_EQ(s.pin, "1234");
  EXPECT_EQ(s.transcript_path, "/tmp/t.jsonl");
  EXPECT_EQ(s.limits.max_object, 1000u);
  EXPECT_EQ(s.limits.max_text_bytes, 500u);
  EXPECT_EQ(s.limits.rate, 0.0);
  EXPECT_EQ(s.limits.burst, 5.0);
  EXPECT_EQ(s.limits.hello_timeout.count(), 500);
  EXPECT_EQ(s.limits.max_connections, 10u);
  EXPECT_EQ(s.limits.max_queue, 2048u);
  EXPECT_EQ(s.limits.stall_timeout.count(), 2500);
  EXPECT_EQ(s.limits.legacy_pace.count(), 0);
  EXPECT_EQ(s.limits.history, 50u);
  EXPECT_EQ(s.limits.ping_interval.count(), 1000);
  EXPECT_EQ(s.limits.grace.count(), 3000);
  EXPECT_EQ(s.limits.max_participants, 40u);
  EXPECT_EQ(s.limits.pin_backoff.count(), 2000);
  EXPECT_EQ(s.limits.pin_backoff_max.count(), 30000);
  EXPECT_TRUE(s.read_only);
}

TEST(Cli, JoinTakesHostAndPort) {
  auto cl = parse({"join", "192.168.1.20:5001", "--name", "Ana", "--headless", "--json", "--bind", "127.0.0.2"});
  ASSERT_EQ(cl.what, mode::join) << cl.text;
  EXPECT_EQ(cl.join.client.host, "192.168.1.20");
  EXPECT_EQ(cl.join.client.port, 5001);
  EXPECT_EQ(cl.join.client.name, "Ana");
  EXPECT_EQ(cl.join.client.bind_address, "127.0.0.2");
  EXPECT_TRUE(cl.join.json);
  auto plain = parse({"join", "aula.local", "--name", "Bo"});
  EXPECT_EQ(plain.join.client.host, "aula.local");
  EXPECT_EQ(plain.join.client.port, 5000);
  auto v6 = parse({"join", "[::1]:6000", "--name", "Bo"});
  EXPECT_EQ(v6.join.client.host, "::1");
  EXPECT_EQ(v6.join.client.port, 6000);
}

TEST(Cli, MistakesAreOneSentenceSayingWhatToDo) {
  struct bad {
    std::vector<std::string> args;
    std::string says;
  };
  for (const auto& b : std::vector<bad>{
           {{"host", "--port", "99999"}, "--port needs a whole number from 0 to 65535"},
           {{"host", "--port"}, "--port needs a value"},
           {{"host", "--frobnicate"}, "unknown option --frobnicate"},
           {{"host", "--rate", "-1"}, "--rate needs a number of 0 or more"},
           {{"join"}, "say which room to join"},
           {{"join", "10.0.0.1"}, "give your name with --name"},
           {{"join", "10.0.0.1:abc", "--name", "A"}, "whole number"},
           {{"dance"}, "unknown command"},
       }) {
    auto cl = parse(b.args);
    EXPECT_EQ(cl.what, mode::error) << b.args[0];
    EXPECT_NE(cl.text.find(b.says), std::string::npos) << cl.text;
    EXPECT_EQ(cl.text.find('\n'), std::string::npos) << "one sentence: " << cl.text;
  }
}

TEST(Cli, HelpListsEveryLimitWithItsDefault) {
  auto cl = parse({"host", "--help"});
  ASSERT_EQ(cl.what, mode::help);
  for (const char* option : {"--max-object", "--max-mensaje", "--rate", "--burst", "--hello-timeout",
                             "--max-connections", "--max-queue", "--stall-timeout", "--legacy-pace-ms", "--history",
                             "--max-participants", "--pin-backoff", "--pin-backoff-max", "--read-only"}) {
    EXPECT_NE(cl.text.find(option), std::string::npos) << option;
  }
  EXPECT_EQ(parse({"join", "--help"}).what, mode::help);
}

// Every option of `charla host --help` that bounds something is in the
// limits table of docs/PROTOCOL.md, and every fixed limit of the help is
// stated there too.
TEST(Cli, EveryLimitInTheHelpIsInTheProtocolDocument) {
  std::ifstream in(std::string(CHARLA_SOURCE_DIR) + "/docs/PROTOCOL.md");
  ASSERT_TRUE(in) << "docs/PROTOCOL.md not found";
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto limits = doc.substr(doc.find("## 6. Limits and protection"));
  limits = limits.substr(0, limits.find("\n## 7."));
  std::string help = parse({"host", "--help"}).text;
  std::istringstream lines(help.substr(help.find("Limits")));
  int options = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  --", 0) != 0) continue;
    std::string option = line.substr(2, line.find(' ', 2) - 2);
    ++options;
    EXPECT_TRUE(limits.find(option + " ") != std::string::npos || limits.find(option + "`") != std::string::npos)
        << option << " is not in docs/PROTOCOL.md section 6";
  }
  EXPECT_GE(options, 15);
  for (const char* fixed : {"64 bytes", "8 bad objects", "4096 cids", "200 messages", "twice the limit plus 256 KiB",
                            "open-file limit", "SIGUSR1", "mute", "kick"}) {
    EXPECT_NE(limits.find(fixed), std::string::npos) << fixed << " is not in docs/PROTOCOL.md section 6";
  }
}

}  // namespace
}  // namespace charla::app
