import ArgumentParser

/// `hypercube bench`: performance figures, printed as a table (and Markdown for docs/benchmarks.md).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure rendering, encoding and fan-out.",
        subcommands: [
            RenderBenchCommand.self, EncodeBenchCommand.self, FanoutBenchCommand.self, LatencyBenchCommand.self,
        ]
    )
}
