import Foundation

/// Per-viewer send-rate estimate: a Google-congestion-control-like loss controller on receiver-report loss, capped
/// by the viewer's REMB and kept within a configured range.
public struct BandwidthEstimator: Sendable {
    static let highLoss = 0.10
    static let lowLoss = 0.02
    static let growthPerSecond = 1.08

    /// Bit/s the estimate never falls below, whatever the loss or REMB.
    public let minimum: Int
    /// Bit/s the estimate never exceeds.
    public let maximum: Int
    /// The latest REMB bitrate in bit/s, the ceiling for the estimate; nil until one arrives.
    public private(set) var rembBitrate: Int?
    private var current: Double
    /// When the estimate last changed for loss, or the first REMB; growth is scaled by the time since.
    private var lastUpdate: Double?

    public init(initial: Int, minimum: Int = 100_000, maximum: Int = 20_000_000) {
        precondition(minimum > 0 && minimum <= maximum, "bitrate range \(minimum)...\(maximum) is empty")
        self.minimum = minimum
        self.maximum = maximum
        self.current = Double(min(max(initial, minimum), maximum))
    }

    /// The bit/s to send at now.
    public var estimate: Int { Int(current) }

    /// Takes a REMB from the viewer: it caps the estimate from now on.
    public mutating func onREMB(bitrate: Int, now: Double) {
        rembBitrate = bitrate
        if lastUpdate == nil {
            lastUpdate = now
        }
        current = clamped(current)
    }

    /// Takes the loss fraction (0–1) of a receiver report: above 10 % the estimate drops by half the loss, below 2 %
    /// it grows 8 % per second since the previous update, in between it holds.
    public mutating func onLoss(fractionLost: Double, now: Double) {
        let elapsed = max(0, now - (lastUpdate ?? now))
        lastUpdate = now
        let loss = min(max(fractionLost, 0), 1)
        if loss > Self.highLoss {
            current *= 1 - 0.5 * loss
        } else if loss < Self.lowLoss {
            current *= pow(Self.growthPerSecond, elapsed)
        }
        current = clamped(current)
    }

    private func clamped(_ bitrate: Double) -> Double {
        let ceiling = max(minimum, min(maximum, rembBitrate ?? maximum))
        return min(max(bitrate, Double(minimum)), Double(ceiling))
    }
}
