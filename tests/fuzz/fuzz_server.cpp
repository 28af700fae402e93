// Fuzz target: the server's per-channel state machine (hello, pairing,
// messages, errors, closing), fed arbitrary bytes over real loopback
// sockets. One server runs on its own network thread inside the fuzzer
// process for the whole run, with two observer participants connected.
//
// Input format: a byte goes to the current channel, the read channel first;
//   0x1E  send what is pending as one write, then switch to the other channel
//   0x1F  send what is pending as one write (a segment boundary)
//   0x1D  send what is pending, then half-close the current channel
// Every other byte is payload. At the end both channels half-close.
//
// Each iteration opens two fresh connections and, after every write, waits
// until the server has read it (or has closed that connection), so the
// coverage of an input is the server's work on that input. Invariants (a
// failure aborts, which libFuzzer reports as a crash):
//   1. once a peer has half-closed, the server closes that connection, and
//      its connection count returns to the observers' four;
//   2. a message from one observer reaches the other (and its own echo):
//      the server is alive and still serving everyone else.
// The limits are small (2 KiB objects, 512-byte messages) so that the fuzzer
// reaches them, and the rate limit is high so that the probe never hits it.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <asio.hpp>

#include "net/codec.hpp"
#include "net/framing.hpp"
#include "net/server.hpp"

namespace {

namespace net = charla::net;
using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto patience = 5s;  // generous: sanitizers on a loaded 2-core machine

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_server: invariant broken: %s\n", what.c_str());
  std::abort();
}

int connect_to(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) fail("socket() failed");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) fail("cannot connect to the server");
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

void close_now(int fd) {
  linger l{1, 0};  // no TIME_WAIT: thousands of connections per second
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(fd);
}

int ms_until(clock_type::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 1000));
}

// A connection of the fuzzed peer: what the server sends it is read and
// thrown away, so the server never waits on it.
struct fuzz_peer {
  int fd = -1;
  bool sending = true;  // not half-closed by us
  bool ended = false;   // the server closed it

  // Reads whatever is waiting; notices the server's close.
  void drain() {
    char buf[16384];
    while (!ended) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n > 0) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      if (n < 0 && errno == EINTR) continue;
      ended = true;  // EOF or reset
    }
  }

  // Sends everything unless the server closes first.
  void send_all(std::string_view bytes, clock_type::time_point deadline) {
    while (!bytes.empty() && !ended && sending) {
      ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n > 0) {
        bytes.remove_prefix(static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        ended = true;
        return;
      }
      pollfd p{fd, POLLIN | POLLOUT, 0};
      if (clock_type::now() >= deadline) fail("the server stopped reading an open connection");
      ::poll(&p, 1, ms_until(deadline));
      drain();
    }
  }

  void half_close() {
    if (!sending) return;
    sending = false;
    ::shutdown(fd, SHUT_WR);
  }
};

// A v1 participant made of two blocking-by-poll sockets.
struct observer {
  std::string name, session;
  int reader = -1, writer = -1;
  net::stream_decoder decoder{1 << 22};
  net::json_reader json;
  std::uint64_t said = 0;

  observer(std::uint16_t port, std::string n, std::string s) : name(std::move(n)), session(std::move(s)) {
    reader = connect_to(port);
    write_all(reader, net::encode(net::hello{net::channel_type::read, 1, session, name, {}, {}}));
    writer = connect_to(port);
    write_all(writer, net::encode(net::hello{net::channel_type::write, 1, session, name, {}, {}}));
    if (!wait_for([](const net::inbound& v) { return std::holds_alternative<net::welcome>(v); })) {
      fail("observer " + name + " got no welcome");
    }
  }

  static void write_all(int fd, std::string_view bytes) {
    auto deadline = clock_type::now() + patience;
    while (!bytes.empty()) {
      ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n > 0) {
        bytes.remove_prefix(static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) && clock_type::now() < deadline) {
        pollfd p{fd, POLLOUT, 0};
        ::poll(&p, 1, ms_until(deadline));
        continue;
      }
      fail("an observer could not write to the server");
    }
  }

  // Reads the read channel until `match` holds; throws away errors that
  // arrive on the write channel.
  template <typename Match>
  bool wait_for(Match match) {
    auto deadline = clock_type::now() + patience;
    char buf[65536];
    while (clock_type::now() < deadline) {
      while (::recv(writer, buf, sizeof buf, 0) > 0) {
      }
      pollfd p{reader, POLLIN, 0};
      ::poll(&p, 1, ms_until(deadline));
      ssize_t n = ::recv(reader, buf, sizeof buf, 0);
      if (n == 0) fail("the server closed observer " + name);
      if (n < 0) continue;
      bool found = false;
      decoder.feed({buf, static_cast<std::size_t>(n)}, [&](net::stream_decoder::kind k, std::string_view text) {
        if (found || k != net::stream_decoder::kind::object) return;
        auto d = json.read(text);
        found = d.value && match(*d.value);
      });
      // Anything after the match in this read is of no interest.
      if (found) return true;
    }
    return false;
  }

  bool wait_text(const std::string& text) {
    return wait_for([&](const net::inbound& v) {
      auto* m = std::get_if<net::chat_msg>(&v);
      return m && m->text == text;
    });
  }
};

struct harness {
  asio::io_context io;
  std::unique_ptr<net::server> server;
  std::thread thread;
  std::unique_ptr<observer> a, b;
  std::uint64_t iteration = 0;

  harness() {
    net::server_config c;
    c.bind_address = "127.0.0.1";
    c.port = 0;
    c.room = "fuzz";
    c.limits.max_object = 2048;
    c.limits.max_text_bytes = 512;
    c.limits.rate = 1e6;
    c.limits.burst = 1e6;
    c.limits.history = 50;
    c.limits.grace = 0ms;
    c.limits.max_queue = 256 * 1024;
    server = std::make_unique<net::server>(io, c);
    server->start();
    thread = std::thread([this] {
      auto guard = asio::make_work_guard(io);
      io.run();
    });
    a = std::make_unique<observer>(port(), "Observa", "0b5e7e7a0b5e7e7a0b5e7e7a0b5e7e7a");
    b = std::make_unique<observer>(port(), "Observb", "0b5e7e7b0b5e7e7b0b5e7e7b0b5e7e7b");
    if (!eventually_connections(4)) fail("the observers did not connect");
  }

  void stop() {
    server->stop();
    io.stop();
    if (thread.joinable()) thread.join();
  }

  std::uint16_t port() const { return server->local_endpoint().port(); }
  std::uint64_t bytes_in() const { return server->counters().bytes_in; }

  bool eventually_connections(std::uint64_t n) {
    auto deadline = clock_type::now() + patience;
    while (server->counters().connections != n) {
      if (clock_type::now() >= deadline) return false;
      std::this_thread::sleep_for(100us);  // polling interval of the wait
    }
    return true;
  }

  // Sends `bytes` on `p` and waits until the server has read them or has
  // closed `p`.
  void send_and_wait(fuzz_peer& p, fuzz_peer& other, std::string_view bytes) {
    if (bytes.empty() || p.ended || !p.sending) return;
    auto deadline = clock_type::now() + patience;
    std::uint64_t target = bytes_in() + bytes.size();
    p.send_all(bytes, deadline);
    // The server's read is not an event on our side: poll the counter.
    while (bytes_in() < target && !p.ended) {
      if (clock_type::now() >= deadline) fail("the server neither read nor closed an open connection");
      p.drain();
      other.drain();
      std::this_thread::sleep_for(20us);  // polling interval of the wait
    }
  }

  void run(std::string_view input) {
    ++iteration;
    // The fuzzer must not speak for an observer: their sessions are the
    // only secret a participant has.
    std::string bytes(input);
    for (const auto* o : {a.get(), b.get()}) {
      for (auto at = bytes.find(o->session); at != std::string::npos; at = bytes.find(o->session, at)) bytes[at] = 'x';
    }

    fuzz_peer ch[2];
    ch[0].fd = connect_to(port());
    ch[1].fd = connect_to(port());
    int current = 0;
    std::string pending;
    for (char c : bytes) {
      if (c == '\x1e' || c == '\x1f' || c == '\x1d') {
        send_and_wait(ch[current], ch[1 - current], pending);
        pending.clear();
        if (c == '\x1e') current = 1 - current;
        if (c == '\x1d') ch[current].half_close();
      } else {
        pending += c;
      }
    }
    send_and_wait(ch[current], ch[1 - current], pending);

    // Invariant 1: both connections end once their peer has finished.
    ch[0].half_close();
    ch[1].half_close();
    auto deadline = clock_type::now() + patience;
    while (!ch[0].ended || !ch[1].ended) {
      if (clock_type::now() >= deadline) fail("the server kept a connection whose peer had closed");
      pollfd fds[2] = {{ch[0].fd, POLLIN, 0}, {ch[1].fd, POLLIN, 0}};
      ::poll(fds, 2, 1);
      ch[0].drain();
      ch[1].drain();
    }
    close_now(ch[0].fd);
    close_now(ch[1].fd);
    if (!eventually_connections(4)) fail("the connection count did not return to the observers' four");

    // Invariant 2: the observers still talk.
    std::string text = "probe " + std::to_string(iteration);
    observer::write_all(a->writer, net::encode(net::chat_in{a->name, text, "p" + std::to_string(iteration)}));
    if (!b->wait_text(text)) fail("observer b did not get the probe");
    if (!a->wait_text(text)) fail("observer a did not get its own probe back");
  }
};

harness* the_harness = nullptr;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!the_harness) {
    the_harness = new harness();
    // Stop the network thread before static destructors run at exit.
    std::atexit([] { the_harness->stop(); });
  }
  the_harness->run({reinterpret_cast<const char*>(data), size});
  return 0;
}
