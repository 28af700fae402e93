#include "net/presence.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace charla::net {
namespace {

std::string folded(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

presence::presence(asio::io_context& io, std::chrono::milliseconds delay, std::function<void()> flush)
    : delay_(delay), flush_(std::move(flush)), timer_(io) {}

presence::~presence() {
  *alive_ = false;
}

bool presence::name_in_use(std::string_view name, std::string_view own) const {
  auto it = names_.find(folded(name));
  if (it == names_.end()) return false;
  bool is_own = !own.empty() && folded(own) == it->first;
  return it->second > (is_own ? 1u : 0u);
}

void presence::rename(std::string_view from, std::string_view to) {
  if (!from.empty()) {
    auto it = names_.find(folded(from));
    if (it != names_.end() && --it->second == 0) names_.erase(it);
  }
  if (!to.empty()) ++names_[folded(to)];
}

const std::string& presence::members(const std::function<void(std::string&)>& rebuild) {
  if (members_stale_) {
    members_.clear();
    rebuild(members_);
    members_stale_ = false;
  }
  return members_;
}

void presence::joined(const member& m) {
  if (!members_stale_) append_member(members_, m);
  queue(encode(join_event{m.author, m.legacy}));
}

void presence::left(const leave_event& e) {
  members_stale_ = true;
  queue(encode(e));
}

void presence::queue(std::string event) {
  offsets_.push_back(batch_.size());
  batch_ += event;
  ++seq_;
  if (timer_armed_) return;
  timer_armed_ = true;
  timer_.expires_after(delay_);
  timer_.async_wait([this, alive = std::weak_ptr<bool>(alive_)](const std::error_code& ec) {
    if (ec || !alive.lock()) return;
    timer_armed_ = false;
    flush_();
  });
}

std::optional<presence::batch> presence::take() {
  if (offsets_.empty()) return std::nullopt;
  batch b;
  b.end_ = seq_;
  b.first_ = seq_ - offsets_.size();
  b.offsets_ = std::exchange(offsets_, {});
  b.whole_ = std::make_shared<const std::string>(std::exchange(batch_, {}));
  return b;
}

shared_bytes presence::batch::after(std::uint64_t cursor) const {
  if (cursor <= first_) return whole_;
  if (cursor >= end_) return nullptr;
  return std::make_shared<const std::string>(whole_->substr(offsets_[cursor - first_]));
}

void presence::clear() {
  names_.clear();
  members_.clear();
  members_stale_ = false;
}

}  // namespace charla::net
