public import Foundation
public import HyperMedia
public import HyperRender
import HyperScene
public import Logging
import Metrics
import NIOCore
import Synchronization

/// One live render session: a dedicated thread renders the scene on the GPU and encodes it (never on an event
/// loop), and hands every encoded frame to `deliver`, which fans it out. Keyframe and bitrate requests arrive
/// from any thread and are applied before the next frame; a keyframe request (a viewer joining) wakes the thread
/// at once, so the next frame slot is rendered early instead of the viewer waiting for it. The stream never runs
/// more than one slot ahead of its schedule, so a flood of requests cannot raise its frame rate.
public final class StreamSession: Sendable {
    public let id: String
    public let settings: SessionSettings
    public let createdAt: Date
    /// For an XR viewer's own render: its poses, and each eye's vertical field of view. The picture is then a
    /// side-by-side stereo pair seen from the newest pose, nothing is rendered before the first pose, and each frame's
    /// RTP timestamp is its pose's sample time on the 90 kHz clock (docs/xr.md).
    public let xr: (inbox: XRPoseInbox, fovDegrees: Double)?

    private struct Control {
        var liveOptions: LiveRenderOptions
        var pendingOptions: LiveRenderOptions?
        var keyframeRequested = false
        var bitrate: Int?
        /// The bitrate the encoder is running at (or about to): the settings' until a change.
        var currentBitrate: Int
        var stopped = false
        var framesEncoded = 0
        var lastFrameAt: Date?
        var failure: String?
    }

    private let control: Mutex<Control>
    /// Signalled when a keyframe is requested or the session stops, to cut the wait for the next frame slot short.
    private let wake = NSCondition()
    private let logger: Logger
    /// The render's series on `/metrics`; the render thread records frames, `setBitrate` the bitrate.
    private let metrics: Mutex<RenderMetrics>

    public init(
        id: String, settings: SessionSettings, logger: Logger, xr: (inbox: XRPoseInbox, fovDegrees: Double)? = nil
    ) {
        self.id = id
        self.settings = settings
        self.xr = xr
        self.createdAt = Date()
        self.control = Mutex(
            Control(liveOptions: LiveRenderOptions(scene: settings.scene), currentBitrate: settings.bitrate)
        )
        var logger = logger
        logger[metadataKey: "session"] = "\(id)"
        self.logger = logger
        metrics = Mutex(RenderMetrics(sessionID: id, settings: settings))
    }

    /// Starts the audio thread: the scene's sonification, encoded as Opus in 20 ms packets on the shared media
    /// clock, handed to `deliver` in order.
    public func startAudio(deliver: @escaping @Sendable (AudioPacket) -> Void) {
        let thread = Thread { [self] in
            do {
                try runAudio(deliver: deliver)
            } catch {
                logger.error("audio stopped: \(error)")
            }
        }
        thread.name = "hypercube-audio-\(id)"
        thread.start()
    }

    private func runAudio(deliver: @Sendable (AudioPacket) -> Void) throws {
        let track = try SceneAudioTrack(scene: settings.scene)
        let clock = ContinuousClock()
        let start = clock.now
        while !control.withLock({ $0.stopped }) {
            Self.sleep(until: start + .seconds(track.nextPacketTime), clock: clock)
            deliver(try track.nextPacket())
        }
    }

    /// Starts the render thread; `deliver` is called on that thread for every encoded frame, in order.
    public func start(
        device: SharedVulkanDevice, deliver: @escaping @Sendable (EncodedFrame, SessionFrameTiming) -> Void
    ) {
        let thread = Thread { [self] in
            do {
                try run(device: device, deliver: deliver)
            } catch {
                logger.error("render session stopped: \(error)")
                control.withLock { $0.failure = "\(error)" }
            }
        }
        thread.name = "hypercube-session-\(id)"
        thread.start()
    }

    /// Stops the render for good: the thread ends after the frame in hand, and the render's series leave `/metrics`.
    public func stop() {
        control.withLock { $0.stopped = true }
        wakeRenderThread()
        metrics.withLock { $0.destroy() }
    }

    public func requestKeyframe() {
        control.withLock { $0.keyframeRequested = true }
        wakeRenderThread()
    }

    private func wakeRenderThread() {
        wake.lock()
        wake.broadcast()
        wake.unlock()
    }

    /// Waits on the render thread until `due`, or until the session stops, or (with `early`) a keyframe is
    /// requested or, for an XR render, a pose arrives that is newer than `renderedPose` and came after the slot opened
    /// (one frame interval before `due`): the frame is then drawn from a pose as fresh as the headset sends them.
    private func waitForSlot(
        _ due: ContinuousClock.Instant, early: Bool, clock: ContinuousClock, interval: Duration,
        renderedPose: UInt32? = nil
    ) {
        wake.lock()
        defer { wake.unlock() }
        let opened = clock.now - (due - interval)
        let openedUptime = NIODeadline.now().uptimeNanoseconds &- UInt64(max(opened / .nanoseconds(1), 0))
        func freshPose() -> Bool {
            guard early, let xr, let latest = xr.inbox.latest else { return false }
            return latest.poseID != renderedPose && latest.receivedUptimeNanoseconds >= openedUptime
        }
        while clock.now < due, !control.withLock({ ($0.keyframeRequested && early) || $0.stopped }), !freshPose() {
            _ = wake.wait(until: Date(timeIntervalSinceNow: (due - clock.now).inSeconds))
        }
    }

    /// Changes how the live session renders, from its next frame on (feature flags, operators).
    public func updateRenderOptions(_ change: (inout LiveRenderOptions) -> Void) {
        control.withLock { state in
            var options = state.pendingOptions ?? state.liveOptions
            change(&options)
            state.pendingOptions = options
        }
    }

    /// The render options the session is using or about to use.
    public var renderOptions: LiveRenderOptions {
        control.withLock { $0.pendingOptions ?? $0.liveOptions }
    }

    public func setBitrate(_ bitsPerSecond: Int) {
        control.withLock {
            $0.bitrate = bitsPerSecond
            $0.currentBitrate = bitsPerSecond
        }
        metrics.withLock { $0.recordBitrate(bitsPerSecond) }
    }

    /// The video bitrate in force: the settings' one until `setBitrate` (the bitrate flag) changes it.
    public var bitrate: Int {
        control.withLock { $0.currentBitrate }
    }

    /// Frames encoded so far and the time of the last one; nil failure while healthy.
    public var status: (framesEncoded: Int, lastFrameAt: Date?, failure: String?) {
        control.withLock { ($0.framesEncoded, $0.lastFrameAt, $0.failure) }
    }

    private func run(
        device shared: SharedVulkanDevice,
        deliver: @Sendable (EncodedFrame, SessionFrameTiming) -> Void
    ) throws {
        let plan = try RenderPlan(scene: settings.scene, options: renderOptions(renderOptions))
        let device = try shared.get()
        let renderer = try GPURenderer(device: device, plan: plan, framesInFlight: 1)
        var encoderSettings = EncoderSettings(
            codec: settings.codec,
            width: settings.width,
            height: settings.height,
            framesPerSecond: settings.framesPerSecond,
            bitrate: settings.bitrate
        )
        // Two VP8 temporal layers: the fan-out can send a viewer with too little bandwidth the base layer alone. An
        // XR viewer's stream has one viewer, and every frame follows its head.
        encoderSettings.temporalLayers = settings.codec == .vp8 && xr == nil ? 2 : 1
        let encoder = try VideoEncoder(settings: encoderSettings)
        logger.info(
            "session streaming \(settings.sceneName) at \(settings.width)x\(settings.height) \(settings.framesPerSecond) fps on \(device.info.name)",
            metadata: ["i420": "\(renderer.i420Calibration?.description ?? renderer.i420Converter.rawValue)"]
        )
        let clock = ContinuousClock()
        let start = clock.now
        let frameInterval = Duration.seconds(1 / settings.framesPerSecond)
        var frameIndex: Int64 = 0
        var poses = XRFramePoses()
        var projectionPresses = 0
        var renderedPose: UInt32?
        xr?.inbox.onPose { [weak self] in self?.wakeRenderThread() }
        while true {
            let due = start + frameInterval * Double(frameIndex)
            let now = clock.now
            if now < due {
                // Early only for the next slot: after a frame rendered ahead, the one after it waits for its own.
                waitForSlot(
                    due, early: due - now <= frameInterval, clock: clock, interval: frameInterval,
                    renderedPose: renderedPose)
            } else if now - due > frameInterval * 2 {
                frameIndex = Int64(((now - start) / frameInterval).rounded(.down))
            }
            let request = control.withLock {
                state -> (stop: Bool, keyframe: Bool, bitrate: Int?, options: LiveRenderOptions?) in
                defer {
                    state.keyframeRequested = false
                    state.bitrate = nil
                    if let pending = state.pendingOptions { state.liveOptions = pending }
                    state.pendingOptions = nil
                }
                return (state.stopped, state.keyframeRequested, state.bitrate, state.pendingOptions)
            }
            if request.stop { break }
            if let bitrate = request.bitrate { try encoder.setBitrate(bitrate) }
            if let live = request.options {
                try renderer.replacePlan(RenderPlan(scene: settings.scene, options: renderOptions(live)))
                logger.info("render options changed: \(live)")
            }
            let seconds = Double(frameIndex) / settings.framesPerSecond
            var stamp: XRFrameStamp?
            if let xr {
                guard let sample = xr.inbox.latest else {
                    // Nothing to show an XR viewer before its first pose.
                    frameIndex += 1
                    continue
                }
                stamp = poses.stamp(for: sample, nowUptimeNanoseconds: NIODeadline.now().uptimeNanoseconds)
                renderedPose = sample.poseID
                if sample.projectionPresses != projectionPresses {
                    // The viewer's button: the next projection, from the next frame on.
                    projectionPresses = sample.projectionPresses
                    let projection = XRProjectionCycle.projection(
                        afterPresses: projectionPresses, scene: settings.scene)
                    updateRenderOptions { $0.projection = projection }
                }
            }
            var timing = SessionFrameTiming(
                renderStartUptimeNanoseconds: NIODeadline.now().uptimeNanoseconds,
                renderMilliseconds: 0,
                encodeMilliseconds: 0
            )
            let renderStart = clock.now
            let ticket = try renderer.submit(time: seconds, pose: stamp?.head)
            var gpuTimings: StageTimings?
            let packets = try renderer.withCompletedFrame(ticket) { frame in
                gpuTimings = frame.timings
                let encodeStart = clock.now
                timing.renderMilliseconds = (encodeStart - renderStart).inMilliseconds
                let result = Result { () throws(MediaError) in
                    try encoder.encode(
                        planes: frame.i420Bytes,
                        layout: frame.layout,
                        pts: MediaClock.videoTimestamp(seconds: seconds),
                        forceKeyframe: request.keyframe
                    )
                }
                timing.encodeMilliseconds = (clock.now - encodeStart).inMilliseconds
                return result
            }.get()
            let renderedAt = clock.now
            metrics.withLock { $0.recordFrame(gpu: gpuTimings, encodedFrames: packets.count, now: renderedAt) }
            timing.xr = stamp
            for var packet in packets {
                if let stamp { packet.pts = stamp.rtpTimestamp }
                deliver(packet, timing)
            }
            control.withLock { state in
                state.framesEncoded += 1
                state.lastFrameAt = Date()
            }
            frameIndex += 1
        }
        logger.info("session stopped")
    }

    /// The session's render options with `live` applied; an XR render is always stereo at its field of view.
    private func renderOptions(_ live: LiveRenderOptions) throws(RenderError) -> RenderOptions {
        var options = try RenderOptions(scene: settings.scene, width: settings.width, height: settings.height)
        live.apply(to: &options)
        if let xr {
            options.camera.stereo = true
            options.camera.fovDegrees = xr.fovDegrees
        }
        return options
    }

    /// Blocks this (non-event-loop) thread until `due`; returns at once when it has passed.
    private static func sleep(until due: ContinuousClock.Instant, clock: ContinuousClock) {
        let wait = due - clock.now
        if wait > .zero { Thread.sleep(forTimeInterval: wait.inSeconds) }
    }
}

/// When a frame's rendering started and how long rendering and encoding took, for glass-to-wire figures.
public struct SessionFrameTiming: Sendable {
    /// `NIODeadline.now().uptimeNanoseconds` (the monotonic clock the media loop reads) just before the render
    /// was submitted.
    public var renderStartUptimeNanoseconds: UInt64
    public var renderMilliseconds: Double
    public var encodeMilliseconds: Double
    /// For an XR viewer's frame: the pose it was rendered for.
    public var xr: XRFrameStamp? = nil
}
