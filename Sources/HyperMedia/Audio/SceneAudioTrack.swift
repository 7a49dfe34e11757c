public import HyperScene

/// A scene's sound as an Opus stream: the sonified scene in 20 ms stereo packets stamped 0, 960, 1920 … on the
/// 48 kHz `MediaClock`. The audio is rendered the encoder's lookahead early, so decoded sound stamped t is the
/// scene at time t, in step with the video frame stamped t.
public final class SceneAudioTrack {
    public let sonifier: SceneSonifier
    private let encoder: OpusAudioEncoder
    private var nextTimestamp: Int64 = 0

    public init(scene: Scene, bitrate: Int = 64_000) throws(MediaError) {
        encoder = try OpusAudioEncoder(sampleRate: MediaClock.audioClockRate, channels: 2, bitrate: bitrate)
        sonifier = SceneSonifier(scene: scene, sampleRate: MediaClock.audioClockRate)
    }

    /// Where the next packet starts, seconds on the `MediaClock`.
    public var nextPacketTime: Double {
        MediaClock.seconds(audioTimestamp: nextTimestamp)
    }

    /// Encodes the next 20 ms.
    public func nextPacket() throws(MediaError) -> AudioPacket {
        let pcm = sonifier.render(startSample: nextTimestamp + Int64(encoder.lookahead), count: encoder.frameSize)
        let packet = AudioPacket(data: try encoder.encode(pcm), timestamp: nextTimestamp, duration: encoder.frameSize)
        nextTimestamp += Int64(encoder.frameSize)
        return packet
    }
}
