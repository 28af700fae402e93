#include "ui/i18n.hpp"

#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace charla::ui {
namespace {

// The printf conversions of a format string, in order ("%s", "%d", "%%").
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

TEST(I18n, EveryStringExistsInBothLanguagesWithTheSamePlaceholders) {
    for (int i = 0; i < static_cast<int>(text_id::count); ++i) {
        const auto id = static_cast<text_id>(i);
        const std::string es = tr(language::es, id);
        const std::string en = tr(language::en, id);
        EXPECT_FALSE(es.empty()) << "text_id " << i;
        EXPECT_FALSE(en.empty()) << "text_id " << i;
        EXPECT_EQ(conversions(es.c_str()), conversions(en.c_str())) << "text_id " << i << ": " << es << " / " << en;
    }
}

TEST(I18n, SpanishAndEnglishDiffer) {
    EXPECT_STREQ(tr(language::es, text_id::host_button), "Crear sala");
    EXPECT_STREQ(tr(language::en, text_id::host_button), "Host");
    EXPECT_STREQ(tr(language::es, text_id::connecting), "Conectando…");
    EXPECT_STREQ(tr(language::en, text_id::connecting), "Connecting…");
}

TEST(I18n, LanguageComesFromTheLocale) {
    EXPECT_EQ(language_from_locale("es_ES.UTF-8"), language::es);
    EXPECT_EQ(language_from_locale("es"), language::es);
    EXPECT_EQ(language_from_locale("es_MX"), language::es);
    EXPECT_EQ(language_from_locale("en_US.UTF-8"), language::en);
    EXPECT_EQ(language_from_locale("C"), language::en);
    EXPECT_EQ(language_from_locale("POSIX"), language::en);
    EXPECT_EQ(language_from_locale("eset"), language::en);
    EXPECT_EQ(language_from_locale(""), language::en);
}

TEST(I18n, EnvironmentFollowsPosixPrecedence) {
    ::setenv("LANG", "es_ES.UTF-8", 1);
    ::unsetenv("LC_ALL");
    ::unsetenv("LC_MESSAGES");
    EXPECT_EQ(language_from_environment(), language::es);
    ::setenv("LC_MESSAGES", "en_GB.UTF-8", 1);
    EXPECT_EQ(language_from_environment(), language::en);
    ::setenv("LC_ALL", "es_AR.UTF-8", 1);
    EXPECT_EQ(language_from_environment(), language::es);
    ::unsetenv("LC_ALL");
    ::unsetenv("LC_MESSAGES");
    ::unsetenv("LANG");
    EXPECT_EQ(language_from_environment(), language::en);
}

TEST(I18n, CodesRoundTrip) {
    for (language l : {language::es, language::en}) EXPECT_EQ(parse_language(language_code(l)), l);
    EXPECT_FALSE(parse_language("fr").has_value());
    EXPECT_STREQ(language_name(language::es), "Español");
}

}  // namespace
}  // namespace charla::ui
