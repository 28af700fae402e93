#pragma once
// The machine's addresses students can type: every non-loopback IPv4.

#include <string>
#include <vector>

namespace charla::net {

std::vector<std::string> local_ipv4_addresses();

}  // namespace charla::net
