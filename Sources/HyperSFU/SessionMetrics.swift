import Metrics

/// One track's series on `/metrics`, labelled `session` (a session's id, or an XR viewer's track key): frames and
/// keyframes fanned out, per-frame histograms of render, encode and glass-to-wire time, and for a session its viewers.
/// Created once per track so the hot path only records; `destroy()` takes them off `/metrics` when the track ends.
struct SessionMetrics {
    let frames: Counter
    let keyframes: Counter
    let render: Metrics.Timer
    let encode: Metrics.Timer
    let glassToWire: Metrics.Timer
    /// Viewers attached to the session; nil on an XR viewer's own track (its viewer counts in its session's).
    let viewers: Gauge?

    init(sessionID: String, countsViewers: Bool = true) {
        let dimensions = [("session", sessionID)]
        frames = Counter(label: "hypercube_frames_sent_total", dimensions: dimensions)
        keyframes = Counter(label: "hypercube_keyframes_sent_total", dimensions: dimensions)
        render = Metrics.Timer(label: "hypercube_render_seconds", dimensions: dimensions)
        encode = Metrics.Timer(label: "hypercube_encode_seconds", dimensions: dimensions)
        glassToWire = Metrics.Timer(label: "hypercube_glass_to_wire_seconds", dimensions: dimensions)
        viewers = countsViewers ? Gauge(label: "hypercube_viewers", dimensions: dimensions) : nil
        viewers?.record(0)
    }

    /// Takes every series of this track off `/metrics`.
    func destroy() {
        frames.destroy()
        keyframes.destroy()
        render.destroy()
        encode.destroy()
        glassToWire.destroy()
        viewers?.destroy()
    }

    /// Records one delivered frame.
    func record(isKeyframe: Bool, timing: SessionFrameTiming, glassToWireNanoseconds: UInt64) {
        frames.increment()
        if isKeyframe { keyframes.increment() }
        render.recordNanoseconds(Int64(timing.renderMilliseconds * 1e6))
        encode.recordNanoseconds(Int64(timing.encodeMilliseconds * 1e6))
        glassToWire.recordNanoseconds(Int64(clamping: glassToWireNanoseconds))
    }
}
