#include "app/teaching_exports.hpp"
#include "app/platform/platform.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <gtest/gtest.h>

#include "app/attendance.hpp"
#include "app/platform/platform.hpp"
#include "net/codec.hpp"
#include "tests/support/env.hpp"
#include "ui/emoji.hpp"

namespace charla::app {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("charla-exports-" + std::to_string(test::process_id()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Sets an environment variable for one test, restoring it after.
class scoped_env {
 public:
  scoped_env(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    test::set_env(name, value);
  }
  ~scoped_env() {
    if (old_)
      test::set_env(name_, *old_);
    else
      test::unset_env(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

ui::message msg(std::uint64_t id, std::int64_t ts, std::string author, std::string text, std::string cid = {}) {
  ui::message m;
  m.id = id;
  m.ts_ms = ts;
  m.author = std::move(author);
  m.text = std::move(text);
  m.cid = std::move(cid);
  return m;
}

#if defined(_WIN32)
TEST(TeachingExports, DocumentsFolderIsInTheUsersDocuments) {
  // The known folder (FOLDERID_Documents), whatever HOME says.
  const fs::path docs = platform::documents_dir();
  EXPECT_EQ(docs.filename(), "charla");
  EXPECT_TRUE(fs::is_directory(docs.parent_path())) << platform::utf8(docs);
  EXPECT_EQ(platform::config_dir().filename(), "charla");
}
#else
TEST(TeachingExports, DocumentsFolderComesFromUserDirs) {
  TempDir t;
  fs::create_directories(t.path() / "config");
  fs::create_directories(t.path() / "home" / "Documentos");
  std::ofstream(t.path() / "config" / "user-dirs.dirs") << "# xdg-user-dirs\nXDG_DESKTOP_DIR=\"$HOME/Escritorio\"\n"
                                                           "XDG_DOCUMENTS_DIR=\"$HOME/Documentos\"\n";
  scoped_env home("HOME", (t.path() / "home").string());
  scoped_env config("XDG_CONFIG_HOME", (t.path() / "config").string());
  scoped_env docs("XDG_DOCUMENTS_DIR", "");
  EXPECT_EQ(platform::documents_dir(), t.path() / "home" / "Documentos" / "charla");
  // A documents folder that does not exist: the home folder instead.
  fs::remove_all(t.path() / "home" / "Documentos");
  EXPECT_EQ(platform::documents_dir(), t.path() / "home" / "charla");
}
#endif

TEST(TeachingExports, SavesIntoAFolderWithANonAsciiName) {
  // C:\Users\José\Documents on Windows: the path must never pass through
  // the ANSI code page.
  TempDir t;
  const fs::path dir = t.path() / platform::from_utf8("José Ñandú 🎉");
  std::string error;
  const fs::path a = save_file(dir, "charla-2ºB.txt", "uno", &error);
  ASSERT_FALSE(a.empty()) << error;
  EXPECT_EQ(platform::utf8(a.filename()), "charla-2ºB.txt");
  EXPECT_EQ(platform::utf8(a.parent_path().filename()), "José Ñandú 🎉");
  EXPECT_EQ(read(a), "uno");
}

TEST(TeachingExports, FileNamesHaveNoOddCharacters) {
  const std::int64_t t = 1764050000123;  // 2025-11-25 05:53:20 UTC (TZ=UTC)
  EXPECT_EQ(file_stem("Redes 2ºB", t), "charla-Redes_2ºB-2025-11-25-055320");
  EXPECT_EQ(file_stem("../etc/passwd", t), "charla-___etc_passwd-2025-11-25-055320");
  EXPECT_EQ(file_stem("", t), "charla-2025-11-25-055320");
}

TEST(TeachingExports, HistoryAsTextAndAsTranscriptLines) {
  std::vector<ui::message> rows{msg(1, 1764050000123, "Ana", "Hola", "a-1"), msg(2, 1764050001000, "Bo", "dos\nlíneas"),
                                msg(0, 0, "", "")};
  rows[2].kind = ui::message_kind::join;
  rows.push_back(msg(0, 1764050002000, "Ana", "todavía enviando"));
  rows.back().pending = true;
  EXPECT_EQ(history_text(rows, "Aula 3", 1764050003000, ui::language::en),
            "Room “Aula 3” · history saved on 2025-11-25 05:53:23\n\n"
            "[05:53:20] Ana: Hola\n"
            "[05:53:21] Bo: dos\n    líneas\n");
  const std::string lines = history_json_lines(rows);
  EXPECT_EQ(lines,
            "{\"id\":1,\"ts\":1764050000123,\"autor\":\"Ana\",\"mensaje\":\"Hola\",\"cid\":\"a-1\"}\n"
            "{\"id\":2,\"ts\":1764050001000,\"autor\":\"Bo\",\"mensaje\":\"dos\\nlíneas\"}\n");
  net::json_reader reader;
  auto first = reader.read_transcript_line(lines.substr(0, lines.find('\n')));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->msg.cid, "a-1");
}

TEST(TeachingExports, FilesHoldRealEmojiAndOnlyWhatTheRoomTook) {
  // The model holds the ui's display form; the files get real characters.
  std::vector<ui::message> rows{msg(1, 1764050000123, ui::to_display("Ana 🌸"), ui::to_display("¡Bien! 🎉👍"))};
  rows.push_back(msg(0, 1764050001000, "Ana", "no enviado"));
  rows.back().failed = true;
  EXPECT_EQ(history_text(rows, "Aula 3", 1764050003000, ui::language::en),
            "Room “Aula 3” · history saved on 2025-11-25 05:53:23\n\n"
            "[05:53:20] Ana 🌸: ¡Bien! 🎉👍\n");
  EXPECT_EQ(history_json_lines(rows),
            "{\"id\":1,\"ts\":1764050000123,\"autor\":\"Ana 🌸\",\"mensaje\":\"¡Bien! 🎉👍\"}\n");
}

TEST(TeachingExports, SavesWithoutOverwriting) {
  TempDir t;
  std::string error;
  const fs::path a = save_file(t.path() / "new", "x.txt", "uno", &error);
  const fs::path b = save_file(t.path() / "new", "x.txt", "dos", &error);
  EXPECT_EQ(a, t.path() / "new" / "x.txt");
  EXPECT_EQ(b, t.path() / "new" / "x-2.txt");
  EXPECT_EQ(read(a), "uno");
  EXPECT_EQ(read(b), "dos");
  // No temporary files left behind.
  int files = 0;
  for ([[maybe_unused]] const auto& f : fs::directory_iterator(t.path() / "new")) ++files;
  EXPECT_EQ(files, 2);
}

TEST(TeachingExports, AFailedSaveSaysWhy) {
  TempDir t;
  std::ofstream(t.path() / "file") << "x";
  std::string error;
  EXPECT_TRUE(save_file(t.path() / "file" / "sub", "x.txt", "uno", &error).empty());
  EXPECT_FALSE(error.empty());
}

TEST(Attendance, OneVisitPerStayWithLeaveReasons) {
  attendance a;
  a.start("Profe");
  a.present({"Profe", "Ana"}, 1764050000000);
  a.joined("Bo", 1764050060000);
  a.joined("Bo", 1764050061000);  // heard twice: still one visit
  a.left("Ana", "timeout", 1764050120000);
  a.joined("Ana", 1764050180000);
  a.left("Bo", "kicked", 1764050240000);
  a.joined("Cy, \"el nuevo\"", 1764050300000);
  ASSERT_EQ(a.visits().size(), 4u);
  EXPECT_EQ(a.csv(ui::language::en),
            "name,joined,left,reason\n"
            "Ana,2025-11-25 05:53:20,2025-11-25 05:55:20,lost the connection\n"
            "Bo,2025-11-25 05:54:20,2025-11-25 05:57:20,removed by the host\n"
            "Ana,2025-11-25 05:56:20,still in the room,\n"
            "\"Cy, \"\"el nuevo\"\"\",2025-11-25 05:58:20,still in the room,\n");
}

}  // namespace
}  // namespace charla::app
