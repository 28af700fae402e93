// The start screen's state: what is typed in the Host and Join forms, the
// recent rooms, and the outcome of the last attempt. The app fills the
// remembered values, marks the form busy while it connects and reports
// failures with connect_error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ui/i18n.hpp"
#include "ui/intent.hpp"

namespace charla::ui {

struct recent_room {
  std::string address;
  std::uint16_t port = 5000;
  std::string room;  // as the server named it, for display
  std::string pin;
};

enum class connect_error : std::uint8_t {
  none,
  refused,     // detail: "address:port"
  timed_out,   // detail: "address:port"
  name_taken,  // detail: the name
  bad_pin,
  pin_required,
  port_in_use,        // detail: the port
  address_not_found,  // detail: the address
  server_full,
  cannot_host,  // detail: why the room could not start, a sentence
  other,        // detail: the system's message
};

enum class start_action : std::uint8_t { none, hosting, joining };

struct start_form {
  std::string name;
  std::string host_port = "5000";
  std::string room;
  std::string host_pin;
  std::string join_address;  // may carry ":port", which then wins over join_port
  std::string join_port = "5000";
  std::string join_pin;
  std::vector<recent_room> recent;  // newest first

  start_action busy = start_action::none;  // waiting for the app's answer
  start_action failed = start_action::none;
  connect_error error = connect_error::none;
  std::string error_detail;

  // Validation messages show once a field was edited or a submit was tried.
  bool name_touched = false;
  bool host_tried = false;
  bool join_tried = false;
  bool focus_name = true;  // put the caret in the name field next frame
};

// Each returns the sentence to show, or nothing when the value is fine.
std::optional<text_id> check_name(std::string_view name);
std::optional<text_id> check_port(std::string_view port);
std::optional<text_id> check_address(std::string_view address);
std::optional<text_id> check_pin(std::string_view pin);

// The intents the filled-in forms stand for, when every field is valid.
std::optional<host_room> host_request(const start_form& form);
std::optional<join_room> join_request(const start_form& form);
join_room rejoin_request(const start_form& form, const recent_room& room);

// For the app: the attempt failed / was handed over.
void report_failure(start_form& form, connect_error error, std::string detail);
void report_done(start_form& form);

// The sentence for an error, in lang.
std::string error_sentence(language lang, connect_error error, const std::string& detail);

// Adds (or moves to the top) a room in the recent list, at most limit kept.
void remember_room(std::vector<recent_room>& recent, recent_room room, std::size_t limit = 8);

}  // namespace charla::ui
