#include <csignal>
#include <cstdio>
#include <functional>
#include <iostream>

#include "app/headless.hpp"
#include "net/local_addresses.hpp"

namespace charla::app {

std::string describe_listen_error(const net::server_config& config, const std::error_code& ec) {
  std::string where = config.bind_address + ":" + std::to_string(config.port);
  if (ec == asio::error::address_in_use) {
    return "port " + std::to_string(config.port) +
           " is already in use on this computer; close the program using it or choose another port with --port";
  }
  if (ec == std::errc::address_not_available || ec == asio::error::invalid_argument) {
    return "cannot listen on " + where + ": that address does not belong to this computer; leave out --bind to use every network";
  }
  if (ec == asio::error::access_denied) {
    return "not allowed to listen on port " + std::to_string(config.port) + "; choose a port above 1023 with --port";
  }
  return "cannot listen on " + where + ": " + ec.message();
}

int run_headless_host(const host_command& command) {
  asio::io_context io;
  net::server server(io, command.server);
  try {
    server.start();
  } catch (const std::system_error& e) {
    std::cerr << "charla: " << describe_listen_error(command.server, e.code()) << "\n";
    return 1;
  }
  // Catch SIGINT and SIGTERM before saying "listening": whoever waits for
  // that line may stop the host right after it.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  auto at = server.local_endpoint();
  std::printf("listening on %s:%u\n", at.address().to_string().c_str(), at.port());
  if (at.address().is_unspecified()) {
    std::string list;
    for (auto& a : net::local_ipv4_addresses()) list += (list.empty() ? "" : ", ") + a + ":" + std::to_string(at.port());
    if (!list.empty()) std::printf("students join at %s\n", list.c_str());
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

  signals.async_wait([&](const std::error_code& ec, int) {
    if (!ec) {
      server.stop();
      flusher.cancel();
    }
  });
  io.run();
  std::fflush(stdout);
  return 0;
}

}  // namespace charla::app
