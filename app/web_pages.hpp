#pragma once
// The files the host serves to browsers (web/, carried in the binary), as
// the server's pages: path → content type and bytes.

#include "net/server.hpp"

namespace charla::app {

// Fills config.web_pages when the web is on and no pages are set yet.
void add_web_pages(net::server_config& config);

}  // namespace charla::app
