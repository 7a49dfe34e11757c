"""Three Hypercube nodes sharing a PostgreSQL database (`serve --cluster`, issue #15), all real processes on loopback:
the default session is rendered once in the cluster, by the node that owns it; viewers that POST to any node decode
the same frames (edges relay it, one upstream viewer each); when the owner is killed the session comes back on another
node and the edges' viewers get frames again without reconnecting; while the database is down everyone keeps
streaming and new placements are refused with 503 + Retry-After, and everything recovers after; a node that does not
relay, or is over its egress budget, answers 307 to the owner, and a WHEP client that follows it streams."""

from __future__ import annotations

import asyncio
import json
import signal
import os
import ssl
import time

import numpy as np
import pytest

from conftest import OPERATOR_TOKEN
from harness import FIRST_FRAME_TIMEOUT, ServerProcess, http_request
from nodes import cluster_listing, metric, node
from postgres import TemporaryPostgres
from whep_client import WhepViewer, watch_once

pytestmark = [pytest.mark.cluster, pytest.mark.stream]

MIN_FRAMES = 10  # liveness only: a connected viewer decodes far more than this in the windows below
PLACEMENT_TIMEOUT = 30.0  # a node joins and the default session starts within a few reconcile rounds
FAILOVER_BOUND = 30.0  # lease (6 s) + a reconcile round + a render start + the relay's backoff, with room to spare


@pytest.fixture
def binary(pytestconfig: pytest.Config) -> str:
    if pytestconfig.getoption("--reference-server"):
        pytest.skip("clustering is Hypercube's own")
    return pytestconfig.getoption("--hypercube-bin")


@pytest.fixture
def database():  # type: ignore[no-untyped-def]
    server = TemporaryPostgres()
    try:
        yield server
    finally:
        server.destroy()


def start_nodes(binary: str, database: TemporaryPostgres, names: list[str], extra: dict | None = None) -> list[ServerProcess]:
    nodes = []
    for name in names:
        server = node(binary, name, args=("--cluster", database.url, "--node-id", name, *((extra or {}).get(name, ()))))
        server.start()
        nodes.append(server)
    return nodes


def wait_for(predicate, timeout: float, what: str, interval: float = 0.2):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
        except (AssertionError, OSError, ValueError) as error:
            last = error
        if last and not isinstance(last, Exception):
            return last
        time.sleep(interval)
    raise AssertionError("%s within %.0f s; last: %r" % (what, timeout, last))


def default_owner(server: ServerProcess) -> str | None:
    listing = cluster_listing(server)
    for session in listing.get("sessions", []):
        if session["id"] == "default" and session["leaseLive"]:
            return session["owner"]
    return None


def rendering(server: ServerProcess) -> bool:
    return (metric(server, "hypercube_frames_encoded_total") or 0) > 0


@pytest.fixture
def three_nodes(binary: str, database: TemporaryPostgres):  # type: ignore[no-untyped-def]
    nodes = start_nodes(binary, database, ["node-a", "node-b", "node-c"])
    try:
        by_name = {n.args[n.args.index("--node-id") + 1]: n for n in nodes}
        owner = wait_for(lambda: default_owner(nodes[-1]), PLACEMENT_TIMEOUT, "the default session is placed")
        wait_for(lambda: rendering(by_name[owner]), PLACEMENT_TIMEOUT, "the owner renders the default session")
        yield by_name, owner
    finally:
        for n in nodes:
            n.stop()


def test_viewers_on_every_node_decode_one_render(three_nodes) -> None:  # type: ignore[no-untyped-def]
    by_name, owner = three_nodes
    edges = [name for name in by_name if name != owner]
    figures: dict[str, object] = {}

    async def scenario() -> dict[str, WhepViewer]:
        viewers = {name: WhepViewer(server.whep_url(), name="via-" + name, audio=False) for name, server in by_name.items()}
        try:
            await asyncio.gather(*(v.connect() for v in viewers.values()))
            await asyncio.gather(*(v.wait_first_frame(FIRST_FRAME_TIMEOUT) for v in viewers.values()))
            await asyncio.sleep(4.0)
            figures["listing"] = await asyncio.to_thread(cluster_listing, by_name[edges[0]])
            for name, server in by_name.items():
                figures[name] = (
                    metric(server, "hypercube_frames_encoded_total"),
                    metric(server, "hypercube_relay_frames_total"),
                )
        finally:
            await asyncio.gather(*(v.close() for v in viewers.values()))
        return viewers

    viewers = asyncio.run(scenario())
    for viewer in viewers.values():
        print(viewer.summary().describe())
    print(json.dumps(figures, indent=1, default=str))

    # Rendered once in the cluster: frames encoded on the owner only; the edges relay.
    assert (figures[owner][0] or 0) >= MIN_FRAMES, figures  # type: ignore[index]
    for edge in edges:
        encoded, relayed = figures[edge]  # type: ignore[misc]
        assert encoded is None, "%s encoded frames itself: %s" % (edge, figures[edge])
        assert (relayed or 0) >= MIN_FRAMES, figures[edge]
    # Every node's listing shows the cluster: the owner and one relay per edge, with its viewer.
    listing = figures["listing"]
    default = next(s for s in listing["sessions"] if s["id"] == "default")  # type: ignore[index]
    assert default["owner"] == owner and default["leaseLive"], default
    assert set(default["relays"]) == set(edges), default

    reference = {
        f.rtp_timestamp: f.thumb for f in viewers[owner].frames if f.rtp_timestamp is not None and f.thumb is not None
    }
    for edge in edges:
        s = viewers[edge].summary()
        assert s.frames >= MIN_FRAMES, s.describe()
        common = [(f.thumb, reference[f.rtp_timestamp]) for f in viewers[edge].frames if f.rtp_timestamp in reference]
        assert len(common) >= MIN_FRAMES, "%s shares %d frames with the owner's viewer" % (edge, len(common))
        differing = sum(1 for mine, theirs in common if not np.array_equal(mine, theirs))
        assert differing == 0, "%s: %d of %d common frames differ from the owner's" % (edge, differing, len(common))


@pytest.mark.slow
def test_killing_the_owner_moves_the_session_and_edge_viewers_get_frames_again(three_nodes) -> None:  # type: ignore[no-untyped-def]
    by_name, owner = three_nodes
    edges = [name for name in by_name if name != owner]
    marks: dict[str, float] = {}

    async def scenario() -> dict[str, WhepViewer]:
        viewers = {name: WhepViewer(by_name[name].whep_url(), name="via-" + name, audio=False) for name in edges}
        try:
            await asyncio.gather(*(v.connect() for v in viewers.values()))
            await asyncio.gather(*(v.wait_first_frame(FIRST_FRAME_TIMEOUT) for v in viewers.values()))
            await asyncio.sleep(1.0)
            proc = by_name[owner].proc
            assert proc is not None
            os.killpg(proc.pid, signal.SIGKILL)
            marks["killed"] = time.time()
            deadline = time.monotonic() + FAILOVER_BOUND
            while time.monotonic() < deadline:
                if all(any(f.t > marks["killed"] + 0.5 for f in v.frames[-3:]) for v in viewers.values()):
                    break
                await asyncio.sleep(0.1)
            for name, viewer in viewers.items():
                marks[name] = next((f.t for f in viewer.frames if f.t > marks["killed"] + 0.5), float("nan"))
            # Liveness after the move: MIN_FRAMES more for every viewer, however long a busy machine takes (a relay
            # that lost its upstream waits for a keyframe, which the new owner grants at most every 2 s per viewer).
            settle = time.monotonic() + 15
            while time.monotonic() < settle:
                if all(len([f for f in v.frames if f.t > marks[n]]) >= MIN_FRAMES for n, v in viewers.items()):
                    break
                await asyncio.sleep(0.2)
        finally:
            await asyncio.gather(*(v.close() for v in viewers.values()))
        return viewers

    viewers = asyncio.run(scenario())
    new_owner = default_owner(by_name[edges[0]])
    for viewer in viewers.values():
        print(viewer.summary().describe())
    print("owner %s killed; new owner %s; frames again after %s" % (
        owner, new_owner, {name: round(marks[name] - marks["killed"], 2) for name in edges}))  # fmt: skip
    assert new_owner in edges, "the session did not move to a surviving node: %s" % new_owner
    for name, viewer in viewers.items():
        resumed = marks[name] - marks["killed"]
        assert resumed == resumed and resumed < FAILOVER_BOUND, "%s: no frame within %.0f s" % (name, FAILOVER_BOUND)
        after = [f for f in viewer.frames if f.t > marks[name]]
        assert len(after) >= MIN_FRAMES, "%s: only %d frames after the session moved" % (name, len(after))
        assert viewer.states.count("connected") == 1, "%s reconnected: %s" % (name, viewer.states)


def post_session(server: ServerProcess) -> tuple[int, dict, dict]:
    body = json.dumps({"scene": "tesseract", "size": "160x90", "fps": 10}).encode()
    status, headers, raw = http_request(
        "POST", server.url("/v1/sessions"), body=body, timeout=15,
        headers={"Authorization": "Bearer " + OPERATOR_TOKEN, "Content-Type": "application/json"},
    )  # fmt: skip
    return status, headers, json.loads(raw or b"{}")


@pytest.mark.slow
def test_viewers_keep_streaming_while_the_database_is_down(three_nodes, database: TemporaryPostgres) -> None:  # type: ignore[no-untyped-def]
    by_name, owner = three_nodes
    edge = next(name for name in by_name if name != owner)
    outcome: dict[str, object] = {}

    async def scenario() -> dict[str, WhepViewer]:
        viewers = {name: WhepViewer(by_name[name].whep_url(), name="via-" + name, audio=False) for name in (owner, edge)}
        try:
            await asyncio.gather(*(v.connect() for v in viewers.values()))
            await asyncio.gather(*(v.wait_first_frame(FIRST_FRAME_TIMEOUT) for v in viewers.values()))
            await asyncio.to_thread(database.stop)
            outcome["down"] = time.time()
            await asyncio.sleep(2.0)
            outcome["post while down"] = await asyncio.to_thread(post_session, by_name[edge])
            await asyncio.sleep(8.0)
            await asyncio.to_thread(database.start)
            outcome["up"] = time.time()

            def placed() -> tuple[int, dict, dict] | None:
                result = post_session(by_name[edge])
                return result if result[0] == 201 else None

            outcome["post after"] = await asyncio.to_thread(wait_for, placed, 30.0, "a placement after recovery", 1.0)
            await asyncio.sleep(2.0)
        finally:
            await asyncio.gather(*(v.close() for v in viewers.values()))
        return viewers

    viewers = asyncio.run(scenario())
    for viewer in viewers.values():
        print(viewer.summary().describe())
    print({k: v for k, v in outcome.items() if k.startswith("post")})
    status, headers, body = outcome["post while down"]  # type: ignore[misc]
    assert status == 503 and headers.get("retry-after"), (status, headers, body)
    assert outcome["post after"][0] == 201, outcome["post after"]  # type: ignore[index]
    for name, viewer in viewers.items():
        during = [f for f in viewer.frames if outcome["down"] < f.t < outcome["up"]]  # type: ignore[operator]
        assert len(during) >= MIN_FRAMES, "%s decoded %d frames while the database was down" % (name, len(during))
        assert viewer.states.count("connected") == 1, viewer.states
    assert default_owner(by_name[edge]) == owner, "the session moved although its owner stayed up"


def test_a_node_that_does_not_relay_redirects_to_the_owner(binary: str, database: TemporaryPostgres) -> None:
    origin, redirector = start_nodes(binary, database, ["node-r1", "node-r2"], {"node-r2": ("--no-cluster-relay",)})
    try:
        wait_for(lambda: default_owner(redirector) == "node-r1", PLACEMENT_TIMEOUT, "node-r1 owns the default session")
        status, headers, _ = http_request(
            "POST", redirector.whep_url() + "?probe=1", body=b"v=0\r\n", headers={"Content-Type": "application/sdp"}
        )
        assert status == 307, status
        assert headers.get("location") == origin.whep_url() + "?probe=1", headers

        s = watch_once(headers["location"], "followed-307", 2.0, FIRST_FRAME_TIMEOUT, audio=False)
        print(s.describe())
        assert s.frames >= MIN_FRAMES, s.describe()
        assert metric(redirector, "hypercube_relay_frames_total") is None
    finally:
        redirector.stop()
        origin.stop()


def egress(server: ServerProcess) -> float:
    """The node's hypercube_egress_bits_per_second."""
    status, _, body = http_request("GET", server.url("/metrics"), timeout=10)
    assert status == 200, status
    for line in body.decode().splitlines():
        if line.startswith("hypercube_egress_bits_per_second "):
            return float(line.split()[1])
    raise AssertionError("GET /metrics has no hypercube_egress_bits_per_second")


def probe_offer(server: ServerProcess) -> tuple[int, dict]:
    """POST an offer that is no SDP: 307 when the node redirects, 400 when it would answer it itself."""
    status, headers, _ = http_request(
        "POST", server.whep_url(), body=b"v=0\r\n", headers={"Content-Type": "application/sdp"}, timeout=15
    )
    return status, headers


def test_a_node_over_its_egress_budget_redirects_new_viewers_to_the_owner(binary: str, database: TemporaryPostgres) -> None:
    budget = 100_000  # bits/s: one viewer of the test stream sends several times this
    origin, edge = start_nodes(
        binary, database, ["node-e1", "node-e2"], {"node-e2": ("--egress-budget", "%dk" % (budget // 1000))}
    )
    try:
        wait_for(lambda: default_owner(edge) == "node-e1", PLACEMENT_TIMEOUT, "node-e1 owns the default session")
        assert egress(edge) < budget
        seen: dict = {}

        async def scenario() -> WhepViewer:
            viewer = WhepViewer(edge.whep_url(), name="within-budget", audio=False)
            try:
                await viewer.connect()
                assert await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT), "the first viewer got no frame through the edge"
                deadline = time.monotonic() + 20
                while egress(edge) < budget and time.monotonic() < deadline:
                    await asyncio.sleep(0.2)
                seen["egress"] = egress(edge)
                seen["probe"] = await asyncio.to_thread(probe_offer, edge)
                before = viewer.summary().frames
                await asyncio.sleep(2.0)
                seen["frames after"] = viewer.summary().frames - before
            finally:
                await viewer.close()
            return viewer

        first = asyncio.run(scenario())
        print(first.summary().describe(), seen)
        assert seen["egress"] >= budget, "one viewer never took the edge over %d bit/s: %s" % (budget, seen)
        status, headers = seen["probe"]
        assert status == 307, "an offer to a node over its egress budget answered %s" % status
        assert headers.get("location") == origin.whep_url(), headers
        assert seen["frames after"] >= MIN_FRAMES // 2, "the relayed viewer stopped getting frames: %s" % seen

        # back under the budget (the rate is over the last 2 s), offers are answered on the edge again
        wait_for(lambda: egress(edge) < budget, 20, "the edge's egress falls below its budget")
        status, _ = probe_offer(edge)
        assert status == 400, "an offer to a node back under its budget answered %s, not its own 400" % status
    finally:
        edge.stop()
        origin.stop()


def test_nodes_serving_https_relay_when_they_trust_the_owner_and_redirect_when_not(
    binary: str, database: TemporaryPostgres, tmp_path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    from test_relay import TLSNode, make_ca_and_server_certificate

    ca, certificate, key = make_ca_and_server_certificate(str(tmp_path))
    monkeypatch.setenv("SSL_CERT_FILE", ca)  # this process's urllib trusts the test CA
    nodes = []
    for name, trusting in (("tls-owner", True), ("tls-trusting", True), ("tls-doubting", False)):
        plain = node(binary, name, args=(
            "--cluster", database.url, "--node-id", name, "--tls-cert", certificate, "--tls-key", key))
        server = TLSNode(plain.binary, reference=False, log_dir=plain.log_dir, env=plain.extra_env, args=plain.args)
        if trusting:
            server.extra_env["HYPERCUBE_RELAY_CA_FILE"] = ca
        server.start()
        nodes.append(server)
    owner, trusting_node, doubting = nodes
    try:
        wait_for(lambda: default_owner(doubting) == "tls-owner", PLACEMENT_TIMEOUT, "tls-owner owns the default session")

        s = watch_once(
            trusting_node.whep_url(), "https-cluster-edge", 2.0, FIRST_FRAME_TIMEOUT, audio=False,
            ssl_context=ssl.create_default_context(cafile=ca))
        print(s.describe())
        assert s.frames >= MIN_FRAMES, s.describe()
        assert (metric(trusting_node, "hypercube_relay_frames_total") or 0) > 0, "the trusting node did not relay"

        # A node that cannot verify the owner's certificate redirects instead of relaying blind.
        status, headers, _ = http_request(
            "POST", doubting.whep_url(), body=b"v=0\r\n", headers={"Content-Type": "application/sdp"}, timeout=15
        )
        assert status == 307, status
        assert headers.get("location") == owner.whep_url(), headers
        assert metric(doubting, "hypercube_relay_frames_total") is None
    finally:
        for server in reversed(nodes):
            server.stop()


def test_a_flag_set_on_one_node_reaches_every_node_and_their_audit_logs(three_nodes) -> None:  # type: ignore[no-untyped-def]
    by_name, _ = three_nodes
    names = sorted(by_name)
    writer, readers = by_name[names[0]], [by_name[n] for n in names[1:]]
    status = writer.write(OPERATOR_TOKEN, "PUT", "/v1/flags/bitrate", json.dumps({"value": 1_234_000}).encode())
    assert status == 200, status
    for reader in readers:
        flag = wait_for(
            lambda: (f := reader.flag("bitrate"))["value"] == 1_234_000 and f, 15.0, "the flag reaches %s" % reader.port
        )
        assert flag["updated_by"] == "cluster:%s:operator-token" % names[0], flag
        status, _, body = http_request(
            "GET", reader.url("/v1/audit?limit=5"), headers={"Authorization": "Bearer " + OPERATOR_TOKEN}, timeout=10
        )
        assert status == 200, body[:300]
        entries = json.loads(body)["entries"]
        assert any(
            e["action"] == "flag.set" and e["target"] == "bitrate" and e["actor"] == "cluster:%s:operator-token" % names[0]
            for e in entries
        ), entries


@pytest.mark.browser
def test_chromium_plays_the_session_through_an_edge(three_nodes, chrome, player_origin, request) -> None:  # type: ignore[no-untyped-def]
    by_name, owner = three_nodes
    edge = by_name[next(name for name in by_name if name != owner)]
    page = chrome.new_page()
    request.node._e2e_console = page.console
    try:
        page.navigate(player_origin.player_url(edge.whep_url()))
        first = page.wait_for("window.player && (window.player.firstFrameMs || window.player.error)", FIRST_FRAME_TIMEOUT)
        player = page.evaluate("window.player")
        assert player and not player.get("error") and first, "no frame through the edge: %s" % json.dumps(player)
        before = page.evaluate("window.stats()")
        time.sleep(3.0)
        after = page.evaluate("window.stats()")
        print("first frame %.0f ms after POST through an edge; stats %s" % (player["firstFrameMs"], json.dumps(after)))
        assert after["connectionState"] == "connected", after
        assert after["framesDecoded"] - before["framesDecoded"] >= MIN_FRAMES, (before, after)
        assert (metric(edge, "hypercube_relay_frames_total") or 0) > 0
    finally:
        page.navigate("about:blank")
        page.close()
