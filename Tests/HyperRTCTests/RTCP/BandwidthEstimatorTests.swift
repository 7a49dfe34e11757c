import HyperRTC
import Testing

struct BandwidthEstimatorTests {
    @Test func heavyLossConvergesDownToTheMinimum() {
        var estimator = BandwidthEstimator(initial: 2_000_000)
        var previous = estimator.estimate
        for second in 1...40 {
            estimator.onLoss(fractionLost: 0.30, now: Double(second))
            #expect(estimator.estimate <= previous)
            #expect(estimator.estimate >= 100_000)
            previous = estimator.estimate
        }
        #expect(estimator.estimate == 100_000)
    }

    @Test func oneReportOfThirtyPercentLossCutsFifteenPercent() {
        var estimator = BandwidthEstimator(initial: 1_000_000)
        estimator.onLoss(fractionLost: 0.30, now: 1)
        #expect(estimator.estimate == 850_000)
    }

    @Test func noLossGrowsUpToTheREMBCap() {
        var estimator = BandwidthEstimator(initial: 300_000)
        estimator.onREMB(bitrate: 1_500_000, now: 0)
        var previous = estimator.estimate
        for second in 1...60 {
            estimator.onLoss(fractionLost: 0, now: Double(second))
            #expect(estimator.estimate >= previous)
            #expect(estimator.estimate <= 1_500_000)
            previous = estimator.estimate
        }
        #expect(estimator.estimate == 1_500_000)
    }

    @Test func growthIsScaledByTime() {
        var perSecond = BandwidthEstimator(initial: 1_000_000)
        perSecond.onLoss(fractionLost: 0, now: 0)
        perSecond.onLoss(fractionLost: 0.01, now: 1)
        #expect(perSecond.estimate == 1_080_000)
        var halfSeconds = BandwidthEstimator(initial: 1_000_000)
        for step in 0...4 {
            halfSeconds.onLoss(fractionLost: 0, now: Double(step) * 0.5)
        }
        #expect(abs(halfSeconds.estimate - 1_166_400) <= 1)
    }

    @Test func moderateLossHolds() {
        var estimator = BandwidthEstimator(initial: 1_000_000)
        for second in 0..<10 {
            estimator.onLoss(fractionLost: 0.05, now: Double(second))
        }
        #expect(estimator.estimate == 1_000_000)
    }

    @Test func rembCapsImmediatelyButNeverBelowTheMinimum() {
        var estimator = BandwidthEstimator(initial: 5_000_000, minimum: 200_000, maximum: 8_000_000)
        estimator.onREMB(bitrate: 1_000_000, now: 0)
        #expect(estimator.estimate == 1_000_000)
        estimator.onREMB(bitrate: 50_000, now: 1)
        #expect(estimator.estimate == 200_000)
        estimator.onREMB(bitrate: 50_000_000, now: 2)
        for second in 3...100 {
            estimator.onLoss(fractionLost: 0, now: Double(second))
        }
        #expect(estimator.estimate == 8_000_000)
    }

    @Test func aHigherREMBLiftsItsCapAtOnce() {
        var estimator = BandwidthEstimator(initial: 2_000_000)
        estimator.onREMB(bitrate: 300_000, now: 0)
        #expect(estimator.estimate == 300_000)
        estimator.onLoss(fractionLost: 0.05, now: 1)  // moderate loss: hold
        #expect(estimator.estimate == 300_000)
        estimator.onREMB(bitrate: 5_000_000, now: 2)
        #expect(estimator.estimate == 2_000_000)
        estimator.onREMB(bitrate: 400_000, now: 3)
        estimator.onLoss(fractionLost: 0.5, now: 4)  // heavy loss under the cap: from the capped rate
        #expect(estimator.estimate == 300_000)
        estimator.onREMB(bitrate: 5_000_000, now: 5)
        #expect(estimator.estimate == 300_000)
    }

    @Test func growthIsLimitedToWhatTheSenderCanUse() {
        var estimator = BandwidthEstimator(initial: 2_000_000)
        for second in 1...60 {
            estimator.onLoss(fractionLost: 0, now: Double(second))
            estimator.limitGrowth(to: 3_000_000)
        }
        #expect(estimator.estimate == 3_000_000)
        estimator.onLoss(fractionLost: 0.3, now: 61)
        #expect(estimator.estimate == 2_550_000)
        estimator.limitGrowth(to: 10)
        #expect(estimator.estimate == 100_000)
    }

    @Test func initialIsKeptInRange() {
        #expect(BandwidthEstimator(initial: 10).estimate == 100_000)
        #expect(BandwidthEstimator(initial: 99_000_000).estimate == 20_000_000)
    }
}
