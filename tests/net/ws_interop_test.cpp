// The WebSocket layer against a client we did not write: Node's built-in
// WebSocket (undici, `node --experimental-websocket`). A small loopback
// server in this test puts net/ws/ on a real socket (the parser, the
// handshake, the decoder and the encoders, nothing else); Node connects,
// sends messages of each length form, answers the server's ping, receives
// the echoes and closes. Skipped, saying why, when no such Node is found.
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "net/ws/frame.hpp"
#include "net/ws/handshake.hpp"
#include "net/ws/http_request.hpp"

extern char** environ;

namespace charla::net::ws {
namespace {

using clock_type = std::chrono::steady_clock;

// Node's side: the messages it sends, then one JSON line with what it saw.
const char* node_script = R"JS(
const port = process.argv[1];
const sent = ['¡Ñandú! ¿Qué tal? 😀👩‍👩‍👧 مرحبا', 'y'.repeat(200), 'x'.repeat(70000), ''];
const got = [];
const ws = new WebSocket('ws://127.0.0.1:' + port + '/ws', 'charla.v1');
const timer = setTimeout(() => { console.log(JSON.stringify({error: 'timeout', got})); process.exit(2); }, 10000);
ws.onopen = () => { for (const m of sent) ws.send(m); };
ws.onmessage = (e) => { got.push(e.data); if (got.length === sent.length) ws.close(4000, 'adiós'); };
ws.onerror = (e) => { console.log(JSON.stringify({error: String(e.message || e.type), got})); process.exit(3); };
ws.onclose = (e) => {
  clearTimeout(timer);
  console.log(JSON.stringify({protocol: ws.protocol, same: JSON.stringify(got) === JSON.stringify(sent),
                              lengths: got.map((m) => m.length), code: e.code, reason: e.reason, clean: e.wasClean}));
  process.exit(0);
};
)JS";

bool node_has_websocket() {
  if (std::strlen(CHARLA_NODE) == 0) return false;
  std::string cmd =
      std::string(CHARLA_NODE) +
      " --experimental-websocket -e \"process.exit(typeof WebSocket === 'function' ? 0 : 1)\" 2>/dev/null";
  return std::system(cmd.c_str()) == 0;
}

// Waits until `fd` is readable or the deadline passes.
bool wait_readable(int fd, clock_type::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now()).count();
  if (left <= 0) return false;
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(left)) > 0;
}

void send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    ASSERT_GT(n, 0) << std::strerror(errno);
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

struct server_log {
  int http_status = 0;
  std::vector<std::string> texts;  // what the server received
  std::vector<std::string> pongs;
  std::uint16_t close_code = 0;
  std::string close_reason;
  std::string request_origin = "(none)";
  bool deflate_offered = false;
};

// One connection: the request, the answer, then frames until the close
// handshake. Text is echoed; the server pings once after the upgrade.
server_log serve(int fd, clock_type::time_point deadline) {
  server_log log;
  handshake_policy policy;
  policy.hosts = with_loopback({});
  sockaddr_in local{};
  socklen_t len = sizeof local;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
  policy.port = ntohs(local.sin_port);

  http_request_parser parser;
  frame_decoder decoder(1 << 20);
  bool upgraded = false;
  std::vector<char> buffer(64 * 1024);
  while (wait_readable(fd, deadline)) {
    ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n <= 0) break;
    std::span<char> input(buffer.data(), static_cast<std::size_t>(n));
    if (!upgraded) {
      auto r = parser.feed(std::string_view(input.data(), input.size()));
      if (r.status == http_request_parser::state::need_more) continue;
      auto a = r.status == http_request_parser::state::done ? answer(parser.request(), policy)
                                                            : refusal(r.http_status, r.problem);
      log.http_status = a.status;
      if (auto o = parser.request().header("origin")) log.request_origin = *o;
      log.deflate_offered = parser.request().header("sec-websocket-extensions").has_value();
      send_all(fd, a.head);
      send_all(fd, a.body);
      if (a.outcome != handshake_answer::kind::upgrade) return log;
      upgraded = true;
      send_all(fd, ping_frame("are you there?"));
      input = input.subspan(r.consumed);
    }
    for (;;) {
      auto e = decoder.next(input);
      if (e.type == frame_event::kind::need_more) break;
      if (e.type == frame_event::kind::text) {
        log.texts.emplace_back(e.payload);
        // A gathered write, as the transport will do it.
        std::vector<char> out(framed_size(e.payload.size()));
        write_frame(out, e.payload);
        send_all(fd, std::string_view(out.data(), out.size()));
      } else if (e.type == frame_event::kind::ping) {
        send_all(fd, pong_frame(e.payload));
      } else if (e.type == frame_event::kind::pong) {
        log.pongs.emplace_back(e.payload);
      } else if (e.type == frame_event::kind::close) {
        log.close_code = e.code;
        log.close_reason = e.payload;
        send_all(fd, close_frame(e.code, e.payload));
        return log;
      } else {
        ADD_FAILURE() << "decoder error " << e.code << ": " << e.problem;
        send_all(fd, close_frame(e.code));
        return log;
      }
    }
  }
  ADD_FAILURE() << "the connection ended or timed out before the close handshake";
  return log;
}

TEST(WsInterop, NodeWebSocketChatsAndCloses) {
  if (!node_has_websocket()) GTEST_SKIP() << "no Node with a built-in WebSocket (node --experimental-websocket)";
  auto deadline = clock_type::now() + std::chrono::seconds(20);

  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  socklen_t len = sizeof addr;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::string port = std::to_string(ntohs(addr.sin_port));

  int out[2];
  ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  std::vector<std::string> args = {CHARLA_NODE, "--no-warnings", "--experimental-websocket", "-e", node_script, port};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  ASSERT_EQ(posix_spawn(&pid, CHARLA_NODE, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);

  server_log log;
  if (wait_readable(listener, deadline)) {
    int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    EXPECT_GE(fd, 0);
    log = serve(fd, deadline);
    ::close(fd);
  } else {
    ADD_FAILURE() << "Node did not connect";
  }
  ::close(listener);

  std::string report;
  char chunk[4096];
  while (wait_readable(out[0], deadline)) {
    ssize_t n = ::read(out[0], chunk, sizeof chunk);
    if (n <= 0) break;
    report.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) == 0) {
    ::kill(pid, SIGKILL);  // past the deadline: only the child this test started
    ::waitpid(pid, &status, 0);
  }

  EXPECT_EQ(log.http_status, 101);
  EXPECT_EQ(log.request_origin, "(none)") << "Node sends no Origin: allowed as a program";
  EXPECT_TRUE(log.deflate_offered) << "Node offers permessage-deflate, which is not accepted";
  ASSERT_EQ(log.texts.size(), 4u);
  EXPECT_EQ(log.texts[0], "¡Ñandú! ¿Qué tal? 😀👩‍👩‍👧 مرحبا");
  EXPECT_EQ(log.texts[1], std::string(200, 'y'));
  EXPECT_EQ(log.texts[2], std::string(70000, 'x'));
  EXPECT_EQ(log.texts[3], "");
  EXPECT_EQ(log.pongs, std::vector<std::string>{"are you there?"});
  EXPECT_EQ(log.close_code, 4000);
  EXPECT_EQ(log.close_reason, "adiós");
  // Node's own view: the subprotocol agreed, every echo byte-exact, and a
  // clean close with the echoed code and reason.
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << report;
  EXPECT_NE(report.find(R"("protocol":"charla.v1")"), std::string::npos) << report;
  EXPECT_NE(report.find(R"("same":true)"), std::string::npos) << report;
  EXPECT_NE(report.find(R"("lengths":[34,200,70000,0])"), std::string::npos) << report;
  EXPECT_NE(report.find(R"("code":4000,"reason":"adiós","clean":true)"), std::string::npos) << report;
}

}  // namespace
}  // namespace charla::net::ws
