import Metrics

/// One session's series on `/metrics`, labelled `session`: frames and keyframes fanned out, and per-frame histograms
/// of render, encode and glass-to-wire time. Created once per session so the hot path only records.
struct SessionMetrics {
    let frames: Counter
    let keyframes: Counter
    let render: Metrics.Timer
    let encode: Metrics.Timer
    let glassToWire: Metrics.Timer

    init(sessionID: String) {
        let dimensions = [("session", sessionID)]
        frames = Counter(label: "hypercube_frames_sent_total", dimensions: dimensions)
        keyframes = Counter(label: "hypercube_keyframes_sent_total", dimensions: dimensions)
        render = Metrics.Timer(label: "hypercube_render_seconds", dimensions: dimensions)
        encode = Metrics.Timer(label: "hypercube_encode_seconds", dimensions: dimensions)
        glassToWire = Metrics.Timer(label: "hypercube_glass_to_wire_seconds", dimensions: dimensions)
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
