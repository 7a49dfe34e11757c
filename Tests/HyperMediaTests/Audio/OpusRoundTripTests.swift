import HyperGeometry
import HyperMedia
import HyperScene
import Testing

/// Sonified scenes through libopus and back: pitch, level and stereo position must survive the codec.
struct OpusRoundTripTests {
    static let sampleRate = 48_000

    /// The sonifier's first `frames` 20 ms frames, and what encoding and decoding them gives back.
    static func roundTrip(_ sonifier: SceneSonifier, frames: Int) throws -> (
        original: [Float], decoded: [Float], lookahead: Int
    ) {
        let encoder = try OpusAudioEncoder()
        let decoder = try OpusAudioDecoder()
        var original: [Float] = []
        var decoded: [Float] = []
        for frame in 0..<frames {
            let pcm = sonifier.render(startSample: Int64(frame * encoder.frameSize), count: encoder.frameSize)
            original += pcm
            decoded += try decoder.decode(try encoder.encode(pcm))
        }
        return (original, decoded, encoder.lookahead)
    }

    @Test func tesseractPitchAndLevelSurviveTheCodec() throws {
        try Self.expectPitchAndLevelSurvive(SceneSonifier(scene: try AudioTestScenes.repository("tesseract")))
    }

    @Test func steadyPitchAndLevelSurviveTheCodec() throws {
        try Self.expectPitchAndLevelSurvive(SceneSonifier(scene: AudioTestScenes.steadyTesseract()))
    }

    /// Over 0.25...0.35 s (aligned past the codec's lookahead), each decoded channel's pitch is the voice's to 1%
    /// and clearly dominant, and its level is the unencoded level to 2 dB.
    static func expectPitchAndLevelSurvive(_ sonifier: SceneSonifier) throws {
        let (original, decoded, lookahead) = try roundTrip(sonifier, frames: 25)
        let window = 12_000..<16_800
        let shifted = (window.lowerBound + lookahead)..<(window.upperBound + lookahead)
        let expected = sonifier.voices(at: 0.3)[0].frequency
        for channel in 0..<2 {
            let before = ToneAnalysis.channel(channel, of: original)[window]
            let after = ToneAnalysis.channel(channel, of: decoded)[shifted]
            let measured = ToneAnalysis.zeroCrossingFrequency(after, sampleRate: sampleRate)
            #expect(abs(measured - expected) < 0.01 * expected, "decoded \(measured) Hz, voice \(expected) Hz")
            let peak = ToneAnalysis.power(after, at: expected, sampleRate: sampleRate)
            for neighbour in [expected * 0.8, expected * 0.9, expected * 1.1, expected * 1.25] {
                #expect(peak > 100 * ToneAnalysis.power(after, at: neighbour, sampleRate: sampleRate))
            }
            let levelChange = ToneAnalysis.decibels(ToneAnalysis.rms(after) / ToneAnalysis.rms(before))
            #expect(abs(levelChange) < 2, "level changed by \(levelChange) dB")
        }
    }

    @Test(arguments: [-0.6, -1.2, -2.5])
    func panningSurvivesTheCodec(x: Double) throws {
        let sonifier = SceneSonifier(scene: AudioTestScenes.steadyTesseract(position: Vector4(x, 0, 0, 0)))
        let (original, decoded, lookahead) = try Self.roundTrip(sonifier, frames: 25)
        let window = 9_600..<19_200
        let shifted = (window.lowerBound + lookahead)..<(window.upperBound + lookahead)
        func balance(_ samples: [Float], _ range: Range<Int>) -> (left: Double, right: Double) {
            (
                ToneAnalysis.rms(ToneAnalysis.channel(0, of: samples)[range]),
                ToneAnalysis.rms(ToneAnalysis.channel(1, of: samples)[range])
            )
        }
        let before = balance(original, window)
        let after = balance(decoded, shifted)
        #expect(after.left > after.right)
        if before.right > 0.01 * before.left {
            let shift =
                ToneAnalysis.decibels(after.left / after.right) - ToneAnalysis.decibels(before.left / before.right)
            #expect(abs(shift) < 2, "the left/right balance moved by \(shift) dB")
        } else {
            #expect(after.right < 0.05 * after.left, "a hard-left voice stays at least 26 dB down on the right")
        }
    }
}
