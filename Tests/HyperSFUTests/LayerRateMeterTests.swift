import Testing

@testable import HyperSFU

struct LayerRateMeterTests {
    @Test func ratesCoverTheLastTwoSecondsPerLayer() {
        var meter = LayerRateMeter()
        #expect(meter.rates(now: 0) == (0, 0) && meter.highestLayer == 0)
        // 30 fps for 3 s: base frames of 6 000 bytes, upper-layer frames of 4 000
        for index in 0..<90 {
            meter.record(bytes: index % 2 == 0 ? 6_000 : 4_000, layer: index % 2, now: Double(index) / 30)
        }
        let now = 89.0 / 30
        let rates = meter.rates(now: now)
        // the window holds the frames of the last two seconds: 60 of them, half of each layer
        #expect(abs(Double(rates.all) - 30 * 5_000 * 8) < 30 * 5_000 * 8 * 0.05, "\(rates)")
        #expect(abs(Double(rates.base) - 15 * 6_000 * 8) < 15 * 6_000 * 8 * 0.05, "\(rates)")
        #expect(meter.highestLayer == 1)

        // the upper layer stops: after the window it no longer counts
        for index in 90..<160 { meter.record(bytes: 6_000, layer: 0, now: Double(index) / 30) }
        #expect(meter.highestLayer == 0)
        let base = meter.rates(now: 159.0 / 30)
        #expect(base.all == base.base)
    }

    @Test func underASecondOfFramesGivesNoRate() {
        var meter = LayerRateMeter()
        for index in 0..<20 { meter.record(bytes: 1_000, layer: 0, now: Double(index) / 30) }
        #expect(meter.rates(now: 19.0 / 30) == (0, 0))
    }
}
