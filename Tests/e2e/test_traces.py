"""Traces over OTLP/HTTP, received the way a collector receives them: a real `hypercube serve` with
HYPERCUBE_OTLP_ENDPOINT sends protobuf to a small OTLP receiver here (opentelemetry-proto decodes it). An aiortc
viewer joins; the join must arrive as a span tree under the WHEP POST's server span — the answer, then ICE, DTLS and
first keyframe back to back — sampled frames as render → encode → fan-out, and the server's log line for the offer must carry the
join's trace id."""

from __future__ import annotations

import asyncio
import http.server
import json
import threading
import time

import pytest
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.trace.v1 import trace_pb2

from harness import FIRST_FRAME_TIMEOUT, ServerProcess
from nodes import node
from whep_client import WhepViewer, resource_id

ARRIVAL_TIMEOUT = 30.0  # spans are batched (OTEL_BSP_SCHEDULE_DELAY 200 ms here); a bound on a failure only


class OTLPReceiver:
    """POST /v1/traces with an ExportTraceServiceRequest: every span kept with its resource's attributes."""

    def __init__(self) -> None:
        self.spans: list[tuple[dict, trace_pb2.Span]] = []
        self.refused: list[str] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.path != "/v1/traces" or self.headers.get("Content-Type") != "application/x-protobuf":
                    receiver.refused.append("%s %s" % (self.path, self.headers.get("Content-Type")))
                    self.send_response(404)
                    self.end_headers()
                    return
                request = trace_service_pb2.ExportTraceServiceRequest()
                request.ParseFromString(body)
                with receiver.lock:
                    for resource_spans in request.resource_spans:
                        resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
                        for scope in resource_spans.scope_spans:
                            receiver.spans.extend((resource, span) for span in scope.spans)
                answer = trace_service_pb2.ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def snapshot(self) -> list[tuple[dict, trace_pb2.Span]]:
        with self.lock:
            return list(self.spans)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def attributes(span: trace_pb2.Span) -> dict:
    found: dict = {}
    for a in span.attributes:
        kind = a.value.WhichOneof("value")
        found[a.key] = getattr(a.value, kind) if kind else None
    return found


@pytest.fixture
def traced(pytestconfig: pytest.Config):  # type: ignore[no-untyped-def]
    if pytestconfig.getoption("--reference-server"):
        pytest.skip("trace export is Hypercube's own")
    receiver = OTLPReceiver()
    server = node(pytestconfig.getoption("--hypercube-bin"), "traced")
    server.extra_env.update({"HYPERCUBE_OTLP_ENDPOINT": receiver.url, "OTEL_BSP_SCHEDULE_DELAY": "200"})
    try:
        server.start()
        yield server, receiver
    finally:
        server.stop()
        receiver.close()


def wait_for(receiver: OTLPReceiver, predicate, what: str) -> list:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + ARRIVAL_TIMEOUT
    while time.monotonic() < deadline:
        spans = receiver.snapshot()
        if predicate(spans):
            return spans
        time.sleep(0.2)
    names = sorted({span.name for _, span in receiver.snapshot()})
    raise AssertionError("%s within %.0f s; spans received: %s; refused: %s" % (what, ARRIVAL_TIMEOUT, names, receiver.refused))


def test_a_join_and_sampled_frames_arrive_as_span_trees(traced) -> None:  # type: ignore[no-untyped-def]
    server, receiver = traced

    async def scenario() -> str:
        viewer = WhepViewer(server.whep_url(), name="traced-viewer", audio=False)
        try:
            await viewer.connect()
            await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT)
            await asyncio.sleep(1.5)
            location = resource_id(viewer.location)
        finally:
            await viewer.close()
        assert location, "the WHEP answer had no Location"
        return location

    viewer_id = asyncio.run(scenario())

    def joined(spans: list) -> bool:
        return any(s.name == "whep.join" and attributes(s).get("hypercube.viewer") == viewer_id for _, s in spans)

    spans = wait_for(receiver, lambda s: joined(s) and any(x.name == "frame" for _, x in s), "no join and frame span")
    assert all(resource.get("service.name") == "hypercube" for resource, _ in spans), spans[0][0]
    by_id = {span.span_id: span for _, span in spans}
    join = next(s for _, s in spans if s.name == "whep.join" and attributes(s).get("hypercube.viewer") == viewer_id)
    assert attributes(join)["hypercube.session"] == "default"
    assert join.status.code != trace_pb2.Status.STATUS_CODE_ERROR, join.status

    # its parent: the WHEP POST's server span, in the same trace
    post = wait_for(receiver, lambda s: any(x.span_id == join.parent_span_id for _, x in s), "no parent span of the join")
    parent = next(s for _, s in post if s.span_id == join.parent_span_id)
    assert parent.kind == trace_pb2.Span.SPAN_KIND_SERVER and parent.trace_id == join.trace_id, parent
    parent_attributes = attributes(parent)
    assert parent_attributes.get("http.request.method") == "POST", parent_attributes
    assert parent_attributes.get("http.response.status_code") == 201, parent_attributes
    assert "whep" in parent.name, parent.name

    # the answer: the offer parsed, answered and the viewer registered, inside the POST
    answers = [s for _, s in post if s.parent_span_id == parent.span_id and s.name == "whep.answer"]
    assert len(answers) == 1, [s.name for _, s in post if s.parent_span_id == parent.span_id]
    answer = answers[0]
    assert attributes(answer).get("hypercube.viewer") == viewer_id, attributes(answer)
    assert parent.start_time_unix_nano <= answer.start_time_unix_nano <= join.start_time_unix_nano
    assert join.start_time_unix_nano <= answer.end_time_unix_nano <= parent.end_time_unix_nano

    # the stages, back to back from the join's start to its end
    stages = sorted((s for _, s in spans if s.parent_span_id == join.span_id), key=lambda s: s.start_time_unix_nano)
    assert [s.name for s in stages] == ["ice.connectivity", "dtls.handshake", "first-keyframe"], [s.name for s in stages]
    assert stages[0].start_time_unix_nano == join.start_time_unix_nano
    for before, after in zip(stages, stages[1:]):
        assert after.start_time_unix_nano == before.end_time_unix_nano, (before, after)
    assert stages[-1].end_time_unix_nano == join.end_time_unix_nano
    assert all(s.trace_id == join.trace_id for s in stages)
    join_seconds = (join.end_time_unix_nano - join.start_time_unix_nano) / 1e9
    print("join %.1f ms: %s; POST span %.1f ms" % (
        join_seconds * 1e3,
        ", ".join("%s %.1f ms" % (s.name, (s.end_time_unix_nano - s.start_time_unix_nano) / 1e6) for s in stages),
        (parent.end_time_unix_nano - parent.start_time_unix_nano) / 1e6))
    assert 0 < join_seconds < FIRST_FRAME_TIMEOUT, join_seconds
    # the join began during the POST
    assert parent.start_time_unix_nano <= join.start_time_unix_nano <= parent.end_time_unix_nano, (parent, join)

    # a sampled frame: render, encode and fan-out back to back under a root of its own
    frames = [s for _, s in spans if s.name == "frame" and attributes(s).get("hypercube.session") == "default"]
    assert frames, "no frame span of the default session"
    frame = frames[0]
    assert frame.parent_span_id == b"", frame
    parts = sorted((s for s in by_id.values() if s.parent_span_id == frame.span_id), key=lambda s: s.start_time_unix_nano)
    assert [s.name for s in parts] == ["render", "encode", "fanout"], [s.name for s in parts]
    assert parts[0].start_time_unix_nano == frame.start_time_unix_nano
    assert parts[1].start_time_unix_nano == parts[0].end_time_unix_nano
    assert parts[2].start_time_unix_nano == parts[1].end_time_unix_nano
    assert parts[2].end_time_unix_nano == frame.end_time_unix_nano

    # the log line of the offer carries the join's trace
    trace_id = join.trace_id.hex()
    lines = [json.loads(line) for line in open(server.log_path) if line.startswith("{")]
    answered = [line for line in lines if line.get("message") == "WHEP offer answered" and line.get("viewer") == viewer_id]
    assert answered, "no 'WHEP offer answered' log line for %s" % viewer_id
    assert answered[0].get("trace_id") == trace_id, (answered[0], trace_id)


def test_a_bad_otlp_endpoint_stops_the_server_with_a_clear_error(pytestconfig: pytest.Config) -> None:
    if pytestconfig.getoption("--reference-server"):
        pytest.skip("trace export is Hypercube's own")
    import subprocess

    result = subprocess.run(
        [pytestconfig.getoption("--hypercube-bin"), "serve", "--port", "0"],
        env={"HYPERCUBE_OTLP_ENDPOINT": "tempo:4318", "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "HYPERCUBE_OTLP_ENDPOINT" in result.stderr and "tempo:4318" in result.stderr, result.stderr
