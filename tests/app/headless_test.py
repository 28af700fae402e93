"""Black-box tests of the charla executable's headless modes.

Run by ctest with CHARLA_BIN set to the executable. Every process started is
ended by its PID; every wait has a deadline; only loopback addresses.
"""

import os
import queue
import signal
import socket
import subprocess
import threading
import time
import unittest

CHARLA = os.environ.get("CHARLA_BIN", "build/app/charla")
DEADLINE = 10.0


class Proc:
    """A running charla with its stdout lines readable with a deadline."""

    def __init__(self, *args, stdin=subprocess.PIPE):
        self.p = subprocess.Popen([CHARLA, *args], stdin=stdin, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, encoding="utf-8")
        self.lines = queue.Queue()
        self.all = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.p.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_line(self, predicate, timeout=DEADLINE):
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no matching line within {timeout}s; saw {self.all}")
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError(f"process ended; saw {self.all}")
            self.all.append(line)
            if predicate(line):
                return line

    def send(self, text):
        self.p.stdin.write(text + "\n")
        self.p.stdin.flush()

    def close_stdin(self):
        self.p.stdin.close()

    def finish(self, timeout=DEADLINE):
        return self.p.wait(timeout=timeout)

    def stop(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait(timeout=DEADLINE)
        for f in (self.p.stdin, self.p.stdout, self.p.stderr):
            if f and not f.closed:
                try:
                    f.close()
                except OSError:
                    pass


class HeadlessTest(unittest.TestCase):
    def setUp(self):
        self.procs = []

    def tearDown(self):
        for p in self.procs:
            p.stop()

    def start(self, *args, **kw):
        p = Proc(*args, **kw)
        self.procs.append(p)
        return p

    def host(self, *extra):
        h = self.start("host", "--headless", "--port", "0", "--bind", "127.0.0.1", *extra)
        first = h.wait_line(lambda l: True)
        self.assertTrue(first.startswith("listening on 127.0.0.1:"), first)
        return h, int(first.rsplit(":", 1)[1])

    def joined(self, port, name):
        """A headless participant named name, once it says it is connected."""
        j = self.start("join", f"127.0.0.1:{port}", "--name", name, "--headless")
        j.wait_line(lambda l: l.startswith("* connected"))
        return j

    def test_version_and_help(self):
        out = subprocess.run([CHARLA, "--version"], capture_output=True, text=True, timeout=DEADLINE)
        self.assertEqual(out.returncode, 0)
        self.assertRegex(out.stdout, r"^charla \d+\.\d+\.\d+")
        for cmd in (["host", "--help"], ["join", "--help"], ["--help"]):
            out = subprocess.run([CHARLA, *cmd], capture_output=True, text=True, timeout=DEADLINE)
            self.assertEqual(out.returncode, 0, cmd)
            self.assertIn("charla", out.stdout)

    def test_bad_argument_is_one_sentence_and_exit_2(self):
        out = subprocess.run([CHARLA, "host", "--port", "nope"], capture_output=True, text=True, timeout=DEADLINE)
        self.assertEqual(out.returncode, 2)
        self.assertEqual(out.stderr.count("\n"), 1, out.stderr)
        self.assertIn("--port", out.stderr)

    def test_port_in_use_is_one_sentence_and_exit_1(self):
        busy = socket.socket()
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        try:
            out = subprocess.run([CHARLA, "host", "--headless", "--bind", "127.0.0.1", "--port", str(port)],
                                 capture_output=True, text=True, timeout=DEADLINE)
        finally:
            busy.close()
        self.assertEqual(out.returncode, 1)
        self.assertIn(f"port {port} is already in use", out.stderr)
        self.assertIn("--port", out.stderr)
        self.assertEqual(out.stderr.count("\n"), 1, out.stderr)

    def test_transcript_that_cannot_be_opened_is_its_own_sentence(self):
        out = subprocess.run([CHARLA, "host", "--headless", "--bind", "127.0.0.1", "--port", "0",
                              "--transcript", "/nonexistent-folder/aula.jsonl"],
                             capture_output=True, text=True, timeout=DEADLINE)
        self.assertEqual(out.returncode, 1)
        self.assertIn("cannot open the transcript /nonexistent-folder/aula.jsonl", out.stderr)
        self.assertNotIn("listen", out.stderr)
        self.assertEqual(out.stderr.count("\n"), 1, out.stderr)

    def test_host_logs_events_and_exits_0_on_sigterm_and_sigint(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            h, port = self.host("--room", "Aula")
            j = self.start("join", f"127.0.0.1:{port}", "--name", "Ana", "--headless")
            j.wait_line(lambda l: l.startswith("* connected"))
            j.send("hola")
            j.wait_line(lambda l: l.endswith("] Ana: hola"))
            for needle in ("connection #1", "hello v1 as read channel of Ana", "Ana joined", "message #1 from Ana"):
                h.wait_line(lambda l, n=needle: n in l)
            j.close_stdin()
            self.assertEqual(j.finish(), 0)
            h.p.send_signal(sig)
            self.assertEqual(h.finish(), 0)

    def test_join_prints_messages_presence_and_errors(self):
        h, port = self.host()
        ana = self.joined(port, "Ana")
        bo = self.joined(port, "Bo")
        ana.wait_line(lambda l: l == "* Bo joined")
        bo.send("¿Qué tal, Ana? ñ €")
        line = ana.wait_line(lambda l: "Bo:" in l)
        self.assertRegex(line, r"^\[\d\d:\d\d:\d\d\] Bo: ¿Qué tal, Ana\? ñ €$")
        bo.close_stdin()
        self.assertEqual(bo.finish(), 0)
        ana.wait_line(lambda l: l == "* Bo left (closed)")
        dup = self.start("join", f"127.0.0.1:{port}", "--name", "ana", "--headless")
        dup.wait_line(lambda l: l.startswith("! name_taken:"))
        self.assertEqual(dup.finish(), 1)

    def test_json_mode_prints_protocol_lines(self):
        h, port = self.host()
        j = self.start("join", f"127.0.0.1:{port}", "--name", "Ana", "--headless", "--json")
        j.wait_line(lambda l: '"state":"connected"' in l)
        j.send("hola")
        line = j.wait_line(lambda l: '"type":"msg"' in l)
        self.assertIn('"autor":"Ana"', line)
        self.assertIn('"mensaje":"hola"', line)
        self.assertIn('"id":1', line)

    def test_end_of_stdin_waits_for_confirmation(self):
        h, port = self.host()
        lines = "".join(f"línea {i}\n" for i in range(15))
        out = subprocess.run([CHARLA, "join", f"127.0.0.1:{port}", "--name", "Ana", "--headless"], input=lines,
                             capture_output=True, text=True, timeout=DEADLINE)
        self.assertEqual(out.returncode, 0, out.stderr)
        got = [l for l in out.stdout.splitlines() if "] Ana: línea" in l]
        self.assertEqual(len(got), 15, out.stdout)

    def say(self, who, typed, hearer, ends=None, starts=None, within=None):
        """who types a line; hearer then prints one that ends with, starts
        with or holds the given text."""
        who.send(typed)
        hearer.wait_line(lambda l: (ends is None or l.endswith(ends)) and (starts is None or l.startswith(starts))
                         and (within is None or within in l))

    def test_host_console_mutes_kicks_and_makes_the_room_read_only(self):
        h, port = self.host()
        ana = self.joined(port, "Ana María")
        bo = self.joined(port, "Bo")
        h.wait_line(lambda l: "Bo joined" in l)
        # A name with a space, in quotes; muted, then unmuted.
        self.say(h, '/mute "Ana María"', h, ends="the host muted Ana María")
        self.say(ana, "uno", ana, starts="! muted:")
        self.say(h, '/unmute "Ana María"', h, ends="the host unmuted Ana María")
        self.say(ana, "dos", bo, ends="] Ana María: dos")
        # Read-only: nobody but the host may write.
        self.say(h, "/readonly on", h, ends="the room is read-only: only the host can write")
        self.say(bo, "tres", bo, starts="! muted:")
        self.say(h, "/readonly off", h, ends="everyone can write again")
        # Mistakes get a sentence; nothing happens to anyone. Each line
        # typed, and a piece of the line the host answers with.
        for typed, answer in [
            ("hola a todos", "takes commands, not messages; commands: /kick NAME"),
            ("/kick", "/kick needs the name of a participant"),
            ("/mute Ana María", 'a name with spaces goes in double quotes: /mute "Ana María"'),
            ("/kick Nadie", "nobody named Nadie is in the room: nobody removed"),
            ("/readonly maybe", "/readonly takes on or off"),
            ("/help", "commands: /kick NAME [REASON], /mute NAME, /unmute NAME, /readonly on|off, /counters"),
            ("/counters", "counters: connections=4 connections_total=4 participants=2 messages=1"),
        ]:
            self.say(h, typed, h, within=answer)
        # The kick, with the reason the participant reads.
        h.send('/kick "Ana María" fuera de tema')
        h.wait_line(lambda l: l.endswith("the host removed Ana María: fuera de tema"))
        ana.wait_line(lambda l: l == "! kicked: fuera de tema")
        self.assertEqual(ana.finish(), 1)
        bo.wait_line(lambda l: l == "* Ana María left (kicked)")
        # The host still serves: Bo speaks and hears himself.
        bo.send("sigo aquí")
        bo.wait_line(lambda l: l.endswith("] Bo: sigo aquí"))
        # /quit closes the room as Ctrl+C does: the host exits 0, Bo is told.
        h.send("/quit")
        h.wait_line(lambda l: l.endswith("room closed"))
        self.assertEqual(h.finish(), 0)
        bo.wait_line(lambda l: l.startswith("* connection to ") and "the server closed the connection" in l)

    def test_host_with_no_console_keeps_serving(self):
        # stdin at its end at once (a service, a script): the room goes on.
        h, port = self.host()
        h.close_stdin()
        ana = self.joined(port, "Ana")
        ana.send("hola")
        ana.wait_line(lambda l: l.endswith("] Ana: hola"))
        h.p.send_signal(signal.SIGTERM)
        self.assertEqual(h.finish(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
