import ArgumentParser

/// The `hypercube` command: render 4D scenes to pictures, list GPUs, benchmark.
@main
struct Hypercube: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hypercube",
        abstract: "Render animated four-dimensional scenes with Vulkan compute.",
        subcommands: [
            ServeCommand.self, RenderCommand.self, ProbeCommand.self, DevicesCommand.self, BenchCommand.self, AuditCommand.self,
            QRCommand.self,
        ]
    )
}
