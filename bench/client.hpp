#pragma once
// A simulated participant: its links and its bookkeeping as a receiver
// (what it got from each sender) and, for senders, as a sender.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <asio/ip/address_v4.hpp>

#include "bench/link.hpp"

namespace charla::bench {

struct client {
  std::uint32_t index = 0;  // global, 0..clients-1; senders are 0..senders-1
  bool sender = false;
  std::string name;             // "b<index>-<run tag>"
  std::string session;          // charla v1: 32 hex digits, unique per run
  asio::ip::address_v4 source;  // bind address (legacy clients), else unspecified

  std::unique_ptr<link> reader;  // what the server sends arrives here
  std::unique_ptr<link> writer;  // where messages go; null when `reader` does both

  // Setup.
  bool ready = false;
  bool failed = false;
  int steps = 0;  // speaker-defined setup progress
  bool probed = false;

  // Receiving: the next sequence number expected from each sender.
  std::vector<std::uint32_t> next_from;

  // Sending.
  std::uint64_t sent = 0;
  std::uint64_t acked = 0;           // receipts: own echo, or (legacy) another client's copy
  bool finished = false;             // sent all its --messages
  double phase = 0;                  // offset of this sender's schedule, in messages
  std::uint32_t receipt_client = 0;  // whose deliveries count as this sender's receipts

  link& out_link() { return writer ? *writer : *reader; }
};

}  // namespace charla::bench
