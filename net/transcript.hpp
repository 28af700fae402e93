#pragma once
// The host's transcript file: one JSON line per accepted message, appended
// before the message is broadcast, so a host killed at any moment restarts
// with every message it ever confirmed. The line format is the codec's
// `transcript_line` (docs/PROTOCOL.md, "Transcript").

#include <cstdio>
#include <string>
#include <vector>

#include "net/codec.hpp"

namespace charla::net {

class transcript {
 public:
  struct loaded {
    std::vector<transcript_line> tail;  // the last `keep` messages
    std::uint64_t last_id = 0;
    std::size_t lines = 0;
    std::size_t bad_lines = 0;  // e.g. a line cut by a crash mid-write
  };

  // Reads `path` (a missing file is an empty transcript).
  static loaded load(const std::string& path, std::size_t keep);

  transcript() = default;
  transcript(const transcript&) = delete;
  transcript& operator=(const transcript&) = delete;
  ~transcript();

  // Opens for appending; throws std::system_error when it cannot.
  void open(const std::string& path);
  bool is_open() const { return file_ != nullptr; }

  // Appends and flushes one line; false when the write failed.
  bool append(const transcript_line& line);

 private:
  std::FILE* file_ = nullptr;
};

}  // namespace charla::net
