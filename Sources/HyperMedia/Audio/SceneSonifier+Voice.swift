import Foundation

extension SceneSonifier {
    /// What one object sounds like at an instant: a sine at `frequency` Hz peaking at `gain` of full scale,
    /// placed at `pan` (−1 left … +1 right) by an equal-power law.
    public struct Voice: Sendable, Equatable {
        public var frequency: Double
        /// Peak amplitude, 0...1 of full scale.
        public var gain: Double
        /// Stereo position, -1...1.
        public var pan: Double

        public init(frequency: Double, gain: Double, pan: Double) {
            self.frequency = frequency
            self.gain = gain
            self.pan = pan
        }

        /// Amplitude in the left channel, `gain · cos θ` with θ = (pan + 1) · π/4, so left² + right² = gain².
        public var leftGain: Double {
            gain * cos(panAngle)
        }

        /// Amplitude in the right channel, `gain · sin θ`.
        public var rightGain: Double {
            gain * sin(panAngle)
        }

        private var panAngle: Double {
            (pan + 1) * .pi / 4
        }
    }
}
