#include "ui/wire_meaning.hpp"

#include <ctime>

#include "net/platform/platform.hpp"
#include "net/utf8.hpp"
#include "ui/teaching_text.hpp"
#include "ui/widgets.hpp"

namespace charla::ui {

namespace {

const char* t(language lang, teach_text id) {
  return tr(lang, id);
}

std::string num(std::uint64_t n) {
  return std::to_string(n);
}

constexpr std::size_t quote_points = 60;

const char* reason_text(const std::string& code, language lang) {
  if (code == "timeout") return t(lang, teach_text::reason_timeout);
  if (code == "kicked") return t(lang, teach_text::reason_kicked);
  if (code == "slow") return t(lang, teach_text::reason_slow);
  return t(lang, teach_text::reason_closed);
}

std::string clock_format(std::int64_t unix_ms, bool millis) {
  std::string out = net::platform::local_time_text(unix_ms, "%H:%M:%S", "--:--:--");
  if (millis) out += format(".%03d", static_cast<int>(unix_ms % 1000));
  return out;
}

}  // namespace

std::string clock_ms(std::int64_t unix_ms) {
  return clock_format(unix_ms, true);
}
std::string clock_s(std::int64_t unix_ms) {
  return clock_format(unix_ms, false);
}

const char* wire_kind_name(wire_kind kind) {
  switch (kind) {
    case wire_kind::connected:
      return "connected";
    case wire_kind::closed:
      return "closed";
    case wire_kind::hello:
      return "hello";
    case wire_kind::welcome:
      return "welcome";
    case wire_kind::message_out:
      return "message_out";
    case wire_kind::echo:
      return "echo";
    case wire_kind::message_in:
      return "message_in";
    case wire_kind::replay:
      return "replay";
    case wire_kind::legacy_message:
      return "legacy_message";
    case wire_kind::join:
      return "join";
    case wire_kind::leave:
      return "leave";
    case wire_kind::error:
      return "error";
    case wire_kind::ping:
      return "keepalive";
    case wire_kind::legacy_ping:
      return "legacy_keepalive";
    case wire_kind::bye:
      return "bye";
    case wire_kind::unreadable:
      return "unreadable";
    case wire_kind::ws_upgrade:
      return "ws_upgrade";
    case wire_kind::ws_accept:
      return "ws_accept";
  }
  return "?";
}

const char* channel_name(wire_channel c, language lang) {
  return t(lang, c == wire_channel::read ? teach_text::channel_read : teach_text::channel_write);
}

std::string one_line(std::string_view text, std::size_t max_points) {
  std::string out;
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (net::utf8::starts_code_point(text[i]) && points++ == max_points) {
      out += "…";
      return out;
    }
    if (c == '\n')
      out += " ⏎ ";
    else if (c == '\r' || c == '\t')
      out += ' ';
    else
      out += static_cast<char>(c);
  }
  return out;
}

std::string printable(std::string_view bytes, std::string_view secret, bool reveal, bool keep_newlines) {
  std::string out;
  out.reserve(bytes.size() + 4);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (!reveal && !secret.empty() && bytes.compare(i, secret.size(), secret) == 0) {
      out.append(secret.substr(0, 8));
      out += "…";
      i += secret.size() - 1;
      continue;
    }
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c == '\n')
      out += keep_newlines ? "\n" : "↵";
    else if (c < 0x20 || c == 0x7F)
      out += format("\\x%02X", c);
    else
      out += static_cast<char>(c);
  }
  return out;
}

// What the frame's header said, for an object that came over a WebSocket.
std::string frame_words(const wire_facts& f, language lang) {
  const char* op = f.ws_opcode == 1 ? "text (0x1)" : f.ws_opcode == 0 ? "continuation (0x0)" : "0x?";
  std::string mask = f.ws_masked ? "mask " + f.ws_mask : std::string(lang == language::es ? "sin máscara" : "no mask");
  return format(t(lang, teach_text::m_ws_frame), op, mask.c_str(), num(f.ws_length).c_str());
}

std::string meaning(const wire_facts& f, language lang) {
  std::string words = object_meaning(f, lang);
  if (f.websocket && f.kind != wire_kind::connected && f.kind != wire_kind::closed && f.kind != wire_kind::ws_upgrade &&
      f.kind != wire_kind::ws_accept)
    words += " · " + frame_words(f, lang);
  return words;
}

std::string object_meaning(const wire_facts& f, language lang) {
  const std::string who = f.author.empty() ? f.subject : f.author;
  switch (f.kind) {
    case wire_kind::ws_upgrade:
      return format(t(lang, teach_text::m_ws_upgrade), f.path.c_str(), f.detail.c_str());
    case wire_kind::ws_accept:
      return format(t(lang, teach_text::m_ws_accept), f.detail.c_str(), f.code.c_str(), f.path.c_str());
    case wire_kind::connected:
      if (f.earlier) {
        return format(t(lang, teach_text::m_connected_earlier), clock_s(f.time_ms).c_str(),
                      channel_name(f.channel, lang));
      }
      return format(t(lang, teach_text::m_connected), channel_name(f.channel, lang));
    case wire_kind::closed:
      return format(t(lang, teach_text::m_closed), channel_name(f.channel, lang));
    case wire_kind::hello:
      if (f.version == 0) {
        return t(lang,
                 f.channel == wire_channel::read ? teach_text::m_hello_seed_read : teach_text::m_hello_seed_write);
      }
      return format(t(lang, f.channel == wire_channel::read ? teach_text::m_hello_read : teach_text::m_hello_write),
                    who.c_str());
    case wire_kind::welcome:
      return format(t(lang, teach_text::m_welcome), f.detail.c_str(), static_cast<int>(f.count));
    case wire_kind::message_out:
      return format(t(lang, teach_text::m_message_out), who.c_str(), one_line(f.detail, quote_points).c_str());
    case wire_kind::echo:
      return format(t(lang, teach_text::m_echo), one_line(f.detail, quote_points).c_str(), num(f.id).c_str());
    case wire_kind::message_in:
      return format(t(lang, teach_text::m_message_in), num(f.id).c_str(), f.author.c_str(),
                    one_line(f.detail, quote_points).c_str());
    case wire_kind::replay:
      return format(t(lang, teach_text::m_replay), num(f.id).c_str(), f.author.c_str());
    case wire_kind::legacy_message:
      return format(t(lang, teach_text::m_legacy_message), f.author.c_str(), one_line(f.detail, quote_points).c_str());
    case wire_kind::join:
      return format(t(lang, teach_text::m_join), f.author.c_str());
    case wire_kind::leave:
      return format(t(lang, teach_text::m_leave), f.author.c_str(), reason_text(f.code, lang));
    case wire_kind::error:
      return format(t(lang, teach_text::m_error), f.code.c_str(), f.detail.c_str());
    case wire_kind::ping:
      return t(lang, teach_text::m_ping);
    case wire_kind::legacy_ping:
      return t(lang, teach_text::m_legacy_ping);
    case wire_kind::bye:
      return format(t(lang, teach_text::m_bye), who.c_str());
    case wire_kind::unreadable:
      return format(t(lang, teach_text::m_unreadable), f.detail.c_str());
  }
  return {};
}

std::string step_label(const diagram_step& s, language lang) {
  const wire_facts& f = s.facts;
  switch (f.kind) {
    case wire_kind::ws_upgrade:
      return format(t(lang, teach_text::step_ws_upgrade), f.path.c_str());
    case wire_kind::ws_accept:
      return format(t(lang, teach_text::step_ws_accept), f.path.c_str());
    case wire_kind::connected:
      if (f.earlier) {
        return format(t(lang, teach_text::step_connect_earlier), clock_s(f.time_ms).c_str(),
                      channel_name(f.channel, lang), f.participant_end.c_str(), f.server_end.c_str());
      }
      return format(t(lang, teach_text::step_connect), channel_name(f.channel, lang), f.participant_end.c_str(),
                    f.server_end.c_str());
    case wire_kind::closed:
      return t(lang, teach_text::step_close);
    case wire_kind::hello:
      return format(t(lang, f.version == 0 ? teach_text::step_hello_seed : teach_text::step_hello),
                    channel_name(f.channel, lang));
    case wire_kind::welcome:
      return format(t(lang, teach_text::step_welcome), f.detail.c_str(), static_cast<int>(f.count));
    case wire_kind::message_out:
      return format(t(lang, teach_text::step_message_out), one_line(f.detail, 32).c_str());
    case wire_kind::echo:
      return format(t(lang, teach_text::step_echo), num(f.id).c_str());
    case wire_kind::message_in:
      return format(t(lang, teach_text::step_message_in), num(f.id).c_str(), f.author.c_str(),
                    one_line(f.detail, 24).c_str());
    case wire_kind::replay:
      if (s.repeats == 1) return format(t(lang, teach_text::step_replay_one), num(f.id).c_str());
      return format(t(lang, teach_text::step_replay), static_cast<int>(s.repeats), num(f.id).c_str(),
                    num(s.last_id).c_str());
    case wire_kind::legacy_message:
      return format(t(lang, teach_text::step_legacy_message), f.author.c_str());
    case wire_kind::join:
      return format(t(lang, teach_text::step_join), f.author.c_str());
    case wire_kind::leave:
      return format(t(lang, teach_text::step_leave), f.author.c_str());
    case wire_kind::error:
      return format(t(lang, teach_text::step_error), f.code.c_str());
    case wire_kind::ping:
    case wire_kind::legacy_ping:
      return format(t(lang, teach_text::step_keepalive), static_cast<int>(s.repeats));
    case wire_kind::bye:
      return t(lang, teach_text::step_bye);
    case wire_kind::unreadable:
      return t(lang, teach_text::step_unreadable);
  }
  return {};
}

std::string server_view(const inspector_model& m, wire_channel c, language lang) {
  const channel_details& d = m.channel(c);
  const wire_channel other_c = c == wire_channel::read ? wire_channel::write : wire_channel::read;
  const channel_details& other = m.channel(other_c);
  const char* other_name = channel_name(other_c, lang);
  if (m.server_side()) {
    // The server's own words: what it decided when the hellos came.
    if (d.legacy) {
      if (d.paired_with.empty()) return t(lang, teach_text::view_legacy_waiting);
      return format(t(lang, teach_text::view_legacy_paired), other_name, d.paired_with.c_str());
    }
    if (d.version < 0) return t(lang, teach_text::view_unknown);
    if (d.paired_with.empty()) return format(t(lang, teach_text::view_v1_waiting), d.session.c_str());
    return format(t(lang, teach_text::view_v1_paired), d.session.c_str(), other_name, d.paired_with.c_str());
  }
  // From the participant's end: what the server's answers tell about it.
  if (m.saw_legacy_server()) {
    if (!other.open) return t(lang, teach_text::view_legacy_waiting);
    return format(t(lang, teach_text::view_legacy_paired), other_name, other.participant_end.c_str());
  }
  if (!m.saw_welcome()) return t(lang, teach_text::view_unknown);
  const std::string& session =
      !d.session.empty() ? d.session : (!other.session.empty() ? other.session : m.session_hint());
  if (!other.open) return format(t(lang, teach_text::view_v1_waiting), session.c_str());
  return format(t(lang, teach_text::view_v1_paired), session.c_str(), other_name, other.participant_end.c_str());
}

}  // namespace charla::ui
