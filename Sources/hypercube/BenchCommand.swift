import ArgumentParser

/// `hypercube bench`: performance figures, printed as a table (and Markdown for docs/benchmarks.md).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure rendering, encoding, fan-out and XR latency (`bench run`: all of them, with a JSON report).",
        subcommands: [
            RenderBenchCommand.self, EncodeBenchCommand.self, FanoutBenchCommand.self, LatencyBenchCommand.self,
            BenchRunCommand.self,
        ]
    )
}
