#!/usr/bin/env python3
"""The Windows build (charla.exe under wine) and the Linux build in one room.

1. `charla.exe host --headless` under wine, with Linux participants: the
   desktop client (`charla join --headless`) and seed clients
   (tests/interop/seed_client.py).
2. A Linux `charla host --headless` with `charla.exe join --headless`
   participants under wine, and a seed client.
Every text is heard exactly once by everyone else.

Environment: CHARLA_EXE (charla.exe), CHARLA_WINE (the runner,
scripts/wine-run.sh), CHARLA_LINUX_BIN (the Linux charla; without it the
cases that need it are skipped). The helpers are tests/interop's.
"""

import os
import pathlib
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "interop"))

import interop_test as interop  # noqa: E402 (after the path above)
from interop_test import (PROBE, SPANISH, CharlaParticipant, InteropCase,  # noqa: E402
                          Process, first_line_address, heard_from)

EXE = os.environ.get("CHARLA_EXE", "")
WINE = os.environ.get("CHARLA_WINE", str(HERE.parent.parent / "scripts" / "wine-run.sh"))
LINUX_BIN = os.environ.get("CHARLA_LINUX_BIN", "")

# wine starts a process in about a second, more on a loaded machine.
STARTUP_TIMEOUT = 30.0


class WindowsParticipant(CharlaParticipant):
    """`charla.exe join --headless` under wine."""

    def __init__(self, name, address, source):
        Process.__init__(self, f"charla.exe participant {name}@{source}", [
            WINE, EXE, "join", address, "--name", name, "--headless", "--bind", source])
        self.name = name


class LinuxParticipant(CharlaParticipant):
    def __init__(self, name, address, source):
        Process.__init__(self, f"linux charla participant {name}@{source}", [
            LINUX_BIN, "join", address, "--name", name, "--headless", "--bind", source])
        self.name = name


class CrossBuildTest(InteropCase):
    def host(self, argv, label):
        host = self.start(Process(label, argv + ["host", "--headless", "--port", 0, "--bind", "127.0.0.1"]))
        self.wait_for(lambda: host.lines() or host.popen.poll() is not None, f"the {label}'s first line",
                      STARTUP_TIMEOUT)
        address = first_line_address(host)
        self.check(address is not None, f"the {label}'s first line is `listening on HOST:PORT`")
        return address[1]

    def joined(self, participant):
        self.start(participant)
        self.wait_for(lambda: participant.is_connected() or participant.popen.poll() is not None,
                      f"{participant.name} connects", STARTUP_TIMEOUT)
        self.check(participant.is_connected(), f"{participant.name} connects")
        return participant

    def exchange(self, everyone, speakers):
        """Each speaker says its lines; every other participant hears each
        exactly once (probes left out)."""
        # Probes from the seed clients (as in tests/interop): hearing one
        # proves a participant reads the room; two seeds prove each other.
        self.introduce(everyone, senders=[p for p in everyone if isinstance(p, interop.SeedClient)])
        said = {}
        for p in speakers:
            said[p.name] = [f"hola de {p.name}", f"{SPANISH} ({p.name}) 🎉"]
            p.write_lines(said[p.name])
        for p in speakers:
            for text in said[p.name]:
                self.wait_heard([q for q in everyone if q is not p], p.name, text)
        self.finish(everyone)
        for listener in everyone:
            for speaker in speakers:
                if speaker is listener:
                    continue
                heard = [t for t in heard_from(listener, speaker.name) if not t.startswith(PROBE)]
                self.check(sorted(heard) == sorted(said[speaker.name]),
                           f"{listener.name} heard {speaker.name}'s texts exactly once (got {heard})")

    @unittest.skipUnless(EXE, "CHARLA_EXE is not set")
    def test_windows_host_with_linux_participants(self):
        port = self.host([WINE, EXE], "charla.exe host")
        address = f"127.0.0.1:{port}"
        people = []
        if LINUX_BIN:
            people.append(self.joined(LinuxParticipant("Vera", address, "127.0.0.4")))
        people.append(self.joined(interop.SeedClient("Ana", port, "127.0.0.2")))
        people.append(self.joined(interop.SeedClient("Bruno", port, "127.0.0.3")))
        self.exchange(people, people)

    @unittest.skipUnless(EXE and LINUX_BIN, "CHARLA_EXE or CHARLA_LINUX_BIN is not set")
    def test_linux_host_with_windows_participants(self):
        port = self.host([LINUX_BIN], "linux charla host")
        address = f"127.0.0.1:{port}"
        people = [
            self.joined(WindowsParticipant("Wanda", address, "127.0.0.5")),
            self.joined(WindowsParticipant("Xavi", address, "127.0.0.6")),
            self.joined(interop.SeedClient("Ana", port, "127.0.0.2")),
            self.joined(interop.SeedClient("Bruno", port, "127.0.0.3")),
        ]
        self.exchange(people, people)


if __name__ == "__main__":
    unittest.main(verbosity=2)
