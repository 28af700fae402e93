#include "app/ui_bridge.hpp"

#include <chrono>

#include "ui/emoji.hpp"

namespace charla::app {

ui::connect_error to_connect_error(net::failure why) {
  switch (why) {
    case net::failure::refused:
      return ui::connect_error::refused;
    case net::failure::timed_out:
      return ui::connect_error::timed_out;
    case net::failure::not_found:
      return ui::connect_error::address_not_found;
    case net::failure::unreachable:
      return ui::connect_error::timed_out;
    default:
      return ui::connect_error::other;
  }
}

ui::connect_error to_connect_error(net::error_code code) {
  switch (code) {
    case net::error_code::name_taken:
      return ui::connect_error::name_taken;
    case net::error_code::bad_pin:
      return ui::connect_error::bad_pin;
    case net::error_code::pin_required:
      return ui::connect_error::pin_required;
    case net::error_code::server_full:
      return ui::connect_error::server_full;
    default:
      return ui::connect_error::other;
  }
}

namespace {

ui::connection_state to_state(net::client_state s) {
  switch (s) {
    case net::client_state::connecting:
      return ui::connection_state::connecting;
    case net::client_state::connected:
      return ui::connection_state::connected;
    case net::client_state::reconnecting:
      return ui::connection_state::reconnecting;
    case net::client_state::failed:
      return ui::connection_state::failed;
    case net::client_state::stopped:
      return ui::connection_state::idle;
  }
  return ui::connection_state::idle;
}

bool on_start_screen_waiting(const ui::view& v) {
  return v.current == ui::screen::start && v.start.busy != ui::start_action::none;
}

}  // namespace

ui_bridge::outcome ui_bridge::apply(ui::view& v, const net::client_event& event, std::int64_t now_ms) {
  auto& model = v.model;
  if (auto* s = std::get_if<net::status_event>(&event)) {
    if (s->state == net::client_state::stopped) return outcome::none;
    if (on_start_screen_waiting(v)) {
      if (s->state == net::client_state::reconnecting) {
        ui::report_failure(v.start, to_connect_error(s->why), s->address);
        return outcome::give_up;
      }
      if (s->state == net::client_state::failed) {
        auto code = last_error_ ? to_connect_error(last_error_->code) : ui::connect_error::other;
        ui::report_failure(v.start, code, code == ui::connect_error::other ? ui::to_display(s->detail) : model.self());
        return outcome::give_up;
      }
    }
    ui::connection_status status = model.status();
    status.state = to_state(s->state);
    status.server_address = s->address;
    if (!s->room.empty()) status.room = ui::to_display(s->room);
    status.retry_at = std::chrono::steady_clock::now() + s->retry_in;
    status.quiet = s->state == net::client_state::connected && s->quiet;
    if (s->state == net::client_state::connected) status.max_message_bytes = s->max_text_bytes;
    model.set_status(status, now_ms);
    if (s->state == net::client_state::connected && v.current == ui::screen::start) {
      ui::report_done(v.start);
      ui::enter_chat(v);
    }
    return outcome::none;
  }
  if (auto* m = std::get_if<net::message_event>(&event)) {
    if (m->own && m->msg.id == 0 && !m->msg.cid.empty()) {
      model.mark_sent(m->msg.cid);  // written to a seed server: sent is all we will know
    } else {
      model.receive(ui::incoming_message{m->msg.id, m->msg.ts_ms, ui::to_display(m->msg.author),
                                         ui::to_display(m->msg.text), m->msg.cid, m->own});
    }
    return outcome::none;
  }
  if (auto* m = std::get_if<net::members_event>(&event)) {
    std::vector<ui::member> members;
    for (const auto& x : m->members) members.push_back({ui::to_display(x.author), x.legacy});
    model.set_members(std::move(members));
    return outcome::none;
  }
  if (auto* j = std::get_if<net::join_event>(&event)) {
    model.member_joined(ui::to_display(j->author), j->legacy, now_ms);
    return outcome::none;
  }
  if (auto* l = std::get_if<net::leave_event>(&event)) {
    model.member_left(ui::to_display(l->author), std::string(net::to_string(l->reason)), now_ms);
    return outcome::none;
  }
  if (auto* e = std::get_if<net::error_event>(&event)) {
    last_error_ = *e;
    if (v.current != ui::screen::chat) return outcome::none;
    if (e->code == net::error_code::kicked) {
      model.add_note(ui::system_note::kicked, e->detail == net::kicked_without_reason ? "" : ui::to_display(e->detail),
                     now_ms);
    } else if (e->code == net::error_code::rate_limited) {
      // Retried by the client: not news.
    } else if (!e->cid.empty() && model.mark_failed(e->cid, std::string(net::to_string(e->code)), now_ms)) {
      // One of ours was refused for good: marked "not sent" with the reason.
    } else {
      model.add_note(ui::system_note::error, ui::to_display(e->detail), now_ms);
    }
    return outcome::none;
  }
  if (auto* g = std::get_if<net::gap_event>(&event)) {
    model.add_note(ui::system_note::history_gap, "#" + std::to_string(g->from) + "-#" + std::to_string(g->to), now_ms);
  }
  return outcome::none;
}

void ui_bridge::apply(ui::view& v, const net::log_entry& e) {
  v.model.add_log_line(ui::to_display(net::event_log::format(e)));
}

}  // namespace charla::app
