#include "net/transcript.hpp"

#include <cerrno>
#include <deque>
#include <fstream>
#include <system_error>

#include "net/utf8.hpp"

namespace charla::net {

transcript::loaded transcript::load(const std::string& path, std::size_t keep) {
  loaded result;
  std::ifstream in(path, std::ios::binary);
  if (!in) return result;
  json_reader reader;
  std::deque<transcript_line> tail;
  std::string line;
  while (std::getline(in, line)) {
    if (utf8::trim(line).empty()) continue;
    ++result.lines;
    auto entry = reader.read_transcript_line(line);
    if (!entry) {
      ++result.bad_lines;
      continue;
    }
    result.last_id = std::max(result.last_id, entry->msg.id);
    tail.push_back(std::move(*entry));
    if (tail.size() > keep) tail.pop_front();
  }
  result.tail.assign(std::make_move_iterator(tail.begin()), std::make_move_iterator(tail.end()));
  return result;
}

transcript::~transcript() {
  if (file_) std::fclose(file_);
}

void transcript::open(const std::string& path) {
  // If a crash cut the last line, start ours on a fresh line.
  bool needs_newline = false;
  if (std::FILE* probe = std::fopen(path.c_str(), "rb")) {
    if (std::fseek(probe, -1, SEEK_END) == 0) needs_newline = std::fgetc(probe) != '\n';
    std::fclose(probe);
  }
  file_ = std::fopen(path.c_str(), "ab");
  if (!file_) throw std::system_error(errno, std::generic_category(), "cannot open transcript " + path);
  if (needs_newline) std::fputc('\n', file_);
}

bool transcript::append(const transcript_line& line) {
  std::string text = encode(line);
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) return false;
  return std::fflush(file_) == 0;
}

}  // namespace charla::net
