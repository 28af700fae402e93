// A participant in the room, as the participants panel lists them.
#pragma once

#include <string>

namespace charla::ui {

struct member {
  std::string author;
  bool legacy = false;  // a seed client: no presence, no receipts
};

}  // namespace charla::ui
