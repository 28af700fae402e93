#pragma once
// What a wire event means, for the inspector: the app reads each object with
// net's codec (the UI never parses JSON) and hands the UI a plain record:
// its kind ("hello: write channel", "echo: delivery receipt", "keepalive"),
// the fields worth naming, the exact bytes and an indented copy.

#include "net/codec.hpp"
#include "net/wire_tap.hpp"
#include "ui/wire_record.hpp"

namespace charla::app {

class wire_classifier {
 public:
  ui::wire_record classify(const net::wire_event& e);

 private:
  net::json_reader reader_;  // one parser, reused
};

}  // namespace charla::app
