#include "net/seed_dialect.hpp"

#include "net/platform/platform.hpp"

namespace charla::net {

std::vector<std::string> seed_dialect::encode(std::string_view author, std::string_view text) {
  return encode_legacy_parts(author, text, true);
}

std::optional<chat_msg> seed_dialect::on_relay(chat_in&& m) {
  if (m.author.empty()) return std::nullopt;  // the seed's keepalive
  chat_msg msg{0, platform::unix_ms(), std::move(m.author), std::move(m.text), {}, false};
  auto part = parse_legacy_part(msg.text);
  if (!part) return msg;
  if (part->index == 1) {
    parts_.assign(1, std::string(part->piece));
    parts_author_ = msg.author;
  } else if (msg.author == parts_author_ && part->index == parts_.size() + 1) {
    parts_.emplace_back(part->piece);
  } else {
    parts_.clear();
  }
  if (parts_.empty()) return msg;  // out of order: as it came
  if (part->index < part->count) return std::nullopt;
  std::string whole;
  for (auto& p : parts_) whole += p;
  parts_.clear();
  msg.text = std::move(whole);
  return msg;
}

}  // namespace charla::net
