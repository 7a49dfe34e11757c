import HyperMedia
import HyperRTC

/// The session's Opus stream as RTP, packetized once for all viewers that negotiated audio, with the RTP clock
/// mapping its sender reports need for lip sync.
struct AudioTrack {
    static let internalPayloadType: UInt8 = 111

    let ssrc: UInt32
    var packetizer: OpusPacketizer
    var lastRTPTimestamp: UInt32 = 0
    var lastPacketWallTime: Double = 0
    var started = false

    init(ssrc: UInt32) {
        self.ssrc = ssrc
        self.packetizer = OpusPacketizer(payloadType: Self.internalPayloadType, ssrc: ssrc)
    }

    /// RTP timestamp for `now`, extrapolated from the last packet on the 48 kHz clock.
    func rtpTimestamp(at now: Double) -> UInt32 {
        lastRTPTimestamp &+ UInt32(truncatingIfNeeded: Int64(((now - lastPacketWallTime) * 48_000).rounded()))
    }

    mutating func packetize(_ packet: AudioPacket, now: Double) -> [UInt8] {
        let timestamp = UInt32(truncatingIfNeeded: packet.timestamp)
        lastRTPTimestamp = timestamp
        lastPacketWallTime = now
        started = true
        return packetizer.packetize(packet.data, timestamp: timestamp).encoded()
    }
}
