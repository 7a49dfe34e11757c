import COpus

/// A libopus encoder tuned for music that turns each 20 ms frame of interleaved float PCM into one Opus packet.
/// Owns its `OpusEncoder`; not safe to share between threads.
public final class OpusAudioEncoder {
    /// The bitrates libopus accepts, bits per second.
    public static let bitrateRange = 6_000...510_000
    /// Room for the largest packet one frame can produce (RFC 6716 caps a frame at 1275 bytes, plus the TOC byte).
    private static let maximumPacketSize = 1_276

    public let sampleRate: Int
    public let channels: Int
    public let bitrate: Int
    /// Samples per channel in the 20 ms frame `encode(_:)` takes.
    public let frameSize: Int
    /// Samples per channel by which the decoded audio trails the input: the encoder's algorithmic delay.
    public let lookahead: Int
    private let encoder: OpaquePointer

    public init(sampleRate: Int = 48_000, channels: Int = 2, bitrate: Int = 64_000) throws(MediaError) {
        let format = try OpusFormat(sampleRate: sampleRate, channels: channels)
        guard Self.bitrateRange.contains(bitrate) else {
            throw MediaError(
                .invalidSettings,
                "Opus bitrate must be \(Self.bitrateRange.lowerBound)...\(Self.bitrateRange.upperBound) bit/s, "
                    + "got \(bitrate)"
            )
        }
        var status: Int32 = OPUS_OK
        guard let encoder = opus_encoder_create(Int32(sampleRate), Int32(channels), OPUS_APPLICATION_AUDIO, &status),
            status == OPUS_OK
        else {
            throw .opus(.codecFailure, "libopus could not create a \(sampleRate) Hz encoder", status: status)
        }
        var delay: Int32 = 0
        for (what, result) in [
            ("set the bitrate", hc_opus_set_bitrate(encoder, Int32(bitrate))),
            ("set the music signal type", hc_opus_set_signal_music(encoder)),
            ("read the lookahead", hc_opus_get_lookahead(encoder, &delay)),
        ] where result != OPUS_OK {
            opus_encoder_destroy(encoder)
            throw .opus(.codecFailure, "libopus could not \(what)", status: result)
        }
        self.encoder = encoder
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitrate = bitrate
        self.frameSize = format.frameSize
        self.lookahead = Int(delay)
    }

    deinit {
        opus_encoder_destroy(encoder)
    }

    /// Encodes exactly one 20 ms frame: `frameSize` samples per channel, interleaved, nominally in -1...1.
    public func encode(_ pcm: [Float]) throws(MediaError) -> [UInt8] {
        guard pcm.count == frameSize * channels else {
            throw MediaError(
                .invalidSettings,
                "an Opus frame is 20 ms: \(frameSize) samples × \(channels) channels = \(frameSize * channels) "
                    + "floats, got \(pcm.count)"
            )
        }
        var packet = [UInt8](repeating: 0, count: Self.maximumPacketSize)
        let size = pcm.withUnsafeBufferPointer { input in
            packet.withUnsafeMutableBufferPointer { output in
                opus_encode_float(
                    encoder, input.baseAddress!, Int32(frameSize), output.baseAddress!, Int32(output.count)
                )
            }
        }
        guard size >= 0 else {
            throw .opus(.codecFailure, "libopus could not encode a frame", status: size)
        }
        packet.removeSubrange(Int(size)...)
        return packet
    }
}
