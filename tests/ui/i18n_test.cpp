#include "ui/i18n.hpp"

#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/env.hpp"
#include "translations.hpp"

namespace charla::ui {
namespace {

TEST(I18n, EveryStringExistsInBothLanguagesWithTheSamePlaceholders) {
  test::expect_complete_translations<text_id>("text_id");
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
  charla::test::set_env("LANG", "es_ES.UTF-8");
  charla::test::unset_env("LC_ALL");
  charla::test::unset_env("LC_MESSAGES");
  EXPECT_EQ(language_from_environment(), language::es);
  charla::test::set_env("LC_MESSAGES", "en_GB.UTF-8");
  EXPECT_EQ(language_from_environment(), language::en);
  charla::test::set_env("LC_ALL", "es_AR.UTF-8");
  EXPECT_EQ(language_from_environment(), language::es);
  charla::test::unset_env("LC_ALL");
  charla::test::unset_env("LC_MESSAGES");
  charla::test::unset_env("LANG");
  EXPECT_EQ(language_from_environment(), language::en);
}

TEST(I18n, CodesRoundTrip) {
  for (language l : {language::es, language::en}) EXPECT_EQ(parse_language(language_code(l)), l);
  EXPECT_FALSE(parse_language("fr").has_value());
  EXPECT_STREQ(language_name(language::es), "Español");
}

}  // namespace
}  // namespace charla::ui
