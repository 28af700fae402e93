// Teaching mode end to end, headless: a real room on loopback (the app's
// room_session: server and own participant on a network thread), the app's
// wiring (ui_bridge, teaching_mode), and the real draw code in a headless
// ImGui context. What is checked is what the panel shows and the files
// written.
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app/room_session.hpp"
#include "app/teaching_exports.hpp"
#include "app/teaching_mode.hpp"
#include "app/ui_bridge.hpp"
#include "live_room.hpp"
#include "net/codec.hpp"
#include "net/transcript.hpp"
#include "tests/net/loopback.hpp"
#include "tests/support/env.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"
#include "ui/wire_meaning.hpp"

namespace charla::ui {
namespace {

using namespace std::chrono_literals;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string utc(std::int64_t ms, const char* pattern) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
#if defined(_WIN32)
  gmtime_s(&tm, &t);
#else
  gmtime_r(&t, &tm);
#endif
  char buf[64];
  std::strftime(buf, sizeof buf, pattern, &tm);
  return buf;
}

std::size_t at(const std::string& text, const std::string& needle) {
  const std::size_t pos = text.find(needle);
  EXPECT_NE(pos, std::string::npos) << "not drawn: " << needle << "\n--- drawn:\n" << text;
  return pos;
}

// ---------------------------------------------------------------------------

TEST(Teaching, InspectorListsTheHellosAndAMessageInOrderWithTheExactBytes) {
  live_room room(language::en);
  room.v.teach.show_inspector = true;
  room.host("Profe");
  ASSERT_TRUE(room.pump([&] { return room.has(wire_kind::welcome); }));
  const std::string cid = room.send("Hola clase");
  ASSERT_TRUE(room.pump([&] { return room.has(wire_kind::echo); }));

  // The records, in the order they crossed.
  const wire_log& log = room.v.teach.inspector.log();
  auto index_of = [&](wire_kind k, wire_channel c) {
    for (std::size_t i = 0; i < log.size(); ++i) {
      if (log.at(i).facts.kind == k && log.at(i).facts.channel == c) return i;
    }
    ADD_FAILURE() << "no " << wire_kind_name(k);
    return log.size();
  };
  const auto r = wire_channel::read;
  const auto w = wire_channel::write;
  EXPECT_EQ(index_of(wire_kind::connected, r), 0u);
  EXPECT_EQ(index_of(wire_kind::hello, r), 1u);
  EXPECT_LT(index_of(wire_kind::hello, r), index_of(wire_kind::connected, w));
  EXPECT_LT(index_of(wire_kind::connected, w), index_of(wire_kind::hello, w));
  EXPECT_LT(index_of(wire_kind::hello, r), index_of(wire_kind::welcome, r));
  EXPECT_LT(index_of(wire_kind::hello, w), index_of(wire_kind::message_out, w));
  EXPECT_LT(index_of(wire_kind::message_out, w), index_of(wire_kind::echo, r));

  // Byte for byte what the client wrote, and the server's echo as it came.
  const std::string session = room.session.own_session();
  const std::string hello_read = net::encode(net::hello{net::channel_type::read, 1, session, "Profe", "", {}, true});
  const std::string hello_write = net::encode(net::hello{net::channel_type::write, 1, session, "Profe", "", {}, true});
  const std::string message = net::encode(net::chat_in{"Profe", "Hola clase", cid});
  EXPECT_EQ(room.find(wire_kind::hello, r)->bytes, hello_read);
  EXPECT_EQ(room.find(wire_kind::hello, w)->bytes, hello_write);
  EXPECT_EQ(room.find(wire_kind::message_out, w)->bytes, message);
  const wire_record* echo = room.find(wire_kind::echo, r);
  net::json_reader reader;
  auto decoded = reader.read(echo->bytes);
  ASSERT_TRUE(decoded.value);
  const auto& msg = std::get<net::chat_msg>(*decoded.value);
  EXPECT_EQ(msg.cid, cid);
  EXPECT_EQ(net::encode(msg), echo->bytes + "\n") << "the echo is a v1 msg exactly as encoded";

  // What the panel draws: meanings and raw bytes, in the same order.
  std::string text = room.h.capture();
  const std::size_t masked = at(text, printable(hello_read, session, false));
  EXPECT_EQ(text.find(session), std::string::npos) << "the session stays hidden on screen";
  room.v.teach.panel.reveal_secrets = true;
  text = room.h.capture();
  const std::size_t a = at(text, "hello: this is the read channel of Profe");
  const std::size_t b = at(text, printable(hello_read, "", true));
  const std::size_t c = at(text, "hello: this is the write channel of Profe");
  const std::size_t d = at(text, printable(hello_write, "", true));
  const std::size_t e = at(text, "message from Profe: “Hola clase”");
  const std::size_t f = at(text, printable(message, "", true));
  const std::size_t g = at(text, "message echoed back: delivery receipt");
  const std::size_t i = at(text, printable(echo->bytes, "", true));
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(c, d);
  EXPECT_LT(d, e);
  EXPECT_LT(e, f);
  EXPECT_LT(f, g);
  EXPECT_LT(g, i);
  EXPECT_NE(masked, std::string::npos);

  // Selecting the echo shows its details and the indented JSON.
  room.h.click("frame/" + std::to_string(index_of(wire_kind::echo, r)));
  text = room.h.capture();
  at(text, "read channel · ← server · " + std::to_string(echo->bytes.size()) + " bytes");
  at(text, "\"mensaje\": \"Hola clase\"");
}

TEST(Teaching, FiltersPauseAndClear) {
  live_room room(language::en);
  room.v.teach.show_inspector = true;
  room.host("Profe");
  ASSERT_TRUE(room.pump([&] { return room.has(wire_kind::welcome); }));
  room.send("uno");
  ASSERT_TRUE(room.pump([&] { return room.has(wire_kind::echo); }));
  inspector_panel& panel = room.v.teach.panel;

  panel.channels = inspector_panel::channel_filter::write;
  room.frame();
  for (auto seq : panel.rows()) EXPECT_EQ(room.v.teach.inspector.log().find(seq)->facts.channel, wire_channel::write);
  EXPECT_EQ(panel.rows().size(), 3u) << "connect, hello, message";

  panel.channels = inspector_panel::channel_filter::both;
  room.h.click("filter/kinds");
  room.h.click("filter/group/0");  // connection: off
  room.h.press(GLFW_KEY_ESCAPE);
  for (auto seq : panel.rows()) {
    EXPECT_NE(group_of(room.v.teach.inspector.log().find(seq)->facts.kind), wire_group::connection);
  }
  EXPECT_EQ(panel.rows().size(), 2u) << "the message and its echo";
  EXPECT_TRUE(test::contains(room.h.capture(), "Kinds 4/5"));

  room.h.click("inspector/pause");
  EXPECT_TRUE(room.v.teach.inspector.paused());
  room.send("dos");
  ASSERT_TRUE(room.pump([&] { return room.v.teach.inspector.waiting() >= 2; }));
  EXPECT_EQ(panel.rows().size(), 2u) << "paused: the list stays still";
  EXPECT_TRUE(test::contains(room.h.capture(), "Paused: 2 new frames are waiting."));
  room.h.click("inspector/pause");
  room.frame();
  EXPECT_EQ(panel.rows().size(), 4u);

  room.h.click("inspector/clear");
  EXPECT_TRUE(room.v.teach.inspector.log().empty());
  EXPECT_TRUE(panel.rows().empty());
  EXPECT_TRUE(room.v.teach.inspector.channel(wire_channel::read).open) << "the connection is still there";
}

TEST(Teaching, DiagramStepsAppearInOrderWithTheEndpoints) {
  live_room room;
  room.v.teach.show_inspector = true;
  room.host("Profe");
  ASSERT_TRUE(room.pump([&] { return room.has(wire_kind::welcome); }));
  room.send("Hola clase");
  ASSERT_TRUE(room.pump([&] { return room.has(wire_kind::echo); }));
  room.h.click("tab/diagram");
  const std::string text = room.h.capture();

  const channel_details& rd = room.v.teach.inspector.channel(wire_channel::read);
  const channel_details& wr = room.v.teach.inspector.channel(wire_channel::write);
  const std::string server = "127.0.0.1:" + std::to_string(room.session.port());
  EXPECT_EQ(rd.server_end, server);
  const std::size_t lanes = at(text, "Servidor");
  const std::size_t connect_read = at(text, "conexión TCP: canal de lectura");
  const std::size_t read_ends = at(text, rd.participant_end + " → " + server);
  const std::size_t hello_read = at(text, "hello: canal de lectura");
  const std::size_t welcome = at(text, "welcome: sala «Aula 3» (1 dentro)");
  const std::size_t connect_write = at(text, "conexión TCP: canal de escritura");
  const std::size_t write_ends = at(text, wr.participant_end + " → " + server);
  const std::size_t hello_write = at(text, "hello: canal de escritura");
  const std::size_t message = at(text, "mensaje: «Hola clase»");
  const std::size_t echo = at(text, "eco #1: acuse de recibo");
  EXPECT_LT(lanes, connect_read);
  EXPECT_LT(connect_read, read_ends);
  EXPECT_LT(read_ends, hello_read);
  EXPECT_LT(hello_read, welcome);
  EXPECT_LT(hello_read, connect_write);
  EXPECT_LT(connect_write, write_ends);
  EXPECT_LT(write_ends, hello_write);
  EXPECT_LT(hello_write, message);
  EXPECT_LT(welcome, message);
  EXPECT_LT(message, echo);

  // One row per step, top to bottom.
  const auto& steps = room.v.teach.inspector.steps();
  float last_y = -1;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const float y = room.h.rect("diagram/step/" + std::to_string(i)).min.y;
    EXPECT_GT(y, last_y) << i;
    last_y = y;
  }
  EXPECT_EQ(steps.front().facts.kind, wire_kind::connected);
  EXPECT_EQ(steps.back().facts.kind, wire_kind::echo);
}

TEST(Teaching, ConnectionDetailsShowBothEndsCountsAndTheServersView) {
  live_room room;
  room.v.teach.show_inspector = true;
  room.host("Profe");
  ASSERT_TRUE(room.pump([&] { return room.has(wire_kind::welcome); }));
  room.send("hola");
  ASSERT_TRUE(room.pump([&] { return room.has(wire_kind::echo); }));
  room.h.click("tab/connections");
  const std::string text = room.h.capture();
  const channel_details& rd = room.v.teach.inspector.channel(wire_channel::read);
  const channel_details& wr = room.v.teach.inspector.channel(wire_channel::write);
  at(text, "Canal de lectura (el servidor escribe, el participante lee)");
  at(text, rd.participant_end);
  at(text, wr.participant_end);
  at(text, "127.0.0.1:" + std::to_string(room.session.port()));
  at(text, format_bytes(wr.bytes_to_server) + " · objetos: 2");  // hello and the message
  const std::string session = room.session.own_session().substr(0, 8);
  at(text, "v1: emparejado por la sesión " + session + "… con el canal de escritura (" + wr.participant_end + ")");
  at(text, "v1: emparejado por la sesión " + session + "… con el canal de lectura (" + rd.participant_end + ")");
}

// On the host: watch whoever joins next, from their first byte, as the
// server read it.
TEST(Teaching, HostWatchesTheNextToJoinByteForByte) {
  live_room room;
  room.v.teach.show_inspector = true;
  room.host("Profe");
  room.h.click("watch");
  room.h.step();  // a new popup shows from its second frame
  room.h.click("watch/next");
  room.frame();
  ASSERT_EQ(room.v.teach.inspector.subject().what, wire_subject::kind::next);
  EXPECT_TRUE(test::contains(room.h.capture(), "Esperando a que alguien se una…"));

  charla::test::raw_participant ana(room.session.port(), "Ana");
  ana.say("¿Se me oye?", "c1");
  ASSERT_TRUE(room.pump([&] { return room.has(wire_kind::message_out, wire_channel::write); }));
  // As the server's decoder cut them: each object without the newline after it.
  std::string hello = charla::test::raw_peer::v1_hello(net::channel_type::read, ana.session, "Ana");
  hello.pop_back();
  std::string said = net::encode(net::chat_in{"Ana", "¿Se me oye?", "c1"});
  said.pop_back();
  EXPECT_EQ(room.find(wire_kind::hello, wire_channel::read)->bytes, hello);
  EXPECT_EQ(room.find(wire_kind::message_out, wire_channel::write)->bytes, said);
  EXPECT_EQ(room.v.teach.inspector.subject_name(), "Ana");
  ASSERT_TRUE(room.pump([&] { return room.has(wire_kind::echo); }));

  room.v.teach.panel.reveal_secrets = true;
  std::string text = room.h.capture();
  at(text, "Ana (el último en unirse)");
  at(text, printable(hello, "", true));
  at(text, printable(said, "", true));
  room.h.click("tab/connections");
  text = room.h.capture();
  const auto writer = ana.writer.socket().local_endpoint();
  at(text, "v1: emparejado por la sesión " + ana.session.substr(0, 8) +
               "… con el canal de escritura (127.0.0.1:" + std::to_string(writer.port()) + ")");
}

// Hidden, the inspector costs nothing: no tap is set, so no object is
// copied, queued or formatted.
TEST(Teaching, HiddenInspectorCapturesNothing) {
  live_room room;
  room.host("Profe");
  for (int i = 0; i < 20; ++i) room.send("mensaje " + std::to_string(i));
  ASSERT_TRUE(room.pump([&] { return room.history_has("mensaje 19"); }));
  EXPECT_EQ(room.wire_events, 0u);
  EXPECT_TRUE(room.v.teach.inspector.log().empty());

  room.h.press(301);  // F12
  ASSERT_TRUE(room.v.teach.show_inspector);
  room.send("visto");
  ASSERT_TRUE(room.pump([&] { return room.has(wire_kind::echo); }));
  EXPECT_GT(room.wire_events, 0u);
  EXPECT_TRUE(room.v.teach.inspector.channel(wire_channel::read).earlier) << "opened before watching";

  room.h.press(301);
  ASSERT_FALSE(room.v.teach.show_inspector);
  room.frame();
  const std::size_t before = room.wire_events;
  for (int i = 0; i < 5; ++i) room.send("oculto " + std::to_string(i));
  ASSERT_TRUE(room.pump([&] { return room.history_has("oculto 4"); }));
  EXPECT_EQ(room.wire_events, before);
}

// Saving from the Room menu: the history as text, as JSON lines (the host's
// --transcript lines, without the session), and the attendance list.
TEST(Teaching, SavesHistoryTranscriptAndAttendance) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("charla-teaching-" + std::to_string(charla::test::process_id()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  // Removed after the room has closed its transcript (Windows deletes no
  // open file).
  struct remove_at_end {
    std::filesystem::path dir;
    ~remove_at_end() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  live_room room;
  room.teaching.save_dir = dir / "saved";
  room.host("Profe", (dir / "room.jsonl").string());
  {
    charla::test::raw_participant ana(room.session.port(), "Ana");
    ana.say("Hola", "a1");
    ASSERT_TRUE(room.pump([&] { return room.history_has("Hola"); }));
    room.send("Buenos días\nclase");
    ASSERT_TRUE(room.pump([&] { return room.history_has("Buenos días\nclase"); }));
    ana.writer.send(net::encode(net::bye_event{}));
    ASSERT_TRUE(room.pump([&] {
      return room.teaching.visits().visits().size() == 1 && room.teaching.visits().visits()[0].left_ms != 0;
    }));
  }
  charla::test::raw_participant bo(room.session.port(), "Bo");
  ASSERT_TRUE(room.pump([&] { return room.teaching.visits().visits().size() == 2; }));

  room.h.click("menu/room");
  room.h.click("menu/save_text");
  room.frame();
  EXPECT_TRUE(test::contains(room.h.capture(), "El historial se ha guardado en «" + (dir / "saved").string()));
  room.h.press(GLFW_KEY_ENTER);
  room.h.click("menu/room");
  room.h.click("menu/save_jsonl");
  room.frame();
  room.h.press(GLFW_KEY_ENTER);
  room.h.click("menu/room");
  room.h.click("menu/save_attendance");
  room.frame();
  EXPECT_TRUE(test::contains(room.h.capture(), "La lista de asistencia se ha guardado en «"));
  room.h.press(GLFW_KEY_ENTER);

  std::filesystem::path text, lines, csv;
  for (const auto& f : std::filesystem::directory_iterator(dir / "saved")) {
    const std::string name = f.path().filename().string();
    EXPECT_EQ(name.rfind("charla-Aula_3-", 0), 0u) << name;
    if (f.path().extension() == ".txt") text = f.path();
    if (f.path().extension() == ".jsonl") lines = f.path();
    if (f.path().extension() == ".csv") csv = f.path();
  }
  ASSERT_FALSE(text.empty());
  ASSERT_FALSE(lines.empty());
  ASSERT_FALSE(csv.empty());
  EXPECT_NE(csv.string().find("-asistencia.csv"), std::string::npos);

  // Plain text: a header, then one line per message (times in UTC: TZ=UTC).
  std::int64_t ts_hola = 0, ts_buenos = 0;
  for (const auto& r : room.v.model.rows()) {
    if (r.text == "Hola") ts_hola = r.ts_ms;
    if (r.text == "Buenos días\nclase") ts_buenos = r.ts_ms;
  }
  const std::string body = read_file(text);
  const std::string header = "Sala «Aula 3» · historial guardado el ";
  ASSERT_EQ(body.rfind(header, 0), 0u) << body;
  EXPECT_TRUE(std::regex_match(body.substr(header.size(), 19), std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)")));
  EXPECT_EQ(body.substr(body.find('\n')), "\n\n[" + utc(ts_hola, "%H:%M:%S") + "] Ana: Hola\n[" +
                                              utc(ts_buenos, "%H:%M:%S") + "] Profe: Buenos días\n    clase\n");

  // JSON lines: the host's transcript line for line, minus the session.
  std::string expected;
  std::istringstream transcript(read_file(dir / "room.jsonl"));
  std::string line;
  while (std::getline(transcript, line)) {
    expected += std::regex_replace(line, std::regex(R"(,"session":"[0-9a-f]{32}")"), "") + "\n";
  }
  EXPECT_EQ(read_file(lines), expected);
  const auto loaded = net::transcript::load(lines.string(), 10);
  ASSERT_EQ(loaded.tail.size(), 2u);
  EXPECT_EQ(loaded.tail[1].msg.text, "Buenos días\nclase");
  EXPECT_EQ(loaded.bad_lines, 0u);

  // Attendance: Ana came and went, Bo is still here; the host is not listed.
  const std::string sheet = read_file(csv);
  const std::string when = R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)";
  EXPECT_TRUE(std::regex_match(sheet, std::regex("nombre,entrada,salida,motivo\nAna," + when + "," + when +
                                                 ",cerró la conexión\nBo," + when + ",sigue en la sala,\n")))
      << sheet;
}

TEST(Teaching, AFailedSaveSaysWhyAndWhatToDo) {
  const auto file =
      std::filesystem::temp_directory_path() / ("charla-not-a-dir-" + std::to_string(charla::test::process_id()));
  std::ofstream(file) << "x";
  live_room room(language::en);
  room.teaching.save_dir = file / "saved";
  room.host("Profe");
  room.h.click("menu/room");
  room.h.click("menu/save_text");
  room.frame();
  const std::string text = room.h.capture();
  EXPECT_TRUE(test::contains(text, "Could not save “" + (file / "saved").string())) << text;
  EXPECT_TRUE(test::contains(text, "Check that the folder exists and that you can write to it.")) << text;
  EXPECT_FALSE(room.h.has("notice/copy")) << "no path to copy after a failure";
  std::filesystem::remove(file);
}

// At projector zoom the panel still fits: its controls inside the window,
// the list tall enough for a few frames, nothing pushed off screen.
TEST(Teaching, ReadableAtProjectorZoom) {
  for (float zoom : {1.5f, 2.0f}) {
    live_room room(language::es, ImVec2(1280, 800), zoom);
    room.v.teach.show_inspector = true;
    room.host("Profe");
    room.send("hola");
    ASSERT_TRUE(room.pump([&] { return room.has(wire_kind::echo); }));
    room.frame();
    const probe_rect panel = room.h.rect("inspector");
    for (const char* name : {"inspector/pause", "inspector/clear", "watch", "tab/frames", "tab/diagram",
                             "tab/connections", "filter/channel", "filter/kinds", "frames"}) {
      const probe_rect r = room.h.rect(name);
      EXPECT_GE(r.min.x, panel.min.x - 1) << name << " at " << zoom;
      EXPECT_LE(r.max.x, panel.max.x + 1) << name << " at " << zoom;
      EXPECT_LE(r.max.y, 800.0f) << name << " at " << zoom;
    }
    // At least three frames show in the list (each at least half in
    // view, wherever the scroll stands).
    const probe_rect list = room.h.rect("frames");
    int seen = 0;
    for (std::size_t i = 0; i < room.v.teach.inspector.log().size(); ++i) {
      if (!room.h.has("frame/" + std::to_string(i))) continue;
      const probe_rect f = room.h.rect("frame/" + std::to_string(i));
      const float shown = std::min(f.max.y, list.max.y) - std::max(f.min.y, list.min.y);
      seen += shown >= 0.5f * (f.max.y - f.min.y);
    }
    EXPECT_GE(seen, 3) << zoom;
    EXPECT_GE(ImGui::GetFontSize(), 20.0f * zoom - 1) << "fonts are rebuilt at the zoomed size";
    room.h.click("tab/diagram");
    EXPECT_TRUE(room.h.has("diagram/step/0")) << zoom;
  }
}

}  // namespace
}  // namespace charla::ui
