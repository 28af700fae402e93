// Hostile clients against the real `charla host --headless`, on loopback
// (docs/HARDENING.md). Each test starts its own host, connects two
// well-behaved observers, attacks, and then checks that:
//   - the host is alive and the observers are still connected;
//   - the observers still exchange a message (waited for up to a generous
//     bound; the time it took is reported as a figure);
//   - the host's memory stayed bounded (its peak RSS, from /proc, grew by
//     less than a bound; the peak is reported as a figure);
//   - the limit that was hit logged its line and counted in its counter.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/host_process.hpp"
#include "tests/support/peers.hpp"

namespace charla::test {
namespace {

using namespace std::chrono_literals;
using net::channel_type;

// How much the host's peak RSS may grow during one test. The figures in
// docs/HARDENING.md show how far below it each test stays. Sanitizers keep
// shadow memory and freed blocks, so they get more room.
constexpr std::uint64_t max_growth_kib = 64 * 1024 * (slowdown == 1 ? 1 : 8);

// A host with two observers connected, Observa and Observb.
class room_under_attack {
 public:
  explicit room_under_attack(const std::string& name, std::vector<std::string> args = {}, const std::string& pin = {},
                             rlim_t open_files = 0)
      : name_(name), host_(host_process::options{std::move(args), 0, open_files}) {
    a_ = std::make_unique<observer>(host_.port(), "Observa", 1, pin);
    b_ = std::make_unique<observer>(host_.port(), "Observb", 2, pin);
    if (!a_->welcomed() || !b_->welcomed()) throw std::runtime_error("the observers were not welcomed");
    baseline_ = host_.memory();
  }

  // On a failure, the end of the host's log says what it saw.
  ~room_under_attack() {
    if (!::testing::Test::HasFailure()) return;
    auto lines = host_.lines();
    std::size_t from = lines.size() > 60 ? lines.size() - 60 : 0;
    for (std::size_t i = from; i < lines.size(); ++i) std::printf("host: %s\n", lines[i].c_str());
  }

  host_process& host() { return host_; }
  observer& a() { return *a_; }
  observer& b() { return *b_; }
  std::uint16_t port() { return host_.port(); }

  host_counters counters() {
    auto c = host_.counters();
    if (!c) throw std::runtime_error("the host did not report its counters");
    return *c;
  }

  // Waits until `condition` holds on the counters (read again and again).
  bool counters_reach(const std::function<bool(const host_counters&)>& condition, milliseconds timeout = patience) {
    auto deadline = clock_type::now() + timeout;
    for (;;) {
      auto c = host_.counters();
      if (c && condition(*c)) return true;
      if (clock_type::now() >= deadline) return false;
      std::this_thread::sleep_for(20ms);  // polling interval of the wait
    }
  }

  // The checks after every attack.
  void check_survived(const std::string& step) {
    SCOPED_TRACE(name_ + " / " + step);
    ASSERT_TRUE(host_.alive()) << "the host died";
    EXPECT_TRUE(a_->still_connected()) << "observer a was disconnected";
    EXPECT_TRUE(b_->still_connected()) << "observer b was disconnected";
    auto took = exchange(*a_, *b_, name_ + " " + step);
    ASSERT_TRUE(took.has_value()) << "the observers could not exchange a message";
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.1f", static_cast<double>(took->count()) / 1000.0);
    record_figure("hostile." + name_ + "." + step + ".exchange_ms", ms);
    auto m = host_.memory();
    record_figure("hostile." + name_ + "." + step + ".peak_rss_kib", std::to_string(m.peak_kib));
    record_figure("hostile." + name_ + "." + step + ".peak_growth_kib", std::to_string(m.peak_kib - baseline_.rss_kib));
    EXPECT_LT(m.peak_kib - baseline_.rss_kib, max_growth_kib) << "host memory grew too much";
  }

  // Stops the host; it must exit 0 (a sanitizer finding would not).
  void finish() {
    a_.reset();
    b_.reset();
    EXPECT_EQ(host_.stop(), 0) << "the host did not exit cleanly";
  }

 private:
  std::string name_;
  host_process host_;
  std::unique_ptr<observer> a_, b_;
  host_memory baseline_;
};

// A v1 participant on two raw channels read by the test thread.
struct raw_participant {
  raw_participant(std::uint16_t port, std::string n, std::uint64_t id, const std::string& pin = {},
                  const char* source = "127.0.0.1")
      : name(std::move(n)), session(session_for(id)), reader(port, source), writer(port, source) {
    reader.send(v1_hello(channel_type::read, session, name, pin));
    writer.send(v1_hello(channel_type::write, session, name, pin));
  }
  std::string message(const std::string& text, const std::string& cid) const {
    return net::encode(net::chat_in{name, text, cid});
  }
  std::optional<net::chat_msg> wait_msg(const std::string& text, milliseconds timeout = patience) {
    return reader.wait_for_type<net::chat_msg>(timeout, [&](const net::chat_msg& m) { return m.text == text; });
  }
  std::string name, session;
  raw_channel reader, writer;
};

bool is_msg_with_text(const net::inbound& v, const std::string& text) {
  auto* m = std::get_if<net::chat_msg>(&v);
  return m && m->text == text;
}

std::optional<net::chat_msg> observer_msg(observer& o, const std::string& text) {
  for (auto& m : o.messages()) {
    if (m.text == text) return m;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Framing under stress

TEST(Hostile, BytesOneAtATime) {
  room_under_attack room("one_byte_at_a_time");
  // Each byte is its own write, and the next waits until the host has read
  // it, so the host really gets them one by one.
  auto trickle = [&](raw_channel& ch, const std::string& bytes) {
    auto before = room.counters()["bytes_in"];
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      ASSERT_EQ(ch.send(bytes.substr(i, 1)), send_result::sent);
      ASSERT_TRUE(room.counters_reach([&](const host_counters& c) { return c["bytes_in"] >= before + i + 1; }));
    }
  };
  raw_channel reader(room.port()), writer(room.port());
  std::string session = session_for(7);
  trickle(reader, v1_hello(channel_type::read, session, "Lento"));
  trickle(writer,
          v1_hello(channel_type::write, session, "Lento") + net::encode(net::chat_in{"Lento", "des pa cio", "l1"}));
  EXPECT_TRUE(reader.wait_for([](const net::inbound& v) { return is_msg_with_text(v, "des pa cio"); }));
  ASSERT_TRUE(room.a().heard("des pa cio"));
  EXPECT_EQ(observer_msg(room.a(), "des pa cio")->author, "Lento");

  // A seed client, hello and message in the one stream, byte by byte.
  raw_channel seed_reader(room.port()), seed_writer(room.port());
  trickle(seed_reader, R"({"type":"read"})");
  trickle(seed_writer, R"({"type":"write"}{"autor":"Semilla","mensaje":"gota a gota"})");
  ASSERT_TRUE(room.b().heard("gota a gota"));
  EXPECT_EQ(observer_msg(room.b(), "gota a gota")->author, "Semilla");
  room.check_survived("after");
  room.finish();
}

TEST(Hostile, ManyObjectsInOneWrite) {
  room_under_attack room("many_in_one_write", {"--rate", "0"});
  raw_participant p(room.port(), "Rafaga", 11);
  ASSERT_TRUE(p.reader.wait_for_type<net::welcome>());
  constexpr int count = 500;
  std::string burst;
  for (int i = 0; i < count; ++i) burst += p.message("r" + std::to_string(i), "c" + std::to_string(i));
  ASSERT_EQ(p.writer.send(burst), send_result::sent);
  ASSERT_TRUE(p.wait_msg("r" + std::to_string(count - 1)));
  std::vector<std::uint64_t> ids;
  for (auto& v : p.reader.values()) {
    if (auto* m = std::get_if<net::chat_msg>(&v); m && m->author == "Rafaga") {
      EXPECT_EQ(m->text, "r" + std::to_string(ids.size()));
      ids.push_back(m->id);
    }
  }
  ASSERT_EQ(ids.size(), static_cast<std::size_t>(count));
  for (std::size_t i = 1; i < ids.size(); ++i) EXPECT_EQ(ids[i], ids[i - 1] + 1) << "ids are one run, in order";
  ASSERT_TRUE(room.a().heard("r" + std::to_string(count - 1)));

  // A seed client: its hello and fifty messages in one write.
  raw_channel seed_reader(room.port()), seed_writer(room.port());
  seed_reader.send(R"({"type":"read"})");
  std::string seed = R"({"type":"write"})";
  for (int i = 0; i < 50; ++i) seed += R"({"autor":"Semilla","mensaje":"s)" + std::to_string(i) + "\"}";
  ASSERT_EQ(seed_writer.send(seed), send_result::sent);
  ASSERT_TRUE(room.b().heard("s49"));
  auto c = room.counters();
  EXPECT_EQ(c["messages"], static_cast<std::uint64_t>(count + 50));
  EXPECT_EQ(c["bad_json"], 0u);
  room.check_survived("after");
  room.finish();
}

TEST(Hostile, LargestMessageAndObjectPassOneByteMoreDoesNot) {
  room_under_attack room("limits_exact");
  raw_participant p(room.port(), "Grande", 12);
  ASSERT_TRUE(p.reader.wait_for_type<net::welcome>());

  // The message text: 8192 bytes pass, 8193 are refused with the cid; the
  // channel stays open.
  ASSERT_EQ(p.writer.send(p.message(std::string(8192, 'm'), "max")), send_result::sent);
  auto at_limit =
      p.reader.wait_for_type<net::chat_msg>(patience, [](const net::chat_msg& m) { return m.cid == "max"; });
  ASSERT_TRUE(at_limit);
  EXPECT_EQ(at_limit->text.size(), 8192u);
  ASSERT_EQ(p.writer.send(p.message(std::string(8193, 'm'), "over")), send_result::sent);
  auto refused = p.reader.wait_error(net::error_code::too_large);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->cid, "over");
  EXPECT_TRUE(room.host().wait_log("too_large: message of 8193 bytes not sent: the limit is 8192"));

  // The object: exactly 65536 bytes from '{' to '}' pass (an unknown field
  // pads it), one more closes the channel.
  auto padded = [&](const std::string& text, std::size_t size) {
    std::string head = R"({"autor":"Grande","mensaje":")" + text + R"(","cid":")" + text + R"(","pad":")";
    std::string tail = "\"}";
    return head + std::string(size - head.size() - tail.size(), 'p') + tail + "\n";
  };
  std::string exact = padded("object at the limit", 65536);
  ASSERT_EQ(exact.size(), 65537u);
  ASSERT_EQ(p.writer.send(exact), send_result::sent);
  ASSERT_TRUE(p.wait_msg("object at the limit"));
  p.writer.send(padded("one byte over", 65537));
  auto closed_with = p.writer.wait_error(net::error_code::too_large);
  ASSERT_TRUE(closed_with);
  EXPECT_TRUE(p.writer.wait_closed());
  EXPECT_FALSE(p.reader.wait_for([](const net::inbound& v) { return is_msg_with_text(v, "one byte over"); }, 200ms));
  EXPECT_TRUE(room.host().wait_log("too_large: an object is larger than 65536 bytes"));
  EXPECT_EQ(room.counters()["too_large"], 2u);
  room.check_survived("after");
  room.finish();
}

// ---------------------------------------------------------------------------
// Bytes that are not the protocol

TEST(Hostile, MegabytesOfGarbage) {
  room_under_attack room("garbage");
  std::mt19937 rng(20240501);
  auto random_bytes = [&](std::size_t n) {
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    return s;
  };
  constexpr std::size_t megabytes = 8 << 20;
  struct attack {
    const char* what;
    std::string prefix;
    std::string body;
  };
  std::vector<attack> attacks = {
      {"random bytes as the first bytes", "", random_bytes(megabytes)},
      {"random bytes after a v1 hello", v1_hello(channel_type::write, session_for(21), "Basura"),
       random_bytes(megabytes)},
      {"a value that never ends", v1_hello(channel_type::write, session_for(22), "Basura2"),
       std::string(megabytes, 'a')},
      {"random bytes after a seed hello", R"({"type":"write"})", random_bytes(megabytes)},
      {"an object that never closes", "", "{\"a\":\"" + std::string(megabytes, 'x')},
  };
  auto before = room.counters();
  for (auto& a : attacks) {
    SCOPED_TRACE(a.what);
    raw_channel ch(room.port());
    auto sent = ch.send(a.prefix + a.body);
    EXPECT_NE(sent, send_result::timed_out) << "the host stopped reading";
    EXPECT_TRUE(ch.wait_closed()) << "the host kept a connection that sent garbage";
  }
  ASSERT_TRUE(room.counters_reach([](const host_counters& c) { return c["connections"] == 4; }));
  auto after = room.counters();
  std::uint64_t refusals = 0;
  for (const char* k : {"bad_hello", "bad_json", "too_large"}) refusals += after[k] - before[k];
  EXPECT_GE(refusals, attacks.size());
  EXPECT_EQ(after["messages"], before["messages"]) << "garbage became a message";
  EXPECT_GE(room.host().count_log("closed: "), attacks.size());
  room.check_survived("after");
  room.finish();
}

TEST(Hostile, DeepNesting) {
  room_under_attack room("deep_nesting");
  raw_participant p(room.port(), "Hondo", 31);
  ASSERT_TRUE(p.reader.wait_for_type<net::welcome>());
  auto before = room.counters();

  // Deeper than the parser goes (1024), inside the object limit: refused as
  // bad_json (as the value of a known field) or ignored (as the value of an
  // unknown one); either way the channel stays and the next message passes.
  std::string deep_known = R"({"autor":"Hondo","mensaje":)" + std::string(30000, '[') + std::string(30000, ']') + "}";
  std::string deep_unknown =
      R"({"autor":"Hondo","mensaje":"deep unknown","x":)" + std::string(30000, '[') + std::string(30000, ']') + "}";
  std::string deep_objects;
  for (int i = 0; i < 10000; ++i) deep_objects += "{\"a\":";
  deep_objects += "1" + std::string(10000, '}');
  for (auto* bytes : {&deep_known, &deep_unknown, &deep_objects}) ASSERT_LT(bytes->size(), 65536u);
  ASSERT_EQ(p.writer.send(deep_known + p.message("after deep 1", "d1")), send_result::sent);
  ASSERT_TRUE(p.wait_msg("after deep 1"));
  ASSERT_EQ(p.writer.send(deep_unknown + p.message("after deep 2", "d2")), send_result::sent);
  ASSERT_TRUE(p.wait_msg("after deep 2"));
  ASSERT_EQ(p.writer.send(deep_objects + p.message("after deep 3", "d3")), send_result::sent);
  ASSERT_TRUE(p.wait_msg("after deep 3"));
  auto mid = room.counters();
  EXPECT_EQ(mid["bad_json"] - before["bad_json"], 2u) << "the deep mensaje and the deep object are bad_json";
  EXPECT_TRUE(observer_msg(room.a(), "deep unknown")) << "a deep unknown field is ignored like any unknown field";
  EXPECT_EQ(p.reader.count<net::error_event>(), 2u);

  // As the first object on a connection: a bad hello, closed.
  raw_channel first(room.port());
  first.send(deep_objects);
  EXPECT_TRUE(first.wait_error(net::error_code::bad_hello));
  EXPECT_TRUE(first.wait_closed());

  // Deeper than the object limit: too_large, closed.
  raw_channel deeper(room.port());
  deeper.send(v1_hello(channel_type::write, session_for(32), "Hondo2"));
  deeper.send(std::string(1 << 20, '['));
  EXPECT_TRUE(deeper.wait_error(net::error_code::too_large));
  EXPECT_TRUE(deeper.wait_closed());
  auto after = room.counters();
  EXPECT_EQ(after["bad_hello"] - before["bad_hello"], 1u);
  EXPECT_EQ(after["too_large"] - before["too_large"], 1u);
  EXPECT_TRUE(room.host().wait_log("bad_json: "));
  EXPECT_TRUE(room.host().wait_log("the first object must be a hello"));
  room.check_survived("after");
  room.finish();
}

TEST(Hostile, InvalidUtf8NulArraysNumbersWrongAndUnknownTypes) {
  room_under_attack room("bad_values");
  raw_participant p(room.port(), "Raro", 41);
  ASSERT_TRUE(p.reader.wait_for_type<net::welcome>());
  struct bad {
    const char* what;
    std::string bytes;
  };
  std::vector<bad> cases = {
      {"invalid UTF-8", "{\"autor\":\"Raro\",\"mensaje\":\"\xff\xfe\xc3(\"}"},
      {"overlong UTF-8", "{\"autor\":\"Raro\",\"mensaje\":\"\xc0\xaf\"}"},
      {"UTF-8 surrogate", "{\"autor\":\"Raro\",\"mensaje\":\"\xed\xa0\x80\"}"},
      {"raw NUL in a string", std::string("{\"autor\":\"Raro\",\"mensaje\":\"a\0b\"}", 32)},
      {"NUL bytes between objects", std::string("\0\0\0\n", 4)},
      {"escaped lone surrogate", R"({"autor":"Raro","mensaje":"\ud800"})"},
      {"an array", R"([{"autor":"Raro","mensaje":"in an array"}])"},
      {"a number", "12345\n"},
      {"a string", "\"hola\"\n"},
      {"true", "true\n"},
      {"null", "null\n"},
      {"wrong field types", R"({"autor":5,"mensaje":["x"],"cid":{}})"},
      {"a number as mensaje", R"({"autor":"Raro","mensaje":42})"},
      {"unknown type", R"({"type":"teleport","autor":"Raro"})"},
      {"no fields", "{}"},
      {"not JSON inside braces", "{autor: Raro}"},
      {"huge number", R"({"type":"read","v":184467440737095516160})"},
  };
  auto before = room.counters();
  int n = 0;
  for (auto& c : cases) {
    SCOPED_TRACE(c.what);
    std::string ok = "ok " + std::to_string(++n);
    std::size_t errors_before = p.reader.count<net::error_event>();
    ASSERT_EQ(p.writer.send(c.bytes + p.message(ok, "k" + std::to_string(n))), send_result::sent);
    ASSERT_TRUE(p.wait_msg(ok)) << "the message after it was lost";
    EXPECT_GE(p.reader.count<net::error_event>(), errors_before + 1) << "no error for it";
    EXPECT_FALSE(observer_msg(room.a(), "in an array"));
  }
  auto after = room.counters();
  EXPECT_GE(after["bad_json"] - before["bad_json"], cases.size());
  EXPECT_EQ(after["messages"] - before["messages"], cases.size()) << "only the good messages were accepted";
  for (auto& e : p.reader.values()) {
    if (auto* err = std::get_if<net::error_event>(&e)) {
      EXPECT_EQ(err->code, net::error_code::bad_json) << err->detail;
    }
  }
  EXPECT_TRUE(p.writer.read_available()) << "bad values cost only themselves, not the channel";

  // Escaped NUL is valid JSON and valid UTF-8: a message like any other.
  ASSERT_EQ(p.writer.send(R"({"autor":"Raro","mensaje":"a\u0000b","cid":"nul"})"), send_result::sent);
  auto nul = p.reader.wait_for_type<net::chat_msg>(patience, [](const net::chat_msg& m) { return m.cid == "nul"; });
  ASSERT_TRUE(nul);
  EXPECT_EQ(nul->text, std::string("a\0b", 3));

  // Server-to-participant objects sent by a participant are ignored.
  ASSERT_EQ(p.writer.send(R"({"type":"msg","id":99999,"ts":1,"autor":"Observa","mensaje":"forged"})"
                          R"({"type":"welcome","v":1,"room":"x","session":"y","first_id":1,"last_id":1})"
                          R"({"type":"leave","autor":"Observa","reason":"kicked"})" +
                          p.message("after forged", "f")),
            send_result::sent);
  ASSERT_TRUE(p.wait_msg("after forged"));
  EXPECT_FALSE(observer_msg(room.b(), "forged"));
  EXPECT_TRUE(room.host().wait_log("bad_json: invalid UTF-8"));
  room.check_survived("after");
  room.finish();
}

// ---------------------------------------------------------------------------
// Many connections

TEST(Hostile, HundredsOfConnectionsThatNeverSayHello) {
  raise_open_files();
  room_under_attack room("silent_connections", {"--hello-timeout", "3"});
  constexpr int silent = 400, half = 100;
  std::vector<std::unique_ptr<raw_channel>> idle;
  for (int i = 0; i < silent + half; ++i) {
    idle.push_back(std::make_unique<raw_channel>(room.port()));
    if (i >= silent) idle.back()->send(R"({"type":"read","v":1,"session":"0123)");
  }
  ASSERT_TRUE(room.counters_reach([](const host_counters& c) { return c["connections"] == 4 + silent + half; }));
  room.check_survived("while_open");
  for (auto& ch : idle) EXPECT_TRUE(ch->wait_closed()) << "a connection without a hello was kept";
  ASSERT_TRUE(room.counters_reach([](const host_counters& c) { return c["connections"] == 4; }));
  EXPECT_EQ(room.counters()["hello_timeout"], static_cast<std::uint64_t>(silent + half));
  EXPECT_EQ(room.host().count_log("no hello within 3000 ms"), static_cast<std::size_t>(silent + half));
  room.check_survived("after");
  room.finish();
}

TEST(Hostile, ConnectionsAndParticipantsPastTheirCaps) {
  room_under_attack room("caps", {"--max-connections", "40", "--max-participants", "3", "--hello-timeout", "300"});
  raw_participant third(room.port(), "Tercera", 51);
  ASSERT_TRUE(third.reader.wait_for_type<net::welcome>());
  raw_channel fourth(room.port());
  fourth.send(v1_hello(channel_type::read, session_for(52), "Cuarta"));
  auto full = fourth.wait_error(net::error_code::server_full);
  ASSERT_TRUE(full);
  EXPECT_TRUE(fourth.wait_closed());
  EXPECT_TRUE(room.host().wait_log("the room is full (3 participants)"));
  EXPECT_EQ(room.counters()["room_full"], 1u);

  std::vector<std::unique_ptr<raw_channel>> filler;
  for (int i = 0; i < 34; ++i) filler.push_back(std::make_unique<raw_channel>(room.port()));
  ASSERT_TRUE(room.counters_reach([](const host_counters& c) { return c["connections"] == 40; }));
  raw_channel over(room.port());
  EXPECT_TRUE(over.wait_error(net::error_code::server_full));
  EXPECT_TRUE(over.wait_closed());
  EXPECT_TRUE(room.host().wait_log("server full (40 connections)"));
  EXPECT_EQ(room.counters()["server_full"], 1u);
  filler.clear();
  ASSERT_TRUE(room.counters_reach([](const host_counters& c) { return c["connections"] == 6; }));
  room.check_survived("after");
  room.finish();
}

TEST(Hostile, ThousandsOfWellBehavedParticipants) {
  // Each participant is two connections, on the test's side and the host's.
  rlim_t files = raise_open_files();
  int wanted = slowdown == 1 ? 1000 : 300;
  int n = std::min<int>(wanted, static_cast<int>((files - 200) / 2));
  ASSERT_GE(n, 100) << "too few open files allowed (" << files << ")";
  room_under_attack room("crowd");
  struct member {
    int read_fd = -1, write_fd = -1;
    net::stream_decoder decoder{1 << 22};
    std::set<std::string> heard;
    bool closed = false;
  };
  std::vector<member> crowd(static_cast<std::size_t>(n));
  auto deadline = clock_type::now() + patience;
  for (int i = 0; i < n; ++i) {
    auto& m = crowd[static_cast<std::size_t>(i)];
    std::string name = "P" + std::to_string(i);
    std::string session = session_for(1000 + static_cast<std::uint64_t>(i));
    m.read_fd = connect_loopback(room.port());
    m.write_fd = connect_loopback(room.port());
    ASSERT_TRUE(m.read_fd >= 0 && m.write_fd >= 0) << "connection " << i;
    ASSERT_EQ(send_all(m.read_fd, v1_hello(channel_type::read, session, name), deadline), send_result::sent);
    ASSERT_EQ(send_all(m.write_fd, v1_hello(channel_type::write, session, name), deadline), send_result::sent);
  }
  // Reads every member's read channel; write channels are only drained.
  auto pump = [&](int wait_ms) {
    std::vector<pollfd> fds;
    for (auto& m : crowd) {
      fds.push_back({m.closed ? -1 : m.read_fd, POLLIN, 0});
      fds.push_back({m.closed ? -1 : m.write_fd, POLLIN, 0});
    }
    ::poll(fds.data(), fds.size(), wait_ms);
    char buf[65536];
    for (std::size_t i = 0; i < crowd.size(); ++i) {
      auto& m = crowd[i];
      if (fds[2 * i + 1].revents) drain_socket(m.write_fd);
      if (!fds[2 * i].revents) continue;
      for (;;) {
        ssize_t r = ::recv(m.read_fd, buf, sizeof buf, 0);
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (r <= 0) {
          m.closed = true;
          break;
        }
        m.decoder.feed({buf, static_cast<std::size_t>(r)}, [&](net::stream_decoder::kind, std::string_view t) {
          constexpr std::string_view msg = R"({"type":"msg",)";
          if (t.substr(0, msg.size()) != msg) return;
          auto at = t.find(R"("mensaje":")");
          if (at == std::string_view::npos) return;
          auto start = at + 11;
          m.heard.emplace(t.substr(start, t.find('"', start) - start));
        });
      }
    }
  };
  auto started = clock_type::now();
  bool all_in = false;
  while (!all_in && clock_type::now() < deadline) {
    pump(20);
    auto c = room.host().counters();
    all_in = c && (*c)["participants"] == static_cast<std::uint64_t>(n) + 2;
  }
  ASSERT_TRUE(all_in) << "not every participant joined";
  record_figure("hostile.crowd.participants", std::to_string(n));
  record_figure("hostile.crowd.join_ms",
                std::to_string(std::chrono::duration_cast<milliseconds>(clock_type::now() - started).count()));

  // Some of them speak; every one of them hears all of it.
  constexpr int speakers = 20;
  for (int i = 0; i < speakers; ++i) {
    auto& m = crowd[static_cast<std::size_t>(i * (n / speakers))];
    std::string name = "P" + std::to_string(i * (n / speakers));
    ASSERT_EQ(send_all(m.write_fd, net::encode(net::chat_in{name, "crowd " + std::to_string(i), "c"}), deadline),
              send_result::sent);
  }
  auto everyone_heard = [&] {
    for (auto& m : crowd) {
      if (m.closed || m.heard.size() < speakers) return false;
    }
    return true;
  };
  while (!everyone_heard() && clock_type::now() < deadline) pump(20);
  for (auto& m : crowd) {
    EXPECT_FALSE(m.closed);
    EXPECT_EQ(m.heard.size(), static_cast<std::size_t>(speakers));
  }
  ASSERT_TRUE(room.a().heard("crowd " + std::to_string(speakers - 1)));
  room.check_survived("while_connected");
  EXPECT_EQ(room.counters()["slow_reader"], 0u);
  for (auto& m : crowd) {
    close_reset(m.read_fd);
    close_reset(m.write_fd);
  }
  ASSERT_TRUE(room.counters_reach([](const host_counters& c) { return c["connections"] == 4; }));
  room.check_survived("after");
  room.finish();
}

// ---------------------------------------------------------------------------
// Slow readers and floods

TEST(Hostile, ReaderThatNeverReadsWhileOthersSendMegabytes) {
  room_under_attack room("never_reads", {"--rate", "0"});
  // A small receive buffer, and it never reads.
  raw_channel sleeper_reader(room.port(), "127.0.0.1", 4096), sleeper_writer(room.port());
  std::string session = session_for(61);
  sleeper_reader.send(v1_hello(channel_type::read, session, "Dormido"));
  sleeper_writer.send(v1_hello(channel_type::write, session, "Dormido"));
  ASSERT_TRUE(room.counters_reach([](const host_counters& c) { return c["participants"] == 3; }));

  // The others send at the pace the room carries: each message once the
  // previous one has arrived. (All at once with --rate 0, a burst of more
  // than twice --max-queue would close every reader, sleeping or not: the
  // rate limit is what keeps senders from outrunning readers.)
  constexpr int each = 300;
  const std::string body(8000, 'z');
  for (int i = 0; i < each; ++i) {
    room.a().say("a" + std::to_string(i) + body);
    ASSERT_TRUE(room.b().heard("a" + std::to_string(i) + body));
    room.b().say("b" + std::to_string(i) + body);
    ASSERT_TRUE(room.a().heard("b" + std::to_string(i) + body));
  }
  ASSERT_TRUE(room.counters_reach([](const host_counters& c) { return c["slow_reader"] >= 1; }));
  EXPECT_TRUE(room.host().wait_log("slow reader: "));
  EXPECT_EQ(room.counters()["messages"], 2u * each);
  for (auto* o : {&room.a(), &room.b()}) {
    std::size_t got = 0;
    for (auto& m : o->messages()) got += m.text.size() > 8000;
    EXPECT_EQ(got, 2u * each) << o->name() << " missed messages";
  }
  room.check_survived("after");
  room.finish();
}

TEST(Hostile, OneClientFlooding) {
  room_under_attack room("flood");
  observer flooder(room.port(), "Torrente", 71);
  ASSERT_TRUE(flooder.welcomed());
  constexpr int flood = 3000;
  auto started = clock_type::now();
  std::thread t([&] {
    for (int i = 0; i < flood; ++i) flooder.say("flood " + std::to_string(i));
  });
  room.check_survived("during");
  t.join();
  ASSERT_TRUE(room.counters_reach([&](const host_counters& c) {
    return c["rate_limited"] + c["messages"] >= static_cast<std::uint64_t>(flood) + 2;
  }));
  double seconds = std::chrono::duration<double>(clock_type::now() - started).count();
  auto c = room.counters();
  std::uint64_t accepted = c["messages"] - 2;  // the observers' exchange
  EXPECT_EQ(accepted + c["rate_limited"], static_cast<std::uint64_t>(flood))
      << "every message accepted or refused, once";
  EXPECT_LE(accepted, static_cast<std::uint64_t>(20 + 10 * seconds + 2)) << "the burst plus the rate";
  EXPECT_GE(accepted, 20u) << "the burst";
  record_figure("hostile.flood.accepted_of_3000", std::to_string(accepted));
  EXPECT_EQ(room.host().count_log("rate_limited: too many messages"), c["rate_limited"]);
  auto refused = flooder.wait(
      [](const net::inbound& v) {
        auto* e = std::get_if<net::error_event>(&v);
        return e && e->code == net::error_code::rate_limited && !e->cid.empty();
      },
      patience);
  EXPECT_TRUE(refused) << "the flooder is told, with the cid";
  room.check_survived("after");
  room.finish();
}

// ---------------------------------------------------------------------------
// Identity

TEST(Hostile, SpoofedNames) {
  room_under_attack room("spoofing");
  raw_participant mallory(room.port(), "Mallory", 81);
  ASSERT_TRUE(mallory.reader.wait_for_type<net::welcome>());
  ASSERT_EQ(mallory.writer.send(net::encode(net::chat_in{"Observa", "soy Observa", "s1"})), send_result::sent);
  ASSERT_TRUE(room.b().heard("soy Observa"));
  EXPECT_EQ(observer_msg(room.b(), "soy Observa")->author, "Mallory") << "a v1 session speaks under its own name";

  std::size_t refused = 0;
  for (const char* name : {"OBSERVA", "  Observb  ", "observb"}) {
    raw_channel ch(room.port());
    ch.send(v1_hello(channel_type::read, session_for(82 + refused), name));
    EXPECT_TRUE(ch.wait_error(net::error_code::name_taken)) << name;
    EXPECT_TRUE(ch.wait_closed()) << name;
    ++refused;
  }
  EXPECT_EQ(room.counters()["name_taken"], refused);
  EXPECT_TRUE(room.host().wait_log("is already in use in this room"));

  for (std::string name : {std::string("Ob\x07serva"), std::string(33, 'N'), std::string("   ")}) {
    raw_channel ch(room.port());
    ch.send(v1_hello(channel_type::read, session_for(90), name));
    EXPECT_TRUE(ch.wait_error(net::error_code::bad_hello)) << name;
    EXPECT_TRUE(ch.wait_closed());
  }
  EXPECT_EQ(room.counters()["bad_hello"], 3u);

  // A seed client cannot be told apart by session: it is shown with its
  // address when it claims a name in use.
  raw_channel seed_reader(room.port()), seed_writer(room.port());
  seed_reader.send(R"({"type":"read"})");
  seed_writer.send(R"({"type":"write"}{"autor":"Observa","mensaje":"soy la de verdad"})");
  ASSERT_TRUE(room.a().heard("soy la de verdad"));
  EXPECT_EQ(observer_msg(room.a(), "soy la de verdad")->author, "Observa (127.0.0.1)");
  room.check_survived("after");
  room.finish();
}

TEST(Hostile, WrongPinRetries) {
  room_under_attack room("wrong_pin", {"--pin", "2468", "--pin-backoff", "0.5"}, "2468");
  // From another address of this machine, as another computer would.
  const char* attacker = "127.0.0.9";
  constexpr int tries = 30;
  int bad_pin = 0, backoff = 0;
  auto started = clock_type::now();
  for (int i = 0; i < tries; ++i) {
    raw_channel ch(room.port(), attacker);
    ch.send(v1_hello(channel_type::read, session_for(100 + static_cast<std::uint64_t>(i)),
                     "Intruso" + std::to_string(i), std::to_string(1000 + i)));
    auto e = ch.wait_error(net::error_code::bad_pin);
    ASSERT_TRUE(e);
    (e->detail.find("try again in") != std::string::npos ? backoff : bad_pin)++;
    EXPECT_TRUE(ch.wait_closed());
  }
  double seconds = std::chrono::duration<double>(clock_type::now() - started).count();
  // 0.5 s, 1 s, 2 s ... between real checks: few PINs were really tried.
  EXPECT_LE(bad_pin, 2 + static_cast<int>(std::log2(1 + seconds / 0.5)));
  EXPECT_EQ(bad_pin + backoff, tries);
  auto c = room.counters();
  EXPECT_EQ(c["bad_pin"], static_cast<std::uint64_t>(bad_pin));
  EXPECT_EQ(c["pin_backoff"], static_cast<std::uint64_t>(backoff));
  EXPECT_EQ(room.host().count_log("too many wrong PINs from this computer"), static_cast<std::size_t>(backoff));
  record_figure("hostile.wrong_pin.pins_checked_of_30", std::to_string(bad_pin));
  room.check_survived("during_backoff");

  // Without a PIN: pin_required. With the right one, once the wait is over,
  // the same address gets in.
  raw_channel none(room.port(), "127.0.0.10");
  none.send(v1_hello(channel_type::read, session_for(140), "SinPin"));
  EXPECT_TRUE(none.wait_error(net::error_code::pin_required));
  auto deadline = clock_type::now() + patience;
  bool in = false;
  while (!in && clock_type::now() < deadline) {
    raw_channel ch(room.port(), attacker);
    ch.send(v1_hello(channel_type::read, session_for(141), "Legitima", "2468"));
    in = ch.wait_for([](const net::inbound& v) {
             return std::holds_alternative<net::welcome>(v) || std::holds_alternative<net::error_event>(v);
           }).has_value() &&
         std::holds_alternative<net::welcome>(ch.values().front());
    if (!in) {
      ch.wait_closed();
      std::this_thread::sleep_for(50ms);  // polling interval of the wait
    }
  }
  EXPECT_TRUE(in) << "the right PIN is accepted once the wait is over";
  room.check_survived("after");
  room.finish();
}

// ---------------------------------------------------------------------------
// Regressions: bugs these tests found, each named after it

// Out of descriptors, a failed accept was retried at once; the connection
// waiting in the backlog made it fail again at once: a loop that burned a
// core and logged about a million lines a second.
TEST(HostileRegression, AcceptOutOfDescriptorsWaitsInsteadOfSpinning) {
  room_under_attack room("out_of_files", {"--hello-timeout", "2"}, {}, 48);
  EXPECT_TRUE(room.host().wait_log("this computer lets charla open 48 files"));
  constexpr int extra = 60;
  std::vector<std::unique_ptr<raw_channel>> idle;
  for (int i = 0; i < extra; ++i) idle.push_back(std::make_unique<raw_channel>(room.port()));
  ASSERT_TRUE(room.host().wait_log("accept failed: Too many open files"));
  room.check_survived("while_out_of_files");
  // Every one of them is accepted once descriptors free up, and closed for
  // saying nothing.
  for (auto& ch : idle) EXPECT_TRUE(ch->wait_closed()) << "a waiting connection was never served";
  ASSERT_TRUE(room.counters_reach([](const host_counters& c) { return c["connections"] == 4; }));
  EXPECT_EQ(room.counters()["hello_timeout"], static_cast<std::uint64_t>(extra));
  std::size_t failures = room.host().count_log("accept failed");
  record_figure("hostile.out_of_files.accept_failures_logged", std::to_string(failures));
  EXPECT_LT(failures, 400u) << "one try per 100 ms, not a loop";
  room.check_survived("after");
  room.finish();
}

// A channel kept the parse buffers of the biggest object it had read (the
// object copied once more, and the parser's indexes) for as long as it
// stayed open: about 86 KiB per idle connection after one 60 KB object.
TEST(HostileRegression, BigObjectsAreNotKeptByIdleChannels) {
  raise_open_files();
  room_under_attack room("idle_after_big");
  constexpr int n = 400;
  auto before = room.host().memory();
  std::vector<std::unique_ptr<raw_channel>> writers;
  for (int i = 0; i < n; ++i) {
    writers.push_back(std::make_unique<raw_channel>(room.port()));
    std::string name = "G" + std::to_string(i);
    auto hello = v1_hello(channel_type::write, session_for(5000 + static_cast<std::uint64_t>(i)), name);
    auto big = R"({"autor":")" + name + R"(","mensaje":"big","cid":"b","pad":")" + std::string(60000, 'p') + "\"}\n";
    ASSERT_EQ(writers.back()->send(hello + big), send_result::sent);
  }
  ASSERT_TRUE(room.counters_reach([](const host_counters& c) { return c["messages"] == n; }));
  auto after = room.host().memory();
  std::uint64_t per_channel = (after.rss_kib - before.rss_kib) * 1024 / n;
  record_figure("hostile.idle_after_big.rss_growth_kib_for_400", std::to_string(after.rss_kib - before.rss_kib));
  record_figure("hostile.idle_after_big.bytes_per_idle_channel", std::to_string(per_channel));
  if (slowdown == 1) {
    EXPECT_LT(per_channel, 16u * 1024) << "idle channels keep big buffers";
  }
  room.check_survived("after");
  room.finish();
}

// A cid could be as long as an object (64 KiB), and the host keeps every
// cid of a session for the session's life (up to 4096 of them), and each
// message's cid in its history: one participant could make it hold
// hundreds of megabytes, at the rate limit's pace.
TEST(HostileRegression, LongCidsAreRefusedInsteadOfKeptForever) {
  room_under_attack room("long_cids", {"--rate", "0"});
  raw_participant p(room.port(), "Largo", 91);
  ASSERT_TRUE(p.reader.wait_for_type<net::welcome>());
  ASSERT_EQ(p.writer.send(p.message("cid at the limit", std::string(64, 'c'))), send_result::sent);
  ASSERT_TRUE(p.wait_msg("cid at the limit"));
  ASSERT_EQ(p.writer.send(p.message("cid one byte over", std::string(65, 'c'))), send_result::sent);
  auto refused = p.reader.wait_error(net::error_code::bad_json);
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->detail.find("at most 64 bytes"), std::string::npos) << refused->detail;

  constexpr int n = 300;
  std::string burst;
  for (int i = 0; i < n; ++i)
    burst += p.message("long " + std::to_string(i), std::to_string(i) + std::string(60000, 'c'));
  ASSERT_EQ(p.writer.send(burst + p.message("after the long ones", "fin")), send_result::sent);
  ASSERT_TRUE(p.wait_msg("after the long ones"));
  auto c = room.counters();
  EXPECT_EQ(c["messages"], 2u);
  EXPECT_EQ(c["bad_json"], static_cast<std::uint64_t>(n + 1));
  EXPECT_EQ(room.host().count_log("a cid has at most 64 bytes"), static_cast<std::size_t>(n + 1));
  room.check_survived("after");
  room.finish();
}

}  // namespace
}  // namespace charla::test
