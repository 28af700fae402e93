#pragma once
// The speakers, one file each.

#include <memory>

#include "bench/speaker.hpp"

namespace charla::bench {

std::unique_ptr<speaker> make_charla_speaker(shard& owner, target t);
std::unique_ptr<speaker> make_legacy_speaker(shard& owner);
std::unique_ptr<speaker> make_redis_speaker(shard& owner);
std::unique_ptr<speaker> make_nats_speaker(shard& owner);
std::unique_ptr<speaker> make_ws_speaker(shard& owner);

inline std::unique_ptr<speaker> make_speaker(target t, shard& owner) {
  switch (t) {
    case target::charla:
    case target::charla_ws:
    case target::charla_mixed:
      return make_charla_speaker(owner, t);
    case target::legacy:
      return make_legacy_speaker(owner);
    case target::redis:
      return make_redis_speaker(owner);
    case target::nats:
      return make_nats_speaker(owner);
    case target::ws:
      return make_ws_speaker(owner);
  }
  return nullptr;
}

}  // namespace charla::bench
