#include "app/web_pages.hpp"

#include <charla/assets/assets.hpp>
#include <charla/web/web.hpp>

namespace charla::app {
namespace {

template <typename Blob>
std::string_view view(const Blob& b) {
  return {reinterpret_cast<const char*>(b.data), b.size};
}

}  // namespace

void add_web_pages(net::server_config& config) {
  if (!config.web || !config.web_pages.empty()) return;
  auto add = [&](const char* path, const char* type, std::string_view body) {
    if (!body.empty()) config.web_pages[path] = net::ws::page{type, body};
  };
  add("/", "text/html; charset=utf-8", view(web::index_html()));
  add("/app.js", "text/javascript; charset=utf-8", view(web::app_js()));
  add("/app.css", "text/css; charset=utf-8", view(web::app_css()));
  add("/favicon.ico", "image/png", view(assets::icon_32()));
}

}  // namespace charla::app
