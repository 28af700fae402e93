#pragma once
// The heartbeat of a v1 connection (docs/PROTOCOL.md section 5, "Heartbeat"),
// in one place for the server and the client.
//
// The server writes a `ping` on a v1 read channel that has been silent for
// the interval H (3 s by default) and says H in its welcome (`ping_ms`). A
// client that knows H writes a `ping` on its write channel when that has
// been silent for H, answering the server's ping at once when it is due
// within half an interval (so an idle room costs one exchange per H, not
// two). Either side that hears nothing for `misses` intervals takes the
// connection for dead:
//
//   0 ──H── ping ──H── ping ──H── ping        (the normal case)
//   0 ──H── ping ─ ─ ─ (black hole) ─ ─ ─ 2H: "quiet" ─ ─ 3H: dead, reconnect
//
// A message written and not echoed within the same deadline also means the
// connection is dead (its write direction, which the read side cannot see).

#include <algorithm>
#include <chrono>

namespace charla::net::heartbeat {

using std::chrono::milliseconds;

// The default interval: a dead connection is then found within 3 x 3 = 9 s.
inline constexpr milliseconds default_interval{3000};
// Intervals of silence before a connection is dead.
inline constexpr int misses = 3;
// Intervals of silence before the window says the host is quiet.
inline constexpr int quiet_misses = 2;

// An interval announced by a server, made sane: a hostile or broken welcome
// cannot make a client spin (tiny) or never notice anything (huge).
inline milliseconds clamp_interval(milliseconds h) {
  return std::clamp(h, milliseconds{50}, milliseconds{60000});
}
inline milliseconds dead_after(milliseconds h) {
  return h * misses;
}
inline milliseconds quiet_after(milliseconds h) {
  return h * quiet_misses;
}

}  // namespace charla::net::heartbeat
