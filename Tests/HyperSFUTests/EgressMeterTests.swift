import Testing

@testable import HyperSFU

/// The egress rate in virtual time: steady sending reads as its rate, a burst is spread over the two-second window,
/// and the rate falls to zero one window after sending stops.
@Suite struct EgressMeterTests {
    @Test func aSteadyStreamReadsAsItsRate() {
        var meter = EgressMeter()
        var now = 10.0
        for _ in 0..<50 {
            meter.add(12_500)  // 100 kbit per 100 ms tick: 1 Mbit/s
            now += 0.1
            meter.sample(now: now)
        }
        #expect(abs(meter.bitsPerSecond - 1_000_000) < 60_000, "\(meter.bitsPerSecond)")
    }

    @Test func theRateFallsToZeroAWindowAfterSendingStops() {
        var meter = EgressMeter()
        meter.sample(now: 0)
        meter.add(250_000)
        meter.sample(now: 0.1)
        #expect(meter.bitsPerSecond == 20_000_000, "2 Mbit in 0.1 s")
        for step in 2...30 { meter.sample(now: Double(step) / 10) }
        #expect(meter.bitsPerSecond == 0)
        #expect(meter.totalBytes == 250_000)
    }

    @Test func theFirstSampleReadsZero() {
        var meter = EgressMeter()
        meter.add(1_000)
        #expect(meter.sample(now: 5) == 0)
    }
}
