#!/usr/bin/env python3
"""Writes charla(1) from the program's own help, so the page and
`charla --help`, `charla host --help` and `charla join --help` cannot
disagree: every option line of the help becomes an entry of the page, with
the same words. The prose around them (description, files, exit status,
examples) is written here.

    make-manpage.py CHARLA_BINARY OUTPUT [--date YYYY-MM-DD]
"""
import datetime
import os
import re
import subprocess
import sys

# "  --max-object BYTES    text" or "  charla host [options]   text"
ENTRY = re.compile(r"^  (\S(?:.*?\S)?)(?: {2,}(\S.*))?$")
CONTINUATION = re.compile(r"^ {20,}(\S.*)$")


def esc(text):
    """Escapes text for roff: backslashes, hyphens of options, leading dots."""
    text = text.replace("\\", "\\e")
    text = re.sub(r"-", r"\\-", text)
    text = text.replace("`", "\\(ga").replace("'", "\\(aq")
    if text.startswith(".") or text.startswith("'"):
        text = "\\&" + text
    return text


def term(spec):
    """`--port P` -> bold option, italic argument; `HOST[:PORT]` italic."""
    out = []
    for word in spec.split(" "):
        if word.startswith("-") or word == "charla" or word in ("host", "join"):
            out.append("\\fB" + esc(word) + "\\fR")
        elif word.startswith("[") and word.endswith("]") and word[1:-1].islower():
            out.append("[\\fI" + esc(word[1:-1]) + "\\fR]")
        else:
            out.append("\\fI" + esc(word) + "\\fR")
    return " ".join(out)


def run(binary, *args):
    done = subprocess.run([binary, *args], capture_output=True, text=True, timeout=10, check=True)
    return done.stdout


def help_to_roff(text, skip_first_line=True):
    """One help text as roff: entries as .TP, "Title:" lines as .SS,
    indented lines that are not entries one per line, other lines as
    paragraphs."""
    lines = text.rstrip("\n").split("\n")
    if skip_first_line:
        lines = lines[1:]
    out = []
    entries = []  # [spec, description]
    verbatim = False
    paragraph = []

    def flush_entries():
        for spec, desc in entries:
            out.append(".TP")
            out.append(term(spec))
            out.append(esc(desc) if desc else "")
        entries.clear()

    def flush_paragraph():
        if paragraph:
            out.append(".PP")
            out.append(esc(" ".join(paragraph)))
            paragraph.clear()

    for line in lines:
        if not line.strip():
            flush_entries()
            flush_paragraph()
            verbatim = False
            continue
        if not line.startswith(" ") and line.endswith(":"):
            flush_entries()
            flush_paragraph()
            out.append(".SS " + esc(line[:-1]))
            continue
        if verbatim:
            if not line.startswith("    "):  # deeper: the item goes on
                out.append(".br")
            out.append(esc(line.strip()))
            continue
        cont = CONTINUATION.match(line)
        if cont and entries:
            sep = " " if entries[-1][1] else ""
            entries[-1][1] += sep + cont.group(1)
            continue
        entry = ENTRY.match(line)
        if entry and (entry.group(1).startswith("-") or entry.group(1).startswith("charla")):
            entries.append([entry.group(1), entry.group(2) or ""])
            continue
        if line.startswith("  "):
            # Indented lines that are not options: one line of a list, each
            # starting a line of the page as in the help.
            flush_entries()
            flush_paragraph()
            out.append(".PP")
            out.append(esc(line.strip()))
            verbatim = True
            continue
        paragraph.append(line.strip())
    flush_entries()
    flush_paragraph()
    return "\n".join(x for x in out if x != "")


PROSE_TOP = r"""
.SH NAME
charla \- a classroom chat: host a room for the class, or join one
.SH SYNOPSIS
.B charla
.br
.B charla host
.RI [ options ]
.br
.B charla join
.IR HOST [: PORT ]
.B \-\-name
.I NAME
.RI [ options ]
.br
.B charla \-\-version
.SH DESCRIPTION
The teacher starts a room with \fBcharla host\fR (or clicks \fBHost\fR in
the window) on the computer connected to the projector; the window shows
every address of that computer on the school network, the port and the
PIN. Students start \fBcharla\fR, type that address, and click \fBJoin\fR,
or run \fBcharla join\fR. Everything travels on the local network: no
account and no internet are needed.
.PP
Without arguments \fBcharla\fR opens its window. \fBcharla host\fR and
\fBcharla join\fR open the window already hosting or joining; with
\fB\-\-headless\fR they run in the terminal instead.
.PP
The host listens on TCP port 5000 of every network by default. On a
computer with a firewall, allow that port for the students' computers to
reach it.
.SH COMMANDS
"""

PROSE_BOTTOM = r"""
.SH FILES
.TP
.I $XDG_CONFIG_HOME/charla/settings.ini
(or \fI~/.config/charla/settings.ini\fR) the name, the recent rooms, the
zoom, the theme, the language and the window's size and place. charla never
writes into the current folder.
.TP
.I XDG_DOCUMENTS_DIR
where the window saves the history and the attendance list (the home folder
when there is no documents folder); a sentence in the window says where
each file went.
.SH SIGNALS
.TP
.B SIGINT, SIGTERM
\fBcharla host \-\-headless\fR closes every connection and exits 0.
.TP
.B SIGUSR1
\fBcharla host \-\-headless\fR prints its counters.
.SH EXIT STATUS
.TP
.B 0
normal end.
.TP
.B 1
the room could not start (for example, the port is taken), or a headless
participant could not join.
.TP
.B 2
a mistake on the command line; a sentence on standard error says which.
.SH EXAMPLES
.TP
.B charla host \-\-headless \-\-room \(dqAula 3\(dq
a room without a window, its log on the terminal.
.TP
.B charla join 192.168.1.20:5000 \-\-name Ana
the window, already joining the room on 192.168.1.20.
.TP
.B echo hola | charla join 127.0.0.1 \-\-name Bo \-\-headless
sends one message to a room on this computer and prints what it sees.
.SH SEE ALSO
The protocol and its limits:
.IR /usr/share/doc/charla/PROTOCOL.md.gz .
"""


def main():
    args = sys.argv[1:]
    date = None
    if "--date" in args:
        i = args.index("--date")
        date = args[i + 1]
        del args[i : i + 2]
    if len(args) != 2:
        sys.exit("usage: make-manpage.py CHARLA_BINARY OUTPUT [--date YYYY-MM-DD]")
    binary, output = args
    if date is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        when = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch else datetime.datetime.now(datetime.timezone.utc)
        date = when.strftime("%Y-%m-%d")
    version = run(binary, "--version").split()[-1]
    general = run(binary, "--help")
    host = run(binary, "host", "--help")
    join = run(binary, "join", "--help")

    page = [
        '.\\" Generated from the output of charla --help, charla host --help and',
        '.\\" charla join --help by packaging/linux/make-manpage.py.',
        '.TH CHARLA 1 "%s" "charla %s" "User Commands"' % (date, version),
        PROSE_TOP.strip(),
        help_to_roff(general),
        ".SH HOST OPTIONS",
        ".PP",
        esc(host.split("\n", 1)[0]),
        help_to_roff(host),
        ".SH JOIN OPTIONS",
        ".PP",
        esc(join.split("\n", 1)[0]),
        help_to_roff(join),
        PROSE_BOTTOM.strip(),
    ]
    with open(output, "w", encoding="utf-8") as f:
        f.write("\n".join(page) + "\n")


if __name__ == "__main__":
    main()
