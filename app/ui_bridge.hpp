#pragma once
// Network events into the view-model. The only place where net's words
// (client_event, failure, error_code) meet ui's (chat_model, start_form);
// pure, so it is tested without a window or a socket. Text enters the ui in
// its display form (ui/emoji.hpp).

#include <cstdint>
#include <optional>

#include "net/client.hpp"
#include "net/log.hpp"
#include "ui/view.hpp"

namespace charla::app {

ui::connect_error to_connect_error(net::failure why);
ui::connect_error to_connect_error(net::error_code code);

class ui_bridge {
 public:
  enum class outcome { none, give_up };

  // Applies one event. give_up: the first connection of a Join or Host
  // failed on the start screen; the app stops the session so that the
  // form's error stands instead of a retry loop.
  outcome apply(ui::view& v, const net::client_event& e, std::int64_t now_ms);
  void apply(ui::view& v, const net::log_entry& e);

 private:
  std::optional<net::error_event> last_error_;
};

}  // namespace charla::app
