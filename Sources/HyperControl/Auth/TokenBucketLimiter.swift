/// Per-client token buckets as a plain value: each key refills at `rate` tokens a second up to `burst`, and a
/// request takes one token or learns how many seconds until one is there. Time is passed in, so tests drive it.
struct TokenBucketLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    /// The most clients remembered; beyond it full buckets (clients idle long enough to have refilled) are forgotten,
    /// then the least recently used tenth, so a flood of new keys never wipes the limits of those already held.
    static let maximumKeys = 10_000

    let rate: Double
    let burst: Double
    private var buckets: [String: Bucket] = [:]

    init(rate: Double, burst: Int) {
        self.rate = rate
        self.burst = Double(burst)
    }

    /// Takes a token for `key` at `now` (seconds); nil when allowed, else the seconds to wait.
    mutating func take(_ key: String, now: Double) -> Double? {
        var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
        bucket.tokens = min(burst, bucket.tokens + max(0, now - bucket.updated) * rate)
        bucket.updated = now
        defer { buckets[key] = bucket }
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            if buckets.count >= Self.maximumKeys, buckets[key] == nil { forgetIdle(now: now) }
            return nil
        }
        return (1 - bucket.tokens) / rate
    }

    private mutating func forgetIdle(now: Double) {
        buckets = buckets.filter { _, bucket in
            bucket.tokens + (now - bucket.updated) * rate < burst
        }
        guard buckets.count >= Self.maximumKeys else { return }
        let oldest = buckets.sorted { $0.value.updated < $1.value.updated }.prefix(Self.maximumKeys / 10)
        for (key, _) in oldest { buckets[key] = nil }
    }

    /// Clients remembered now (tests).
    var keyCount: Int { buckets.count }
}
