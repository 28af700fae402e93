#include "ui/teaching_text.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace charla::ui {
namespace {

std::vector<std::string> conversions(const char* fmt) {
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

TEST(TeachingText, EveryStringExistsInBothLanguagesWithTheSamePlaceholders) {
    for (int i = 0; i < static_cast<int>(teach_text::count); ++i) {
        const auto id = static_cast<teach_text>(i);
        const std::string es = tr(language::es, id);
        const std::string en = tr(language::en, id);
        EXPECT_FALSE(es.empty()) << "teach_text " << i;
        EXPECT_FALSE(en.empty()) << "teach_text " << i;
        EXPECT_EQ(conversions(es.c_str()), conversions(en.c_str())) << "teach_text " << i << ": " << es << " / " << en;
        for (const auto& c : conversions(es.c_str())) EXPECT_TRUE(c == "%s" || c == "%d") << es;
    }
}

TEST(TeachingText, SaysTheSameThingInEachLanguage) {
    EXPECT_STREQ(tr(language::es, teach_text::menu_inspector), "Inspector de red");
    EXPECT_STREQ(tr(language::en, teach_text::menu_inspector), "Wire inspector");
}

}  // namespace
}  // namespace charla::ui
