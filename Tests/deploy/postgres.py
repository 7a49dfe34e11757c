"""A throwaway PostgreSQL for deployment_live.py's cluster overlays, after Tests/e2e/postgres.py: Debian's binaries
(the `postgresql` package), a data directory in a temporary folder, 127.0.0.1 only. Unlike the e2e one it asks for a
password (scram-sha-256), so a server that did not read its --cluster-password-file cannot connect. PostgreSQL refuses
to run as root, so as root its commands run as the `postgres` user through runuser."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile


class TemporaryPostgres:
    def __init__(self, user: str, database: str, password: str) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise RuntimeError("PostgreSQL is not installed (scripts/install-deps.sh test installs postgresql)")
        self.bindir = os.path.dirname(found[-1])
        self.directory = tempfile.mkdtemp(prefix="hypercube-deploy-postgres-")
        self.data = os.path.join(self.directory, "data")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.as_root = os.geteuid() == 0
        password_file = os.path.join(self.directory, "password")
        with open(password_file, "w") as f:
            f.write(password + "\n")
        if self.as_root:
            shutil.chown(self.directory, user="postgres")
            shutil.chown(password_file, user="postgres")
        self._run("initdb", "-D", self.data, "-A", "scram-sha-256", "-U", user, "--pwfile", password_file,
                  "--no-sync", "-E", "UTF8")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.directory}"
        self._run("pg_ctl", "start", "-w", "-t", "30", "-D", self.data, "-l", self.directory + "/server.log",
                  "-o", options)
        subprocess.run([os.path.join(self.bindir, "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", user,
                        database], env={**os.environ, "PGPASSWORD": password}, check=True, capture_output=True,
                       timeout=30)
        self.url = f"postgres://{user}@127.0.0.1:{self.port}/{database}?sslmode=disable"

    def _run(self, tool: str, *args: str) -> None:
        command = [os.path.join(self.bindir, tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"{tool} failed: {result.stdout[-2000:]} {result.stderr[-2000:]}")

    def destroy(self) -> None:
        try:
            self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", self.data)
        except RuntimeError:
            pass
        shutil.rmtree(self.directory, ignore_errors=True)
