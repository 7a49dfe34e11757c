"""Start-up and shutdown of `hypercube serve` in its own process: SIGTERM turns readiness 503 at once and exits 0,
flags persist across a restart, EXPERIMENTAL_FEATURES / ADVANCED_RENDERING override them at start (anything else
refuses to start), and `hypercube audit verify` checks the chain and names an edited line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from harness import HERE, ServerProcess, http_request

pytestmark = pytest.mark.slow

TOKEN = "lifecycle-operator-token-0123456789"
DRAIN_SECONDS = 3  # between SIGTERM and the end: readiness must be 503 in that time, however slowly we poll


def start(binary: str, state: str, **env: str) -> ServerProcess:
    server = ServerProcess(
        binary,
        reference=False,
        log_dir=HERE / ".logs",
        env={"HYPERCUBE_STATE_DIR": state, "HYPERCUBE_OPERATOR_TOKEN": TOKEN, **env},
        ready_timeout=60,
        args=("--drain-seconds", str(DRAIN_SECONDS)),
    )
    server.start()
    return server


@pytest.fixture
def binary(server: ServerProcess) -> str:
    if server.reference:
        pytest.skip("the reference server has no flags, audit log or drain")
    assert server.binary
    return server.binary


def test_sigterm_drains_then_exits_zero_and_state_survives(binary: str) -> None:
    state = tempfile.mkdtemp(prefix="hypercube-e2e-lifecycle-")
    first = start(binary, state)
    try:
        headers = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}
        status, _, body = http_request(
            "PUT", first.url("/v1/flags/projection"), body=b'{"value":"orthographic"}', headers=headers
        )
        assert status == 200, body
        assert first.proc is not None
        os.killpg(first.proc.pid, signal.SIGTERM)
        signalled = time.monotonic()
        seen = []
        while first.proc.poll() is None and 503 not in seen and time.monotonic() < signalled + 30:
            try:
                seen.append(http_request("GET", first.url("/health/ready"), timeout=5)[0])
            except OSError:
                break
            time.sleep(0.02)
        print("readiness after SIGTERM: %s; 503 %.2f s after the signal" % (seen, time.monotonic() - signalled))
        assert 503 in seen, "readiness never turned 503 between SIGTERM and the exit: %s" % seen
        assert first.proc.wait(timeout=30) == 0
    finally:
        first.stop()

    second = start(binary, state, EXPERIMENTAL_FEATURES="true", ADVANCED_RENDERING="0")
    try:
        assert second.flag("projection")["value"] == "orthographic"
        assert second.flag("experimental_features")["updated_by"] == "env:EXPERIMENTAL_FEATURES"
        assert second.flag("advanced_rendering")["value"] is False
    finally:
        second.stop()

    audit = Path(state) / "audit.jsonl"
    verify = subprocess.run([binary, "audit", "verify", str(audit)], capture_output=True, text=True, timeout=30)
    assert verify.returncode == 0 and verify.stdout.strip() == "ok: 3 entries", verify.stdout + verify.stderr
    lines = audit.read_text().splitlines()
    entry = json.loads(lines[1])
    entry["actor"] = "mallory"
    lines[1] = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    audit.write_text("\n".join(lines) + "\n")
    verify = subprocess.run([binary, "audit", "verify", str(audit)], capture_output=True, text=True, timeout=30)
    assert verify.returncode == 1
    assert "line 2" in verify.stderr and "altered" in verify.stderr, verify.stderr


def test_a_bad_boolean_refuses_to_start(binary: str) -> None:
    with tempfile.TemporaryDirectory() as state:
        result = subprocess.run(
            [binary, "serve", "--port", "0"],
            env={**os.environ, "HYPERCUBE_STATE_DIR": state, "ADVANCED_RENDERING": "maybe"},
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode != 0
    assert "ADVANCED_RENDERING" in result.stderr and "not a boolean" in result.stderr, result.stderr
