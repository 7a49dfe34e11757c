"""GET /metrics through a real Prometheus parser (prometheus_client): every family well formed, the flag values
and the GPU device present and equal to what the API says."""

from __future__ import annotations

import json
import math

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
        assert family.name.startswith("hypercube_"), "family %s lacks the hypercube_ prefix" % family.name
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
