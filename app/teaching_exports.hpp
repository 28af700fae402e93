#pragma once
// Saving what happened in a room from the window: the history as plain text
// and as JSON lines (the host's --transcript format, written by net's own
// encoder), and the attendance list; into the user's documents folder.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ui/i18n.hpp"
#include "ui/message.hpp"

namespace charla::app {

// Local "YYYY-MM-DD HH:MM:SS" of a Unix time in milliseconds.
std::string local_date_time(std::int64_t unix_ms);

// "Room “Aula 3” · history saved on 2025-03-04 10:02:11", then one line per
// message, "[10:02:11] Ana: Hola", continuation lines indented.
std::string history_text(const std::vector<ui::message>& rows, const std::string& room, std::int64_t now_ms,
                         ui::language lang);

// One transcript line per message the room confirmed, as `charla host
// --transcript` writes them (without the session, which only the server
// knows): a host started with `--transcript` on this file continues it.
std::string history_json_lines(const std::vector<ui::message>& rows);

// "charla-Aula_3-2025-03-04-100211": a file name without odd characters.
std::string file_stem(const std::string& room, std::int64_t now_ms);

// Writes content to dir/name (creating dir; "name-2.ext" and so on when
// the name is taken), through a temporary file and a rename. Returns the
// path written, or an empty path with the reason (the system's words) in
// *error; nothing half-written is left behind.
std::filesystem::path save_file(const std::filesystem::path& dir, const std::string& name, const std::string& content,
                                std::string* error);

}  // namespace charla::app
