"""Real windows under Xvfb: the start screen, a host and a joining participant
exchanging messages both ways, a busy room, an error on the start screen, and
the join card's QR codes read back from the screenshots by zbarimg.

Run inside one X display (ctest runs it through xvfb-run) with CHARLA_BIN set.
Each window saves a screenshot (--screenshot) and, beside it, FILE.txt with
what the screen holds (the app's test hook). CHARLA_SHOTS_DIR keeps the PNGs
(scripts/screenshots.sh uses it for the README's pictures).
"""

import os
import shutil
import socket
import struct
import subprocess
import tempfile
import unittest
import urllib.parse
import zlib

CHARLA = os.environ.get("CHARLA_BIN", "build/app/charla")
DEADLINE = 60


def png_pixels(path):
    """Decodes an 8-bit RGB or RGBA PNG (what the app writes): (w, h, rows)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6), (depth, color)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows, channels


def distinct_colors(path, step=7):
    w, h, rows, ch = png_pixels(path)
    seen = set()
    for y in range(0, h, step):
        row = rows[y]
        for x in range(0, w, step):
            seen.add(row[x * ch:x * ch + 3])
    return w, h, len(seen)


def qr_codes(path):
    """The QR codes zbarimg (zbar-tools, a decoder we did not write) finds in a
    picture, sorted; None when zbarimg is not installed."""
    if not shutil.which("zbarimg"):
        return None
    out = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path],
                         capture_output=True, text=True, timeout=DEADLINE)
    # Exit status 4: no code found; the empty list says so.
    assert out.returncode in (0, 4), out.stderr
    return sorted(line for line in out.stdout.splitlines() if line)


def join_url(address, port, pin):
    """http://ADDRESS:PORT/, and #pin= with the PIN percent-encoded as UTF-8."""
    url = f"http://{address}:{port}/"
    return url + "#pin=" + urllib.parse.quote(pin, safe="") if pin else url


def wait_listening(port, proc, timeout=30):
    """True once something accepts connections on 127.0.0.1:port; False if
    proc ends first or nothing does within the timeout."""
    import time
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)  # polling interval of a bounded wait
    return False


def free_port():
    """A free port below the kernel's ephemeral range, so that the client
    sockets of tests running beside this one cannot take it between this
    check and the window's bind; CHARLA_SHOTS_PORT asks for a fixed one (the
    README's pictures)."""
    import random
    if os.environ.get("CHARLA_SHOTS_PORT"):
        return int(os.environ["CHARLA_SHOTS_PORT"])
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    for _ in range(200):  # bounded: a free one is found at the first tries
        port = random.randrange(max(1024, low - 12000), low)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port below {low}")


class WindowProcesses:
    """For window tests (this one and tests/windows/window_test.py): a
    folder for the screenshots (CHARLA_SHOTS_DIR, else a new temporary one)
    and the processes the test started, each ended and its pipes closed."""

    shots_prefix = "charla-shots-"
    deadline = DEADLINE

    def setUp(self):
        self.dir = os.environ.get("CHARLA_SHOTS_DIR") or tempfile.mkdtemp(prefix=self.shots_prefix)
        os.makedirs(self.dir, exist_ok=True)
        self.procs = []

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
            p.wait(timeout=10)
            for f in (p.stdout, p.stderr, p.stdin):
                if f:
                    f.close()

    def finished(self, p, shot):
        """Waits for the window p to exit 0 after saving shot; checks the
        picture is a window's size and not blank, and returns the text the
        screen held (saved beside it)."""
        out, err = p.communicate(timeout=self.deadline)
        self.assertEqual(p.returncode, 0, f"stdout:\n{out}\nstderr:\n{err}")
        path = os.path.join(self.dir, shot)
        w, h, colors = distinct_colors(path)
        self.assertGreaterEqual((w, h), (800, 500))
        self.assertGreater(colors, 8, f"{shot} looks blank")
        with open(path + ".txt", encoding="utf-8") as f:
            return f.read()


class WindowTest(WindowProcesses, unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.config = tempfile.mkdtemp(prefix="charla-config-")

    def env(self, **extra):
        e = dict(os.environ, XDG_CONFIG_HOME=self.config, LANG="es_ES.UTF-8", TZ="UTC")
        e.update(extra)
        return e

    def assert_listening(self, port, p):
        """The window p accepts connections on port; if it does not, the
        failure shows what the window printed."""
        if wait_listening(port, p):
            return
        if p.poll() is None:
            p.kill()
        out, err = p.communicate(timeout=DEADLINE)
        self.fail(f"nothing listens on 127.0.0.1:{port} (window exit {p.returncode})\nstdout:\n{out}\nstderr:\n{err}")

    def window(self, shot, *args, **env):
        p = subprocess.Popen([CHARLA, *args, "--screenshot", os.path.join(self.dir, shot)],
                             env=self.env(**env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.procs.append(p)
        return p

    def assert_join_codes(self, shot, text, port, pin, full_screen=False):
        """The screenshot holds the join card's codes, one per address, or the
        first one full screen, and each reads back as the exact join URL."""
        found = qr_codes(os.path.join(self.dir, shot))
        if found is None:
            self.skipTest("zbarimg not installed (apt-get install zbar-tools)")
        addresses = [line[len("join address: "):] for line in text.splitlines() if line.startswith("join address: ")]
        if not addresses:
            self.skipTest("this machine has no non-loopback IPv4 address: the card has no code")
        if full_screen:
            expected = [join_url(addresses[0], port, pin)]
            self.assertIn(f"qr full screen: {expected[0]}", text)
        else:
            expected = sorted(join_url(a, port, pin) for a in addresses)
            self.assertNotIn("qr full screen:", text)
        self.assertEqual(found, expected, shot)

    def test_start_screen(self):
        text = self.finished(self.window("start.png"), "start.png")
        self.assertIn("screen: start", text)

    def test_host_and_participant_exchange_messages_both_ways(self):
        port = free_port()
        host = self.window("host.png", "host", "--port", str(port), "--name", "Profe", "--room", "Redes 2B",
                           "--pin", "4321", CHARLA_TEST_SEND="Hola desde el proyector",
                           CHARLA_TEST_WAIT_FOR="¡Hola, profe! ñ € 🎉👍")
        self.assert_listening(port, host)
        ana = self.window("join.png", "join", f"127.0.0.1:{port}", "--name", "Ana", "--pin", "4321",
                          CHARLA_TEST_SEND="¡Hola, profe! ñ € 🎉👍", CHARLA_TEST_WAIT_FOR="Hola desde el proyector")
        host_text = self.finished(host, "host.png")
        ana_text = self.finished(ana, "join.png")
        for text in (host_text, ana_text):
            self.assertIn("screen: chat", text)
            self.assertIn("message: Profe: Hola desde el proyector", text)
            self.assertIn("message: Ana: ¡Hola, profe! ñ € 🎉👍", text)
            self.assertNotIn("(pending)", text)
        # Ana may have closed her window by the time the host's picture is
        # taken: her arrival is what must show.
        self.assertIn("joined: Ana", host_text)
        self.assertIn(f"join card: port {port} pin 4321", host_text)
        self.assertIn("Redes 2B", ana_text)
        self.assert_join_codes("host.png", host_text, port, "4321")

    def test_busy_room(self):
        port = free_port()
        host = self.window("busy.png", "host", "--port", str(port), "--name", "Profe", "--room", "Redes 2B",
                           CHARLA_TEST_WAIT_FOR="¿Entregamos el viernes?")
        lines = {
            "Ana": ["¿Qué puerto usa el servidor?", "Ya me conecté, gracias 🙂"],
            "Bruno": ["El 5000, lo pone en la pizarra", "¿Por qué hay dos conexiones por alumno?"],
            "Carmen": ["Una para leer y otra para escribir → como en el informe", "¿Entregamos el viernes?"],
        }
        self.assert_listening(port, host)
        for name, said in lines.items():
            out = subprocess.run([CHARLA, "join", f"127.0.0.1:{port}", "--name", name, "--headless"],
                                 input="\n".join(said) + "\n", capture_output=True, text=True, timeout=DEADLINE)
            self.assertIn("* connected", out.stdout, out.stderr)
        text = self.finished(host, "busy.png")
        for name, said in lines.items():
            for s in said:
                self.assertIn(f"message: {name}: {s}", text)
        self.assert_join_codes("busy.png", text, port, "")

    def test_join_qr_code_full_screen(self):
        """The card's button shows the code over the whole window, with and
        without a PIN; a PIN that needs percent-encoding reads back exactly,
        from the card's smaller code too."""
        cases = [("qr-full-pin.png", "4321", "full"), ("qr-full.png", "", "full"), ("qr-card-utf8-pin.png", "Año#1&", "")]
        started = []
        base = free_port()
        for i, (shot, pin, qr) in enumerate(cases):
            port = base + i if os.environ.get("CHARLA_SHOTS_PORT") else free_port()
            args = ["host", "--port", str(port), "--name", "Profe", "--room", "Redes 2B"]
            if pin:
                args += ["--pin", pin]
            started.append((shot, pin, qr, port, self.window(shot, *args, CHARLA_TEST_QR=qr)))
        for shot, pin, qr, port, p in started:
            text = self.finished(p, shot)
            self.assertIn("screen: chat", text)
            self.assert_join_codes(shot, text, port, pin, full_screen=qr == "full")

    def test_teaching_inspector_shows_the_wire(self):
        """The wire inspector during a conversation: the host's frames (the
        README's picture) and a joining student's sequence diagram, in
        English, from the first byte."""
        port = free_port()
        host = self.window("teaching-inspector.png", "host", "--port", str(port), "--name", "Profe",
                           "--room", "Redes 2B", CHARLA_TEST_SEND="Hola desde el proyector",
                           CHARLA_TEST_WAIT_FOR="¡Hola, profe!", CHARLA_TEST_INSPECTOR="frames:echo")
        self.assert_listening(port, host)
        ana = self.window("teaching-diagram.png", "join", f"127.0.0.1:{port}", "--name", "Ana",
                          LANG="en_US.UTF-8", CHARLA_TEST_SEND="¡Hola, profe!",
                          CHARLA_TEST_WAIT_FOR="¡Hola, profe!", CHARLA_TEST_INSPECTOR="diagram")
        host_text = self.finished(host, "teaching-inspector.png")
        ana_text = self.finished(ana, "teaching-diagram.png")

        def kinds(text):
            return [line.split(" ", 4)[1:4] for line in text.splitlines() if line.startswith("frame: ")]

        for text, name in ((host_text, "Profe"), (ana_text, "Ana")):
            frames = [line for line in text.splitlines() if line.startswith("frame: ")]
            order = kinds(text)
            # The handshake from the first byte, in order.
            self.assertEqual(order[0], ["read", "to_server", "connected"], frames)
            self.assertEqual(order[1], ["read", "to_server", "hello"], frames)
            self.assertLess(order.index(["write", "to_server", "connected"]),
                            order.index(["write", "to_server", "hello"]))
            self.assertLess(order.index(["read", "to_server", "hello"]),
                            order.index(["read", "from_server", "welcome"]))
            # The bytes as sent (the session shown as its first 8 characters).
            hello = [f for f in frames if f.startswith("frame: read to_server hello ")][0]
            self.assertRegex(hello, r'\{"type":"read","v":1,"session":"[0-9a-f]{8}…","autor":"%s","heartbeat":true\}↵$' % name)
            self.assertLess(order.index(["write", "to_server", "message_out"]),
                            order.index(["read", "from_server", "echo"]))
        said = [f for f in kinds(host_text) if f == ["write", "to_server", "message_out"]]
        self.assertEqual(len(said), 1)
        self.assertRegex(host_text, r'frame: write to_server message_out \{"autor":"Profe","mensaje":"Hola desde el '
                                    r'proyector","cid":"[0-9a-f]{8}-1"\}↵')
        self.assertIn('frame: read from_server message_in {"type":"msg","id":', host_text)
        steps = [line[6:] for line in ana_text.splitlines() if line.startswith("step: ")]
        self.assertTrue(steps[0].startswith("TCP connect: read channel"), steps)
        self.assertEqual(steps[1], "hello: read channel", steps)
        self.assertIn("hello: write channel", steps)
        self.assertIn("message: “¡Hola, profe!”", steps)
        self.assertTrue(any(s.startswith("echo #") for s in steps), steps)

    def test_refused_join_says_what_to_do(self):
        port = free_port()
        text = self.finished(self.window("refused.png", "join", f"127.0.0.1:{port}", "--name", "Ana"),
                             "refused.png")
        self.assertIn("screen: start", text)
        self.assertIn("error:", text)
        self.assertIn(str(port), text)
        # The form keeps what was tried: fix one field and press Join again.
        self.assertIn(f"form: name Ana, join 127.0.0.1 port {port}", text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
