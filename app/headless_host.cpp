#include <csignal>
#include <cstdio>
#include <functional>
#include <iostream>

#include "app/headless.hpp"
#include "app/host_console.hpp"
#include "app/platform/platform.hpp"
#include "app/stdin_lines.hpp"
#include "app/web_pages.hpp"
#include "net/platform/platform.hpp"
#include "ui/qr_code.hpp"

namespace charla::app {

std::string describe_listen_error(const net::server_config& config, const std::error_code& ec) {
  std::string where = config.bind_address + ":" + std::to_string(config.port);
#if defined(_WIN32)
  // Windows has no privileged ports: access denied means that another
  // program holds the port for its exclusive use.
  const bool in_use = ec == asio::error::address_in_use || ec == asio::error::access_denied;
#else
  const bool in_use = ec == asio::error::address_in_use;
#endif
  if (in_use) {
    return "port " + std::to_string(config.port) +
           " is already in use on this computer; close the program using it or choose another port with --port";
  }
  if (ec == std::errc::address_not_available || ec == asio::error::invalid_argument) {
    return "cannot listen on " + where +
           ": that address does not belong to this computer; leave out --bind to use every network";
  }
  if (ec == asio::error::access_denied) {
    return "not allowed to listen on port " + std::to_string(config.port) + "; choose a port above 1023 with --port";
  }
  return "cannot listen on " + where + ": " + net::platform::error_text(ec);
}

std::string describe_start_error(const net::server_config& config, const std::system_error& e) {
  if (dynamic_cast<const net::transcript_error*>(&e)) return e.what();
  return describe_listen_error(config, e.code());
}

std::string describe_counters(const net::counters_snapshot& c) {
  std::string line = "counters: connections=" + std::to_string(c.connections) +
                     " connections_total=" + std::to_string(c.connections_total) +
                     " participants=" + std::to_string(c.participants) + " messages=" + std::to_string(c.messages) +
                     " deliveries=" + std::to_string(c.deliveries) + " bytes_in=" + std::to_string(c.bytes_in) +
                     " bytes_out=" + std::to_string(c.bytes_out) + " remembered=" + std::to_string(c.remembered);
  for (std::size_t i = 0; i < net::drop_reason_count; ++i) {
    line += " " + std::string(net::to_string(static_cast<net::drop_reason>(i))) + "=" + std::to_string(c.drops[i]);
  }
  return line;
}

int run_headless_host(const host_command& command) {
  asio::io_context io;
  net::server_config config = command.server;
  add_web_pages(config);
  net::server server(io, config);
  try {
    server.start();
  } catch (const std::system_error& e) {
    std::cerr << "charla: " << describe_start_error(command.server, e) << "\n";
    return 1;
  }
  if (auto warning = platform::raise_open_file_limit(config.limits.max_connections)) server.log().add(*warning);
  // Signals are caught from before "listening on" is printed, so whoever
  // waits for that line may signal at once.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::signal_set report(io);
  if (int s = platform::counters_signal()) report.add(s);
  // One turn of the loop before announcing: nothing is ready yet, but it
  // makes ThreadSanitizer set up its per-thread signal state now. (Its
  // runtime in clang 14 loses a signal that arrives while it does that
  // lazily, in the loop's first wait: a SIGTERM sent right after the
  // announcement would then go unanswered.)
  io.poll();
  auto at = server.local_endpoint();
  std::printf("listening on %s:%u\n", at.address().to_string().c_str(), at.port());
  if (at.address().is_unspecified()) {
    std::string list;
    for (auto& a : net::platform::local_ipv4_addresses())
      list += (list.empty() ? "" : ", ") + a + ":" + std::to_string(at.port());
    if (!list.empty()) std::printf("students join at %s\n", list.c_str());
  }
  if (config.web && config.web_pages.count("/")) {
    std::vector<std::string> hosts{at.address().to_string()};
    if (at.address().is_unspecified()) hosts = net::platform::local_ipv4_addresses();
    std::string list;
    for (auto& h : hosts) list += (list.empty() ? "" : "  ") + ("http://" + h + ":" + std::to_string(at.port()) + "/");
    if (!list.empty()) std::printf("browsers join at %s\n", list.c_str());
    // The join card's QR code, for a room hosted from a terminal: the
    // same link (with the PIN after '#') a phone's camera opens.
    const bool colours = platform::stdout_is_colour_terminal();
    for (auto& h : hosts) {
      const std::string url = ui::join_url(h, at.port(), config.pin);
      if (auto code = ui::encode_qr(url)) {
        std::printf("scan to join: %s\n%s", url.c_str(), ui::qr_text(*code, colours).c_str());
      }
    }
  }
  std::fflush(stdout);
  // One line per event, flushed at most every 100 ms: a busy room logs a
  // line per message, and a write per line would cost more than the message.
  bool unflushed = false;
  auto print = [&unflushed](const net::log_entry& e) {
    std::fputs(net::event_log::format(e).c_str(), stdout);
    std::fputc('\n', stdout);
    unflushed = true;
  };
  for (const auto& e : server.log().entries_after(0)) print(e);
  server.log().set_sink(print);
  asio::steady_timer flusher(io);
  std::function<void()> flush_soon = [&] {
    flusher.expires_after(std::chrono::milliseconds(100));
    flusher.async_wait([&](const std::error_code& ec) {
      if (ec) return;
      if (unflushed) std::fflush(stdout);
      unflushed = false;
      flush_soon();
    });
  };
  flush_soon();

  // SIGUSR1 prints the counters (the figures the window's host panel
  // shows), for a look at a room without a window.
  std::function<void()> report_next = [&] {
    report.async_wait([&](const std::error_code& ec, int) {
      if (ec) return;
      std::fputs(
          net::event_log::format({0, std::chrono::system_clock::now(), describe_counters(server.counters())}).c_str(),
          stdout);
      std::fputc('\n', stdout);
      std::fflush(stdout);
      report_next();
    });
  };
  report_next();

  // Ctrl+C, SIGTERM or /quit: every connection closed, then the loop ends.
  auto close_room = [&] {
    server.stop();
    flusher.cancel();
    report.cancel();
    signals.cancel();
  };
  signals.async_wait([&](const std::error_code& ec, int) {
    if (!ec) close_room();
  });

  // Commands typed at the host (host_console.hpp), carried out on the
  // network thread so that what they print stays in order with the log.
  platform::never_stop_for_background_read();
  stdin_lines console(
      [&](std::string line) {
        asio::post(io, [&, line = std::move(line)] {
          std::string reply = run_console_command(server, line, close_room);
          if (reply.empty()) return;
          std::fputs(net::event_log::format({0, std::chrono::system_clock::now(), reply}).c_str(), stdout);
          std::fputc('\n', stdout);
          std::fflush(stdout);
        });
      },
      [] {});
  io.run();
  std::fflush(stdout);
  return 0;
}

}  // namespace charla::app
