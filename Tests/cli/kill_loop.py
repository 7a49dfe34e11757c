#!/usr/bin/env python3
"""Kill -9 loop: `kill_loop.py HYPERCUBE STATE_DIR [WRITES] [SECONDS]` runs `hypercube serve` on STATE_DIR, sends
flag writes through the API and SIGKILLs the server at random moments, again and again, until WRITES writes were
sent or SECONDS passed. After every kill, and after a last clean start, it checks that the bitrate in flags.json
is a value the audit log recorded (no unaudited change), that every acknowledged write is in the log, and that
`hypercube audit verify` accepts the log. Prints one summary line; exits 1 on the first violation."""
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

binary, state = sys.argv[1], sys.argv[2]
target_writes = int(sys.argv[3]) if len(sys.argv) > 3 else 100
budget = float(sys.argv[4]) if len(sys.argv) > 4 else 60.0
token = "kill-loop-operator-token-0123456789"
default_bitrate = 2000000
random.seed(os.environ.get("KILL_LOOP_SEED", "11"))


def fail(message):
    print(f"kill loop: {message}")
    sys.exit(1)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start():
    port = free_port()
    environment = dict(os.environ, HYPERCUBE_OPERATOR_TOKEN=token, HYPERCUBE_WRITE_RATE="100000",
                       HYPERCUBE_WRITE_BURST="100000")
    server = subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--udp-port", "0", "--size", "160x90",
         "--state-dir", state], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1).read()
            return server, port
        except OSError:
            if server.poll() is not None:
                fail(f"serve exited with {server.returncode} at start")
            time.sleep(0.05)
    server.kill()
    fail("serve did not come up in 20 s")


def put_bitrate(port, value):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/v1/flags/bitrate", data=json.dumps({"value": value}).encode(), method="PUT",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status == 200


def recorded_bitrates():
    with open(os.path.join(state, "audit.jsonl"), "rb") as log:
        lines = log.read().split(b"\n")
    values = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # an incomplete last line: the next start cuts it off
        if entry.get("target") == "bitrate" and entry.get("action", "").startswith("flag."):
            values.append(entry["new"])
    return values


def persisted_bitrate():
    with open(os.path.join(state, "flags.json")) as flags:
        stored = json.load(flags)["flags"].get("bitrate")
    return stored["value"] if stored else default_bitrate


def check(acknowledged, after_restart):
    recorded = recorded_bitrates()
    persisted = persisted_bitrate()
    if persisted != default_bitrate and persisted not in recorded:
        fail(f"flags.json holds bitrate {persisted}, which no audit entry records")
    if after_restart and recorded and persisted != recorded[-1]:
        fail(f"after a restart flags.json holds {persisted} but the newest audit entry set {recorded[-1]}")
    missing = sorted(set(acknowledged) - set(recorded))
    if missing:
        fail(f"acknowledged writes missing from the audit log: {missing[:5]}")
    verify = subprocess.run([binary, "audit", "verify", os.path.join(state, "audit.jsonl")], capture_output=True,
                            text=True)
    if verify.returncode != 0:
        fail(f"audit verify: {verify.stdout.strip()} {verify.stderr.strip()}")


os.makedirs(state, exist_ok=True)
began = time.monotonic()
sent, kills, acknowledged = 0, 0, []
while sent < target_writes and time.monotonic() - began < budget:
    server, port = start()
    check(acknowledged, after_restart=True)
    killer = threading.Timer(random.uniform(0.0, 0.2), lambda: server.send_signal(signal.SIGKILL))
    killer.start()
    while server.poll() is None and sent < target_writes:
        value = 1000000 + sent * 1000
        sent += 1
        try:
            if put_bitrate(port, value):
                acknowledged.append(value)
        except OSError:
            break
    killer.cancel()
    server.send_signal(signal.SIGKILL)
    server.wait()
    kills += 1
    check(acknowledged, after_restart=False)
server, port = start()
check(acknowledged, after_restart=True)
server.send_signal(signal.SIGTERM)
server.wait(timeout=15)
check(acknowledged, after_restart=True)
print(f"kill loop: {sent} writes, {len(acknowledged)} acknowledged, {kills} kills: no unaudited change, chain verifies")
