"""A server reached on another loopback address than the one its viewer sends from: aioice takes a STUN response only
from the address its request went to (RFC 8445 §7.2.5.2.1), so the server must answer, and stream, from the address
each viewer reached (issue #10, item 6). With one wildcard socket the kernel answered from 127.0.0.1, the viewer's
own address, and ICE failed. The server listens on the wildcard, as `hypercube serve` does by default, and announces
127.0.0.2 alone, or first, ahead of 127.0.0.1 (aioice then checks both and nominates 127.0.0.2); the aiortc viewer
sends from 127.0.0.1 (whep_client.py pins it there)."""

from __future__ import annotations

import asyncio
import re
import tempfile

import pytest

from conftest import ICE_TIMEOUT, LOG_DIR, OPERATOR_TOKEN
from harness import FIRST_FRAME_TIMEOUT, ServerProcess
from whep_client import WhepViewer

STREAM_SECONDS = 3.0
MIN_FRAMES = 10  # liveness: a connected viewer decodes far more in STREAM_SECONDS even on a loaded machine


@pytest.fixture
def binary(pytestconfig: pytest.Config) -> str:
    if pytestconfig.getoption("--reference-server"):
        pytest.skip("the reference server answers from one aioice socket of its own")
    return pytestconfig.getoption("--hypercube-bin")


@pytest.mark.stream
@pytest.mark.parametrize("announce", [("127.0.0.2",), ("127.0.0.2", "127.0.0.1")], ids=["only", "first"])
def test_aiortc_streams_from_a_server_it_reached_on_127_0_0_2(binary: str, announce: tuple[str, ...]) -> None:
    server = ServerProcess(
        binary,
        reference=False,
        log_dir=LOG_DIR,
        env={
            "HYPERCUBE_ICE_TIMEOUT_SECONDS": ICE_TIMEOUT,
            "HYPERCUBE_OPERATOR_TOKEN": OPERATOR_TOKEN,
            "HYPERCUBE_STATE_DIR": tempfile.mkdtemp(prefix="hypercube-e2e-second-address-"),
        },
        announce=announce,
    )
    server.start()

    nominated: dict[str, tuple[str, str]] = {}

    async def scenario() -> WhepViewer:
        viewer = WhepViewer(server.whep_url(), name="second-address", audio=False, keep_thumbs=False)
        try:
            await viewer.connect()
            if await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT):
                await asyncio.sleep(STREAM_SECONDS)
            assert viewer.pc is not None
            connection = viewer.pc.getTransceivers()[0].receiver.transport.transport._connection
            pair = connection._nominated.get(1)
            if pair is not None:
                nominated["pair"] = (pair.local_candidate.host, pair.remote_candidate.host)
        finally:
            await viewer.close()
        return viewer

    try:
        viewer = asyncio.run(scenario())
        log = server.log_text()
    finally:
        server.stop()
    s = viewer.summary()
    print(s.describe())

    candidates = re.findall(r"a=candidate:\S+ 1 udp \d+ (\S+) \d+ typ host", viewer.answer_sdp or "", re.IGNORECASE)
    assert candidates == list(announce), "answer candidates %s" % candidates
    assert "failed" not in viewer.states, (
        "connection states %s (ICE failed: answered from the wrong address?)" % viewer.states
    )
    assert nominated.get("pair") == ("127.0.0.1", "127.0.0.2"), "nominated pair %s" % nominated.get("pair")
    assert s.frames >= MIN_FRAMES, "%d frames decoded in %.0f s after the first" % (s.frames, STREAM_SECONDS)
    bound = re.search(r"media sockets bound on ([^\n]*)", log)
    assert bound and "127.0.0.2" in bound.group(1), "the server did not bind 127.0.0.2: %s" % (bound and bound.group(0))
