"""Runs the command blocks of docs/runbooks/*.md against a real `hypercube serve` on 127.0.0.1.

Every ```sh block whose first line is not `# cluster:` or `# manual:` runs in bash with `set -euo pipefail` and
HC (the server's URL), TOKEN (its operator token), SESSION (a session created for the block, so a block may delete
it) and STATE (its state directory) set, `hypercube` on PATH, in one working directory per page (a later block may
read what an earlier one saved). A block passes when it exits 0; its curl calls use -f, so any HTTP error fails it.

    runbooks_live.py ROOT HYPERCUBE_BINARY     prints ok/FAIL lines, exits 1 on any FAIL
"""

import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from checks import Checks

TOKEN = "runbook-live-test-operator-token"
BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)


def free_port(kind):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method, url, body=None):
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, body, headers, method=method), timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main():
    root, binary = pathlib.Path(sys.argv[1]).resolve(), os.path.abspath(sys.argv[2])
    checks = Checks(lines=lambda detail: detail.strip().splitlines()[-12:])
    report = checks.report

    work = pathlib.Path(tempfile.mkdtemp(prefix="hypercube-runbooks-"))
    server = None
    try:
        (work / "bin").mkdir()
        (work / "bin/hypercube").symlink_to(binary)
        state = work / "state"
        state.mkdir()
        port = free_port(socket.SOCK_STREAM)
        server = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--udp-port",
             str(free_port(socket.SOCK_DGRAM)), "--announce-ip", "127.0.0.1", "--size", "320x180", "--fps", "10",
             "--state-dir", str(state)],
            cwd=root, env={**os.environ, "HYPERCUBE_OPERATOR_TOKEN": TOKEN,
                           "HYPERCUBE_WRITE_RATE": "1000", "HYPERCUBE_WRITE_BURST": "1000"},
            stdout=open(work / "serve.log", "wb"), stderr=subprocess.STDOUT)
        hc = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request("GET", f"{hc}/health/ready")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            report(False, "hypercube serve ready", (work / "serve.log").read_text()[-2000:])
            sys.exit(1)

        for page in sorted((root / "docs/runbooks").glob("*.md")):
            cwd = work / page.stem
            cwd.mkdir()
            blocks = BLOCK.findall(page.read_text())
            run = 0
            for number, block in enumerate(blocks, 1):
                if block.startswith(("# cluster:", "# manual:")):
                    continue
                status, body = request("POST", f"{hc}/v1/sessions",
                                       json.dumps({"scene": "tesseract", "size": "320x180", "fps": 5}).encode())
                if status != 201:
                    report(False, f"{page.name} block {number}: create a session", body)
                    continue
                session = json.loads(body)["id"]
                env = {**os.environ, "HC": hc, "TOKEN": TOKEN, "SESSION": session, "STATE": str(state),
                       "PATH": f"{work / 'bin'}:{os.environ['PATH']}"}
                result = subprocess.run(["bash", "-c", "set -euo pipefail\n" + block], cwd=cwd, env=env,
                                        capture_output=True, text=True, timeout=30)
                first = block.strip().splitlines()[0]
                report(result.returncode == 0, f"{page.name} block {number}: {first[:70]}",
                       result.stdout[-600:] + result.stderr)
                request("DELETE", f"{hc}/v1/sessions/{session}")
                run += 1
            print(f"     {page.name}: {run} of {len(blocks)} blocks run here, the others need a cluster or a person")
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
