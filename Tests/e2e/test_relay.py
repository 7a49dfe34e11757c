"""An edge node relays a session from the node that renders it (issue #15): `hypercube serve --relay-from` pulls the
origin's default session as one WHEP viewer and fans it out to its own viewers. What the edge's viewers decode must be
the origin's stream itself (the same frames, pixel for pixel, at the same RTP timestamps), the origin must see one
viewer however many watch through the edge, nothing is rendered on the edge, and when the origin goes away and comes
back the edge's viewers keep their connection and get frames again."""

from __future__ import annotations

import asyncio
import json
import os
import time

import numpy as np
import pytest

from harness import FIRST_FRAME_TIMEOUT, ServerProcess, http_request
from nodes import metric, node
from whep_client import WhepViewer, watch_once

pytestmark = [pytest.mark.cluster, pytest.mark.stream]

EDGE_VIEWERS = 3
WATCH_SECONDS = 4.0
MIN_FRAMES = 10  # liveness only: a connected viewer decodes far more in WATCH_SECONDS even on a loaded machine


@pytest.fixture
def binary(pytestconfig: pytest.Config) -> str:
    if pytestconfig.getoption("--reference-server"):
        pytest.skip("relaying is Hypercube's own")
    return pytestconfig.getoption("--hypercube-bin")


@pytest.fixture
def origin_and_edge(binary: str):  # type: ignore[no-untyped-def]
    origin = node(binary, "origin")
    origin.start()
    edge = node(binary, "edge", args=("--relay-from", origin.base_url))
    try:
        edge.start()
        yield origin, edge
    finally:
        edge.stop()
        origin.stop()


def test_edge_viewers_decode_the_origins_frames_through_one_upstream_viewer(origin_and_edge) -> None:  # type: ignore[no-untyped-def]
    origin, edge = origin_and_edge
    counts: dict[str, float | None] = {}

    async def scenario() -> tuple[WhepViewer, list[WhepViewer]]:
        direct = WhepViewer(origin.whep_url(), name="origin-viewer", audio=False, analyse_every=1)
        relayed = [
            WhepViewer(edge.whep_url(), name="edge-viewer-%d" % i, audio=False, analyse_every=1)
            for i in range(EDGE_VIEWERS)
        ]
        viewers = [direct, *relayed]
        try:
            await asyncio.gather(*(v.connect() for v in viewers))
            await asyncio.gather(*(v.wait_first_frame(FIRST_FRAME_TIMEOUT) for v in viewers))
            await asyncio.sleep(WATCH_SECONDS)
            counts["origin viewers"] = metric(origin, "hypercube_viewers")
            counts["edge viewers"] = metric(edge, "hypercube_viewers")
            counts["edge frames encoded"] = metric(edge, "hypercube_frames_encoded_total")
            counts["edge frames relayed"] = metric(edge, "hypercube_relay_frames_total")
        finally:
            await asyncio.gather(*(v.close() for v in viewers))
        return direct, relayed

    direct, relayed = asyncio.run(scenario())
    for viewer in [direct, *relayed]:
        print(viewer.summary().describe())
    print(counts)

    # One upstream viewer (the relay) plus the direct one on the origin, whatever the edge's audience.
    assert counts["origin viewers"] == 2, counts
    assert counts["edge viewers"] == EDGE_VIEWERS, counts
    assert counts["edge frames encoded"] is None, "the edge rendered or encoded frames itself: %s" % counts
    assert (counts["edge frames relayed"] or 0) >= MIN_FRAMES, counts

    reference = {f.rtp_timestamp: f.thumb for f in direct.frames if f.rtp_timestamp is not None and f.thumb is not None}
    for viewer in relayed:
        s = viewer.summary()
        assert s.frames >= MIN_FRAMES, s.describe()
        assert s.sizes and set(s.sizes) == {(320, 180)}, s.describe()
        assert max(s.motion() or [0]) > 0.5, "the relayed picture does not move: %s" % s.motion()
        # The same bitstream decodes to the same pixels: every frame both received (after the edge viewer's first
        # keyframe, which is also a keyframe for the direct viewer's decoder) is identical.
        common = [
            (f.thumb, reference[f.rtp_timestamp])
            for f in viewer.frames
            if f.rtp_timestamp in reference and f.thumb is not None
        ]
        assert len(common) >= MIN_FRAMES, "%s shares only %d frames with the origin's viewer" % (
            viewer.name,
            len(common),
        )
        differing = sum(1 for mine, theirs in common if not np.array_equal(mine, theirs))
        assert differing == 0, "%d of %d common frames differ from the origin's" % (differing, len(common))


@pytest.mark.slow
def test_edge_viewers_hear_the_sessions_audio_through_the_relay(origin_and_edge) -> None:  # type: ignore[no-untyped-def]
    origin, edge = origin_and_edge

    async def scenario() -> WhepViewer:
        viewer = WhepViewer(edge.whep_url(), name="edge-listener", audio=True)
        try:
            await viewer.connect()
            assert await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT), "no frame through the edge"
            await asyncio.sleep(WATCH_SECONDS)
        finally:
            await viewer.close()
        return viewer

    viewer = asyncio.run(scenario())
    status, _, body = http_request("GET", edge.url("/v1/sessions/default"), timeout=10)
    assert status == 200, body[:300]
    relay = json.loads(body)["relay"]
    print(viewer.summary().describe(), "peak", viewer.audio_peak, relay)
    # 20 ms Opus packets: 200 in WATCH_SECONDS; a liveness bound, not a rate
    assert viewer.audio_frames >= 20, "%d audio frames decoded through the edge" % viewer.audio_frames
    assert viewer.audio_peak > 100, "the relayed audio decodes to silence (peak %d)" % viewer.audio_peak
    assert relay["audioPacketsRelayed"] >= viewer.audio_frames, relay


def test_edge_viewers_stay_connected_while_the_origin_restarts(origin_and_edge) -> None:  # type: ignore[no-untyped-def]
    origin, edge = origin_and_edge
    marks: dict[str, float] = {}

    async def scenario() -> WhepViewer:
        viewer = WhepViewer(edge.whep_url(), name="edge-through-restart", audio=False)
        try:
            await viewer.connect()
            assert await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT), "no first frame through the edge"
            await asyncio.sleep(1.0)
            origin.stop(grace=0.5)  # SIGTERM, then SIGKILL: the relay sees its upstream vanish
            marks["stopped"] = time.time()
            await asyncio.sleep(1.0)
            await asyncio.to_thread(origin.start, True)
            marks["restarted"] = time.time()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if any(f.t > marks["restarted"] for f in viewer.frames[-5:]):
                    break
                await asyncio.sleep(0.2)
            marks["resumed"] = next((f.t for f in viewer.frames if f.t > marks["restarted"]), float("nan"))
            await asyncio.sleep(2.0)
        finally:
            await viewer.close()
        return viewer

    viewer = asyncio.run(scenario())
    s = viewer.summary()
    print(s.describe(), marks)
    print(edge.log_tail(20))
    assert "failed" not in viewer.states and "closed" not in viewer.states[:-1], viewer.states
    after = [f for f in viewer.frames if f.t > marks["restarted"]]
    assert len(after) >= MIN_FRAMES, "only %d frames after the origin came back: %s" % (len(after), s.describe())
    print("frames resumed %.2f s after the origin was ready again" % (marks["resumed"] - marks["restarted"]))


def make_ca_and_server_certificate(directory: str) -> tuple[str, str, str]:
    """A private CA and a certificate it signs for 127.0.0.1: (ca.pem, server.pem, server.key)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hypercube test CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    paths = tuple(os.path.join(directory, name) for name in ("ca.pem", "server.pem", "server.key"))
    with open(paths[0], "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths[1], "wb") as f:
        f.write(server.public_bytes(serialization.Encoding.PEM))
    with open(paths[2], "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return paths  # type: ignore[return-value]


class TLSNode(ServerProcess):
    """A node serving HTTPS with a certificate of the test CA (urllib trusts it through SSL_CERT_FILE)."""

    @property
    def base_url(self) -> str:
        return "https://127.0.0.1:%d" % self.port


def test_an_edge_relays_an_origin_that_serves_https(binary: str, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ca, certificate, key = make_ca_and_server_certificate(str(tmp_path))
    monkeypatch.setenv("SSL_CERT_FILE", ca)  # this process's urllib trusts the test CA
    plain = node(binary, "tls-origin", args=("--tls-cert", certificate, "--tls-key", key))
    origin = TLSNode(plain.binary, reference=False, log_dir=plain.log_dir, env=plain.extra_env, args=plain.args)
    origin.start()
    edge = node(binary, "tls-edge", args=("--relay-from", origin.base_url))
    edge.extra_env["HYPERCUBE_RELAY_CA_FILE"] = ca
    untrusting = node(binary, "untrusting-edge", args=("--relay-from", origin.base_url))
    try:
        edge.start()
        untrusting.start()

        summary = watch_once(edge.whep_url(), "via-https-relay", WATCH_SECONDS, FIRST_FRAME_TIMEOUT, audio=False)
        print(summary.describe())
        assert summary.frames >= MIN_FRAMES, summary.describe()
        status, _, body = http_request("GET", edge.url("/v1/sessions/default"), timeout=10)
        relay = json.loads(body)["relay"]
        assert relay["connected"] and relay["upstream"].startswith("https://"), relay
        # An edge that does not trust the origin's certificate cannot pull; it says why.
        deadline = time.monotonic() + 20
        status_text = ""
        while time.monotonic() < deadline:
            _, _, body = http_request("GET", untrusting.url("/v1/sessions/default"), timeout=10)
            relay = json.loads(body)["relay"]
            status_text = relay.get("lastError") or ""
            if status_text:
                break
            time.sleep(0.5)
        assert not relay["connected"] and status_text, relay
        print("untrusting edge:", status_text)
    finally:
        untrusting.stop()
        edge.stop()
        origin.stop()
