"""Several Hypercube nodes in one test (the relay and cluster tests): each its own process, state directory and
ports, and reading one of its counters from /metrics."""

from __future__ import annotations

import json
import re
import tempfile
import urllib.request
from typing import Optional

from conftest import ICE_TIMEOUT, LOG_DIR, OPERATOR_TOKEN
from harness import ServerProcess, http_request


def node(binary: str, name: str, args: tuple[str, ...] = ()) -> ServerProcess:
    return ServerProcess(
        binary,
        reference=False,
        log_dir=LOG_DIR,
        env={
            "HYPERCUBE_ICE_TIMEOUT_SECONDS": ICE_TIMEOUT,
            "HYPERCUBE_OPERATOR_TOKEN": OPERATOR_TOKEN,
            "HYPERCUBE_STATE_DIR": tempfile.mkdtemp(prefix="hypercube-e2e-%s-" % name),
        },
        args=args,
    )


def metric(server: ServerProcess, name: str, session: str = "default") -> Optional[float]:
    with urllib.request.urlopen(server.url("/metrics"), timeout=5) as response:
        text = response.read().decode()
    match = re.search(r'^%s\{[^}]*session="%s"[^}]*\} (\S+)$' % (re.escape(name), re.escape(session)), text, re.M)
    return float(match.group(1)) if match else None


def cluster_listing(server: ServerProcess) -> dict:
    """The `cluster` object of the node's GET /v1/sessions: the node, whether the state is reachable, every session."""
    status, _, body = http_request("GET", server.url("/v1/sessions"), timeout=10)
    assert status == 200, "GET /v1/sessions answered %d: %r" % (status, body[:300])
    return json.loads(body)["cluster"]
