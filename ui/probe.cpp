#include "ui/probe.hpp"

namespace charla::ui {

namespace {

probe_sink* active_sink = nullptr;

}  // namespace

void set_probe_sink(probe_sink* sink) {
  active_sink = sink;
}

void probe(const char* name) {
  if (active_sink == nullptr) return;
  (*active_sink)[name] = probe_rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
}

void probe(const std::string& name) {
  probe(name.c_str());
}

}  // namespace charla::ui
