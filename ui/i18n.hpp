// Every string the UI shows, in Spanish and English. Strings with printf
// placeholders take the same placeholders, in the same order, in both
// languages (a test checks it).
#pragma once

#include <cstddef>

#include <cstdint>
#include <optional>
#include <string_view>

namespace charla::ui {

enum class language : std::uint8_t { es, en };

enum class text_id : std::uint16_t {
  // start screen
  start_tagline,
  your_name,
  name_hint,
  host_heading,
  host_explain,
  port,
  room_name,
  room_name_hint,
  pin_optional,
  host_button,
  join_heading,
  join_explain,
  address,
  address_hint,
  pin,
  join_button,
  recent_rooms,
  no_recent_rooms,
  forget,
  connecting,
  starting_room,
  cancel,
  // form validation
  err_name_empty,
  err_name_long,
  err_name_control,
  err_port,
  err_address_empty,
  err_pin,
  // connection errors: a sentence that says what to do
  err_refused,
  err_timed_out,
  err_name_taken,
  err_bad_pin,
  err_pin_required,
  err_port_in_use,
  err_address_not_found,
  err_server_full,
  err_cannot_host,
  err_other,
  // menus
  menu_room,
  menu_leave,
  menu_view,
  zoom_in,
  zoom_out,
  zoom_reset,
  zoom_level,
  full_screen,
  theme_light,
  theme_dark,
  menu_language,
  show_participants,
  show_join_card,
  show_host_panel,
  // history
  you,
  sending,
  not_sent,
  copy,
  copy_with_author,
  new_messages_one,
  new_messages_many,
  unread_marker,
  older_hidden,
  empty_history,
  joined,
  joined_legacy,
  left_closed,
  left_timeout,
  left_kicked,
  left_slow,
  note_joined_room,
  note_connection_lost,
  note_reconnected,
  note_history_gap,
  note_kicked,
  note_kicked_reason,
  note_error,
  note_not_sent_muted,
  note_not_sent_too_large,
  note_not_sent_other,
  note_room_created,
  // composer
  composer_hint,
  send,
  byte_counter,
  too_long,
  // participants
  participants,
  legacy_client,
  members_unknown,
  // status bar
  st_idle,
  st_connecting,
  st_connected,
  st_quiet,
  st_reconnecting_in,
  st_reconnecting,
  st_failed,
  members_one,
  members_many,
  room_label,
  // host panel
  host_panel,
  counters,
  counter_connections,
  counter_participants,
  counter_messages,
  counter_rate,
  counter_bytes_in,
  counter_bytes_out,
  server_log,
  kick,
  kick_confirm,
  kick_yes,
  kick_reason,
  mute,
  unmute,
  muted_tag,
  menu_read_only,
  // join card
  card_title,
  card_steps,
  card_no_address,
  card_hide,
  card_steps_qr,
  card_qr_full_screen,
  card_qr_tip,
  qr_close_hint,
  count
};

// The string for id in lang. Never null.
const char* tr(language lang, text_id id);

// A table of strings in both languages, one entry per value of an enum
// ending in `count`, kept in enum order (ui/i18n.cpp, ui/teaching_text.cpp).
template <typename Id>
struct translation {
  Id id;
  const char* es;
  const char* en;
};

// True when table lists every Id once, in enum order: lookups index it.
template <typename Id, std::size_t N>
constexpr bool in_enum_order(const translation<Id> (&table)[N]) {
  if (N != static_cast<std::size_t>(Id::count)) return false;
  for (std::size_t i = 0; i < N; ++i) {
    if (static_cast<std::size_t>(table[i].id) != i) return false;
  }
  return true;
}

template <typename Id, std::size_t N>
const char* lookup(const translation<Id> (&table)[N], language lang, Id id) {
  const auto i = static_cast<std::size_t>(id);
  if (i >= N) return "";
  return lang == language::es ? table[i].es : table[i].en;
}

// "es_ES.UTF-8", "es", "es_MX" -> es; anything else -> en.
language language_from_locale(std::string_view value);

// LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them.
language language_from_environment();

// "es" / "en", for settings files.
std::string_view language_code(language lang);
std::optional<language> parse_language(std::string_view code);

// The language's own name: "Español", "English".
const char* language_name(language lang);

}  // namespace charla::ui
