#include "net/codec.hpp"

#include <charconv>

#include "net/utf8.hpp"

namespace charla::net {

namespace od = simdjson::ondemand;

// Every field the protocol knows, as found in one object. Strings are copied
// out because their views die with the next parse.
struct fields {
  std::optional<std::string> type, autor, mensaje, session, pin, cid, room, server, reason, code, detail;
  std::optional<std::uint64_t> v, since, id, first_id, last_id, ping_ms, max_mensaje;
  std::optional<std::int64_t> ts;
  std::optional<bool> legacy, replay, heartbeat;
  std::optional<std::vector<member>> members;
};

namespace {

// Reads a value of the expected JSON type; `null` counts as absent.
template <typename T>
bool read_field(od::value value, std::optional<T>& out, std::string& problem, std::string_view key) {
  od::json_type t;
  if (value.type().get(t)) {
    problem = "unreadable value for \"" + std::string(key) + "\"";
    return false;
  }
  if (t == od::json_type::null) return true;
  if constexpr (std::is_same_v<T, std::string>) {
    std::string_view s;
    if (t != od::json_type::string || value.get_string().get(s)) {
      problem = "\"" + std::string(key) + "\" must be a string";
      return false;
    }
    out = std::string(s);
  } else if constexpr (std::is_same_v<T, bool>) {
    bool b;
    if (t != od::json_type::boolean || value.get_bool().get(b)) {
      problem = "\"" + std::string(key) + "\" must be true or false";
      return false;
    }
    out = b;
  } else {
    T n;
    if (t != od::json_type::number || value.get(n)) {
      problem = "\"" + std::string(key) + "\" must be a whole number";
      return false;
    }
    out = n;
  }
  return true;
}

bool read_members(od::value value, std::optional<std::vector<member>>& out, std::string& problem) {
  od::array arr;
  if (value.get_array().get(arr)) {
    problem = "\"members\" must be an array";
    return false;
  }
  std::vector<member> list;
  for (auto element : arr) {
    od::object obj;
    if (element.get_object().get(obj)) {
      problem = "\"members\" entries must be objects";
      return false;
    }
    member m;
    for (auto field : obj) {
      std::string_view key;
      if (field.unescaped_key().get(key)) {
        problem = "unreadable key in \"members\"";
        return false;
      }
      std::optional<std::string> s;
      std::optional<bool> b;
      if (key == "autor") {
        if (!read_field(field.value(), s, problem, key)) return false;
        if (s) m.author = std::move(*s);
      } else if (key == "legacy") {
        if (!read_field(field.value(), b, problem, key)) return false;
        m.legacy = b.value_or(false);
      }
    }
    list.push_back(std::move(m));
  }
  out = std::move(list);
  return true;
}

bool read_fields(od::object obj, fields& f, std::string& problem) {
  for (auto field : obj) {
    std::string_view key;
    if (field.unescaped_key().get(key)) {
      problem = "unreadable key";
      return false;
    }
    od::value value;
    if (field.value().get(value)) {
      problem = "unreadable value";
      return false;
    }
    bool ok = true;
    if (key == "type")
      ok = read_field(value, f.type, problem, key);
    else if (key == "autor")
      ok = read_field(value, f.autor, problem, key);
    else if (key == "mensaje")
      ok = read_field(value, f.mensaje, problem, key);
    else if (key == "session")
      ok = read_field(value, f.session, problem, key);
    else if (key == "pin")
      ok = read_field(value, f.pin, problem, key);
    else if (key == "cid")
      ok = read_field(value, f.cid, problem, key);
    else if (key == "room")
      ok = read_field(value, f.room, problem, key);
    else if (key == "server")
      ok = read_field(value, f.server, problem, key);
    else if (key == "reason")
      ok = read_field(value, f.reason, problem, key);
    else if (key == "code")
      ok = read_field(value, f.code, problem, key);
    else if (key == "detail")
      ok = read_field(value, f.detail, problem, key);
    else if (key == "v")
      ok = read_field(value, f.v, problem, key);
    else if (key == "since")
      ok = read_field(value, f.since, problem, key);
    else if (key == "id")
      ok = read_field(value, f.id, problem, key);
    else if (key == "first_id")
      ok = read_field(value, f.first_id, problem, key);
    else if (key == "last_id")
      ok = read_field(value, f.last_id, problem, key);
    else if (key == "ping_ms")
      ok = read_field(value, f.ping_ms, problem, key);
    else if (key == "max_mensaje")
      ok = read_field(value, f.max_mensaje, problem, key);
    else if (key == "ts")
      ok = read_field(value, f.ts, problem, key);
    else if (key == "legacy")
      ok = read_field(value, f.legacy, problem, key);
    else if (key == "heartbeat")
      ok = read_field(value, f.heartbeat, problem, key);
    else if (key == "replay")
      ok = read_field(value, f.replay, problem, key);
    else if (key == "members")
      ok = read_members(value, f.members, problem);
    if (!ok) return false;
  }
  return true;
}

decoded fail(std::string problem) {
  return decoded{std::nullopt, std::move(problem)};
}

decoded to_inbound(fields& f) {
  if (!f.type) {
    if (!f.autor || !f.mensaje) return fail("not a chat message: needs \"autor\" and \"mensaje\" strings");
    return decoded{chat_in{std::move(*f.autor), std::move(*f.mensaje), f.cid.value_or("")}, {}};
  }
  const std::string& type = *f.type;
  if (type == "read" || type == "write") {
    hello h;
    h.type = type == "read" ? channel_type::read : channel_type::write;
    h.version = f.v ? static_cast<int>(std::min<std::uint64_t>(*f.v, 1000)) : 0;
    h.session = f.session.value_or("");
    h.author = f.autor.value_or("");
    h.pin = f.pin.value_or("");
    h.since = f.since;
    h.heartbeat = f.heartbeat.value_or(false);
    return decoded{std::move(h), {}};
  }
  if (type == "msg") {
    if (!f.id || !f.autor || !f.mensaje) return fail("\"msg\" needs \"id\", \"autor\" and \"mensaje\"");
    return decoded{chat_msg{*f.id, f.ts.value_or(0), std::move(*f.autor), std::move(*f.mensaje), f.cid.value_or(""),
                            f.replay.value_or(false)},
                   {}};
  }
  if (type == "welcome") {
    welcome w;
    w.version = static_cast<int>(f.v.value_or(protocol_version));
    w.room = f.room.value_or("");
    w.server = f.server.value_or("");
    w.session = f.session.value_or("");
    w.first_id = f.first_id.value_or(0);
    w.last_id = f.last_id.value_or(0);
    w.ping_ms = f.ping_ms.value_or(0);
    w.max_text_bytes = f.max_mensaje.value_or(0);
    if (f.members) w.members = std::move(*f.members);
    return decoded{std::move(w), {}};
  }
  if (type == "join") {
    if (!f.autor) return fail("\"join\" needs \"autor\"");
    return decoded{join_event{std::move(*f.autor), f.legacy.value_or(false)}, {}};
  }
  if (type == "leave") {
    if (!f.autor) return fail("\"leave\" needs \"autor\"");
    auto reason = leave_reason_from(f.reason.value_or("closed")).value_or(leave_reason::closed);
    return decoded{leave_event{std::move(*f.autor), reason}, {}};
  }
  if (type == "error") {
    auto code = f.code ? error_code_from(*f.code) : std::nullopt;
    if (!code) return fail("\"error\" with an unknown \"code\"");
    return decoded{error_event{*code, f.detail.value_or(""), f.cid.value_or("")}, {}};
  }
  if (type == "ping") return decoded{ping_event{f.ts.value_or(0)}, {}};
  if (type == "bye") return decoded{bye_event{}, {}};
  return fail("unknown type \"" + type.substr(0, 40) + "\"");
}

void append_number(std::string& out, std::uint64_t n) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

void append_number(std::string& out, std::int64_t n) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, r.ptr);
}

// Appends `,"key":"value"` (or without the comma for the first field).
void append_string_field(std::string& out, std::string_view key, std::string_view value, bool ascii_only = false) {
  if (out.back() != '{') out += ',';
  out += '"';
  out += key;
  out += "\":\"";
  utf8::append_json_escaped(out, value, ascii_only);
  out += '"';
}

template <typename N>
void append_number_field(std::string& out, std::string_view key, N value) {
  if (out.back() != '{') out += ',';
  out += '"';
  out += key;
  out += "\":";
  append_number(out, value);
}

void append_bool_field(std::string& out, std::string_view key, bool value) {
  if (out.back() != '{') out += ',';
  out += '"';
  out += key;
  out += value ? "\":true" : "\":false";
}

std::string finish(std::string& out) {
  out += "}\n";
  return std::move(out);
}

}  // namespace

bool json_reader::read_fields_of(std::string_view object_text, fields& f, std::string& problem) {
  // Fields are copies: once they are read, the buffers of a big object are
  // given back, so that a channel idle after one keeps none (as the stream
  // decoder does).
  struct release_if_big {
    json_reader& reader;
    bool big;
    ~release_if_big() {
      if (!big) return;
      reader.parser_ = simdjson::ondemand::parser{};
      std::string().swap(reader.scratch_);
    }
  } release{*this, object_text.size() > 16 * 1024};
  if (!utf8::is_valid(object_text)) {
    problem = "invalid UTF-8";
    return false;
  }
  // simdjson reads up to SIMDJSON_PADDING bytes past the end of its input.
  scratch_.assign(object_text);
  scratch_.resize(object_text.size() + simdjson::SIMDJSON_PADDING);
  od::document doc;
  if (parser_.iterate(scratch_.data(), object_text.size(), scratch_.size()).get(doc)) {
    problem = "not JSON";
    return false;
  }
  od::object obj;
  if (doc.get_object().get(obj)) {
    problem = "not a JSON object";
    return false;
  }
  if (!read_fields(obj, f, problem)) {
    if (problem.empty()) problem = "malformed JSON";
    return false;
  }
  return true;
}

decoded json_reader::read(std::string_view object_text) {
  fields f;
  std::string problem;
  if (!read_fields_of(object_text, f, problem)) return fail(std::move(problem));
  return to_inbound(f);
}

std::optional<transcript_line> json_reader::read_transcript_line(std::string_view line) {
  fields f;
  std::string problem;
  if (!read_fields_of(line, f, problem) || !f.id || !f.autor || !f.mensaje) return std::nullopt;
  return transcript_line{
      chat_msg{*f.id, f.ts.value_or(0), std::move(*f.autor), std::move(*f.mensaje), f.cid.value_or(""), false},
      f.session.value_or("")};
}

std::string encode(const transcript_line& line) {
  const chat_msg& m = line.msg;
  std::string out = "{";
  append_number_field(out, "id", m.id);
  append_number_field(out, "ts", m.ts_ms);
  append_string_field(out, "autor", m.author);
  append_string_field(out, "mensaje", m.text);
  if (!m.cid.empty()) append_string_field(out, "cid", m.cid);
  if (!line.session.empty()) append_string_field(out, "session", line.session);
  return finish(out);
}

std::string encode(const hello& h) {
  std::string out = "{";
  append_string_field(out, "type", h.type == channel_type::read ? "read" : "write");
  if (h.version > 0) {
    append_number_field(out, "v", static_cast<std::uint64_t>(h.version));
    append_string_field(out, "session", h.session);
    append_string_field(out, "autor", h.author);
    if (h.since) append_number_field(out, "since", *h.since);
    if (!h.pin.empty()) append_string_field(out, "pin", h.pin);
    if (h.heartbeat) append_bool_field(out, "heartbeat", true);
  }
  return finish(out);
}

std::string encode(const chat_in& m, bool ascii_only) {
  std::string out = "{";
  out.reserve(32 + m.author.size() + m.text.size());
  append_string_field(out, "autor", m.author, ascii_only);
  append_string_field(out, "mensaje", m.text, ascii_only);
  if (!m.cid.empty()) append_string_field(out, "cid", m.cid, ascii_only);
  return finish(out);
}

std::string encode(const chat_msg& m) {
  std::string out = "{";
  out.reserve(80 + m.author.size() + m.text.size() + m.cid.size());
  append_string_field(out, "type", "msg");
  append_number_field(out, "id", m.id);
  append_number_field(out, "ts", m.ts_ms);
  append_string_field(out, "autor", m.author);
  append_string_field(out, "mensaje", m.text);
  if (!m.cid.empty()) append_string_field(out, "cid", m.cid);
  if (m.replay) append_bool_field(out, "replay", true);
  return finish(out);
}

std::string encode(const welcome& w) {
  std::string members;
  for (const auto& m : w.members) append_member(members, m);
  return encode_welcome(w, members);
}

void append_member(std::string& members, const member& m) {
  if (!members.empty()) members += ',';
  members += '{';
  append_string_field(members, "autor", m.author);
  append_bool_field(members, "legacy", m.legacy);
  members += '}';
}

std::string encode_welcome(const welcome& w, std::string_view members) {
  std::string out = "{";
  out.reserve(200 + members.size());
  append_string_field(out, "type", "welcome");
  append_number_field(out, "v", static_cast<std::uint64_t>(w.version));
  append_string_field(out, "room", w.room);
  append_string_field(out, "server", w.server);
  append_string_field(out, "session", w.session);
  append_number_field(out, "first_id", w.first_id);
  append_number_field(out, "last_id", w.last_id);
  if (w.ping_ms > 0) append_number_field(out, "ping_ms", w.ping_ms);
  if (w.max_text_bytes > 0) append_number_field(out, "max_mensaje", w.max_text_bytes);
  out += ",\"members\":[";
  out += members;
  out += ']';
  return finish(out);
}

std::string encode(const join_event& e) {
  std::string out = "{";
  append_string_field(out, "type", "join");
  append_string_field(out, "autor", e.author);
  append_bool_field(out, "legacy", e.legacy);
  return finish(out);
}

std::string encode(const leave_event& e) {
  std::string out = "{";
  append_string_field(out, "type", "leave");
  append_string_field(out, "autor", e.author);
  append_string_field(out, "reason", to_string(e.reason));
  return finish(out);
}

std::string encode(const error_event& e) {
  std::string out = "{";
  append_string_field(out, "type", "error");
  append_string_field(out, "code", to_string(e.code));
  append_string_field(out, "detail", e.detail);
  if (!e.cid.empty()) append_string_field(out, "cid", e.cid);
  return finish(out);
}

std::string encode(const ping_event& e) {
  std::string out = "{";
  append_string_field(out, "type", "ping");
  append_number_field(out, "ts", e.ts_ms);
  return finish(out);
}

std::string encode(const bye_event&) {
  return "{\"type\":\"bye\"}\n";
}

std::string encode_legacy_ping() {
  return "{\"autor\":\"\",\"mensaje\":\"\"}\n";
}

std::vector<std::string> encode_legacy_parts(std::string_view author, std::string_view text, bool ascii_only,
                                             std::size_t max_object) {
  std::string head = "{\"autor\":\"";
  utf8::append_json_escaped(head, author, ascii_only);
  head += "\",\"mensaje\":\"";
  const std::string tail = "\"}\n";
  const std::size_t frame = head.size() + tail.size();

  std::string whole = head;
  utf8::append_json_escaped(whole, text, ascii_only);
  if (whole.size() + tail.size() <= max_object) return {whole + tail};

  // Parts: the prefix "(i/n) " needs as many digits as n has; try 1, 2, ...
  // digits until the number of pieces fits that width.
  std::vector<std::string_view> pieces;
  for (std::size_t digits = 1; digits < 8; ++digits) {
    std::size_t prefix = 2 * digits + 4;  // "(" i "/" n ") "
    std::size_t budget = max_object > frame + prefix + 12 ? max_object - frame - prefix : 12;
    pieces = utf8::split_escaped(text, budget, ascii_only);
    if (std::to_string(pieces.size()).size() <= digits) break;
  }
  std::vector<std::string> parts;
  parts.reserve(pieces.size());
  const std::string n = std::to_string(pieces.size());
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    std::string part = head;
    part += '(';
    part += std::to_string(i + 1);
    part += '/';
    part += n;
    part += ") ";
    utf8::append_json_escaped(part, pieces[i], ascii_only);
    part += tail;
    parts.push_back(std::move(part));
  }
  return parts;
}

std::optional<legacy_part> parse_legacy_part(std::string_view text) {
  // "(" digits "/" digits ") " rest
  if (text.size() < 6 || text[0] != '(') return std::nullopt;
  std::size_t i = 1, index = 0, count = 0;
  auto digits = [&](std::size_t& value) {
    std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 7) {
      value = value * 10 + static_cast<std::size_t>(text[i] - '0');
      ++i;
    }
    return i > start;
  };
  if (!digits(index) || i >= text.size() || text[i++] != '/') return std::nullopt;
  if (!digits(count) || text.substr(i, 2) != ") ") return std::nullopt;
  if (index == 0 || count < 2 || index > count) return std::nullopt;
  return legacy_part{index, count, text.substr(i + 2)};
}

}  // namespace charla::net
