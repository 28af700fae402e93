#include "ui/teaching_text.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "translations.hpp"

namespace charla::ui {
namespace {

TEST(TeachingText, EveryStringExistsInBothLanguagesWithTheSamePlaceholders) {
  test::expect_complete_translations<teach_text>("teach_text");
}

TEST(TeachingText, SaysTheSameThingInEachLanguage) {
  EXPECT_STREQ(tr(language::es, teach_text::menu_inspector), "Inspector de red");
  EXPECT_STREQ(tr(language::en, teach_text::menu_inspector), "Wire inspector");
}

}  // namespace
}  // namespace charla::ui
