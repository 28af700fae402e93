// Regression tests for bugs found by the hostile and fault tests
// (docs/HARDENING.md), each named after its bug.
#include <map>
#include <vector>

#include <gtest/gtest.h>

#include "tests/net/loopback.hpp"

namespace charla::test {
namespace {

// A v1 host played by the test on real sockets, so that it can be slow to
// welcome on purpose.
class slow_host {
 public:
  slow_host() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {}
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  // Accepts a participant's two channels and reads their hellos.
  void accept_participant() {
    for (auto* s : {&read_, &write_}) {
      *s = std::make_unique<asio::ip::tcp::socket>(io_);
      acceptor_.accept(**s);
      (*s)->set_option(asio::ip::tcp::no_delay(true));
      ASSERT_TRUE(read_object(**s).has_value()) << "no hello";
    }
  }
  void welcome() {
    net::welcome w;
    w.room = "lenta";
    w.server = "test";
    w.first_id = 1;
    asio::write(*read_, asio::buffer(net::encode(w)));
  }
  void drop() {
    read_->close();
    write_->close();
  }
  // The next object the participant writes (its write channel).
  std::optional<net::inbound> next_written() { return read_object(*write_); }

 private:
  std::optional<net::inbound> read_object(asio::ip::tcp::socket& s) {
    for (;;) {
      if (!pending_[&s].empty()) {
        auto v = std::move(pending_[&s].front());
        pending_[&s].erase(pending_[&s].begin());
        return v;
      }
      if (!test::wait_readable(s.native_handle(), static_cast<int>(default_wait.count()))) return std::nullopt;
      char buf[4096];
      std::error_code ec;
      std::size_t n = s.read_some(asio::buffer(buf), ec);
      if (ec) return std::nullopt;
      decoders_.try_emplace(&s, 1 << 20)
          .first->second.feed({buf, n}, [&](net::stream_decoder::kind, std::string_view t) {
            if (auto d = reader_.read(t); d.value) pending_[&s].push_back(std::move(*d.value));
          });
    }
  }

  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::unique_ptr<asio::ip::tcp::socket> read_, write_;
  std::map<asio::ip::tcp::socket*, net::stream_decoder> decoders_;
  std::map<asio::ip::tcp::socket*, std::vector<net::inbound>> pending_;
  net::json_reader reader_;
};

std::vector<net::status_event> connected_events(watched_client& c) {
  std::vector<net::status_event> out;
  for (auto& s : c.all<net::status_event>()) {
    if (s.state == net::client_state::connected) out.push_back(s);
  }
  return out;
}

// A welcome later than 250 ms made the client take a v1 host for a seed
// server for the rest of the connection: messages went out in the seed's
// dialect (no cid, numbered parts), own messages were shown twice, and
// silence was no longer watched. After a network pause that is what every
// reconnect looked like.
TEST(ClientRegression, SlowWelcomeIsNotTakenForASeedServer) {
  slow_host host;
  network_thread net;
  auto config = client_config_for(host.port(), "Ana");
  config.backoff_min = 50ms;
  config.backoff_max = 100ms;
  watched_client c(net.io(), config);
  c->start();
  host.accept_participant();

  // First connection, to a host never heard from: after 250 ms without a
  // welcome it may be a seed server; the late welcome says it is not.
  ASSERT_TRUE(eventually([&] { return !connected_events(c).empty(); }));
  EXPECT_TRUE(connected_events(c).front().seed_server);
  host.welcome();
  ASSERT_TRUE(eventually([&] { return connected_events(c).size() == 2; }));
  EXPECT_FALSE(connected_events(c).back().seed_server) << "the late welcome makes it v1";
  c->send("hola");
  auto written = host.next_written();
  ASSERT_TRUE(written);
  auto* m = std::get_if<net::chat_in>(&*written);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->text, "hola");
  EXPECT_FALSE(m->cid.empty()) << "sent as v1, with its cid";

  // Reconnecting to a host that has welcomed it before: a slow welcome is
  // waited for. Nothing typed meanwhile leaves in the seed's dialect.
  host.drop();
  host.accept_participant();
  c->send("despacio");
  EXPECT_FALSE(eventually([&] { return connected_events(c).size() > 2; }, 1000ms))
      << "a host known to be v1 was taken for a seed server";
  host.welcome();
  ASSERT_TRUE(eventually([&] { return connected_events(c).size() == 3; }));
  EXPECT_FALSE(connected_events(c).back().seed_server);
  for (;;) {
    auto next = host.next_written();
    ASSERT_TRUE(next) << "the message typed while waiting was not sent";
    auto* again = std::get_if<net::chat_in>(&*next);
    if (!again || again->text != "despacio") continue;  // the unconfirmed "hola" goes again first
    EXPECT_FALSE(again->cid.empty());
    break;
  }
}

}  // namespace
}  // namespace charla::test
