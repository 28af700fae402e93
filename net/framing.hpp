#pragma once
// Splits a byte stream into top-level JSON values.
//
// The seed sends objects back to back with no separator, a hello often in
// the same segment as the next object, and reads may cut anywhere. The
// decoder therefore tracks nesting depth and string state across calls and
// hands out each complete top-level value as it closes. It does not parse:
// the codec does, one value at a time.
//
//   feed(bytes) ──► skip whitespace ──► '{' ──► object ─┐
//                        ▲               '[' '"' other ──► not_object (bad_json)
//                        └──────────────────────────────┘
//
// A value that grows past `max_object` bytes before it closes is fatal for
// the channel (too_large): there is no way to find the next object reliably.

#include <cstddef>
#include <string>
#include <string_view>

namespace charla::net {

class stream_decoder {
 public:
  enum class kind { object, not_object };
  enum class status { ok, too_large };

  explicit stream_decoder(std::size_t max_object) : max_object_(max_object) {}

  // Appends `data` and calls `on_value(kind, std::string_view)` for every
  // value completed by it, in order. The view is valid only during the call.
  // Returns too_large when an unfinished value exceeds the limit; the decoder
  // must not be fed again after that.
  template <typename OnValue>
  status feed(std::string_view data, OnValue&& on_value);

  // Bytes held for an unfinished value.
  std::size_t pending_bytes() const { return buffer_.size() - consumed_; }

 private:
  enum class scan { idle, structured, string, scalar };

  // Advances over buffer_ from pos_; returns true when a value closed at
  // pos_ (exclusive end).
  bool scan_value();

  std::size_t max_object_;
  std::string buffer_;
  std::size_t consumed_ = 0;  // bytes of buffer_ already handed out
  std::size_t pos_ = 0;       // scan position
  std::size_t start_ = 0;     // start of the value being scanned
  scan state_ = scan::idle;
  bool in_string_ = false;  // inside a string of a structured value
  bool escape_ = false;
  char opener_ = 0;
  std::size_t depth_ = 0;
};

template <typename OnValue>
stream_decoder::status stream_decoder::feed(std::string_view data, OnValue&& on_value) {
  buffer_.append(data.data(), data.size());
  while (pos_ < buffer_.size()) {
    if (!scan_value()) break;
    if (pos_ - start_ > max_object_) return status::too_large;
    std::string_view text(buffer_.data() + start_, pos_ - start_);
    on_value(opener_ == '{' ? kind::object : kind::not_object, text);
    consumed_ = pos_;
    state_ = scan::idle;
  }
  if (state_ == scan::idle) consumed_ = pos_;
  if (state_ != scan::idle && pos_ - start_ > max_object_) return status::too_large;
  // Drop what was handed out; keep an unfinished value at the front.
  std::size_t keep_from = state_ == scan::idle ? consumed_ : start_;
  if (keep_from == buffer_.size()) {
    if (buffer_.capacity() > 16 * 1024)
      std::string().swap(buffer_);
    else
      buffer_.clear();
    pos_ = start_ = consumed_ = 0;
  } else if (keep_from > 0) {
    buffer_.erase(0, keep_from);
    pos_ -= keep_from;
    start_ -= keep_from;
    consumed_ = 0;
  }
  return status::ok;
}

}  // namespace charla::net
