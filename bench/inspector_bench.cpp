// What the wire inspector costs: a room on loopback (the app's room_session:
// server plus the host's own participant), K more participants, and the
// host's UI drawn headless at the window's 60 frames per second, through
// the app's own wiring. Three modes, interleaved over several runs:
//
//   without  no teaching_mode at all (the app as it was before it)
//   hidden   teaching_mode wired in, inspector hidden: no tap is set
//   shown    inspector shown on the host's own channels (every object is
//            tapped, copied, classified, kept and the panel drawn)
//
// Each run has two phases:
//   burst   N messages sent at once: messages per second through the room
//           (first send to the host seeing the last one) and process CPU
//           per message (all threads);
//   steady  a classroom's pace (M messages per second for S seconds): UI
//           frame CPU time (drain the events and build the frame, on the UI
//           thread's CPU clock; headless ImGui, so no GPU work; that differs
//           only by the panel's extra triangles).
// It also counts the wire events that reached the UI.
//
//   charla_inspector_bench [--messages N] [--senders K] [--rate M]
//                          [--seconds S] [--runs R] [--quick]
//
// Exit status 1 when the hidden inspector captured anything, the shown one
// missed a message, or a run did not finish: the "costs nothing when hidden"
// claim, checked; the timings are reported, never judged.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <imgui.h>

#include "app/network_thread.hpp"
#include "app/room_session.hpp"
#include "app/teaching_mode.hpp"
#include "app/ui_bridge.hpp"
#include "net/client.hpp"
#include "ui/font_set.hpp"
#include "ui/theme.hpp"
#include "ui/view.hpp"

namespace {

using namespace charla;
using clock_type = std::chrono::steady_clock;

enum class mode { without, hidden, shown };
const char* name_of(mode m) {
  return m == mode::without ? "without" : m == mode::hidden ? "hidden" : "shown";
}

struct options {
  int messages = 20000;
  int senders = 4;
  int rate = 100;
  int seconds = 4;
  int runs = 3;
};

struct result {
  bool finished = false;
  double messages_per_s = 0;
  double process_cpu_us_per_message = 0;
  std::vector<double> frame_cpu_ms;  // steady phase
  std::size_t wire_events = 0;
  std::uint64_t messages = 0;  // both phases
};

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double process_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// A headless ImGui context with the app's fonts, theme and a window's size.
class headless_ui {
 public:
  headless_ui() {
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    io.MousePos = ImVec2(-1, -1);
    fonts_ = ui::load_fonts(*io.Fonts, 1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ImGuiStyle style;
    ui::apply_theme(ui::theme::light, style);
    ImGui::GetStyle() = style;
  }
  ~headless_ui() { ImGui::DestroyContext(ctx_); }
  const ui::font_set& fonts() const { return fonts_; }

 private:
  ImGuiContext* ctx_;
  ui::font_set fonts_;
};

result run_once(mode m, const options& o) {
  result r;
  headless_ui imgui;
  ui::view v;
  v.prefs.lang = ui::language::en;
  v.prefs.fonts = &imgui.fonts();
  app::ui_bridge bridge;
  std::optional<app::teaching_mode> teaching;
  if (m != mode::without) teaching.emplace();
  if (m == mode::shown) v.teach.show_inspector = true;

  std::mutex mu;
  std::condition_variable woken;
  bool pending = false;
  app::room_session session([&] {
    std::lock_guard lock(mu);
    pending = true;
    woken.notify_all();
  });
  if (teaching) teaching->sync(v, session, now_ms());

  net::server_config cfg;
  cfg.bind_address = "127.0.0.1";
  cfg.port = 0;
  cfg.room = "bench";
  cfg.limits.rate = 0;  // as fast as the room takes them
  cfg.limits.max_queue = 64 * 1024 * 1024;
  v.model.set_self("Host");
  v.start.busy = ui::start_action::hosting;
  if (auto error = session.host(cfg, "Host")) {
    std::fprintf(stderr, "cannot host: %s\n", error->sentence.c_str());
    return r;
  }
  v.model.start_hosting(ui::join_card{{"127.0.0.1"}, session.port(), {}, cfg.room});

  bool measuring = false;
  std::function<void()> before_frame;
  auto frame = [&] {
    const double cpu0 = thread_cpu_ms();
    if (before_frame) before_frame();
    for (auto& e : session.take_events()) {
      if (auto* ce = std::get_if<net::client_event>(&e)) {
        if (teaching) teaching->on_client_event(v, *ce, now_ms());
        bridge.apply(v, *ce, now_ms());
      } else if (auto* w = std::get_if<net::wire_event>(&e)) {
        ++r.wire_events;
        if (teaching) teaching->on_wire(v, *w);
      } else if (auto* l = std::get_if<net::log_entry>(&e)) {
        bridge.apply(v, *l);
      }
    }
    ImGui::NewFrame();
    auto intent = ui::draw(v);
    (void)intent;
    ImGui::Render();
    if (teaching) teaching->sync(v, session, now_ms());
    if (measuring) r.frame_cpu_ms.push_back(thread_cpu_ms() - cpu0);
  };
  // The window's pace: a frame when something happened (or is due), at
  // most 60 a second.
  auto pump = [&](const std::function<bool()>& done, std::chrono::seconds deadline) {
    const auto end = clock_type::now() + deadline;
    auto next = clock_type::now();
    while (!done()) {
      if (clock_type::now() > end) return false;
      {
        std::unique_lock lock(mu);
        woken.wait_until(lock, before_frame ? next : end, [&] { return pending; });
        pending = false;
      }
      std::this_thread::sleep_until(next);  // frame pacing, as the window does
      next = clock_type::now() + std::chrono::microseconds(16667);
      frame();
    }
    return true;
  };

  app::network_thread others_net;
  std::vector<std::shared_ptr<net::client>> senders;
  for (int i = 0; i < o.senders; ++i) {
    net::client_config c;
    c.host = "127.0.0.1";
    c.port = session.port();
    c.name = "P" + std::to_string(i + 1);
    senders.push_back(net::client::create(others_net.io(), c, [](net::client_event) {}));
    senders.back()->start();
  }
  if (!pump([&] { return v.model.members().size() == static_cast<std::size_t>(o.senders) + 1; },
            std::chrono::seconds(30))) {
    std::fprintf(stderr, "%s: participants did not all arrive\n", name_of(m));
    return r;
  }
  const std::string text = ": the quick brown fox jumps over the lazy dog";
  std::uint64_t sent = 0;
  auto send_one = [&] {
    senders[static_cast<std::size_t>(sent % senders.size())]->send("message " + std::to_string(sent) + text);
    ++sent;
  };
  const std::uint64_t first = v.model.last_id();
  auto all_arrived = [&] { return v.model.last_id() >= first + sent; };

  // Burst: everything at once.
  const auto t0 = clock_type::now();
  const double cpu0 = process_cpu_s();
  for (int i = 0; i < o.messages; ++i) send_one();
  r.finished = pump(all_arrived, std::chrono::seconds(300));
  r.messages_per_s = o.messages / std::chrono::duration<double>(clock_type::now() - t0).count();
  r.process_cpu_us_per_message = (process_cpu_s() - cpu0) * 1e6 / o.messages;

  // Steady: a classroom's pace, frame by frame.
  const auto start = clock_type::now();
  const auto stop = start + std::chrono::seconds(o.seconds);
  const std::uint64_t steady_from = sent;
  before_frame = [&] {
    const auto now = std::min(clock_type::now(), stop);
    const double due = std::chrono::duration<double>(now - start).count() * o.rate;
    while (static_cast<double>(sent - steady_from) < due) send_one();
  };
  measuring = true;
  r.finished = pump([&] { return clock_type::now() >= stop && all_arrived(); }, std::chrono::seconds(o.seconds + 60)) &&
               r.finished;
  measuring = false;
  before_frame = nullptr;
  r.messages = sent;
  for (auto& s : senders) s->stop();
  session.leave();
  others_net.stop();
  return r;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5));
  return v[i];
}

double median(std::vector<double> v) {
  return percentile(std::move(v), 0.5);
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&] { return i + 1 < argc ? std::atoi(argv[++i]) : 0; };
    if (a == "--messages")
      o.messages = value();
    else if (a == "--senders")
      o.senders = value();
    else if (a == "--rate")
      o.rate = value();
    else if (a == "--seconds")
      o.seconds = value();
    else if (a == "--runs")
      o.runs = value();
    else if (a == "--quick")
      o = options{1000, 2, 50, 1, 1};
    else {
      std::fprintf(stderr,
                   "usage: charla_inspector_bench [--messages N] [--senders K] [--rate M] "
                   "[--seconds S] [--runs R] [--quick]\n");
      return 2;
    }
  }
  if (o.messages < 1 || o.senders < 1 || o.rate < 1 || o.seconds < 1 || o.runs < 1) {
    std::fprintf(stderr, "charla_inspector_bench: every option takes a number from 1 up\n");
    return 2;
  }
  std::printf(
      "charla_inspector_bench: burst of %d messages from %d participants, then %d messages/s for %d s; "
      "%d run(s) per mode; UI at 60 fps\n",
      o.messages, o.senders, o.rate, o.seconds, o.runs);

  const mode modes[] = {mode::without, mode::hidden, mode::shown};
  std::vector<result> all[3];
  for (int run = 0; run < o.runs; ++run) {
    for (int k = 0; k < 3; ++k) {
      const mode m = modes[(k + run) % 3];  // rotate the order: no mode always goes first
      all[static_cast<int>(m)].push_back(run_once(m, o));
    }
  }

  int status = 0;
  std::printf(
      "\n| mode | burst: messages/s | burst: CPU µs/message | steady: frame CPU ms mean | median | p95 | max | frames "
      "| wire events |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  for (mode m : modes) {
    const auto& results = all[static_cast<int>(m)];
    std::vector<double> rates, frames, cpu;
    std::size_t wire = 0;
    std::uint64_t messages = 0;
    for (const auto& r : results) {
      if (!r.finished) {
        std::fprintf(stderr, "%s: a run did not finish\n", name_of(m));
        status = 1;
      }
      rates.push_back(r.messages_per_s);
      frames.insert(frames.end(), r.frame_cpu_ms.begin(), r.frame_cpu_ms.end());
      cpu.push_back(r.process_cpu_us_per_message);
      wire += r.wire_events;
      messages += r.messages;
    }
    double mean = 0;
    for (double f : frames) mean += f;
    mean = frames.empty() ? 0 : mean / static_cast<double>(frames.size());
    const double max = frames.empty() ? 0.0 : *std::max_element(frames.begin(), frames.end());
    std::printf("| %s | %.0f | %.1f | %.3f | %.3f | %.3f | %.3f | %zu | %zu |\n", name_of(m), median(rates),
                median(cpu), mean, median(frames), percentile(frames, 0.95), max, frames.size(), wire);
    if (m != mode::shown && wire != 0) {
      std::fprintf(stderr, "%s: %zu wire events reached the UI; expected none\n", name_of(m), wire);
      status = 1;
    }
    // Shown on the host's own channels: at least every message's arrival.
    if (m == mode::shown && wire < messages) {
      std::fprintf(stderr, "shown: %zu wire events for %llu messages\n", wire,
                   static_cast<unsigned long long>(messages));
      status = 1;
    }
  }
  std::printf("\n(medians over runs for the burst; frame times over every steady frame of every run)\n");
  return status;
}
