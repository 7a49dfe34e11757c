/// The media bytes this server sent over the last `window` seconds, as bits per second: the egress a cluster node
/// reports and holds against its budget. Bytes are added as they are queued; the rate is sampled on the router's
/// 100 ms tick.
struct EgressMeter {
    static let window = 2.0

    private(set) var totalBytes = 0
    /// `totalBytes` at each sample within the window, oldest first.
    private var samples: [(time: Double, bytes: Int)] = []
    /// The rate at the latest sample.
    private(set) var bitsPerSecond = 0.0

    mutating func add(_ bytes: Int) {
        totalBytes += bytes
    }

    /// Takes a sample at `now` and returns the rate since the oldest one still within the window.
    @discardableResult
    mutating func sample(now: Double) -> Double {
        samples.append((now, totalBytes))
        while samples.count > 1, now - samples[0].time > Self.window { samples.removeFirst() }
        let oldest = samples[0]
        bitsPerSecond = now > oldest.time ? Double(totalBytes - oldest.bytes) * 8 / (now - oldest.time) : 0
        return bitsPerSecond
    }
}
