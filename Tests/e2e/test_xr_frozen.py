"""An XR viewer whose app freezes (SIGSTOP): it stops reading — no SCTP acknowledgements, no RTCP, no answers to
consent checks — after sending poses over its data channel. Its own render and stream go to a socket nobody reads;
nothing of it may pile up in the server, a spectator of the same session keeps its frames, and the server removes the
frozen viewer when its consent lapses (RFC 7675: 30 s without an answer)."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import time

import pytest

from harness import FIRST_FRAME_TIMEOUT, ServerProcess
from test_xr import PoseSender, open_xr
from whep_client import WhepViewer, resource_id

FROZEN_SECONDS = 36.0  # the 30 s consent timeout and a few ticks
REMOVAL_BOUND = 90.0  # a bound on a failure only
MEMORY_GROWTH_LIMIT = 48 << 20  # bytes the server may grow by while the viewer is frozen


def frozen_viewer(url_base: tuple[str, int], queue) -> None:  # type: ignore[no-untyped-def]
    """Child process: an XR viewer that sends poses at 90 Hz until it is stopped, and says its id once it has a frame."""

    class Server:  # what open_xr needs of a ServerProcess
        def __init__(self, base: str, port: int) -> None:
            self.base, self.port = base, port

        def whep_url(self, session: str = "default") -> str:
            return "%s/whep/%s" % (self.base, session)

    async def run() -> None:
        viewer = await open_xr(Server(*url_base), "xr-frozen")  # type: ignore[arg-type]
        sender = PoseSender(viewer)
        feeding = asyncio.ensure_future(sender.run(time.monotonic() + 600))
        if await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT):
            queue.put(("ok", resource_id(viewer.location)))
        else:
            queue.put(("error", "the XR viewer decoded nothing"))
        await feeding

    asyncio.run(run())


def resident_bytes(pid: int) -> int:
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS for %d" % pid)


@pytest.mark.xr
@pytest.mark.hostile
def test_a_frozen_xr_viewer_costs_nothing_and_is_removed_when_its_consent_lapses(
    server: ServerProcess, operator_token: str
) -> None:
    if server.reference:
        pytest.skip("the reference server has no XR viewers")
    report: dict = {}

    async def scenario() -> None:
        spectator = WhepViewer(server.whep_url(), name="spectator", audio=False, analyse_every=8, keep_thumbs=False)
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        child = ctx.Process(target=frozen_viewer, args=((server.url("").rstrip("/"), server.port), queue), daemon=True)
        child.start()
        try:
            await spectator.connect()
            assert await spectator.wait_first_frame(FIRST_FRAME_TIMEOUT), "the spectator decoded nothing"
            kind, payload = await asyncio.to_thread(queue.get, True, FIRST_FRAME_TIMEOUT + 30)
            assert kind == "ok", payload
            report["viewer"] = payload
            await asyncio.sleep(1.0)  # poses flowing, the viewer's render running
            os.kill(child.pid, signal.SIGSTOP)
            frozen_at = time.monotonic()
            report["rss_before"] = resident_bytes(server.proc.pid)
            frames_before = len(spectator.frames)
            peak = report["rss_before"]
            removed_after = None
            while time.monotonic() - frozen_at < REMOVAL_BOUND:
                await asyncio.sleep(1.0)
                peak = max(peak, resident_bytes(server.proc.pid))
                listing = await asyncio.to_thread(server.viewer_listing, operator_token)
                if removed_after is None and all(v["id"] != payload for v in listing):
                    removed_after = time.monotonic() - frozen_at
                if removed_after is not None and time.monotonic() - frozen_at >= FROZEN_SECONDS:
                    break
            report["removed_after"] = removed_after
            report["rss_peak"] = peak
            report["spectator_frames"] = len(spectator.frames) - frames_before
            report["spectator"] = spectator.summary()
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.join(5)
            await spectator.close()

    asyncio.run(scenario())
    growth = report["rss_peak"] - report["rss_before"]
    print("frozen XR viewer removed after %s s; server RSS %+.1f MB; spectator %d frames meanwhile: %s" % (
        report["removed_after"], growth / 1e6, report["spectator_frames"], report["spectator"].describe()))
    assert report["removed_after"] is not None, "the frozen XR viewer was still listed %.0f s after it froze" % REMOVAL_BOUND
    # consent was last refreshed at most a check interval (5 s, jittered) before the freeze
    assert report["removed_after"] >= 20, "removed %.1f s after freezing, before its consent could lapse" % report["removed_after"]
    assert growth <= MEMORY_GROWTH_LIMIT, "the server grew by %.1f MB while an XR viewer did not read" % (growth / 1e6)
    assert report["spectator_frames"] >= 30, "the spectator got %d frames in %.0f s" % (report["spectator_frames"], FROZEN_SECONDS)
    assert report["spectator"].longest_gap() < 1.0, report["spectator"].describe()
    assert server.alive()
