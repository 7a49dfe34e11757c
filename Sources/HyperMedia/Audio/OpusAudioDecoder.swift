import COpus

/// A libopus decoder that turns Opus packets back into interleaved float PCM and conceals lost ones.
/// Owns its `OpusDecoder`; not safe to share between threads.
public final class OpusAudioDecoder {
    /// The longest packet Opus allows, which bounds what one `decode(_:)` returns.
    private static let maximumPacketMilliseconds = 120

    public let sampleRate: Int
    public let channels: Int
    /// Samples per channel `decodeLoss()` conceals: one 20 ms frame.
    public let frameSize: Int
    private let maximumFrameSize: Int
    private let decoder: OpaquePointer

    public init(sampleRate: Int = 48_000, channels: Int = 2) throws(MediaError) {
        let format = try OpusFormat(sampleRate: sampleRate, channels: channels)
        var status: Int32 = OPUS_OK
        guard let decoder = opus_decoder_create(Int32(sampleRate), Int32(channels), &status), status == OPUS_OK else {
            throw .opus(.codecFailure, "libopus could not create a \(sampleRate) Hz decoder", status: status)
        }
        self.decoder = decoder
        self.sampleRate = sampleRate
        self.channels = channels
        self.frameSize = format.frameSize
        self.maximumFrameSize = sampleRate * Self.maximumPacketMilliseconds / 1_000
    }

    deinit {
        opus_decoder_destroy(decoder)
    }

    /// Decodes one packet into interleaved samples (`channels` per instant); a packet libopus cannot parse is a
    /// `.corruptStream` error and leaves the decoder usable.
    public func decode(_ packet: [UInt8]) throws(MediaError) -> [Float] {
        guard !packet.isEmpty else {
            throw MediaError(.corruptStream, "an Opus packet cannot be empty; call decodeLoss() for a lost packet")
        }
        var pcm = [Float](repeating: 0, count: maximumFrameSize * channels)
        let decoded = packet.withUnsafeBufferPointer { input in
            pcm.withUnsafeMutableBufferPointer { output in
                opus_decode_float(
                    decoder, input.baseAddress, Int32(input.count), output.baseAddress!, Int32(maximumFrameSize), 0
                )
            }
        }
        guard decoded >= 0 else {
            throw .opus(.corruptStream, "libopus could not decode a \(packet.count)-byte packet", status: decoded)
        }
        pcm.removeSubrange((Int(decoded) * channels)...)
        return pcm
    }

    /// Conceals one lost 20 ms packet (packet loss concealment), continuing the sound from what came before.
    public func decodeLoss() throws(MediaError) -> [Float] {
        var pcm = [Float](repeating: 0, count: frameSize * channels)
        let decoded = pcm.withUnsafeMutableBufferPointer { output in
            opus_decode_float(decoder, nil, 0, output.baseAddress!, Int32(frameSize), 0)
        }
        guard decoded >= 0 else {
            throw .opus(.codecFailure, "libopus could not conceal a lost packet", status: decoded)
        }
        pcm.removeSubrange((Int(decoded) * channels)...)
        return pcm
    }
}
