#pragma once
// Test support: figures a test measures, for docs/HARDENING.md.

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace charla::test {

// A figure for docs/HARDENING.md: printed and appended to the file named by
// CHARLA_FIGURES (set by ctest), one "name value" line each.
inline void record_figure(const std::string& name, const std::string& value) {
  std::printf("figure: %s %s\n", name.c_str(), value.c_str());
  std::fflush(stdout);
  if (const char* path = std::getenv("CHARLA_FIGURES")) {
    std::string line = name + " " + value + "\n";
    int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      [[maybe_unused]] auto n = ::write(fd, line.data(), line.size());  // one append: whole line
      ::close(fd);
    }
  }
}

}  // namespace charla::test
