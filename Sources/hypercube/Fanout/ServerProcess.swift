import Foundation
import HyperSFU
import HyperViewer

/// A `hypercube serve` child of the benchmark on loopback ports of its own, its log in a temporary file.
final class ServerProcess {
    let httpPort: Int
    let udpPort: Int
    let logURL: URL
    /// Where the server keeps its flags and audit log: a temporary directory, removed when it stops.
    private let stateDirectory: URL
    private let process = Process()

    /// Starts the server binary that is running this command, serving the default session with `arguments` added,
    /// open to viewers without a token and keeping its state in a temporary directory.
    init(arguments: [String]) throws {
        httpPort = try LoopbackPort.unused(.tcp)
        udpPort = try LoopbackPort.unused(.udp)
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("hypercube-fanout-\(httpPort).log")
        guard FileManager.default.createFile(atPath: logURL.path, contents: nil) else {
            throw FanoutBenchError(.server, "cannot create the server log \(logURL.path)")
        }
        let log = try FileHandle(forWritingTo: logURL)
        process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments =
            [
                "serve", "--host", "127.0.0.1", "--port", "\(httpPort)", "--udp-port", "\(udpPort)",
                "--announce-ip", "127.0.0.1",
            ] + arguments
        stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "hypercube-fanout-\(httpPort)-state")
        process.environment = ProcessInfo.processInfo.environment.merging([
            "HYPERCUBE_STATE_DIR": stateDirectory.path, "HYPERCUBE_VIEWER_AUTH": "open",
            // Every load viewer comes from 127.0.0.1: the per-client offer limits would pace the connects.
            "HYPERCUBE_WHEP_OFFER_RATE": "100000", "HYPERCUBE_WHEP_OFFER_BURST": "100000",
            "HYPERCUBE_WHEP_PENDING_PER_CLIENT": "100000",
        ]) { _, benchmark in benchmark }
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try? log.close()
    }

    var pid: Int32 { process.processIdentifier }

    func usage() throws -> ProcessUsage {
        guard process.isRunning else {
            throw FanoutBenchError(
                .server, "the server exited (status \(process.terminationStatus)); log: \(logURL.path)")
        }
        return try ProcessUsage.read(pid: pid)
    }

    /// Polls `GET /health/ready` until it answers 200.
    func waitUntilReady(_ control: ControlPlaneClient, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = "no answer"
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw FanoutBenchError(.server, "the server exited during start-up; log: \(logURL.path)")
            }
            do {
                let response = try await control.get("/health/ready")
                if response.status == 200 { return }
                last = "\(response.status) \(response.body)"
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw FanoutBenchError(.server, "the server was not ready within \(timeout): \(last); log: \(logURL.path)")
    }

    /// SIGTERM (the server drains its viewers), SIGKILL after 10 s; then the state directory goes, and the log too
    /// unless `keepingLog` (when something went wrong, the errors name it).
    func stop(keepingLog: Bool) async {
        if process.isRunning {
            process.terminate()
            let deadline = ContinuousClock.now + .seconds(10)
            while process.isRunning, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            if process.isRunning { kill(pid, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: stateDirectory)
        if !keepingLog { try? FileManager.default.removeItem(at: logURL) }
    }
}
