"""(c) Twenty viewers on one session all keep the frame rate, while a twenty-first drops 30 % of its incoming
RTP packets (after SRTP, so NACK and PLI go back to the server) and still keeps decoding.

The viewers run in E2E_VIEWER_PROCESSES spawned processes (default 2): 21 aiortc receivers in one Python
process cost about 0.6 of a core here against the reference server, and splitting them keeps one busy event
loop from showing up as a server problem."""

from __future__ import annotations

import os
import statistics
import threading
import time

import pytest

from harness import BLANK_STD, FPS, HEIGHT, MIN_FPS, WIDTH, ServerProcess
from whep_client import ViewerSpec, run_viewers_in_processes

VIEWERS = int(os.environ.get("E2E_LOAD_VIEWERS", "20"))
DROP_RATE = float(os.environ.get("E2E_LOSSY_DROP_RATE", "0.3"))
DURATION = float(os.environ.get("E2E_LOAD_SECONDS", "12"))
PROCESSES = int(os.environ.get("E2E_VIEWER_PROCESSES", "2"))
START_DELAY = 5.0  # for the spawned processes to import aiortc before the common start time
# The lossy viewer must still decode at least this share of the frame rate in the second half of the window,
# with no gap longer than LOSSY_MAX_GAP seconds there.
LOSSY_MIN_FPS_SHARE = float(os.environ.get("E2E_LOSSY_MIN_FPS_SHARE", "0.25"))
LOSSY_MAX_GAP = float(os.environ.get("E2E_LOSSY_MAX_GAP", "2.0"))


@pytest.mark.load
@pytest.mark.slow
def test_twenty_viewers_keep_fps_and_a_lossy_one_recovers(server: ServerProcess) -> None:
    baseline = server.viewers()
    specs = [ViewerSpec("viewer-%02d" % i, analyse_every=15) for i in range(VIEWERS)]
    specs.append(ViewerSpec("lossy", drop_rate=DROP_RATE, analyse_every=5))
    groups = [specs[i::PROCESSES] for i in range(PROCESSES)]

    mid_run: dict[str, object] = {}

    def sample_viewer_count() -> None:
        time.sleep(START_DELAY + DURATION / 2)
        try:
            mid_run["viewers"] = server.viewers()
            mid_run["metric"] = server.metrics_viewers()
        except Exception as exc:  # noqa: BLE001
            mid_run["error"] = repr(exc)

    sampler = threading.Thread(target=sample_viewer_count, daemon=True)
    sampler.start()
    results = run_viewers_in_processes(server.whep_url(), groups, start_delay=START_DELAY, duration=DURATION, timeout=40)
    sampler.join(timeout=5)
    by_name = {s.name: s for s in results}
    assert len(by_name) == VIEWERS + 1, "got %d summaries" % len(by_name)

    lossy = by_name.pop("lossy")
    rows = sorted(by_name.values(), key=lambda s: s.name)
    print("viewer fps: " + ", ".join("%s=%.1f" % (s.name[-2:], s.fps()) for s in rows))
    print(lossy.describe())
    print("mid-run: %s" % mid_run)

    failures = [s.describe() for s in rows if s.error or s.post_status != 201]
    assert not failures, "viewers failed to join:\n" + "\n".join(failures)
    slow = [s for s in rows if s.fps() < MIN_FPS]
    assert not slow, "%d of %d viewers decoded under %.1f fps:\n%s" % (
        len(slow), len(rows), MIN_FPS, "\n".join(s.describe() for s in slow))
    for s in rows:
        assert set(s.sizes) == {(WIDTH, HEIGHT)}, s.describe()
        assert s.t_end - s.t_first >= DURATION / 2, "%s: first frame too late: %s" % (s.name, s.describe())
        assert statistics.median(s.stds) > BLANK_STD, "%s decodes blank frames" % s.name

    # the lossy viewer really lost packets, asked for them again, and kept decoding
    assert lossy.post_status == 201 and not lossy.error, lossy.describe()
    assert lossy.rtp_dropped >= 0.5 * DROP_RATE * lossy.rtp_packets, "loss injection did not happen: " + lossy.describe()
    assert lossy.frames > 0, "the lossy viewer never decoded a frame: " + lossy.describe()
    half = lossy.t_end - (DURATION / 2)
    recovered = lossy.fps(start=half, end=lossy.t_end)
    assert recovered >= LOSSY_MIN_FPS_SHARE * FPS, (
        "the lossy viewer decoded %.1f fps in the last %.0f s (need >= %.1f): %s"
        % (recovered, DURATION / 2, LOSSY_MIN_FPS_SHARE * FPS, lossy.describe()))
    gap = lossy.longest_gap(start=half, end=lossy.t_end)
    assert gap <= LOSSY_MAX_GAP, "the lossy viewer froze for %.1f s in the last %.0f s: %s" % (gap, DURATION / 2, lossy.describe())
    assert set(lossy.sizes) == {(WIDTH, HEIGHT)}, lossy.describe()

    if "viewers" in mid_run:
        assert mid_run["viewers"] >= baseline + VIEWERS + 1, "GET /v1/sessions said %s viewers mid-run" % mid_run["viewers"]
        metric = mid_run["metric"]
        assert metric is not None and abs(metric - mid_run["viewers"]) <= 1, (
            "/metrics hypercube_viewers = %s while /v1/sessions = %s" % (metric, mid_run["viewers"]))
    after = server.wait_viewers(lambda n: n <= baseline, timeout=10)
    assert after <= baseline, "%d viewers still listed 10 s after all %d DELETEd (baseline %d)" % (after, VIEWERS + 1, baseline)
