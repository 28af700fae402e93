#include "app/settings.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include "app/platform/platform.hpp"
#include "ui/zoom.hpp"

namespace charla::app {

namespace {

// Values are one line each: backslash, newline, CR and tab are escaped.
std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    switch (s[++i]) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      default:
        out += s[i];
    }
  }
  return out;
}

std::vector<std::string_view> split_tabs(std::string_view s) {
  std::vector<std::string_view> out;
  for (;;) {
    auto tab = s.find('\t');
    out.push_back(s.substr(0, tab));
    if (tab == std::string_view::npos) break;
    s.remove_prefix(tab + 1);
  }
  return out;
}

template <class T>
std::optional<T> number(std::string_view s) {
  T value{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return value;
}

void apply(settings& s, std::string_view key, std::string_view value) {
  if (key == "name") {
    s.name = unescape(value);
  } else if (key == "recent") {
    auto f = split_tabs(value);
    if (f.size() != 4) return;
    auto port = number<unsigned>(f[1]);
    if (!port || *port == 0 || *port > 65535) return;
    s.recent.push_back({unescape(f[0]), static_cast<std::uint16_t>(*port), unescape(f[2]), unescape(f[3])});
  } else if (key == "host_port") {
    if (auto p = number<unsigned>(value); p && *p > 0 && *p <= 65535) s.host_port = static_cast<std::uint16_t>(*p);
  } else if (key == "room") {
    s.room = unescape(value);
  } else if (key == "zoom") {
    if (auto z = number<float>(value)) s.zoom = ui::clamp_zoom(*z);
  } else if (key == "theme") {
    if (auto t = ui::parse_theme(value)) s.look = *t;
  } else if (key == "language") {
    s.lang = ui::parse_language(value);
  } else if (key == "inspector") {
    s.inspector = value == "1";
  } else if (key == "window") {
    auto f = split_tabs(value);
    if (f.size() != 6) return;
    auto x = number<int>(f[0]);
    auto y = number<int>(f[1]);
    auto w = number<int>(f[2]);
    auto h = number<int>(f[3]);
    if (!x || !y || !w || !h || *w < 200 || *h < 150 || *w > 16384 || *h > 16384) return;
    s.window = {*x, *y, f[4] == "1", *w, *h, f[5] == "1"};
  }
}

}  // namespace

settings load_settings(const std::filesystem::path& dir) {
  settings s;
  if (dir.empty()) return s;
  std::ifstream in(dir / "settings.ini");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    apply(s, std::string_view(line).substr(0, eq), std::string_view(line).substr(eq + 1));
  }
  return s;
}

bool save_settings(const settings& s, const std::filesystem::path& dir, std::string* error) {
  auto fail = [&](const std::string& why) {
    if (error != nullptr) *error = why;
    return false;
  };
  if (dir.empty()) return fail("no configuration directory (neither XDG_CONFIG_HOME nor HOME is set)");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail("cannot create " + platform::utf8(dir) + ": " + ec.message());

  std::ostringstream out;
  out << "# charla settings\n";
  out << "name=" << escape(s.name) << '\n';
  for (const ui::recent_room& r : s.recent) {
    out << "recent=" << escape(r.address) << '\t' << r.port << '\t' << escape(r.room) << '\t' << escape(r.pin) << '\n';
  }
  out << "host_port=" << s.host_port << '\n';
  out << "room=" << escape(s.room) << '\n';
  out << "zoom=" << s.zoom << '\n';
  out << "theme=" << ui::theme_code(s.look) << '\n';
  if (s.lang) out << "language=" << ui::language_code(*s.lang) << '\n';
  if (s.inspector) out << "inspector=1\n";
  const window_geometry& w = s.window;
  out << "window=" << w.x << '\t' << w.y << '\t' << w.width << '\t' << w.height << '\t' << (w.has_position ? 1 : 0)
      << '\t' << (w.maximized ? 1 : 0) << '\n';

  const auto target = dir / "settings.ini";
  const auto temp = dir / ("settings.ini.tmp" + std::to_string(platform::process_id()));
  {
    std::ofstream file(temp, std::ios::trunc);
    file << out.str();
    file.flush();
    if (!file) return fail("cannot write " + platform::utf8(temp));
  }
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    return fail("cannot replace " + platform::utf8(target));
  }
  return true;
}

std::filesystem::path imgui_ini_path(const std::filesystem::path& dir) {
  if (dir.empty()) return {};
  return dir / "imgui.ini";
}

}  // namespace charla::app
