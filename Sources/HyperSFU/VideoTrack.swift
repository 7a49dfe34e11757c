import HyperMedia
import HyperRTC

/// The one encoded video stream of a session as RTP: packetized once for all viewers, kept for NACK
/// retransmission, with the RTP clock mapping that sender reports need and the policy for viewers' keyframe requests.
struct VideoTrack {
    static let internalPayloadType: UInt8 = 96

    /// The payload format of the session's codec.
    enum Packetizer {
        case vp8(VP8Packetizer)
        case vp9(VP9Packetizer)
    }

    let ssrc: UInt32
    let codec: VideoCodec
    var packetizer: Packetizer
    var retransmissions = RetransmissionBuffer(capacity: 2048)
    var keyframeRequests: KeyframeRequestPolicy
    var lastRTPTimestamp: UInt32 = 0
    var lastFrameWallTime: Double = 0
    var framesSent = 0
    /// The size of the latest keyframe: the burst a viewer's retransmission budget allows.
    var lastKeyframeBytes = 0
    var timings = FrameTimingWindow()
    var rates = LayerRateMeter()
    let metrics: SessionMetrics
    /// When (router clock) the track's latest frame was handed to `MediaRouter.frameTraced`.
    var lastTracedFrameAt = -Double.infinity
    /// The playout-delay extension's ID when every packet should carry `PlayoutDelay.immediate`: an XR viewer's own
    /// track, whose one viewer negotiated it.
    var playoutDelayExtensionID: Int?
    /// A relayed session's track: a viewer that joins gets the packets since the latest keyframe from the
    /// retransmission buffer at once, rather than a keyframe request the upstream node answers at its own pace.
    var replaysOnJoin = false
    /// The sequence numbers from the latest keyframe's first packet to the newest packet, and the frames they carry.
    private(set) var sinceKeyframe: (first: UInt16, count: Int, frames: Int)?
    /// The most frames a joining viewer is sent from the buffer (about a second: the receiver decodes them as fast as
    /// they come and shows the newest), and the most packets; a longer run since the keyframe asks for a new one.
    var maximumReplayFrames = 30
    static let maximumReplayPackets = 600

    init(ssrc: UInt32, codec: VideoCodec = .vp8, metrics: SessionMetrics) {
        self.ssrc = ssrc
        self.codec = codec
        self.metrics = metrics
        keyframeRequests = KeyframeRequestPolicy(mediaSSRC: ssrc)
        switch codec {
        case .vp8: packetizer = .vp8(VP8Packetizer(payloadType: Self.internalPayloadType, ssrc: ssrc))
        case .vp9: packetizer = .vp9(VP9Packetizer(payloadType: Self.internalPayloadType, ssrc: ssrc))
        }
    }

    /// The sequence number of an encoded RTP packet.
    static func sequenceNumber(of packet: [UInt8]) -> UInt16 {
        UInt16(packet[2]) << 8 | UInt16(packet[3])
    }

    /// The packets from the latest keyframe on, for a joining viewer of a relayed track; nil when there is no such
    /// run, it is too long, or part of it has left the retransmission buffer.
    func replayFromKeyframe() -> [[UInt8]]? {
        guard replaysOnJoin, let run = sinceKeyframe, run.count <= Self.maximumReplayPackets,
            run.frames <= maximumReplayFrames
        else { return nil }
        var packets: [[UInt8]] = []
        packets.reserveCapacity(run.count)
        for offset in 0..<run.count {
            guard let packet = retransmissions.packet(sequenceNumber: run.first &+ UInt16(offset)) else { return nil }
            packets.append(packet)
        }
        return packets
    }

    /// RTP timestamp for `now`, extrapolated from the last frame on the 90 kHz clock.
    func rtpTimestamp(at now: Double) -> UInt32 {
        lastRTPTimestamp &+ UInt32(truncatingIfNeeded: Int64(((now - lastFrameWallTime) * 90_000).rounded()))
    }

    /// Packetizes a frame (marking its temporal layer) and remembers its packets for retransmission; returns the
    /// encoded packets.
    mutating func packetize(_ frame: EncodedFrame, now: Double) -> [[UInt8]] {
        let timestamp = UInt32(truncatingIfNeeded: frame.pts)
        lastRTPTimestamp = timestamp
        lastFrameWallTime = now
        framesSent += 1
        if frame.isKeyframe { lastKeyframeBytes = frame.data.count }
        rates.record(bytes: frame.data.count, layer: frame.temporalLayer, now: now)
        let packets: [RTPPacket]
        switch packetizer {
        case .vp8(var vp8):
            packets = vp8.packetize(frame: frame.data, timestamp: timestamp, temporalLayer: frame.temporalLayer)
            packetizer = .vp8(vp8)
        case .vp9(var vp9):
            packets = vp9.packetize(frame: frame.data, timestamp: timestamp, isKeyframe: frame.isKeyframe)
            packetizer = .vp9(vp9)
        }
        if let first = packets.first?.sequenceNumber {
            if frame.isKeyframe {
                sinceKeyframe = (first, packets.count, 1)
            } else if let run = sinceKeyframe {
                sinceKeyframe = (run.first, run.count + packets.count, run.frames + 1)
            }
        }
        return packets.map { packet in
            var packet = packet
            if let id = playoutDelayExtensionID { PlayoutDelay.immediate.attach(to: &packet, id: id) }
            let bytes = packet.encoded()
            retransmissions.store(bytes, sequenceNumber: packet.sequenceNumber)
            return bytes
        }
    }
}
