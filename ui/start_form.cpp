#include "ui/start_form.hpp"

#include <algorithm>

#include "ui/text_util.hpp"
#include "ui/widgets.hpp"

namespace charla::ui {

std::optional<text_id> check_name(std::string_view name) {
  name = trim(name);
  if (name.empty()) return text_id::err_name_empty;
  if (has_control_chars(name)) return text_id::err_name_control;
  if (utf8_length(name) > 32) return text_id::err_name_long;
  return std::nullopt;
}

std::optional<text_id> check_port(std::string_view port) {
  if (!parse_port(port)) return text_id::err_port;
  return std::nullopt;
}

std::optional<text_id> check_address(std::string_view address) {
  if (split_host_port(address).host.empty()) return text_id::err_address_empty;
  return std::nullopt;
}

std::optional<text_id> check_pin(std::string_view pin) {
  pin = trim(pin);
  if (utf8_length(pin) > 32 || has_control_chars(pin) || pin.find(' ') != std::string_view::npos) {
    return text_id::err_pin;
  }
  return std::nullopt;
}

std::optional<host_room> host_request(const start_form& form) {
  if (check_name(form.name) || check_port(form.host_port) || check_pin(form.host_pin)) return std::nullopt;
  host_room out;
  out.name = std::string(trim(form.name));
  out.port = *parse_port(form.host_port);
  out.room = std::string(trim(form.room));
  out.pin = std::string(trim(form.host_pin));
  return out;
}

std::optional<join_room> join_request(const start_form& form) {
  if (check_name(form.name) || check_address(form.join_address) || check_pin(form.join_pin)) return std::nullopt;
  auto split = split_host_port(form.join_address);
  if (!split.port && check_port(form.join_port)) return std::nullopt;
  join_room out;
  out.name = std::string(trim(form.name));
  out.address = split.host;
  out.port = split.port ? *split.port : *parse_port(form.join_port);
  out.pin = std::string(trim(form.join_pin));
  return out;
}

join_room rejoin_request(const start_form& form, const recent_room& room) {
  return join_room{std::string(trim(form.name)), room.address, room.port, room.pin};
}

void report_failure(start_form& form, connect_error error, std::string detail) {
  form.failed = form.busy;
  form.busy = start_action::none;
  form.error = error;
  form.error_detail = std::move(detail);
}

void report_done(start_form& form) {
  form.busy = start_action::none;
  form.failed = start_action::none;
  form.error = connect_error::none;
  form.error_detail.clear();
}

std::string error_sentence(language lang, connect_error error, const std::string& detail) {
  auto with = [&](text_id id) { return format(tr(lang, id), detail.c_str()); };
  switch (error) {
    case connect_error::none:
      return {};
    case connect_error::refused:
      return with(text_id::err_refused);
    case connect_error::timed_out:
      return with(text_id::err_timed_out);
    case connect_error::name_taken:
      return with(text_id::err_name_taken);
    case connect_error::bad_pin:
      return tr(lang, text_id::err_bad_pin);
    case connect_error::pin_required:
      return tr(lang, text_id::err_pin_required);
    case connect_error::port_in_use:
      return with(text_id::err_port_in_use);
    case connect_error::address_not_found:
      return with(text_id::err_address_not_found);
    case connect_error::server_full:
      return tr(lang, text_id::err_server_full);
    case connect_error::cannot_host:
      return with(text_id::err_cannot_host);
    case connect_error::other:
      return with(text_id::err_other);
  }
  return {};
}

void remember_room(std::vector<recent_room>& recent, recent_room room, std::size_t limit) {
  std::erase_if(recent, [&](const recent_room& r) { return r.address == room.address && r.port == room.port; });
  recent.insert(recent.begin(), std::move(room));
  if (recent.size() > limit) recent.resize(limit);
}

}  // namespace charla::ui
