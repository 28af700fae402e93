#pragma once
// Test support: figures a test measures, for docs/HARDENING.md.

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
    if (std::FILE* f = std::fopen(path, "ab")) {
      std::setvbuf(f, nullptr, _IOFBF, 4096);  // one write: the whole line at the end
      std::fwrite(line.data(), 1, line.size(), f);
      std::fclose(f);
    }
  }
}

}  // namespace charla::test
