"""A throwaway PostgreSQL server for the cluster tests (e2e and Tests/deploy's live overlays): Debian's binaries (the
`postgresql` package, which `make test` installs), a data directory in a temporary folder, listening on 127.0.0.1
only. Trust authentication by default; with a password, scram-sha-256, so a client that does not send it (a server
that did not read its --cluster-password-file) cannot connect. PostgreSQL refuses to run as root, so as root (CI) the
folder is given to the `postgres` user and its commands run through runuser."""

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
    def __init__(self, user: str = "postgres", database: str = "hypercube", password: Optional[str] = None) -> None:
        bindir = _binaries()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed (scripts/install-deps.sh test installs postgresql)")
        self.bindir = bindir
        self.directory = tempfile.mkdtemp(prefix="hypercube-postgres-")
        self.data = os.path.join(self.directory, "data")
        self.port = _free_port()
        self.user, self.database = user, database
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.directory, user="postgres")
        authentication = ["-A", "trust"]
        if password is not None:
            password_file = os.path.join(self.directory, "password")
            with open(password_file, "w") as f:
                f.write(password + "\n")
            if self.as_root:
                shutil.chown(password_file, user="postgres")
            authentication = ["-A", "scram-sha-256", "--pwfile", password_file]
        self._run("initdb", "-D", self.data, *authentication, "-U", user, "--no-sync", "-E", "UTF8")
        self.start()
        subprocess.run(
            [os.path.join(self.bindir, "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", user, database],
            env={**os.environ, "PGPASSWORD": password} if password is not None else None,
            check=True, capture_output=True, timeout=30,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return "postgres://%s@127.0.0.1:%d/%s?sslmode=disable" % (self.user, self.port, self.database)

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
