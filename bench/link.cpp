#include "bench/link.hpp"

#include "bench/client.hpp"
#include "bench/shard.hpp"

namespace charla::bench {
namespace {

// At most this much is read per wake-up, so one busy link cannot starve the
// others on its shard.
constexpr std::size_t max_read_per_wakeup = 1024 * 1024;

}  // namespace

link::link(shard& owner, client& c, role r) : shard_(owner), client_(c), role_(r), socket_(owner.io()) {}

void link::connect(std::function<void(const std::error_code&)> done) {
  std::error_code ec;
  socket_.open(asio::ip::tcp::v4(), ec);
  if (!ec && !client_.source.is_unspecified()) socket_.bind({client_.source, 0}, ec);
  if (ec) {
    asio::post(socket_.get_executor(), [done = std::move(done), ec] { done(ec); });
    return;
  }
  socket_.async_connect(shard_.server(), [this, done = std::move(done)](const std::error_code& ec) {
    if (!ec) {
      std::error_code ignored;
      socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
      socket_.non_blocking(true, ignored);
      open_ = true;
    }
    done(ec);
  });
}

void link::start_reading() {
  socket_.async_wait(asio::ip::tcp::socket::wait_read, [this](const std::error_code& ec) {
    if (ec) {
      closed(ec, "wait");
      return;
    }
    read_available();
  });
}

void link::read_available() {
  auto buffer = shard_.read_buffer();
  std::size_t total = 0;
  while (open_) {
    std::error_code ec;
    std::size_t n = socket_.read_some(buffer, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) break;
    if (ec) {
      closed(ec, "read");
      return;
    }
    consume({static_cast<const char*>(buffer.data()), n}, now_ns());
    total += n;
    if (total >= max_read_per_wakeup && open_) {
      // Bytes may remain: readiness is edge-triggered, so waiting for it
      // again could wait forever. Come back after the other handlers.
      asio::post(socket_.get_executor(), [this] { read_available(); });
      return;
    }
  }
  if (open_) start_reading();
}

void link::consume(std::string_view data, std::int64_t now) {
  if (pending_.empty()) {
    std::size_t used = shard_.protocol().on_bytes(*this, data, now);
    if (used < data.size()) pending_.assign(data.substr(used));
  } else {
    pending_.append(data);
    std::size_t used = shard_.protocol().on_bytes(*this, pending_, now);
    pending_.erase(0, used);
  }
}

void link::mark() {
  if (dirty_ || writing_ || !open_) return;
  dirty_ = true;
  shard_.mark_dirty(*this);
}

void link::flush() {
  dirty_ = false;
  if (writing_ || out_.empty() || !open_) return;
  in_flight_.swap(out_);
  out_.clear();
  writing_ = true;
  asio::async_write(socket_, asio::buffer(in_flight_), [this](const std::error_code& ec, std::size_t) {
    writing_ = false;
    in_flight_.clear();
    if (ec) {
      closed(ec, "write");
      return;
    }
    if (!out_.empty()) flush();
  });
}

void link::send_last_and_close(std::string_view bytes) {
  if (open_ && !bytes.empty()) {
    std::error_code ignored;
    socket_.write_some(asio::buffer(bytes), ignored);  // a few bytes: the socket buffer takes them
  }
  close();
}

void link::close() {
  open_ = false;
  std::error_code ignored;
  socket_.close(ignored);
}

void link::closed(const std::error_code& ec, const char* where) {
  if (!open_) return;  // closed on purpose
  close();
  shard_.on_link_closed(
      *this, std::string(where) + ": " + (ec == asio::error::eof ? std::string("closed by the server") : ec.message()));
}

}  // namespace charla::bench
