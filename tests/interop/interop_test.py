#!/usr/bin/env python3
"""Interop tests: charla together with the seed system it replaces.

Real seed desktop clients and seed servers stay in use, so charla must work
with both (docs/PROTOCOL.md, "legacy" rules). These tests run the charla
executable (env CHARLA_BIN) against seed_server.py and seed_client.py, which
reproduce the seed programs on the wire, defects included.

Every 127.x.y.z address is this machine; a distinct one per participant stands
for a distinct machine, which matters because the seed server keys clients by
IP. Every wait has a deadline and every process is ended by its PID.

Run: CHARLA_BIN=build/app/charla python3 tests/interop/interop_test.py
Without CHARLA_BIN only the checks of the seed stand-ins run.

Sections:
  1. Processes: start, collect output lines, wait with a deadline, stop
  2. Participants: seed clients and charla participants, what they heard
  3. Texts: test texts, numbered parts rejoined
  4. Fixture: starting programs, waiting until everyone can hear everyone
  5. The seed stand-ins on their own (they must show the seed's defects)
  6. charla with the seed system
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED_SERVER = HERE / "seed_server.py"
SEED_CLIENT = HERE / "seed_client.py"
WEBSOCKETS_CLIENT = HERE / "websockets_client.py"
NODE_WS_CLIENT = HERE / "node_ws_client.mjs"
NODE = shutil.which("node") or "node"
# Debian's Python, which has python3-websockets (another python3 on PATH may not).
DEBIAN_PYTHON = "/usr/bin/python3"
PYTHON = sys.executable
CHARLA_BIN = os.environ.get("CHARLA_BIN", "")

STARTUP_TIMEOUT = 10.0
DELIVERY_TIMEOUT = 15.0
EXIT_TIMEOUT = 10.0
PROBE_RETRY = 1.0

# ---------------------------------------------------------------------------
# 1. Processes
# ---------------------------------------------------------------------------

# Guards every collected output line and is notified whenever one arrives, so
# a test waits for the line itself instead of sleeping.
output_changed = threading.Condition()


def wait_until(condition, timeout):
    """Waits until condition() holds; returns False if the deadline passes."""
    deadline = time.monotonic() + timeout
    with output_changed:
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            output_changed.wait(remaining)
        return True


class Process:
    """A child process whose stdout and stderr lines are collected."""

    def __init__(self, label, argv):
        self.label = label
        self.argv = [str(arg) for arg in argv]
        self.stdout_lines = []
        self.stderr_lines = []
        self.popen = subprocess.Popen(
            self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, encoding="utf-8",
            errors="backslashreplace")
        self.collectors = [
            self._collect(self.popen.stdout, self.stdout_lines),
            self._collect(self.popen.stderr, self.stderr_lines),
        ]

    @staticmethod
    def _collect(stream, lines):
        def run():
            for line in stream:
                with output_changed:
                    lines.append(line.rstrip("\n"))
                    output_changed.notify_all()
            with output_changed:
                output_changed.notify_all()
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def lines(self):
        with output_changed:
            return list(self.stdout_lines)

    def write_lines(self, texts):
        self.popen.stdin.write("".join(text + "\n" for text in texts))
        self.popen.stdin.flush()

    def close_stdin(self):
        try:
            self.popen.stdin.close()
        except BrokenPipeError:
            pass

    def wait_exit(self, timeout):
        """Returns the exit code, or None if still running at the deadline."""
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            if self.wait_exit(5.0) is None:
                self.popen.kill()
                self.popen.wait()
        self.close_stdin()
        for thread in self.collectors:
            thread.join(5.0)
        self.popen.stdout.close()
        self.popen.stderr.close()

    def transcript(self, last=40):
        with output_changed:
            out = self.stdout_lines[-last:]
            err = self.stderr_lines[-last:]
        text = [f"--- {self.label}: {' '.join(self.argv)}"]
        text += [f"  out| {line[:300]}" for line in out]
        text += [f"  err| {line[:300]}" for line in err]
        return "\n".join(text)


# ---------------------------------------------------------------------------
# 2. Participants
# ---------------------------------------------------------------------------

class SeedClient(Process):
    """seed_client.py: prints CONNECTED, MSG {...}, CORRUPT b'...'."""

    def __init__(self, name, port, source, linger=1.0):
        super().__init__(f"seed client {name}@{source}", [
            PYTHON, SEED_CLIENT, "127.0.0.1", port, "--name", name,
            "--bind", source, "--linger", linger])
        self.name = name

    def is_connected(self):
        return "CONNECTED" in self.lines()

    def messages(self):
        found = []
        for line in self.lines():
            if line.startswith("MSG "):
                message = json.loads(line[len("MSG "):])
                found.append((message["autor"], message["mensaje"]))
        return found

    def corrupt_reads(self):
        return [line for line in self.lines() if line.startswith("CORRUPT ")]


class WebSocketsClient(SeedClient):
    """websockets_client.py: a participant over WebSocket built on Debian's
    python3-websockets; prints CONNECTED and MSG {...} like the seed client."""

    def __init__(self, name, port, source, linger=1.0):
        Process.__init__(self, f"websockets client {name}@{source}", [
            DEBIAN_PYTHON, WEBSOCKETS_CLIENT, "127.0.0.1", port, "--name", name,
            "--bind", source, "--linger", linger])
        self.name = name


class NodeWsClient(SeedClient):
    """node_ws_client.mjs: a participant over WebSocket built on Node's `ws`
    package (tests/web/node_modules, scripts/setup-web-test.sh installs it)."""

    def __init__(self, name, port, source, linger=1.0):
        Process.__init__(self, f"node ws client {name}@{source}", [
            NODE, NODE_WS_CLIENT, "127.0.0.1", port, "--name", name,
            "--bind", source, "--linger", linger])
        self.name = name


class CharlaParticipant(Process):
    """`charla join --headless`: prints `[HH:MM:SS] autor: mensaje`."""

    MESSAGE = re.compile(r"\[\d\d:\d\d:\d\d\] (.+?): (.*)")

    def __init__(self, name, address, source):
        super().__init__(f"charla participant {name}@{source}", [
            CHARLA_BIN, "join", address, "--name", name, "--headless",
            "--bind", source])
        self.name = name

    def connected_line(self):
        for line in self.lines():
            if line.startswith("* connected to "):
                return line
        return None

    def is_connected(self):
        return self.connected_line() is not None

    def messages(self):
        found = []
        for line in self.lines():
            match = self.MESSAGE.fullmatch(line)
            if match:
                found.append((match[1], match[2]))
        return found

    def corrupt_reads(self):
        return []


def first_line_address(process):
    """The (host, port) of a `listening on HOST:PORT` first line, or None."""
    lines = process.lines()
    if not lines:
        return None
    match = re.fullmatch(r"listening on (\S+):(\d+)", lines[0])
    return (match[1], int(match[2])) if match else None


# ---------------------------------------------------------------------------
# 3. Texts
# ---------------------------------------------------------------------------

SPANISH = "¿Qué tal, señor Ñandú? ¡Olé! €"
PART = re.compile(r"\((\d+)/(\d+)\) ", re.DOTALL)
PROBE = "probe "


def long_text(length=3000):
    """Numbered Spanish phrases, with 2-, 3- and 4-byte UTF-8 characters,
    so that any cut shows and a cut through a character breaks something."""
    phrases, size, i = [], 0, 0
    while size < length:
        i += 1
        phrase = f"[{i:03d}] {SPANISH} 🎉 "
        phrases.append(phrase)
        size += len(phrase)
    return "".join(phrases)[:length - 1] + "."


def assemble(texts):
    """Joins each run of numbered parts `(1/n) `..`(n/n) ` into one text;
    other texts, and parts out of order, are kept as they are."""
    whole, pieces, total = [], [], 0
    for text in texts:
        match = PART.match(text)
        if match is None:
            whole.append(text)
            continue
        index, count = int(match[1]), int(match[2])
        if index == 1:
            pieces, total = [], count
        if index != len(pieces) + 1 or count != total:
            whole.append(text)
            continue
        pieces.append(text[match.end():])
        if len(pieces) == total:
            whole.append("".join(pieces))
            pieces = []
    return whole


def heard_from(participant, autor):
    """What `participant` heard from `autor`, numbered parts rejoined."""
    return assemble([text for who, text in participant.messages()
                     if who == autor])


def numbered_parts_from(participant, autor):
    return [text for who, text in participant.messages()
            if who == autor and PART.match(text)]


def real_messages(participant):
    return [(who, text) for who, text in participant.messages()
            if not text.startswith(PROBE)]


# ---------------------------------------------------------------------------
# 4. Fixture
# ---------------------------------------------------------------------------

class InteropCase(unittest.TestCase):
    """Starts processes, ends each by its PID, explains failures with their
    output."""

    def setUp(self):
        self.processes = []

    def tearDown(self):
        for process in reversed(self.processes):
            process.stop()

    def start(self, process):
        self.processes.append(process)
        return process

    def transcripts(self):
        return "\n".join(process.transcript() for process in self.processes)

    def check(self, condition, what):
        if not condition:
            self.fail(f"expected: {what}\n{self.transcripts()}")

    def wait_for(self, condition, what, timeout=DELIVERY_TIMEOUT):
        if not wait_until(condition, timeout):
            self.fail(f"timed out after {timeout:.0f} s waiting until: "
                      f"{what}\n{self.transcripts()}")

    def start_seed_server(self):
        server = self.start(Process("seed server", [
            PYTHON, SEED_SERVER, "--host", "127.0.0.1", "--port", 0]))
        self.wait_for(lambda: server.lines(), "the seed server's first line",
                      STARTUP_TIMEOUT)
        address = first_line_address(server)
        self.check(address is not None,
                   "the seed server's first line is `listening on HOST:PORT`")
        return server, address[1]

    def wait_for_seed_channels(self, server, ips):
        """The seed server logs a channel once it is in its client table."""
        for ip in ips:
            for kind in ("read", "write"):
                line = f"{ip} {kind} channel open"
                self.wait_for(lambda: line in server.lines(),
                              f"the seed server logs `{line}`")

    def seed_client(self, name, port, source, linger=1.0):
        client = self.start(SeedClient(name, port, source, linger))
        self.wait_for(lambda: client.is_connected()
                      or client.popen.poll() is not None,
                      f"{name} connects", STARTUP_TIMEOUT)
        self.check(client.is_connected(), f"{name} connects")
        return client

    def wait_heard(self, listeners, autor, text):
        """Waits until each listener has heard `text` from `autor`; a lost
        read ends the wait at once, since the text may be what was lost."""
        for listener in listeners:
            self.wait_for(lambda: text in heard_from(listener, autor)
                          or listener.corrupt_reads(),
                          f"{listener.name} hears {autor}: {text[:60]!r}")
            self.check_no_corrupt_reads([listener])

    def introduce(self, participants, senders):
        """Waits until every participant can hear the others: each sender
        sends probes until everyone else has heard one. A client that says
        it is connected may not be a reader in the room yet, and a message
        sent before that would miss it."""
        for sender in senders:
            others = [p for p in participants if p is not sender]
            deadline = time.monotonic() + DELIVERY_TIMEOUT

            def all_heard():
                return all(any(text.startswith(PROBE)
                               for text in heard_from(p, sender.name))
                           for p in others)

            attempt = 0
            while not all_heard():
                self.check(time.monotonic() < deadline,
                           f"everyone hears probes from {sender.name}")
                attempt += 1
                sender.write_lines([f"{PROBE}{sender.name} {attempt}"])
                wait_until(all_heard, PROBE_RETRY)

    def finish(self, participants):
        """Ends stdin so each participant leaves by itself, and waits for
        it: after that its output is complete and can be checked for
        duplicates."""
        for participant in participants:
            participant.close_stdin()
        for participant in participants:
            code = participant.wait_exit(EXIT_TIMEOUT)
            self.check(code == 0,
                       f"{participant.label} exits with 0 after the end of "
                       f"stdin (got {code})")

    def check_no_corrupt_reads(self, participants):
        for participant in participants:
            self.check(not participant.corrupt_reads(),
                       f"{participant.name} lost no read")


def peer_closes(sock):
    """Whether the peer closes `sock` (with FIN, or with RST because bytes
    it never read were left) before the deadline."""
    sock.settimeout(DELIVERY_TIMEOUT)
    try:
        return sock.recv(1024) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


# ---------------------------------------------------------------------------
# 5. The seed stand-ins on their own
# ---------------------------------------------------------------------------

class SeedSystemTest(InteropCase):
    """The stand-ins work where the seed works and fail where it fails;
    otherwise the charla tests below would prove nothing."""

    def test_seed_clients_talk_through_seed_server(self):
        server, port = self.start_seed_server()
        clients = [self.seed_client("Ana", port, "127.0.0.2"),
                   self.seed_client("Bruno", port, "127.0.0.3"),
                   self.seed_client("Carla", port, "127.0.0.4")]
        self.wait_for_seed_channels(server, ["127.0.0.2", "127.0.0.3",
                                             "127.0.0.4"])
        for sender in clients:
            text = f"{SPANISH} ({sender.name})"
            sender.write_lines([text])
            self.wait_heard([c for c in clients if c is not sender],
                            sender.name, text)
        self.finish(clients)
        for client in clients:
            self.check(len(client.messages()) == 2,
                       f"{client.name} hears exactly the two others")
            self.check(all(who != client.name for who, _ in client.messages()),
                       f"{client.name} never hears itself")
        self.check_no_corrupt_reads(clients)

    def test_two_seed_clients_on_one_ip_overwrite_each_other(self):
        server, port = self.start_seed_server()
        ana = self.seed_client("Ana", port, "127.0.0.2")
        bruno = self.seed_client("Bruno", port, "127.0.0.2")
        carla = self.seed_client("Carla", port, "127.0.0.3")
        self.wait_for(lambda: "127.0.0.2 read channel replaced"
                      in server.lines(), "Bruno's reader replaces Ana's")
        self.wait_for_seed_channels(server, ["127.0.0.3"])
        carla.write_lines(["hola"])
        self.wait_heard([bruno], "Carla", "hola")
        self.finish([ana, bruno, carla])
        self.check(ana.messages() == [], "Ana, overwritten, hears nothing")

    def test_seed_server_relays_reads_not_objects(self):
        server, port = self.start_seed_server()
        ana = self.seed_client("Ana", port, "127.0.0.2")
        bruno = self.seed_client("Bruno", port, "127.0.0.3")
        self.wait_for_seed_channels(server, ["127.0.0.2", "127.0.0.3"])
        ana.write_lines(["x" * 1500])
        self.wait_for(lambda: len(bruno.corrupt_reads()) >= 2,
                      "a 1500-byte message reaches Bruno as two broken reads")
        self.finish([ana, bruno])
        self.check(bruno.messages() == [], "Bruno gets no message from it")

    def test_seed_server_closes_hello_read_together_with_a_message(self):
        server, port = self.start_seed_server()
        with socket.create_connection(("127.0.0.1", port), 3) as sock:
            sock.sendall(b'{"type":"write"}{"autor":"Ana","mensaje":"Hola"}')
            self.check(peer_closes(sock), "the server closes the channel")
        self.wait_for(lambda: any("bad hello" in line
                                  for line in server.lines()),
                      "the server logs a bad hello")

    def test_seed_server_closes_channel_on_character_split_at_1024(self):
        server, port = self.start_seed_server()
        prefix = b'{"autor":"Ana","mensaje":"'
        filler = b"x" * (1023 - len(prefix))
        message = prefix + filler + "ñ".encode() + b'"}'
        with socket.create_connection(("127.0.0.1", port), 3) as sock:
            sock.sendall(b'{"type":"write"}')
            self.wait_for(lambda: "127.0.0.1 write channel open"
                          in server.lines(), "the write channel opens")
            sock.sendall(message)
            self.check(peer_closes(sock), "the server closes the channel")
        self.wait_for(lambda: any("invalid UTF-8" in line
                                  for line in server.lines()),
                      "the server logs the decode error")


# ---------------------------------------------------------------------------
# 6. charla with the seed system
# ---------------------------------------------------------------------------

@unittest.skipUnless(CHARLA_BIN, "CHARLA_BIN is not set")
class CharlaInteropTest(InteropCase):

    def setUp(self):
        super().setUp()
        self.assertTrue(os.access(CHARLA_BIN, os.X_OK),
                        f"CHARLA_BIN={CHARLA_BIN} is not an executable")

    def start_charla_host(self):
        host = self.start(Process("charla host", [
            CHARLA_BIN, "host", "--headless", "--port", 0,
            "--bind", "127.0.0.1"]))
        self.wait_for(lambda: host.lines() or host.popen.poll() is not None,
                      "the charla host's first line", STARTUP_TIMEOUT)
        address = first_line_address(host)
        self.check(address is not None,
                   "the charla host's first line is `listening on HOST:PORT`")
        return host, address[1]

    def charla_participant(self, name, port, source):
        participant = self.start(
            CharlaParticipant(name, f"127.0.0.1:{port}", source))
        self.wait_for(lambda: participant.is_connected()
                      or participant.popen.poll() is not None,
                      f"{name} connects", STARTUP_TIMEOUT)
        self.check(participant.is_connected(), f"{name} connects")
        return participant

    def test_host_ends_cleanly_on_sigterm(self):
        host, _ = self.start_charla_host()
        host.popen.send_signal(signal.SIGTERM)
        code = host.wait_exit(EXIT_TIMEOUT)
        self.check(code == 0, f"the host exits with 0 on SIGTERM (got {code})")

    # a. -------------------------------------------------------------------

    def test_seed_clients_share_a_charla_room(self):
        _, port = self.start_charla_host()
        ana = self.seed_client("Ana", port, "127.0.0.2")
        bruno = self.seed_client("Bruno", port, "127.0.0.2")
        carla = self.seed_client("Carla", port, "127.0.0.3")
        clients = [ana, bruno, carla]
        self.introduce(clients, senders=[ana, bruno])

        def texts_of(sender):
            return [f"hola de {sender.name}", f"{SPANISH} ({sender.name})"]

        for sender in clients:
            sender.write_lines(texts_of(sender))
        for sender in clients:
            for text in texts_of(sender):
                self.wait_heard([c for c in clients if c is not sender],
                                sender.name, text)
        self.finish(clients)

        for client in clients:
            expected = sorted((s.name, text) for s in clients
                              if s is not client for text in texts_of(s))
            self.check(sorted(real_messages(client)) == expected,
                       f"{client.name} hears every message of the others "
                       f"exactly once: {sorted(real_messages(client))}")
            self.check(all(who != client.name for who, _ in client.messages()),
                       f"{client.name} never hears its own messages")
        self.check_no_corrupt_reads(clients)

    # b. -------------------------------------------------------------------

    def test_charla_participant_and_seed_clients_in_a_charla_room(self):
        _, port = self.start_charla_host()
        vera = self.charla_participant("Vera", port, "127.0.0.4")
        ana = self.seed_client("Ana", port, "127.0.0.2")
        bruno = self.seed_client("Bruno", port, "127.0.0.3")
        # Probes come from the seed clients so as not to spend Vera's rate.
        self.introduce([vera, ana, bruno], senders=[ana, bruno])
        long = long_text()

        vera.write_lines(["hola desde charla", SPANISH, long])
        for text in ("hola desde charla", SPANISH, long):
            self.wait_heard([ana, bruno], "Vera", text)
        for seed in (ana, bruno):
            parts = numbered_parts_from(seed, "Vera")
            self.check(len(parts) >= 3,
                       f"{seed.name} gets the 3000 characters as numbered "
                       f"parts (got {len(parts)})")

        ana.write_lines(["hola desde la semilla", SPANISH, long])
        for text in ("hola desde la semilla", SPANISH, long):
            self.wait_heard([vera, bruno], "Ana", text)
        bruno.write_lines(["adiós"])
        self.wait_heard([vera, ana], "Bruno", "adiós")

        self.finish([vera, ana, bruno])
        self.check_no_corrupt_reads([ana, bruno])
        for seed in (ana, bruno):
            self.check(all(who != seed.name for who, _ in seed.messages()),
                       f"{seed.name} never hears its own messages")

    def test_websocket_library_client_with_charla_and_seed_participants(self):
        """Clients on two WebSocket libraries we did not write (Debian's
        python3-websockets, Node's `ws`) share a room with a charla
        participant and a seed client: everybody hears everybody, text
        exact."""
        _, port = self.start_charla_host()
        vera = self.charla_participant("Vera", port, "127.0.0.4")
        ana = self.seed_client("Ana", port, "127.0.0.2")
        web = self.start(WebSocketsClient("Web", port, "127.0.0.5"))
        node = self.start(NodeWsClient("Nodo", port, "127.0.0.6"))
        for client in (web, node):
            self.wait_for(lambda: client.is_connected() or client.popen.poll() is not None,
                          f"{client.name} connects", STARTUP_TIMEOUT)
            self.check(client.is_connected(), f"{client.name} connects over WebSocket")
        self.introduce([vera, ana, web, node], senders=[ana, web, node])

        emoji = "😀👩‍👩‍👧 مرحبا"
        web.write_lines(["hola desde el navegador", SPANISH, emoji])
        for text in ("hola desde el navegador", SPANISH, emoji):
            self.wait_heard([vera, ana, node], "Web", text)
        node.write_lines(["hola desde node", emoji])
        for text in ("hola desde node", emoji):
            self.wait_heard([vera, ana, web], "Nodo", text)
        vera.write_lines(["hola desde charla"])
        self.wait_heard([web, node, ana], "Vera", "hola desde charla")
        ana.write_lines(["hola desde la semilla", SPANISH])
        for text in ("hola desde la semilla", SPANISH):
            self.wait_heard([web, node, vera], "Ana", text)

        self.finish([vera, ana, web, node])
        self.check_no_corrupt_reads([ana])
        for client in (web, node):
            heard = [text for who, text in client.messages() if who == "Ana"]
            self.check(heard.count(SPANISH) == 1, f"{client.name} hears each message once")

    # c. -------------------------------------------------------------------

    def test_charla_participants_with_a_seed_server(self):
        server, port = self.start_seed_server()
        vera = self.charla_participant("Vera", port, "127.0.0.5")
        walter = self.charla_participant("Walter", port, "127.0.0.6")
        carla = self.seed_client("Carla", port, "127.0.0.7")
        for charla in (vera, walter):
            self.check(charla.connected_line().endswith("(seed server)"),
                       f"{charla.name} sees that the server is a seed server")
        self.wait_for_seed_channels(server,
                                    ["127.0.0.5", "127.0.0.6", "127.0.0.7"])
        long = long_text()

        # One sender at a time: the seed server relays whatever it reads, so
        # two senders at once could reach Carla in one read, which is the
        # seed's defect, not charla's.
        vera.write_lines([SPANISH, long])
        self.wait_heard([walter, carla], "Vera", SPANISH)
        self.wait_heard([walter, carla], "Vera", long)
        walter.write_lines(["hola de Walter"])
        self.wait_heard([vera, carla], "Walter", "hola de Walter")
        carla.write_lines([SPANISH])
        self.wait_heard([vera, walter], "Carla", SPANISH)

        self.finish([vera, walter, carla])
        self.check_no_corrupt_reads([carla])
        broken = [line for line in server.lines()
                  if "unparseable" in line or "invalid UTF-8" in line]
        self.check(not broken, f"the seed server read whole objects: {broken}")

    # d. -------------------------------------------------------------------

    def test_burst_reaches_seed_client_whole_and_in_order(self):
        _, port = self.start_charla_host()
        vera = self.charla_participant("Vera", port, "127.0.0.4")
        sara = self.seed_client("Sara", port, "127.0.0.8")
        pablo = self.seed_client("Pablo", port, "127.0.0.9")
        # Pablo sends the probes: Vera's whole burst allowance is for the test.
        self.introduce([vera, sara, pablo], senders=[pablo])
        burst = [f"mensaje {i:02d} de la ráfaga" for i in range(1, 21)]

        vera.write_lines(burst)
        self.wait_for(lambda: len(heard_from(sara, "Vera")) >= len(burst)
                      or sara.corrupt_reads(), "Sara hears the 20 messages")
        self.finish([vera, sara, pablo])

        self.check_no_corrupt_reads([sara, pablo])
        for seed in (sara, pablo):
            self.check(heard_from(seed, "Vera") == burst,
                       f"{seed.name} hears the burst whole and in order: "
                       f"{heard_from(seed, 'Vera')}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
