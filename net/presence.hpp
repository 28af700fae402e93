#pragma once
// Who is in the room, as the room tells it: the names in use (unique
// ignoring ASCII case), the member list a welcome carries (kept encoded),
// and the join and leave events, batched.
//
// Events reach v1 seats in batches: at most `delay` after the first event
// of a batch, and always before the next message. A class joining at once
// then costs one write per reader per batch instead of one per reader per
// join (n² writes). Each participant has a cursor (the sequence number of
// the first event its welcome did not already reflect), so a participant
// welcomed during a batch gets only what came after its welcome.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <asio.hpp>

#include "net/codec.hpp"

namespace charla::net {

class presence {
 public:
  // `flush` runs when a batch is due (the room delivers it).
  presence(asio::io_context& io, std::chrono::milliseconds delay, std::function<void()> flush);
  ~presence();

  // Names. `own`: the name of the asker, which does not count against
  // itself (a participant keeping its name).
  bool name_in_use(std::string_view name, std::string_view own = {}) const;
  void rename(std::string_view from, std::string_view to);

  // The members as a welcome lists them. `rebuild` appends every present
  // member (through append_member) when a leave has made the list stale.
  const std::string& members(const std::function<void(std::string&)>& rebuild);
  void joined(const member& m);     // adds to the list and queues a join event
  void left(const leave_event& e);  // marks the list stale and queues a leave event

  // Events queued since the room opened: a welcome sent now reflects them all.
  std::uint64_t seq() const { return seq_; }

  // The events not yet delivered, taken out (a delivery that cuts a seed
  // reader queues its leave into the next batch, which must not be cleared
  // with this one).
  class batch {
   public:
    // What a participant with this cursor has not heard yet, or null.
    shared_bytes after(std::uint64_t cursor) const;

   private:
    friend class presence;
    shared_bytes whole_;
    std::vector<std::size_t> offsets_;  // where each event starts
    std::uint64_t first_ = 0, end_ = 0;
  };
  std::optional<batch> take();

  // The room closes: no names, no members, no events.
  void clear();

 private:
  void queue(std::string event);

  std::chrono::milliseconds delay_;
  std::function<void()> flush_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  // How many participants hold each name, folded to ASCII lower case: a
  // class joining at once must not cost a scan of the room per hello.
  std::unordered_map<std::string, std::size_t> names_;
  std::string members_;  // appended at each join, rebuilt at the next welcome after a leave
  bool members_stale_ = false;
  std::string batch_;                 // the batch's events, encoded back to back
  std::vector<std::size_t> offsets_;  // where each event of the batch starts
  std::uint64_t seq_ = 0;
  asio::steady_timer timer_;
  bool timer_armed_ = false;
};

}  // namespace charla::net
