#include "ui/chat_model.hpp"

#include <algorithm>
#include <utility>

namespace charla::ui {

namespace {

bool name_less(const member& a, const member& b) {
  return std::lexicographical_compare(
      a.author.begin(), a.author.end(), b.author.begin(), b.author.end(), [](unsigned char x, unsigned char y) {
        auto lower = [](unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c; };
        return lower(x) < lower(y);
      });
}

}  // namespace

void chat_model::set_self(std::string name) {
  self_ = std::move(name);
}

void chat_model::touch(std::size_t index) {
  changes_.first_dirty = std::min(changes_.first_dirty, index);
}

std::size_t chat_model::insert_settled(message row) {
  auto begin = rows_.begin();
  auto end = rows_.begin() + static_cast<std::ptrdiff_t>(settled_);
  // Almost every row lands at the end of the settled part.
  std::size_t index = settled_;
  if (settled_ > 0 && rows_[settled_ - 1].order > row.order) {
    auto it =
        std::upper_bound(begin, end, row.order, [](std::uint64_t order, const message& m) { return order < m.order; });
    index = static_cast<std::size_t>(it - begin);
  }
  rows_.insert(rows_.begin() + static_cast<std::ptrdiff_t>(index), std::move(row));
  ++settled_;
  touch(index);
  return index;
}

void chat_model::erase_row(std::size_t index) {
  rows_.erase(rows_.begin() + static_cast<std::ptrdiff_t>(index));
  if (index < settled_) --settled_;
  touch(index);
}

void chat_model::remove_markers() {
  for (std::size_t i = settled_; i-- > 0;) {
    if (rows_[i].kind == message_kind::unread_marker) erase_row(i);
  }
}

void chat_model::add_pending(std::string cid, std::string text, std::int64_t ts_ms) {
  message row;
  row.cid = std::move(cid);
  row.ts_ms = ts_ms;
  row.author = self_;
  row.text = std::move(text);
  row.own = true;
  row.pending = true;
  touch(rows_.size());
  rows_.push_back(std::move(row));
  trim();
}

void chat_model::receive(incoming_message m) {
  // net::client has decided whether it is ours and dropped what it had
  // already shown (docs/ARCHITECTURE.md, "own and duplicate"): the model
  // only confirms the pending row it replaces.
  const bool own = m.own;
  if (own && !m.cid.empty()) {
    for (std::size_t i = settled_; i < rows_.size(); ++i) {
      if (rows_[i].cid == m.cid) {
        erase_row(i);
        break;
      }
    }
  }
  if (m.id != 0) max_id_ = std::max(max_id_, m.id);

  message row;
  row.id = m.id;
  row.cid = std::move(m.cid);
  row.ts_ms = m.ts_ms;
  row.author = std::move(m.author);
  row.text = std::move(m.text);
  row.own = own;
  row.order = m.id != 0 ? m.id * 4 + 1 : tail_order();

  if (!own && marker_armed_) {
    remove_markers();
    message marker;
    marker.kind = message_kind::unread_marker;
    marker.ts_ms = row.ts_ms;
    marker.order = m.id != 0 ? m.id * 4 : row.order;
    insert_settled(std::move(marker));
    marker_armed_ = false;
  }
  insert_settled(std::move(row));
  if (!own) ++unread_;
  trim();
}

bool chat_model::mark_failed(std::string_view cid, std::string reason, std::int64_t ts_ms) {
  for (std::size_t i = settled_; i < rows_.size(); ++i) {
    if (rows_[i].cid != cid) continue;
    message row = std::move(rows_[i]);
    erase_row(i);
    row.pending = false;
    row.failed = true;
    row.order = tail_order();
    insert_settled(std::move(row));
    add_note(system_note::not_sent, std::move(reason), ts_ms);
    return true;
  }
  return false;
}

void chat_model::mark_sent(std::string_view cid) {
  for (std::size_t i = settled_; i < rows_.size(); ++i) {
    if (rows_[i].cid != cid) continue;
    message row = std::move(rows_[i]);
    erase_row(i);
    row.pending = false;
    row.order = tail_order();
    insert_settled(std::move(row));
    return;
  }
}

void chat_model::add_note(system_note note, std::string detail, std::int64_t ts_ms) {
  message row;
  row.kind = message_kind::system;
  row.note = note;
  row.text = std::move(detail);
  row.ts_ms = ts_ms;
  row.order = tail_order();
  insert_settled(std::move(row));
  trim();
}

void chat_model::set_members(std::vector<member> members) {
  members_ = std::move(members);
  std::sort(members_.begin(), members_.end(), name_less);
  members_known_ = true;
}

void chat_model::member_joined(std::string author, bool legacy, std::int64_t ts_ms) {
  auto it = std::find_if(members_.begin(), members_.end(), [&](const member& x) { return x.author == author; });
  if (it == members_.end()) {
    member added{author, legacy};
    members_.insert(std::upper_bound(members_.begin(), members_.end(), added, name_less), added);
  } else {
    it->legacy = legacy;
  }
  members_known_ = true;

  message row;
  row.kind = message_kind::join;
  row.author = std::move(author);
  row.legacy = legacy;
  row.ts_ms = ts_ms;
  row.order = tail_order();
  insert_settled(std::move(row));
  trim();
}

void chat_model::member_left(std::string author, std::string reason, std::int64_t ts_ms) {
  std::erase_if(members_, [&](const member& x) { return x.author == author; });

  message row;
  row.kind = message_kind::leave;
  row.author = std::move(author);
  row.text = std::move(reason);
  row.ts_ms = ts_ms;
  row.order = tail_order();
  insert_settled(std::move(row));
  trim();
}

void chat_model::set_status(connection_status status, std::int64_t ts_ms) {
  const auto before = status_.state;
  const auto after = status.state;
  status_ = std::move(status);
  if (before == after) return;

  const bool lost = before == connection_state::connected &&
                    (after == connection_state::reconnecting || after == connection_state::failed);
  if (lost) add_note(system_note::connection_lost, {}, ts_ms);

  if (after == connection_state::connected) {
    if (was_connected_) {
      add_note(system_note::reconnected, {}, ts_ms);
      marker_armed_ = true;
    } else {
      add_note(system_note::joined_room, status_.room, ts_ms);
    }
    was_connected_ = true;
  }
}

void chat_model::start_hosting(join_card card) {
  hosting_ = true;
  host_.card = std::move(card);
}

void chat_model::stop_hosting() {
  hosting_ = false;
  host_ = host_info{};
}

void chat_model::add_log_line(std::string line) {
  host_.log.push_back(std::move(line));
  ++host_.log_added;
  while (host_.log.size() > max_log_lines_) host_.log.pop_front();
}

void chat_model::set_counters(const host_counters& counters) {
  host_.counters = counters;
}

void chat_model::set_read_only(bool read_only) {
  host_.read_only = read_only;
}

void chat_model::set_muted(const std::string& author, bool muted) {
  if (muted) {
    host_.muted.insert(author);
  } else {
    host_.muted.erase(author);
  }
}

chat_model::row_changes chat_model::take_changes() {
  return std::exchange(changes_, row_changes{});
}

void chat_model::trim() {
  if (rows_.size() <= max_rows_ + trim_rows_ || settled_ < trim_rows_) return;
  rows_.erase(rows_.begin(), rows_.begin() + static_cast<std::ptrdiff_t>(trim_rows_));
  settled_ -= trim_rows_;
  changes_.dropped_front += trim_rows_;
  if (changes_.first_dirty != npos) {
    changes_.first_dirty = changes_.first_dirty > trim_rows_ ? changes_.first_dirty - trim_rows_ : 0;
  }
}

void chat_model::clear() {
  const std::size_t had = rows_.size();
  rows_.clear();
  settled_ = 0;
  max_id_ = 0;
  unread_ = 0;
  marker_armed_ = false;
  members_.clear();
  members_known_ = false;
  status_ = connection_status{};
  was_connected_ = false;
  stop_hosting();
  if (had > 0) touch(0);
}

void chat_model::set_limits(std::size_t max_rows, std::size_t trim_rows, std::size_t max_log_lines) {
  max_rows_ = max_rows;
  trim_rows_ = std::max<std::size_t>(trim_rows, 1);
  max_log_lines_ = max_log_lines;
  trim();
}

}  // namespace charla::ui
