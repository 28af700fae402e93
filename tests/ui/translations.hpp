// Checks shared by the string tables' tests (ui/i18n, ui/teaching_text).
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ui/i18n.hpp"

namespace charla::ui::test {

// The printf conversions of a format string, in order ("%s", "%d", "%%").
inline std::vector<std::string> conversions(const char* fmt) {
  std::vector<std::string> out;
  for (const char* p = fmt; *p != '\0'; ++p) {
    if (*p != '%') continue;
    std::string conv = "%";
    ++p;
    while (*p != '\0' && std::string("0123456789.-+ #lh").find(*p) != std::string::npos) conv += *p++;
    if (*p == '\0') break;
    conv += *p;
    out.push_back(conv);
  }
  return out;
}

// Every Id has a Spanish and an English string taking the same
// placeholders, in the same order, and only %s, %d or %%.
template <typename Id>
void expect_complete_translations(const char* what) {
  for (int i = 0; i < static_cast<int>(Id::count); ++i) {
    const auto id = static_cast<Id>(i);
    const std::string es = tr(language::es, id);
    const std::string en = tr(language::en, id);
    EXPECT_FALSE(es.empty()) << what << " " << i;
    EXPECT_FALSE(en.empty()) << what << " " << i;
    EXPECT_EQ(conversions(es.c_str()), conversions(en.c_str())) << what << " " << i << ": " << es << " / " << en;
    for (const auto& c : conversions(es.c_str())) EXPECT_TRUE(c == "%s" || c == "%d" || c == "%%") << es;
  }
}

}  // namespace charla::ui::test
