import Benchmark

extension BenchmarkThresholds {
    /// Times, checked against `Thresholds/`: a shared 2-core machine rendering through lavapipe swings by tens of
    /// percent from run to run, so only a p90 more than three times the checked-in figure fails.
    static var timeRegression: BenchmarkThresholds { BenchmarkThresholds(relative: [.p90: 200]) }

    /// Allocation counts are close to deterministic: a quarter more (or fewer) mallocs per iteration is a change
    /// in the code, not noise.
    static var allocationChange: BenchmarkThresholds { BenchmarkThresholds(relative: [.p90: 25]) }
}
