import HyperMedia
import Testing

/// Settings libopus cannot honour, PCM of the wrong length and undecodable packets are typed errors, never crashes.
struct OpusSettingsTests {
    @Test(arguments: [44_100, 22_050, 96_000, 0])
    func sampleRatesOpusCannotCodeAreRejected(sampleRate: Int) {
        let encoderError = #expect(throws: MediaError.self) { try OpusAudioEncoder(sampleRate: sampleRate) }
        #expect(encoderError?.code == .invalidSettings)
        #expect(encoderError?.message.contains("\(sampleRate) Hz") == true)
        #expect(encoderError?.message.contains("48000") == true)
        let decoderError = #expect(throws: MediaError.self) { try OpusAudioDecoder(sampleRate: sampleRate) }
        #expect(decoderError?.code == .invalidSettings)
    }

    @Test(arguments: [0, 3, 8])
    func onlyMonoAndStereoAreAccepted(channels: Int) {
        let encoderError = #expect(throws: MediaError.self) { try OpusAudioEncoder(channels: channels) }
        #expect(encoderError?.code == .invalidSettings)
        #expect(encoderError?.message.contains("got \(channels)") == true)
        let decoderError = #expect(throws: MediaError.self) { try OpusAudioDecoder(channels: channels) }
        #expect(decoderError?.code == .invalidSettings)
    }

    @Test(arguments: [0, 5_999, 510_001, -64_000])
    func bitratesOutsideOpusRangeAreRejected(bitrate: Int) {
        let error = #expect(throws: MediaError.self) { try OpusAudioEncoder(bitrate: bitrate) }
        #expect(error?.code == .invalidSettings)
        #expect(error?.message.contains("6000...510000") == true)
        #expect(error?.message.contains("got \(bitrate)") == true)
    }

    @Test(arguments: [0, 960, 1_919, 1_921, 3_840])
    func aFrameMustBeExactly20ms(floats: Int) throws {
        let encoder = try OpusAudioEncoder()
        let error = #expect(throws: MediaError.self) { try encoder.encode([Float](repeating: 0, count: floats)) }
        #expect(error?.code == .invalidSettings)
        #expect(error?.message.contains("1920 floats, got \(floats)") == true)
    }

    @Test(arguments: [8_000, 12_000, 16_000, 24_000, 48_000], [1, 2])
    func everyOpusRateAndLayoutRoundTrips(sampleRate: Int, channels: Int) throws {
        let encoder = try OpusAudioEncoder(sampleRate: sampleRate, channels: channels, bitrate: 32_000)
        let decoder = try OpusAudioDecoder(sampleRate: sampleRate, channels: channels)
        #expect(encoder.frameSize == sampleRate / 50)
        #expect(encoder.lookahead > 0)
        let packet = try encoder.encode([Float](repeating: 0.1, count: encoder.frameSize * channels))
        #expect(try decoder.decode(packet).count == encoder.frameSize * channels)
    }

    /// Packets whose framing (RFC 6716 §3.2) cannot be parsed: 63 frames of 20 ms (over the 120 ms limit), two
    /// equal frames sharing an odd number of bytes, a first frame longer than the packet, and zero frames.
    static let undecodablePackets: [[UInt8]] = [
        [0xFF, 0xFF, 0xFF, 0xFF], [0x01, 0x10, 0x20, 0x30], [0x02, 0xFE, 0x00], [0x03, 0x00],
    ]

    @Test(arguments: undecodablePackets)
    func undecodablePacketsAreCorruptStreams(packet: [UInt8]) throws {
        let decoder = try OpusAudioDecoder()
        let error = #expect(throws: MediaError.self) { try decoder.decode(packet) }
        #expect(error?.code == .corruptStream)
        #expect(error?.message.contains("\(packet.count)-byte packet") == true)
        let encoder = try OpusAudioEncoder()
        #expect(try decoder.decode(try encoder.encode([Float](repeating: 0, count: 1_920))).count == 1_920)
    }

    @Test func anEmptyPacketIsACorruptStream() throws {
        let error = #expect(throws: MediaError.self) { try OpusAudioDecoder().decode([]) }
        #expect(error?.code == .corruptStream)
        #expect(error?.message.contains("decodeLoss()") == true)
    }

    /// Random bytes either decode (most byte strings are well-formed Opus) or fail as `.corruptStream`.
    @Test func randomBytesNeverCrashTheDecoder() throws {
        let decoder = try OpusAudioDecoder()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var rejected = 0
        for length in 1...300 {
            let packet = (0..<length).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            do {
                let pcm = try decoder.decode(packet)
                #expect(pcm.count % 2 == 0 && pcm.count <= 5_760 * 2)
            } catch {
                #expect(error.code == .corruptStream)
                rejected += 1
            }
        }
        #expect(rejected > 0)
    }

    @Test func aLostPacketIsConcealedFromWhatCameBefore() throws {
        let sonifier = SceneSonifier(scene: AudioTestScenes.steadyTesseract())
        let encoder = try OpusAudioEncoder()
        let decoder = try OpusAudioDecoder()
        for frame in 0..<10 {
            _ = try decoder.decode(try encoder.encode(sonifier.render(startSample: Int64(frame * 960), count: 960)))
        }
        let concealed = try decoder.decodeLoss()
        #expect(concealed.count == 1_920)
        #expect(ToneAnalysis.rms(ToneAnalysis.channel(0, of: concealed)[...]) > 0.01)
    }
}
