#include "ui/i18n.hpp"

#include <array>
#include <cstdlib>

namespace charla::ui {

namespace {

using enum text_id;

// Kept in enum order; a static_assert below and a test check it.
constexpr translation<text_id> table[] = {
    {start_tagline, "Chat para la clase: crea una sala o únete a una.", "A classroom chat: host a room or join one."},
    {your_name, "Tu nombre", "Your name"},
    {name_hint, "Así te verán los demás", "How others will see you"},
    {host_heading, "Crear una sala", "Host a room"},
    {host_explain, "Para el profesor: este ordenador será la sala.", "For the teacher: this computer runs the room."},
    {port, "Puerto", "Port"},
    {room_name, "Nombre de la sala", "Room name"},
    {room_name_hint, "Por ejemplo: Redes 2ºB", "For example: Networks 2B"},
    {pin_optional, "PIN (opcional)", "PIN (optional)"},
    {host_button, "Crear sala", "Host"},
    {join_heading, "Unirse a una sala", "Join a room"},
    {join_explain, "Escribe la dirección que muestra el proyector.", "Type the address shown on the projector."},
    {address, "Dirección", "Address"},
    {address_hint, "Por ejemplo: 192.168.1.20", "For example: 192.168.1.20"},
    {pin, "PIN", "PIN"},
    {join_button, "Unirse", "Join"},
    {recent_rooms, "Salas recientes", "Recent rooms"},
    {no_recent_rooms, "Aquí aparecerán las salas en las que entres.", "Rooms you join will appear here."},
    {forget, "Olvidar", "Forget"},
    {connecting, "Conectando…", "Connecting…"},
    {starting_room, "Creando la sala…", "Starting the room…"},
    {cancel, "Cancelar", "Cancel"},

    {err_name_empty, "Escribe tu nombre.", "Type your name."},
    {err_name_long, "El nombre puede tener como mucho 32 caracteres.", "A name can have at most 32 characters."},
    {err_name_control, "El nombre no puede llevar tabuladores ni saltos de línea.",
     "A name cannot contain tabs or line breaks."},
    {err_port, "El puerto es un número del 1 al 65535.", "The port is a number from 1 to 65535."},
    {err_address_empty, "Escribe la dirección que muestra el proyector.", "Type the address shown on the projector."},
    {err_pin, "El PIN puede tener como mucho 32 caracteres, sin espacios.",
     "The PIN can have at most 32 characters, without spaces."},

    {err_refused, "Nadie responde en %s. Comprueba la dirección y el puerto, y que la sala esté creada.",
     "Nobody answers at %s. Check the address and the port, and that the room has been created."},
    {err_timed_out, "%s no contesta. Comprueba que estás en la misma red (wifi) que el proyector.",
     "%s does not answer. Check that you are on the same network (Wi-Fi) as the projector."},
    {err_name_taken, "Ya hay alguien llamado «%s» en la sala. Elige otro nombre.",
     "Someone called “%s” is already in the room. Choose another name."},
    {err_bad_pin, "El PIN no es correcto. Pide el PIN al profesor y escríbelo otra vez.",
     "The PIN is not right. Ask the teacher for the PIN and type it again."},
    {err_pin_required, "Esta sala pide un PIN. Escríbelo en la casilla PIN y vuelve a intentarlo.",
     "This room needs a PIN. Type it in the PIN box and try again."},
    {err_port_in_use,
     "El puerto %s ya está en uso en este ordenador. Elige otro (por ejemplo 5001) o cierra el programa que lo usa.",
     "Port %s is already in use on this computer. Choose another one (for example 5001) or close the program using "
     "it."},
    {err_address_not_found, "No se encuentra «%s». Revisa que la dirección esté bien escrita.",
     "“%s” cannot be found. Check that the address is typed correctly."},
    {err_server_full, "La sala está llena. Avisa al profesor.", "The room is full. Tell the teacher."},
    {err_cannot_host, "La sala no pudo empezar: %s", "The room could not start: %s"},
    {err_other, "No se pudo conectar: %s", "Could not connect: %s"},

    {menu_room, "Sala", "Room"},
    {menu_leave, "Salir de la sala", "Leave the room"},
    {menu_view, "Ver", "View"},
    {zoom_in, "Ampliar", "Zoom in"},
    {zoom_out, "Reducir", "Zoom out"},
    {zoom_reset, "Tamaño normal", "Actual size"},
    {zoom_level, "Tamaño: %d %%", "Size: %d %%"},
    {full_screen, "Pantalla completa", "Full screen"},
    {theme_light, "Tema claro (proyector)", "Light theme (projector)"},
    {theme_dark, "Tema oscuro", "Dark theme"},
    {menu_language, "Idioma", "Language"},
    {show_participants, "Participantes", "Participants"},
    {show_join_card, "Tarjeta para unirse", "Join card"},
    {show_host_panel, "Panel del servidor", "Server panel"},

    {you, "tú", "you"},
    {sending, "enviando…", "sending…"},
    {not_sent, "no enviado", "not sent"},
    {copy, "Copiar", "Copy"},
    {copy_with_author, "Copiar con autor y hora", "Copy with author and time"},
    {new_messages_one, "↓ 1 mensaje nuevo", "↓ 1 new message"},
    {new_messages_many, "↓ %d mensajes nuevos", "↓ %d new messages"},
    {unread_marker, "No leídos", "Unread"},
    {older_hidden, "Los %d mensajes más antiguos no se muestran.", "The %d oldest messages are not shown."},
    {empty_history, "Todavía no hay mensajes. ¡Saluda!", "No messages yet. Say hello!"},
    {joined, "%s ha entrado", "%s joined"},
    {joined_legacy, "%s ha entrado (versión antigua)", "%s joined (old version)"},
    {left_closed, "%s ha salido", "%s left"},
    {left_timeout, "%s ha perdido la conexión", "%s lost the connection"},
    {left_kicked, "%s ha sido expulsado de la sala", "%s was removed from the room"},
    {left_slow, "%s ha salido: su conexión era demasiado lenta", "%s left: the connection was too slow"},
    {note_joined_room, "Estás en la sala «%s».", "You are in the room “%s”."},
    {note_connection_lost, "Se ha perdido la conexión. Lo que escribas se enviará al volver.",
     "The connection was lost. What you type will be sent when it is back."},
    {note_reconnected, "Conexión recuperada.", "Connection restored."},
    {note_history_gap, "Faltan mensajes anteriores: la sala ya no los guarda.",
     "Some earlier messages are missing: the room no longer keeps them."},
    {note_kicked, "El profesor te ha sacado de la sala.", "The host removed you from the room."},
    {note_kicked_reason, "El profesor te ha sacado de la sala: «%s».", "The host removed you from the room: “%s”."},
    {note_error, "Aviso de la sala: %s", "Notice from the room: %s"},
    {note_not_sent_muted, "Tu mensaje no se ha enviado: ahora mismo el profesor no deja escribir.",
     "Your message was not sent: the host is not letting you write right now."},
    {note_not_sent_too_large, "Tu mensaje no se ha enviado: es demasiado largo para esta sala. Divídelo en partes.",
     "Your message was not sent: it is too long for this room. Split it into parts."},
    {note_not_sent_other, "Tu mensaje no se ha enviado (%s).", "Your message was not sent (%s)."},
    {note_room_created, "Sala creada. Los alumnos se unen con la dirección de la tarjeta.",
     "Room created. Students join with the address on the card."},

    {composer_hint, "Escribe un mensaje… (Intro envía, Mayús+Intro: nueva línea)",
     "Type a message… (Enter sends, Shift+Enter: new line)"},
    {send, "Enviar", "Send"},
    {byte_counter, "%d / %d bytes", "%d / %d bytes"},
    {too_long, "Demasiado largo: quita %d bytes.", "Too long: remove %d bytes."},

    {participants, "Participantes", "Participants"},
    {legacy_client, "versión antigua", "old version"},
    {members_unknown, "Esta sala no publica la lista de participantes.",
     "This room does not share its list of participants."},

    {st_idle, "Sin conexión", "Not connected"},
    {st_connecting, "Conectando…", "Connecting…"},
    {st_connected, "Conectado", "Connected"},
    {st_quiet, "Conectado · el anfitrión no responde…", "Connected · no word from the host…"},
    {st_reconnecting_in, "Reconectando en %d s…", "Reconnecting in %d s…"},
    {st_reconnecting, "Reconectando…", "Reconnecting…"},
    {st_failed, "Desconectado", "Disconnected"},
    {members_one, "1 participante", "1 participant"},
    {members_many, "%d participantes", "%d participants"},
    {room_label, "Sala «%s»", "Room “%s”"},

    {host_panel, "Servidor", "Server"},
    {counters, "Contadores", "Counters"},
    {counter_connections, "Conexiones", "Connections"},
    {counter_participants, "Participantes", "Participants"},
    {counter_messages, "Mensajes", "Messages"},
    {counter_rate, "Mensajes por segundo", "Messages per second"},
    {counter_bytes_in, "Recibido", "Received"},
    {counter_bytes_out, "Enviado", "Sent"},
    {server_log, "Registro", "Log"},
    {kick, "Expulsar", "Kick"},
    {kick_confirm, "¿Sacar a %s de la sala?", "Remove %s from the room?"},
    {kick_yes, "Sí, expulsar", "Yes, kick"},
    {kick_reason, "Motivo (opcional, lo verá):", "Reason (optional, they will see it):"},
    {mute, "Silenciar", "Mute"},
    {unmute, "Dar voz", "Unmute"},
    {muted_tag, "silenciado", "muted"},
    {menu_read_only, "Solo yo puedo escribir", "Only I can write"},

    {card_title, "Únete a la sala", "Join the room"},
    {card_steps, "Abre charla, pulsa «Unirse» y escribe:", "Open charla, click “Join” and type:"},
    {card_no_address, "Este ordenador no tiene dirección de red. ¿Está conectado a la wifi?",
     "This computer has no network address. Is it connected to the network?"},
    {card_hide, "Ocultar", "Hide"},
    {card_steps_qr, "Escanea el QR con el móvil, o abre charla, pulsa «Unirse» y escribe:",
     "Scan the QR code with a phone, or open charla, click “Join” and type:"},
    {card_qr_full_screen, "Mostrar QR a pantalla completa", "Show QR full screen"},
    {card_qr_tip, "Clic: a pantalla completa", "Click: full screen"},
    {qr_close_hint, "Esc o clic para volver", "Esc or click to go back"},
};

static_assert(in_enum_order(table), "i18n table must list every text_id once, in enum order");

}  // namespace

const char* tr(language lang, text_id id) {
  return lookup(table, lang, id);
}

language language_from_locale(std::string_view value) {
  if (value.size() >= 2 && (value[0] == 'e' || value[0] == 'E') && (value[1] == 's' || value[1] == 'S') &&
      (value.size() == 2 || value[2] == '_' || value[2] == '-' || value[2] == '.' || value[2] == '@')) {
    return language::es;
  }
  return language::en;
}

language language_from_environment() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(name);
    if (v != nullptr && *v != '\0') return language_from_locale(v);
  }
  return language::en;
}

std::string_view language_code(language lang) {
  return lang == language::es ? "es" : "en";
}

std::optional<language> parse_language(std::string_view code) {
  if (code == "es") return language::es;
  if (code == "en") return language::en;
  return std::nullopt;
}

const char* language_name(language lang) {
  return lang == language::es ? "Español" : "English";
}

}  // namespace charla::ui
