import ArgumentParser

/// `hypercube bench`: performance figures, printed as a table (and Markdown for docs/benchmarks.md).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the renderer.",
        subcommands: [RenderBenchCommand.self, EncodeBenchCommand.self]
    )
}
