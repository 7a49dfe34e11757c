import Foundation

/// Measurements on decoded and rendered audio: channels, levels and the pitch of a steady tone.
enum ToneAnalysis {
    /// One channel (0 left, 1 right) of interleaved stereo.
    static func channel(_ channel: Int, of interleaved: [Float]) -> [Double] {
        stride(from: channel, to: interleaved.count, by: 2).map { Double(interleaved[$0]) }
    }

    static func rms(_ samples: ArraySlice<Double>) -> Double {
        (samples.reduce(0) { $0 + $1 * $1 } / Double(samples.count)).squareRoot()
    }

    static func decibels(_ ratio: Double) -> Double {
        20 * log10(ratio)
    }

    /// The frequency of a steady tone from its rising zero crossings, located to a fraction of a sample by linear
    /// interpolation: whole cycles between the first and the last crossing over the time between them.
    static func zeroCrossingFrequency(_ samples: ArraySlice<Double>, sampleRate: Int) -> Double {
        var crossings: [Double] = []
        var index = samples.startIndex
        while index + 1 < samples.endIndex {
            let (before, after) = (samples[index], samples[index + 1])
            if before < 0 && after >= 0 {
                crossings.append(Double(index) + before / (before - after))
            }
            index += 1
        }
        guard let first = crossings.first, let last = crossings.last, crossings.count > 1 else { return 0 }
        return Double(crossings.count - 1) * Double(sampleRate) / (last - first)
    }

    /// Power of `samples` at `frequency` (Goertzel), Hann-windowed so neighbouring tones leak little.
    static func power(_ samples: ArraySlice<Double>, at frequency: Double, sampleRate: Int) -> Double {
        let coefficient = 2 * cos(2 * .pi * frequency / Double(sampleRate))
        let length = Double(samples.count)
        var (previous, older) = (0.0, 0.0)
        for (position, sample) in samples.enumerated() {
            let window = 0.5 - 0.5 * cos(2 * .pi * Double(position) / (length - 1))
            (previous, older) = (sample * window + coefficient * previous - older, previous)
        }
        return previous * previous + older * older - coefficient * previous * older
    }
}
