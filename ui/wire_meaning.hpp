// Words for what the inspector shows, in the UI's language: what a frame
// means, a diagram row's label, the server's view of a channel, and the
// raw bytes made printable. Pure functions of plain values, so they are
// tested without drawing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ui/i18n.hpp"
#include "ui/inspector_model.hpp"
#include "ui/wire_record.hpp"

namespace charla::ui {

// "hello: this is the write channel of Ana (…)", "message echoed back: …".
std::string meaning(const wire_facts& f, language lang);
// The same without what a WebSocket frame's header adds.
std::string object_meaning(const wire_facts& f, language lang);

// The label over a diagram arrow: "hello: write channel", "replay: 12 messages (#1 to #12)".
std::string step_label(const diagram_step& s, language lang);

// A message text quoted on one line: line breaks as " ⏎ ", at most
// max_points code points (then "…").
std::string one_line(std::string_view text, std::size_t max_points);

// The bytes as printable text: the newline that ends an object as "↵"
// (kept as a line break with keep_newlines, for indented text), other
// control characters as "\xNN"; a secret (a full session id) cut to its
// first 8 characters and "…" unless reveal.
std::string printable(std::string_view bytes, std::string_view secret, bool reveal, bool keep_newlines = false);

// Local wall-clock time: "10:02:11.123" / "10:02:11".
std::string clock_ms(std::int64_t unix_ms);
std::string clock_s(std::int64_t unix_ms);

// A kind's identifier, for files and tests: "hello", "echo", "keepalive"...
const char* wire_kind_name(wire_kind kind);

// "read" / "write" in lang (lower case, for sentences).
const char* channel_name(wire_channel c, language lang);

// How the server sees channel `c`: a v1 channel paired by session with the
// other one, or a seed channel paired by IP, or not known yet.
std::string server_view(const inspector_model& m, wire_channel c, language lang);

}  // namespace charla::ui
