import Foundation
import HyperScene

/// The phase of every voice through one anchor period of a `SceneSonifier`, so the phase at any sample follows
/// from its period alone instead of from everything before it. Within the period the frequency glides linearly
/// between block boundaries; a gentle detune, at most 1/period Hz and zero at both ends, lands the period's end
/// on a whole cycle, where the next period starts again at phase 0.
struct VoicePhasePlan {
    /// Blocks in one anchor period: one second of 20 ms blocks, so the detune stays under 1 Hz.
    static let blocksPerPeriod = 50

    let period: Int64
    private let blockLength: Int
    private let sampleRate: Double
    /// Per voice: the frequency at each of the period's block boundaries, `blocksPerPeriod + 1` of them.
    private let frequencies: [[Double]]
    /// Per voice: cycles elapsed from the period's start to the start of each block.
    private let cyclesBeforeBlock: [[Double]]
    /// Per voice: whole cycles minus the cycles the glide alone completes over the period, in -0.5...0.5.
    private let detuneCycles: [Double]

    init(sonifier: SceneSonifier, period: Int64) {
        let blocks = Self.blocksPerPeriod
        let firstSample = period * Int64(blocks * sonifier.blockLength)
        let boundaryTimes = (0...blocks).map { block in
            sonifier.time(ofSample: firstSample + Int64(block * sonifier.blockLength))
        }
        let blockSeconds = Double(sonifier.blockLength) / Double(sonifier.sampleRate)
        var frequencies: [[Double]] = []
        var cyclesBeforeBlock: [[Double]] = []
        var detuneCycles: [Double] = []
        for object in sonifier.scene.objects.indices {
            let voiceFrequencies = boundaryTimes.map { sonifier.frequency(ofObject: object, at: $0) }
            var elapsed = [0.0]
            for block in 0..<blocks {
                let meanFrequency = (voiceFrequencies[block] + voiceFrequencies[block + 1]) / 2
                elapsed.append(elapsed[block] + meanFrequency * blockSeconds)
            }
            frequencies.append(voiceFrequencies)
            detuneCycles.append(elapsed[blocks].rounded() - elapsed[blocks])
            cyclesBeforeBlock.append(elapsed)
        }
        self.period = period
        self.blockLength = sonifier.blockLength
        self.sampleRate = Double(sonifier.sampleRate)
        self.frequencies = frequencies
        self.cyclesBeforeBlock = cyclesBeforeBlock
        self.detuneCycles = detuneCycles
    }

    /// The phase of `voice`, in cycles (0..<1), at sample `offset` of block `block` of the period.
    func phase(ofVoice voice: Int, block: Int, offset: Int) -> Double {
        let start = frequencies[voice][block]
        let end = frequencies[voice][block + 1]
        let samples = Double(offset)
        let glide = (start * samples + (end - start) * samples * samples / Double(2 * blockLength)) / sampleRate
        let progress = Double(block * blockLength + offset) / Double(Self.blocksPerPeriod * blockLength)
        let detune = detuneCycles[voice] * (progress - sin(2 * .pi * progress) / (2 * .pi))
        let cycles = cyclesBeforeBlock[voice][block] + glide + detune
        return cycles - cycles.rounded(.down)
    }
}
