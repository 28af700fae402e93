// `charla join --headless`: stdin lines become messages; the room is printed
// on stdout, one line per event.
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iostream>

#include "app/headless.hpp"
#include "app/stdin_lines.hpp"
#include "net/platform/platform.hpp"

namespace charla::app {
namespace {

std::string clock_text(std::int64_t ts_ms) {
  return net::platform::local_time_text(ts_ms, "%H:%M:%S", "--:--:--");
}

std::string without_newline(std::string s) {
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

std::string seconds_text(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

// One event as a line of text (or of JSON with --json).
struct printer {
  bool json = false;

  std::string operator()(const net::status_event& e) const {
    if (json) {
      return "{\"type\":\"status\",\"state\":\"" +
             std::string(e.state == net::client_state::connected      ? "connected"
                         : e.state == net::client_state::connecting   ? "connecting"
                         : e.state == net::client_state::reconnecting ? "reconnecting"
                         : e.state == net::client_state::failed       ? "failed"
                                                                      : "stopped") +
             "\",\"address\":\"" + e.address + "\",\"seed_server\":" + (e.seed_server ? "true" : "false") +
             (e.quiet ? ",\"quiet\":true,\"quiet_ms\":" + std::to_string(e.quiet_for.count()) : std::string()) +
             (e.why != net::failure::none ? ",\"why\":\"" + std::string(net::to_string(e.why)) + "\"" : std::string()) +
             "}";
    }
    switch (e.state) {
      case net::client_state::connected:
        if (e.quiet) return "* no word from " + e.address + " for " + seconds_text(e.quiet_for) + "; it may be gone";
        return "* connected to " + e.address + (e.seed_server ? " (seed server)" : "");
      case net::client_state::reconnecting:
        return "* connection to " + e.address + " lost (" + std::string(net::to_string(e.why)) +
               (e.detail.empty() ? "" : ": " + e.detail) + "); trying again in " + seconds_text(e.retry_in);
      case net::client_state::failed:
        return "* could not join " + e.address + ": " + e.detail;
      default:
        return {};
    }
  }
  std::string operator()(const net::message_event& e) const {
    if (json)
      return without_newline(e.msg.id ? net::encode(e.msg)
                                      : net::encode(net::chat_in{e.msg.author, e.msg.text, e.msg.cid}));
    return "[" + clock_text(e.msg.ts_ms) + "] " + e.msg.author + ": " + e.msg.text;
  }
  std::string operator()(const net::members_event& e) const {
    if (json) {
      std::string out = "{\"type\":\"members\",\"members\":[";
      for (std::size_t i = 0; i < e.members.size(); ++i) {
        net::join_event j{e.members[i].author, e.members[i].legacy};
        std::string one = without_newline(net::encode(j));
        out += (i ? "," : "") + one;
      }
      return out + "]}";
    }
    std::string names;
    for (const auto& m : e.members) names += (names.empty() ? "" : ", ") + m.author + (m.legacy ? " (seed)" : "");
    return "* in the room: " + (names.empty() ? std::string("nobody yet") : names);
  }
  std::string operator()(const net::join_event& e) const {
    return json ? without_newline(net::encode(e)) : "* " + e.author + " joined";
  }
  std::string operator()(const net::leave_event& e) const {
    return json ? without_newline(net::encode(e))
                : "* " + e.author + " left (" + std::string(net::to_string(e.reason)) + ")";
  }
  std::string operator()(const net::error_event& e) const {
    return json ? without_newline(net::encode(e)) : "! " + std::string(net::to_string(e.code)) + ": " + e.detail;
  }
  std::string operator()(const net::gap_event& e) const {
    if (json) return "{\"type\":\"gap\",\"from\":" + std::to_string(e.from) + ",\"to\":" + std::to_string(e.to) + "}";
    return "* messages #" + std::to_string(e.from) + " to #" + std::to_string(e.to) + " are no longer available";
  }
};

}  // namespace

int run_headless_join(const join_command& command) {
  asio::io_context io;
  printer print{command.json};
  int exit_code = 0;
  bool finished = false;
  auto client = net::client::create(io, command.client, [&](net::client_event e) {
    if (auto* s = std::get_if<net::status_event>(&e)) {
      if (s->state == net::client_state::failed) exit_code = 1;
      if (s->state == net::client_state::failed || s->state == net::client_state::stopped) finished = true;
    }
    std::string line = std::visit(print, e);
    if (!line.empty()) {
      std::printf("%s\n", line.c_str());
      std::fflush(stdout);
    }
  });

  // At end of stdin: wait up to 5 s for the server to confirm what we sent.
  asio::steady_timer drain(io);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::function<void()> wait_confirmed = [&] {
    if (finished) return;
    if (client->unconfirmed() == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (client->unconfirmed() > 0) {
        std::fprintf(stderr, "charla: %zu message(s) not confirmed by the host\n", client->unconfirmed());
      }
      client->stop();
      return;
    }
    drain.expires_after(std::chrono::milliseconds(20));
    drain.async_wait([&](const std::error_code& ec) {
      if (!ec) wait_confirmed();
    });
  };

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const std::error_code& ec, int) {
    if (!ec) client->stop();
  });
  client->start();
  {
    // The client is safe to call from any thread.
    stdin_lines reader([&](std::string line) { client->send(std::move(line)); },
                       [&] {
                         asio::post(io, [&] {
                           deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
                           wait_confirmed();
                         });
                       });
    // Run until the client has stopped (or failed for good).
    while (!finished && !io.stopped()) {
      io.run_one();
    }
    signals.cancel();
    drain.cancel();
  }
  client->stop();
  io.restart();
  io.run_for(std::chrono::seconds(1));
  return exit_code;
}

}  // namespace charla::app
