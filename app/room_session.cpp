#include "app/room_session.hpp"

#include "app/headless.hpp"
#include "app/platform/platform.hpp"
#include "app/web_pages.hpp"

namespace charla::app {

room_session::room_session(std::function<void()> wake) : events_(std::move(wake)) {}

room_session::~room_session() {
  leave();
  net_.stop();
  retired_.clear();
}

std::optional<host_failure> room_session::host(net::server_config config, const std::string& name) {
  leave();
  net::client_config c;
  c.name = name;
  c.pin = config.pin;
  c.host = "127.0.0.1";
  c.session = net::make_session_id();
  config.host_session = c.session;  // the host may write in a read-only room
  add_web_pages(config);
  auto server = std::make_unique<net::server>(net_.io(), config);
  try {
    net_.call([&] { server->start(); });
  } catch (const std::system_error& e) {
    retired_.push_back(std::move(server));
    return host_failure{e.code() == asio::error::address_in_use, describe_start_error(config, e)};
  }
  c.port = server->local_endpoint().port();  // the port it really got (0 picks one)
  for (auto& e : server->log().entries_after(0)) events_.push(e);
  server->log().set_sink([this](const net::log_entry& e) { events_.push(e); });
  if (auto warning = platform::raise_open_file_limit(config.limits.max_connections)) server->log().add(*warning);
  server_ = std::move(server);
  apply_participant_tap();
  join(c);
  return std::nullopt;
}

void room_session::join(net::client_config config) {
  if (client_) client_->stop();
  client_ =
      net::client::create(net_.io(), std::move(config), [this](net::client_event e) { events_.push(std::move(e)); });
  if (own_tap_) client_->set_wire_tap([this](const net::wire_event& e) { events_.push(e); });
  client_->start();
}

void room_session::leave() {
  if (client_) {
    client_->stop();
    client_.reset();
  }
  if (server_) {
    // Its handlers may still be queued on the network thread: keep the
    // object until that thread has stopped.
    server_->stop();
    retired_.push_back(std::move(server_));
  }
}

std::string room_session::send(const std::string& text) {
  return client_ ? client_->send(text) : std::string();
}

std::uint16_t room_session::port() const {
  return server_ ? server_->local_endpoint().port() : 0;
}

void room_session::kick(const std::string& author, const std::string& reason) {
  if (server_) server_->kick(author, reason);
}

void room_session::mute(const std::string& author, bool muted) {
  if (server_) server_->mute(author, muted);
}

void room_session::set_read_only(bool read_only) {
  if (server_) server_->set_read_only(read_only);
}

net::counters_snapshot room_session::counters() const {
  return server_ ? server_->counters() : net::counters_snapshot{};
}

std::vector<net::log_entry> room_session::log_after(std::uint64_t seq) const {
  return server_ ? server_->log().entries_after(seq) : std::vector<net::log_entry>{};
}

void room_session::watch_own_wire(bool on) {
  own_tap_ = on;
  if (!client_) return;
  if (on)
    client_->set_wire_tap([this](const net::wire_event& e) { events_.push(e); });
  else
    client_->set_wire_tap(nullptr);
}

void room_session::watch_participant_wire(const std::string& author) {
  participant_tap_ = author;
  next_tap_ = false;
  apply_participant_tap();
}

void room_session::watch_next_participant() {
  participant_tap_.clear();
  next_tap_ = true;
  apply_participant_tap();
}

void room_session::apply_participant_tap() {
  if (!server_) return;
  auto push = [this](const net::wire_event& e) { events_.push(e); };
  if (next_tap_)
    server_->watch_next_participant(push);
  else if (!participant_tap_.empty())
    server_->set_wire_tap(participant_tap_, push);
  else
    server_->set_wire_tap({}, nullptr);
}

}  // namespace charla::app
