import Foundation
import NIOCore
public import Tracing

/// A viewer's way from its WHEP POST to its first keyframe, in the router's clock (`MediaRouter.now()`, seconds), and
/// the trace its POST belongs to. The router fills it in as the viewer gets there and hands it over once, on the first
/// keyframe or when the viewer leaves before it.
public struct JoinTimeline: Sendable {
    /// The context of the request that created the viewer: the join's spans are its children.
    public var context: ServiceContext
    public var sessionID: String
    public var viewerID: String
    public var created: Double
    public var iceSelected: Double?
    public var dtlsConnected: Double?
    public var firstKeyframe: Double?

    public init(context: ServiceContext, sessionID: String, viewerID: String, created: Double) {
        self.context = context
        self.sessionID = sessionID
        self.viewerID = viewerID
        self.created = created
    }
}

/// One fanned-out frame's stages, sampled for a trace: render start and wire end on the monotonic clock of
/// `NIODeadline.now()` (nanoseconds), render and encode times in milliseconds.
public struct FrameTrace: Sendable {
    public var trackKey: String
    public var renderStartUptimeNanoseconds: UInt64
    public var renderMilliseconds: Double
    public var encodeMilliseconds: Double
    public var wireUptimeNanoseconds: UInt64
    public var isKeyframe: Bool
    public var viewers: Int
    public var packets: Int
    public var bytes: Int
}

/// A point in time for a span: nanoseconds since the Unix epoch.
struct TraceInstant: TracerInstant {
    var nanosecondsSinceEpoch: UInt64

    static func < (lhs: TraceInstant, rhs: TraceInstant) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }
}

/// Turns the media path's monotonic times into span instants: the wall clock now, less how long ago on the monotonic
/// clock the time was.
public struct TraceClock: Sendable {
    let wallNanoseconds: UInt64
    let uptimeNanoseconds: UInt64

    public init(wallNanoseconds: UInt64, uptimeNanoseconds: UInt64) {
        self.wallNanoseconds = wallNanoseconds
        self.uptimeNanoseconds = uptimeNanoseconds
    }

    /// The two clocks read now.
    public static var now: TraceClock {
        TraceClock(
            wallNanoseconds: UInt64(Date().timeIntervalSince1970 * 1e9),
            uptimeNanoseconds: NIODeadline.now().uptimeNanoseconds)
    }

    func instant(uptimeNanoseconds time: UInt64) -> TraceInstant {
        let ago = uptimeNanoseconds > time ? uptimeNanoseconds - time : 0
        return TraceInstant(nanosecondsSinceEpoch: wallNanoseconds > ago ? wallNanoseconds - ago : 0)
    }

    func instant(routerSeconds time: Double) -> TraceInstant {
        instant(uptimeNanoseconds: UInt64(max(0, time * 1e9)))
    }
}

/// The media path's spans (docs/operations.md, "Traces"): a WHEP join's stages as children of the request that made
/// the viewer, and sampled frames' render, encode and fan-out. Spans are made after the fact from times the router
/// recorded, so the media loop never waits on a tracer.
public enum MediaTraces {
    /// `whep.join` with `ice.connectivity`, `dtls.handshake` and `first-keyframe` for the stages the viewer reached;
    /// an error status with the reason when it left before its first keyframe.
    public static func join(
        _ timeline: JoinTimeline, failure: String?, clock: TraceClock, tracer: some Tracer
    ) {
        let end = timeline.firstKeyframe ?? Double(clock.uptimeNanoseconds) / 1e9
        let join = tracer.startSpan(
            "whep.join", context: timeline.context, ofKind: .internal, at: clock.instant(routerSeconds: timeline.created))
        join.attributes["hypercube.session"] = timeline.sessionID
        join.attributes["hypercube.viewer"] = timeline.viewerID
        var start = timeline.created
        for (name, reached) in [
            ("ice.connectivity", timeline.iceSelected), ("dtls.handshake", timeline.dtlsConnected),
            ("first-keyframe", timeline.firstKeyframe),
        ] {
            guard let reached else { break }
            let stage = tracer.startSpan(
                name, context: join.context, ofKind: .internal, at: clock.instant(routerSeconds: start))
            stage.end(at: clock.instant(routerSeconds: reached))
            start = reached
        }
        if let failure {
            join.attributes["hypercube.failure"] = failure
            join.setStatus(SpanStatus(code: .error, message: failure))
        }
        join.end(at: clock.instant(routerSeconds: end))
    }

    /// `frame` (a trace of its own) with `render`, `encode` and `fanout`.
    public static func frame(_ frame: FrameTrace, clock: TraceClock, tracer: some Tracer) {
        let start = frame.renderStartUptimeNanoseconds
        let rendered = start + UInt64(max(0, frame.renderMilliseconds) * 1e6)
        let encoded = rendered + UInt64(max(0, frame.encodeMilliseconds) * 1e6)
        let wire = max(frame.wireUptimeNanoseconds, encoded)
        let root = tracer.startSpan(
            "frame", context: .topLevel, ofKind: .internal, at: clock.instant(uptimeNanoseconds: start))
        root.attributes["hypercube.session"] = frame.trackKey
        root.attributes["hypercube.keyframe"] = frame.isKeyframe
        root.attributes["hypercube.viewers"] = frame.viewers
        root.attributes["hypercube.packets"] = frame.packets
        root.attributes["hypercube.bytes"] = frame.bytes
        for (name, from, to) in [("render", start, rendered), ("encode", rendered, encoded), ("fanout", encoded, wire)] {
            let stage = tracer.startSpan(
                name, context: root.context, ofKind: .internal, at: clock.instant(uptimeNanoseconds: from))
            stage.end(at: clock.instant(uptimeNanoseconds: to))
        }
        root.end(at: clock.instant(uptimeNanoseconds: wire))
    }
}
