import HyperMedia
import Testing

struct SceneSonifierRenderingTests {
    @Test func renderingIsAPureFunctionOfTheSampleRange() throws {
        let sonifier = SceneSonifier(scene: try AudioTestScenes.repository("ensemble"))
        let whole = sonifier.render(startSample: 0, count: 1_920)
        #expect(whole.count == 3_840)
        #expect(whole == sonifier.render(startSample: 0, count: 960) + sonifier.render(startSample: 960, count: 960))
        #expect(whole == sonifier.render(startSample: 0, count: 1_920))

        let acrossAnAnchor = sonifier.render(startSample: 47_000, count: 3_000)
        let split =
            sonifier.render(startSample: 47_000, count: 1_234) + sonifier.render(startSample: 48_234, count: 1_766)
        #expect(acrossAnAnchor == split)
        #expect(Array(acrossAnAnchor[2_000..<2_200]) == sonifier.render(startSample: 48_000, count: 100))

        let late = sonifier.render(startSample: 1_728_000, count: 960)
        #expect(late == SceneSonifier(scene: sonifier.scene).render(startSample: 1_728_000, count: 960))
        #expect(sonifier.render(startSample: 123, count: 0).isEmpty)
    }

    /// Every step between neighbouring samples stays within what the voices' slopes allow (|d/dn sin| ≤ 2πf/rate
    /// per unit amplitude), and so does every change of step: a phase or level jump at a block or anchor boundary
    /// would break one of them. The window spans 100 blocks and the anchor at sample 48 000.
    @Test(arguments: ["tesseract", "ensemble"])
    func blocksJoinWithoutClicks(sceneName: String) throws {
        let sonifier = SceneSonifier(scene: try AudioTestScenes.repository(sceneName))
        let start: Int64 = 46_080
        let count = 4_800
        let samples = sonifier.render(startSample: start, count: count)
        let voices = stride(from: 0, through: count, by: sonifier.blockLength).map {
            sonifier.voices(at: Double(start + Int64($0)) / Double(sonifier.sampleRate))
        }
        for channel in 0..<2 {
            let wave = ToneAnalysis.channel(channel, of: samples)
            var slope = 0.0
            var curvature = 0.0
            for index in voices[0].indices {
                let omega = 2 * .pi * voices.map { $0[index].frequency }.max()! / Double(sonifier.sampleRate)
                let amplitude = voices.map { channel == 0 ? $0[index].leftGain : $0[index].rightGain }.max()!
                slope += omega * amplitude
                curvature += omega * omega * amplitude
            }
            let steps = zip(wave, wave.dropFirst()).map { $1 - $0 }
            #expect(steps.allSatisfy { abs($0) <= slope * 1.01 + 1e-6 })
            let bends = zip(steps, steps.dropFirst()).map { abs($1 - $0) }
            #expect(bends.max()! <= curvature * 1.05 + 1e-6, "largest bend \(bends.max()!), allowed \(curvature)")
        }
    }

    @Test func theMixNeverExceedsThePeakLevel() throws {
        let sonifier = SceneSonifier(scene: try AudioTestScenes.repository("ensemble"))
        let samples = sonifier.render(startSample: 0, count: 48_000)
        #expect(samples.allSatisfy { abs(Double($0)) <= SceneSonifier.peakLevel })
        #expect(samples.map { abs($0) }.max()! > 0.1)
    }
}
