import Foundation

/// Per-viewer send-rate estimate: a Google-congestion-control-like loss controller on receiver-report loss, capped
/// by the viewer's latest REMB and kept within a configured range. The two are kept apart, as GCC keeps them: a REMB
/// caps the estimate while it lasts, and a higher REMB lifts the cap at once.
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
    /// The loss controller's rate, within `minimum...maximum` but not capped by REMB.
    private var lossBased: Double
    /// When the estimate last changed for loss, or the first REMB; growth is scaled by the time since.
    private var lastUpdate: Double?

    public init(initial: Int, minimum: Int = 100_000, maximum: Int = 20_000_000) {
        precondition(minimum > 0 && minimum <= maximum, "bitrate range \(minimum)...\(maximum) is empty")
        self.minimum = minimum
        self.maximum = maximum
        self.lossBased = Double(min(max(initial, minimum), maximum))
    }

    /// The bit/s to send at now.
    public var estimate: Int {
        let ceiling = max(minimum, min(maximum, rembBitrate ?? maximum))
        return Int(min(lossBased, Double(ceiling)))
    }

    /// Takes a REMB from the viewer: it caps the estimate from now on.
    public mutating func onREMB(bitrate: Int, now: Double) {
        rembBitrate = bitrate
        if lastUpdate == nil {
            lastUpdate = now
        }
    }

    /// Keeps the loss controller within `bitrate` (GCC keeps it within 1.5× what it actually sends): loss-free
    /// growth above what the sender can send would mean nothing and take long to unwind when loss comes.
    public mutating func limitGrowth(to bitrate: Int) {
        lossBased = min(lossBased, Double(max(bitrate, minimum)))
    }

    /// Takes the loss fraction (0–1) of a receiver report: above 10 % the estimate drops by half the loss, below 2 %
    /// it grows 8 % per second since the previous update, in between it holds.
    public mutating func onLoss(fractionLost: Double, now: Double) {
        let elapsed = max(0, now - (lastUpdate ?? now))
        lastUpdate = now
        let loss = min(max(fractionLost, 0), 1)
        // Loss is judged against what was actually sent, which a REMB capped: start from the capped rate.
        var rate = Double(estimate)
        if loss > Self.highLoss {
            rate *= 1 - 0.5 * loss
        } else if loss < Self.lowLoss {
            rate = max(rate, lossBased) * pow(Self.growthPerSecond, elapsed)
        } else {
            rate = lossBased
        }
        lossBased = min(max(rate, Double(minimum)), Double(maximum))
    }
}
