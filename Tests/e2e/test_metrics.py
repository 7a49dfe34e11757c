"""GET /metrics through a real Prometheus parser (prometheus_client): every family well formed, the flag values
and the GPU device present and equal to what the API says, the process families true of the server process, and a
session's series there while it lives and gone once it is deleted."""

from __future__ import annotations

import json
import math
import os
import time

import pytest
from prometheus_client.parser import text_string_to_metric_families

from harness import ServerProcess, http_request

SUFFIXES = {
    "counter": ("_total", "_created", ""),
    "gauge": ("",),
    "histogram": ("_bucket", "_sum", "_count", "_created"),
    "summary": ("", "_sum", "_count", "_created"),
    "untyped": ("",),
}


# The Prometheus client libraries' standard process families, the only ones without the hypercube_ prefix.
PROCESS_FAMILIES = {
    "process_cpu_seconds", "process_resident_memory_bytes", "process_virtual_memory_bytes", "process_open_fds",
    "process_max_fds", "process_start_time_seconds",
}


def scrape(server: ServerProcess) -> list:
    status, headers, body = http_request("GET", server.url("/metrics"), timeout=5)
    assert status == 200, body[:300]
    assert headers.get("content-type", "").startswith("text/plain"), headers
    return list(text_string_to_metric_families(body.decode("utf-8")))


def test_every_family_is_well_formed(server: ServerProcess) -> None:
    http_request("GET", server.url("/v1/flags"), timeout=5)  # at least one request in the duration histogram
    families = scrape(server)
    assert families, "no metric families"
    names = [family.name for family in families]
    assert len(names) == len(set(names)), "a family appears twice: %s" % names
    for family in families:
        assert family.name.startswith("hypercube_") or family.name in PROCESS_FAMILIES, (
            "family %s lacks the hypercube_ prefix" % family.name)
        assert family.type in SUFFIXES, "%s has type %s" % (family.name, family.type)
        assert family.samples, "%s has no samples" % family.name
        for sample in family.samples:
            suffix = sample.name[len(family.name):]
            assert sample.name.startswith(family.name) and suffix in SUFFIXES[family.type], (family.name, sample.name)
            assert not math.isnan(sample.value), sample
            assert all(key.isidentifier() for key in sample.labels), sample
        if family.type == "histogram":
            series: dict = {}
            for sample in family.samples:
                key = tuple(sorted((k, v) for k, v in sample.labels.items() if k != "le"))
                series.setdefault(key, {"buckets": [], "count": None})
                if sample.name.endswith("_bucket"):
                    series[key]["buckets"].append((float(sample.labels["le"]), sample.value))
                elif sample.name.endswith("_count"):
                    series[key]["count"] = sample.value
            for key, parts in series.items():
                buckets = sorted(parts["buckets"])
                assert buckets and math.isinf(buckets[-1][0]), "%s %s has no +Inf bucket" % (family.name, key)
                counts = [count for _, count in buckets]
                assert counts == sorted(counts), "%s %s buckets are not cumulative" % (family.name, key)
                assert parts["count"] == buckets[-1][1], "%s %s: _count differs from the +Inf bucket" % (family.name, key)


def test_flag_values_and_gpu_info_are_exported(server: ServerProcess) -> None:
    if server.reference:
        pytest.skip("the reference server has no flags")
    status, _, body = http_request("GET", server.url("/v1/flags"), timeout=5)
    assert status == 200
    flags = {flag["name"]: flag["value"] for flag in json.loads(body)["flags"]}
    families = {family.name: family for family in scrape(server)}

    numeric = {s.labels["name"]: s.value for s in families["hypercube_flag"].samples}
    info = {s.labels["name"]: s.labels["value"] for s in families["hypercube_flag_info"].samples if s.value == 1}
    for name, value in flags.items():
        if isinstance(value, bool):
            assert numeric.get(name) == (1.0 if value else 0.0), name
        elif isinstance(value, int):
            assert numeric.get(name) == float(value), name
        else:
            assert info.get(name) == value, name

    gpu = families["hypercube_gpu_info"].samples
    assert len(gpu) == 1 and gpu[0].value == 1.0, gpu
    assert gpu[0].labels.get("name") and gpu[0].labels.get("vendor"), gpu[0].labels


def test_frame_time_histograms_and_bitrate_follow_the_default_session(server: ServerProcess) -> None:
    if server.reference:
        pytest.skip("the reference server exports no media metrics")
    status, _, body = http_request("GET", server.url("/v1/sessions/default"), timeout=5)
    assert status == 200, body[:300]
    session = json.loads(body)
    timings = session["frameTimings"]
    families = {family.name: family for family in scrape(server)}

    def default_series(name: str, suffix: str = "") -> float:
        family = families[name[: -len("_total")] if name.endswith("_total") else name]  # the parser drops _total
        samples = [s for s in family.samples if s.name == name + suffix and s.labels.get("session") == "default"]
        assert len(samples) == 1, "%s%s{session=\"default\"}: %s" % (name, suffix, samples)
        return samples[0].value

    frames = default_series("hypercube_frames_sent_total")
    assert frames >= timings["frames"] > 0, (frames, timings)
    rendered = default_series("hypercube_frames_rendered_total")
    encoded = default_series("hypercube_frames_encoded_total")
    assert rendered >= encoded > 0 and encoded >= frames - 1, (rendered, encoded, frames)
    assert 0 < default_series("hypercube_keyframes_sent_total") <= frames
    for name in ("hypercube_render_seconds", "hypercube_encode_seconds", "hypercube_glass_to_wire_seconds"):
        assert families[name].type == "histogram", name
        count = default_series(name, "_count")
        assert count >= timings["frames"], "%s counted %s frames, /v1/sessions says %s" % (name, count, timings["frames"])
        assert default_series(name, "_sum") > 0, name
    # each frame's glass-to-wire contains its render and encode times
    assert default_series("hypercube_glass_to_wire_seconds", "_sum") >= default_series("hypercube_render_seconds", "_sum")
    assert timings["glassToWireMs"]["p50"] >= timings["renderMs"]["p50"] - 0.01, timings
    assert default_series("hypercube_video_bitrate_bits_per_second") == session["bitrate"]


def _process_figures(server: ServerProcess) -> dict:
    families = {family.name: family for family in scrape(server)}
    missing = PROCESS_FAMILIES - families.keys()
    assert not missing, "GET /metrics has no %s" % sorted(missing)
    return {name: families[name].samples[0].value for name in PROCESS_FAMILIES}


def _proc_stat(pid: int) -> list:
    text = open("/proc/%d/stat" % pid).read()
    return text[text.rindex(")") + 2:].split()  # fields from 3 (state) on


def test_process_families_are_true_of_the_server_process(server: ServerProcess) -> None:
    if server.reference:
        pytest.skip("the reference server is not the process under test")
    pid = server.proc.pid
    ticks = os.sysconf("SC_CLK_TCK")
    before = _proc_stat(pid)
    figures = _process_figures(server)
    after = _proc_stat(pid)

    cpu_before = (int(before[11]) + int(before[12])) / ticks
    cpu_after = (int(after[11]) + int(after[12])) / ticks
    assert cpu_before - 0.02 <= figures["process_cpu_seconds"] <= cpu_after + 0.02, (cpu_before, figures, cpu_after)
    boot = next(float(line.split()[1]) for line in open("/proc/stat") if line.startswith("btime "))
    started = boot + int(after[19]) / ticks
    assert abs(figures["process_start_time_seconds"] - started) < 1.5, (figures, started)
    assert figures["process_start_time_seconds"] <= time.time()
    resident = int(after[21]) * os.sysconf("SC_PAGE_SIZE")
    assert 0.5 * resident <= figures["process_resident_memory_bytes"] <= 2 * resident, (figures, resident)
    assert figures["process_virtual_memory_bytes"] >= figures["process_resident_memory_bytes"]
    open_fds = len(os.listdir("/proc/%d/fd" % pid))
    assert 3 <= figures["process_open_fds"] and abs(figures["process_open_fds"] - open_fds) <= 16, (figures, open_fds)
    limit = next(line.split()[3] for line in open("/proc/%d/limits" % pid) if line.startswith("Max open files"))
    assert figures["process_max_fds"] == float(limit), (figures, limit)

    # the CPU counter only rises
    time.sleep(0.5)
    assert _process_figures(server)["process_cpu_seconds"] >= figures["process_cpu_seconds"]


def _session_samples(server: ServerProcess, session: str) -> dict:
    found: dict = {}
    for family in scrape(server):
        for sample in family.samples:
            if sample.labels.get("session") == session:
                found.setdefault(sample.name, sample.value)
    return found


def test_a_sessions_series_live_and_leave_with_it(server: ServerProcess, operator_token: str) -> None:
    if server.reference:
        pytest.skip("the reference server has one session")
    auth = {"Authorization": "Bearer %s" % operator_token, "Content-Type": "application/json"}
    body = json.dumps({"scene": "tesseract", "size": "64x36", "fps": 12}).encode()
    status, _, created = http_request("POST", server.url("/v1/sessions"), body, auth, timeout=15)
    assert status == 201, created[:300]
    session = json.loads(created)["id"]
    try:
        deadline = time.monotonic() + 60
        samples: dict = {}
        while time.monotonic() < deadline:
            samples = _session_samples(server, session)
            if samples.get("hypercube_session_frames_per_second", 0) > 0 and samples.get("hypercube_frames_sent_total"):
                break
            time.sleep(0.3)
        assert samples.get("hypercube_session_target_frames_per_second") == 12.0, samples
        assert samples.get("hypercube_session_frames_per_second", 0) > 0, "no measured frame rate within 60 s: %s" % samples
        # a machine this busy may render slower than the target, never faster than one slot ahead of it
        assert samples["hypercube_session_frames_per_second"] <= 12 * 1.5, samples
        assert samples.get("hypercube_frames_rendered_total", 0) >= 1, samples
        assert samples.get("hypercube_gpu_seconds_count", 0) >= 1, "no GPU time per frame: %s" % samples
        assert samples.get("hypercube_viewers") == 0.0, samples
        assert samples.get("hypercube_video_bitrate_bits_per_second", 0) > 0, samples
    finally:
        status, _, answer = http_request(
            "DELETE", server.url("/v1/sessions/%s" % session), headers={"Authorization": "Bearer " + operator_token},
            timeout=15)
    assert status in (200, 204), answer[:300]
    left = _session_samples(server, session)
    assert not left, "a deleted session's series stayed on /metrics: %s" % sorted(left)
    assert _session_samples(server, "default").get("hypercube_frames_rendered_total"), "the default session's series went too"
