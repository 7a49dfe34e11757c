import HyperMedia
import HyperRender
import Metrics

/// One render's series on `/metrics`, labelled `session` (a session's id, or an XR viewer's track key): its target
/// and measured frame rate, frames rendered and encoded, GPU time per frame and the video bitrate. Removed from
/// `/metrics` with `destroy()` when the render stops for good, so dashboards and alerts see only live sessions.
struct RenderMetrics {
    private let bitrate: Gauge
    private let framesRendered: Counter
    private let framesEncoded: Counter
    private let targetFramesPerSecond: Gauge
    private let framesPerSecond: Gauge
    private let gpuTime: Metrics.Timer
    /// Frames rendered in the current one-second window of `framesPerSecond`, and when it opened.
    private var window: (start: ContinuousClock.Instant, frames: Int)?

    init(sessionID: String, settings: SessionSettings) {
        let dimensions = [("session", sessionID)]
        bitrate = Gauge(label: "hypercube_video_bitrate_bits_per_second", dimensions: dimensions)
        framesRendered = Counter(label: "hypercube_frames_rendered_total", dimensions: dimensions)
        framesEncoded = Counter(label: "hypercube_frames_encoded_total", dimensions: dimensions)
        targetFramesPerSecond = Gauge(label: "hypercube_session_target_frames_per_second", dimensions: dimensions)
        framesPerSecond = Gauge(label: "hypercube_session_frames_per_second", dimensions: dimensions)
        gpuTime = Metrics.Timer(label: "hypercube_gpu_seconds", dimensions: dimensions)
        bitrate.record(settings.bitrate)
        targetFramesPerSecond.record(settings.framesPerSecond)
        framesPerSecond.record(0)
    }

    func recordBitrate(_ bitsPerSecond: Int) {
        bitrate.record(bitsPerSecond)
    }

    /// Records one rendered frame at `now`: its GPU time (when the device has timestamps) and its encoded frames; the
    /// measured rate is published once per second.
    mutating func recordFrame(gpu: StageTimings?, encodedFrames: Int, now: ContinuousClock.Instant) {
        framesRendered.increment()
        framesEncoded.increment(by: encodedFrames)
        if let gpu { gpuTime.recordNanoseconds(Int64(gpu.total * 1e6)) }
        guard let open = window else {
            window = (now, 1)
            return
        }
        let elapsed = now - open.start
        if elapsed >= .seconds(1) {
            framesPerSecond.record(Double(open.frames) / elapsed.inSeconds)
            window = (now, 1)
        } else {
            window = (open.start, open.frames + 1)
        }
    }

    /// Takes every series of this render off `/metrics`.
    func destroy() {
        bitrate.destroy()
        framesRendered.destroy()
        framesEncoded.destroy()
        targetFramesPerSecond.destroy()
        framesPerSecond.destroy()
        gpuTime.destroy()
    }
}
