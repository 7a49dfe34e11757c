import Testing

@testable import HyperSFU

struct TemporalLayerPolicyTests {
    private static let stream = 2_000_000.0
    private static let base = 1_200_000.0

    @Test func dropsBelow85PercentOfTheStreamOnly() {
        var policy = TemporalLayerPolicy()
        #expect(policy.update(estimate: 1_710_000, streamRate: Self.stream, baseRate: Self.base, now: 0) == nil)
        #expect(policy.maximumLayer == .max)
        #expect(policy.update(estimate: 1_690_000, streamRate: Self.stream, baseRate: Self.base, now: 1) == .heldToBase)
        #expect(policy.maximumLayer == 0)
        #expect(policy.update(estimate: 100_000, streamRate: 0, baseRate: 0, now: 2) == nil, "no rate yet: no change")
    }

    @Test func raisesAfterTheDelayWithClearRoomAndNotBefore() {
        var policy = TemporalLayerPolicy()
        _ = policy.update(estimate: 500_000, streamRate: Self.stream, baseRate: Self.base, now: 0)
        #expect(policy.update(estimate: 2_400_000, streamRate: Self.stream, baseRate: Self.base, now: 1) == nil)
        #expect(policy.update(estimate: 2_400_000, streamRate: Self.stream, baseRate: Self.base, now: 2.9) == nil)
        // a dip restarts the wait
        #expect(policy.update(estimate: 1_000_000, streamRate: Self.stream, baseRate: Self.base, now: 3) == nil)
        #expect(policy.update(estimate: 2_400_000, streamRate: Self.stream, baseRate: Self.base, now: 3.5) == nil)
        #expect(policy.update(estimate: 2_400_000, streamRate: Self.stream, baseRate: Self.base, now: 5.4) == nil)
        #expect(policy.update(estimate: 2_400_000, streamRate: Self.stream, baseRate: Self.base, now: 5.5) == .raised)
        #expect(policy.maximumLayer == .max)
    }

    @Test func aReceiverSaturatedOnTheBaseLayerIsProbedWithBackoff() {
        var policy = TemporalLayerPolicy()
        var now = 0.0
        _ = policy.update(estimate: 1_000_000, streamRate: Self.stream, baseRate: Self.base, now: now)
        // REMB at 1.5x the base layer it receives: below the stream's rate, but nothing limits it
        let saturated = 1.5 * Self.base
        var delays: [Double] = []
        for _ in 0..<6 {
            #expect(policy.update(estimate: saturated, streamRate: Self.stream, baseRate: Self.base, now: now) == nil)
            let start = now
            while policy.update(estimate: saturated, streamRate: Self.stream, baseRate: Self.base, now: now) == nil {
                now += 0.1
            }
            delays.append((now - start).rounded())
            // the probe fails: congestion right after the raise
            now += 1
            #expect(
                policy.update(estimate: 1_000_000, streamRate: Self.stream, baseRate: Self.base, now: now)
                    == .heldToBase)
        }
        #expect(delays == [2, 4, 8, 16, 32, 32])

        // a probe that holds for the stable window resets the delay
        while policy.update(estimate: 2_500_000, streamRate: Self.stream, baseRate: Self.base, now: now) == nil {
            now += 0.1
        }
        now += TemporalLayerPolicy.stableWindow
        #expect(policy.update(estimate: 2_500_000, streamRate: Self.stream, baseRate: Self.base, now: now) == nil)
        #expect(policy.raiseDelay == TemporalLayerPolicy.initialRaiseDelay)
    }
}
