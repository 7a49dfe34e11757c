/// A token bucket of bytes one viewer may be sent again in answer to NACKs: refilled at half the stream's measured
/// rate, holding about one keyframe, so a viewer can recover a lost keyframe at once but a NACK flood costs the
/// server at most half again what the viewer's stream already costs.
struct RetransmissionBudget {
    /// The share of the stream's measured byte rate that refills the bucket.
    static let rateShare = 0.5
    /// Bytes per second while the stream's rate is not measured yet (its first second): 128 kbit/s.
    static let minimumRate = 16_000.0
    /// The smallest bucket: one 64 KiB burst, about a small keyframe, before a keyframe was measured.
    static let minimumCapacity = 64 << 10

    /// Bytes the bucket holds; nil until the first NACK, when it starts full.
    private var tokens: Double?
    private var updatedAt: Double?

    /// The bucket's size for a stream whose latest keyframe was `keyframeBytes` long.
    static func capacity(keyframeBytes: Int) -> Double {
        Double(max(keyframeBytes, minimumCapacity))
    }

    /// The refill rate, bytes per second, for a stream measured at `streamBytesPerSecond`.
    static func rate(streamBytesPerSecond: Double) -> Double {
        max(rateShare * streamBytesPerSecond, minimumRate)
    }

    /// Takes `bytes` from the bucket at `now` when it holds that many; false (and nothing taken) otherwise.
    mutating func spend(_ bytes: Int, now: Double, streamBytesPerSecond: Double, keyframeBytes: Int) -> Bool {
        let capacity = Self.capacity(keyframeBytes: keyframeBytes)
        let elapsed = updatedAt.map { max(0, now - $0) } ?? 0
        let available = min(
            capacity, (tokens ?? capacity) + elapsed * Self.rate(streamBytesPerSecond: streamBytesPerSecond))
        updatedAt = now
        tokens = available
        guard Double(bytes) <= available else { return false }
        tokens = available - Double(bytes)
        return true
    }
}
