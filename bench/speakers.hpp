#pragma once
// The speakers, one file each.

#include <memory>

#include "bench/speaker.hpp"

namespace charla::bench {

std::unique_ptr<speaker> make_charla_speaker(shard& owner);
std::unique_ptr<speaker> make_legacy_speaker(shard& owner);
std::unique_ptr<speaker> make_redis_speaker(shard& owner);
std::unique_ptr<speaker> make_nats_speaker(shard& owner);

inline std::unique_ptr<speaker> make_speaker(target t, shard& owner) {
  switch (t) {
    case target::charla:
      return make_charla_speaker(owner);
    case target::legacy:
      return make_legacy_speaker(owner);
    case target::redis:
      return make_redis_speaker(owner);
    case target::nats:
      return make_nats_speaker(owner);
  }
  return nullptr;
}

}  // namespace charla::bench
