import Foundation

extension SceneSonifier {
    /// Interleaved stereo samples `startSample ..< startSample + count` (so `2 * count` floats), a pure function of
    /// the sample range: any split of a range into calls gives the same samples. Voice parameters are computed at
    /// block boundaries and interpolated linearly in between; phase is continuous everywhere.
    public func render(startSample: Int64, count: Int) -> [Float] {
        precondition(startSample >= 0, "samples are counted from the stream's start, got \(startSample)")
        precondition(count >= 0, "cannot render \(count) samples")
        var samples = [Float](repeating: 0, count: 2 * count)
        let blockLength = Int64(self.blockLength)
        let blocksPerPeriod = Int64(VoicePhasePlan.blocksPerPeriod)
        let end = startSample + Int64(count)
        var plan = VoicePhasePlan(sonifier: self, period: startSample / blockLength / blocksPerPeriod)
        var position = startSample
        while position < end {
            let block = position / blockLength
            if plan.period != block / blocksPerPeriod {
                plan = VoicePhasePlan(sonifier: self, period: block / blocksPerPeriod)
            }
            let blockStart = block * blockLength
            let blockInPeriod = Int(block % blocksPerPeriod)
            let opening = voices(at: time(ofSample: blockStart))
            let closing = voices(at: time(ofSample: blockStart + blockLength))
            let blockEnd = min(blockStart + blockLength, end)
            for sample in position..<blockEnd {
                let offset = Int(sample - blockStart)
                let progress = Double(offset) / Double(blockLength)
                var left = 0.0
                var right = 0.0
                for voice in opening.indices {
                    let wave = sin(2 * .pi * plan.phase(ofVoice: voice, block: blockInPeriod, offset: offset))
                    left += interpolate(opening[voice].leftGain, closing[voice].leftGain, progress) * wave
                    right += interpolate(opening[voice].rightGain, closing[voice].rightGain, progress) * wave
                }
                let index = 2 * Int(sample - startSample)
                samples[index] = Float(left)
                samples[index + 1] = Float(right)
            }
            position = blockEnd
        }
        return samples
    }

    private func interpolate(_ start: Double, _ end: Double, _ progress: Double) -> Double {
        start + (end - start) * progress
    }
}
