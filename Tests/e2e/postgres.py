"""A throwaway PostgreSQL server for the cluster tests: Debian's binaries (the `postgresql` package, which `make test`
installs), a data directory in a temporary folder, trust authentication, listening on 127.0.0.1 only. PostgreSQL
refuses to run as root, so as root (CI) the folder is given to the `postgres` user and its commands run through
runuser."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from typing import Optional


def _binaries() -> Optional[str]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return os.path.dirname(found[-1]) if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TemporaryPostgres:
    def __init__(self) -> None:
        bindir = _binaries()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed (scripts/install-deps.sh test installs postgresql)")
        self.bindir = bindir
        self.directory = tempfile.mkdtemp(prefix="hypercube-e2e-postgres-")
        self.data = os.path.join(self.directory, "data")
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.directory, user="postgres")
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        self.start()
        subprocess.run(
            [os.path.join(self.bindir, "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "hypercube"],
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return "postgres://postgres@127.0.0.1:%d/hypercube?sslmode=disable" % self.port

    def _run(self, tool: str, *args: str) -> None:
        command = [os.path.join(self.bindir, tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError("%s failed: %s %s" % (tool, result.stdout[-2000:], result.stderr[-2000:]))

    def start(self) -> None:
        options = "-c listen_addresses=127.0.0.1 -p %d -c unix_socket_directories=%s -c fsync=off" % (
            self.port,
            self.directory,
        )
        self._run("pg_ctl", "start", "-w", "-t", "30", "-D", self.data, "-l", self.directory + "/server.log",
                  "-o", options)  # fmt: skip

    def stop(self) -> None:
        """Stops at once, as a crash would: every client connection is cut."""
        self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", self.data)

    def destroy(self) -> None:
        try:
            self.stop()
        except RuntimeError:
            pass
        shutil.rmtree(self.directory, ignore_errors=True)
