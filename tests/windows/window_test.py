#!/usr/bin/env python3
"""charla.exe's real window under wine, in the X display of xvfb-run: the
start screen, and a host window that hears a participant (a seed client
from Linux), each saved as a screenshot (--screenshot) with the text the
screen holds beside it (the app's test hook, as tests/app/window_test.py).

Environment: CHARLA_EXE, CHARLA_WINE (scripts/wine-run.sh), CHARLA_SHOTS_DIR
(where the PNGs stay, to be looked at).
"""

import os
import pathlib
import subprocess
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "app"))
sys.path.insert(0, str(HERE.parent / "interop"))

from window_test import WindowProcesses, free_port, wait_listening  # noqa: E402

EXE = os.environ.get("CHARLA_EXE", "")
WINE = os.environ.get("CHARLA_WINE", str(HERE.parent.parent / "scripts" / "wine-run.sh"))
SEED_CLIENT = HERE.parent / "interop" / "seed_client.py"
DEADLINE = 90  # wine and llvmpipe on a loaded 2-core machine


@unittest.skipUnless(EXE, "CHARLA_EXE is not set")
class WindowsWindowTest(WindowProcesses, unittest.TestCase):
    shots_prefix = "charla-win-shots-"
    deadline = DEADLINE

    def window(self, shot, *args, **env):
        path = os.path.join(self.dir, shot)
        for old in (path, path + ".txt"):
            if os.path.exists(old):
                os.remove(old)
        p = subprocess.Popen([WINE, EXE, *args, "--screenshot", path], env=dict(os.environ, TZ="UTC", **env),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.procs.append(p)
        return p

    def test_start_screen(self):
        text = self.finished(self.window("windows-start.png"), "windows-start.png")
        self.assertIn("screen: start", text)

    def test_host_window_hears_a_participant(self):
        port = free_port()
        said = "¡Hola, profe! ñ € 🎉👍"
        host = self.window("windows-host.png", "host", "--port", str(port), "--name", "Profe", "--room",
                           "Redes 2B", CHARLA_TEST_SEND="Hola desde el proyector",
                           # ASCII: a Windows program reads the environment
                           # in its ANSI code page; the hook looks for a part.
                           CHARLA_TEST_WAIT_FOR="Hola, profe!")
        self.assertTrue(wait_listening(port, host, timeout=DEADLINE), "the window listens")
        seed = subprocess.Popen([sys.executable, str(SEED_CLIENT), "127.0.0.1", str(port), "--name", "Ana",
                                 "--linger", "3"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.procs.append(seed)
        seed.communicate(said + "\n", timeout=DEADLINE)
        text = self.finished(host, "windows-host.png")
        self.assertIn("screen: chat", text)
        self.assertIn(f"message: Ana: {said}", text)
        self.assertIn(f"join card: port {port}", text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
