import InMemoryTracing
import Testing
import Tracing

@testable import HyperSFU

/// What the router hands over for traces, in virtual time: each viewer's join once (at its first keyframe, or with the
/// reason it left before), and one frame per track and second; and the span trees `MediaTraces` makes of them.
@Suite struct MediaRouterTraceTests {
    let address = RouterHarness.address("127.0.0.1", 40_000)

    private final class Recorder {
        var joins: [(timeline: JoinTimeline, failure: String?)] = []
        var frames: [FrameTrace] = []
    }

    private func tracedHarness() throws -> (RouterHarness, Recorder) {
        let harness = try RouterHarness()
        let recorder = Recorder()
        harness.viewer.joinTimeline = JoinTimeline(
            context: .topLevel, sessionID: RouterHarness.sessionID, viewerID: harness.viewer.id, created: 0.5)
        harness.router.joinTraced = { recorder.joins.append(($0, $1)) }
        harness.router.frameTraced = { recorder.frames.append($0) }
        return (harness, recorder)
    }

    @Test func aJoinIsTracedOnceAtItsFirstKeyframeWithEveryStage() throws {
        let (harness, recorder) = try tracedHarness()
        harness.connect(from: address, now: 1)
        harness.deliverFrame(now: 1.05, keyframe: false)
        #expect(recorder.joins.isEmpty, "no keyframe has left yet")
        harness.deliverFrame(now: 1.2, keyframe: true)
        harness.deliverFrame(now: 1.3, keyframe: true)
        harness.router.removeViewer(harness.viewer.id, reason: "WHEP DELETE")

        try #require(recorder.joins.count == 1)
        let (timeline, failure) = recorder.joins[0]
        #expect(failure == nil)
        #expect(timeline.created == 0.5 && timeline.iceSelected == 1 && timeline.dtlsConnected == 1)
        #expect(timeline.firstKeyframe == 1.2)
        #expect(timeline.viewerID == harness.viewer.id && timeline.sessionID == RouterHarness.sessionID)
    }

    @Test func aViewerThatLeavesBeforeItsFirstKeyframeIsTracedWithTheReason() throws {
        let (harness, recorder) = try tracedHarness()
        harness.connect(from: address, now: 1)
        harness.router.removeViewer(harness.viewer.id, reason: "WHEP DELETE")
        harness.router.removeViewer(harness.viewer.id, reason: "again")

        try #require(recorder.joins.count == 1)
        let (timeline, failure) = recorder.joins[0]
        #expect(failure?.contains("WHEP DELETE") == true)
        #expect(timeline.dtlsConnected == 1 && timeline.firstKeyframe == nil)
    }

    @Test func oneFrameATrackAndSecondIsTraced() throws {
        let (harness, recorder) = try tracedHarness()
        harness.connect(from: address, now: 1)
        for step in 0...25 { harness.deliverFrame(now: 1 + Double(step) / 10, keyframe: step == 0) }
        #expect(recorder.frames.count == 3, "frames at 1.0, 2.0 and 3.0 s of 26 in 2.5 s")
        #expect(recorder.frames.allSatisfy { $0.trackKey == RouterHarness.sessionID && $0.packets >= 1 })
        #expect(recorder.frames.first?.isKeyframe == true && recorder.frames.first?.viewers == 1)
    }

    @Test func aJoinBecomesAChildTreeOfItsRequestWithStagesEndToEnd() throws {
        let tracer = InMemoryTracer()
        let request = tracer.startSpan("POST /whep/{session}", context: .topLevel, ofKind: .server)
        var timeline = JoinTimeline(context: request.context, sessionID: "default", viewerID: "v", created: 10)
        timeline.iceSelected = 10.02
        timeline.dtlsConnected = 10.05
        timeline.firstKeyframe = 10.09
        let clock = TraceClock(wallNanoseconds: 1_800_000_000_000_000_000, uptimeNanoseconds: 11_000_000_000)
        MediaTraces.join(timeline, failure: nil, clock: clock, tracer: tracer)
        request.end()

        let spans = Dictionary(tracer.finishedSpans.map { ($0.operationName, $0) }, uniquingKeysWith: { $1 })
        let join = try #require(spans["whep.join"])
        #expect(join.parentSpanID == request.spanID && join.traceID == request.traceID)
        var end = join.startInstant.nanosecondsSinceEpoch
        #expect(end == 1_800_000_000_000_000_000 - 1_000_000_000, "created 1 s before the clock was read")
        for name in ["ice.connectivity", "dtls.handshake", "first-keyframe"] {
            let stage = try #require(spans[name], "\(name)")
            #expect(stage.parentSpanID == join.spanID && stage.traceID == request.traceID)
            #expect(stage.startInstant.nanosecondsSinceEpoch == end, "\(name) starts where the stage before ended")
            end = stage.endInstant.nanosecondsSinceEpoch
        }
        #expect(end == join.endInstant.nanosecondsSinceEpoch)
        #expect(abs(Double(end) - (1_800_000_000_000_000_000 - 0.91e9)) < 1e3)
        #expect(join.status == nil)
        #expect(join.attributes["hypercube.viewer"]?.toSpanAttribute() == "v")
    }

    @Test func aFailedJoinHasAnErrorStatusAndOnlyTheStagesItReached() throws {
        let tracer = InMemoryTracer()
        var timeline = JoinTimeline(context: .topLevel, sessionID: "default", viewerID: "v", created: 10)
        timeline.iceSelected = 10.02
        MediaTraces.join(
            timeline, failure: "left before its first keyframe: DTLS failed",
            clock: TraceClock(wallNanoseconds: 5_000_000_000_000, uptimeNanoseconds: 12_000_000_000), tracer: tracer)
        let names = Set(tracer.finishedSpans.map(\.operationName))
        #expect(names == ["whep.join", "ice.connectivity"])
        let join = try #require(tracer.finishedSpans.first { $0.operationName == "whep.join" })
        #expect(join.status?.code == .error && join.status?.message?.contains("DTLS failed") == true)
        #expect(join.endInstant.nanosecondsSinceEpoch == 5_000_000_000_000, "a failed join ends when it is traced")
    }

    @Test func aFrameIsARootWithRenderEncodeAndFanOutBackToBack() throws {
        let tracer = InMemoryTracer()
        MediaTraces.frame(
            FrameTrace(
                trackKey: "default", renderStartUptimeNanoseconds: 1_000_000_000, renderMilliseconds: 4,
                encodeMilliseconds: 2, wireUptimeNanoseconds: 1_007_500_000, isKeyframe: false, viewers: 3,
                packets: 5, bytes: 6000),
            clock: TraceClock(wallNanoseconds: 2_000_000_000, uptimeNanoseconds: 1_010_000_000), tracer: tracer)
        let spans = Dictionary(tracer.finishedSpans.map { ($0.operationName, $0) }, uniquingKeysWith: { $1 })
        let root = try #require(spans["frame"])
        #expect(root.parentSpanID == nil)
        let durations = try ["render", "encode", "fanout"].map { name -> UInt64 in
            let span = try #require(spans[name])
            #expect(span.parentSpanID == root.spanID)
            return span.endInstant.nanosecondsSinceEpoch - span.startInstant.nanosecondsSinceEpoch
        }
        #expect(durations == [4_000_000, 2_000_000, 1_500_000])
        #expect(root.startInstant.nanosecondsSinceEpoch == 2_000_000_000 - 10_000_000)
        #expect(root.attributes["hypercube.viewers"]?.toSpanAttribute() == 3)
    }
}
