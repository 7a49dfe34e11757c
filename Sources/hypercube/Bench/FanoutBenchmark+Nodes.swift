import Foundation
import HyperMedia
import HyperSFU
import HyperViewer

/// Viewers of one session spread over several nodes (issue #15): an origin renders, `nodes - 1` edges relay it
/// (`serve --relay-from`), and the same number of viewers joins each node. Every node is measured over the same
/// window. Linear scaling shows as a per-node cost per packet that stays flat while the audience grows with the nodes.
extension FanoutBenchmark {
    /// One node's figures in a round of `nodes` nodes.
    struct NodeRound {
        var nodes: Int
        /// 0 is the origin, 1… the edges.
        var node: Int
        var figures: FanoutRound

        static let markdownHeader = """
            | nodes | node | viewers | event loops CPU % | µs CPU per packet per viewer | sent pkts/s | loss mean / max \
            | glass-to-wire p50 ms |
            | ---: | :--- | ---: | ---: | ---: | ---: | ---: | ---: |
            """

        var markdownRow: String {
            let round = figures
            let perPacket = round.microsecondsPerPacket.map { String(format: "%.2f", $0) } ?? "–"
            let latency = round.glassToWire.map { String(format: "%.1f", $0.p50) } ?? "–"
            let count = round.connected == round.viewers ? "\(round.viewers)" : "\(round.viewers) (\(round.connected))"
            return "| \(nodes) | \(node == 0 ? "origin" : "edge \(node)") | \(count) | "
                + String(format: "%.0f", round.eventLoopCPUPercent) + " | \(perPacket) | "
                + String(
                    format: "%.0f | %.3f %% / %.3f %%", round.sentPerSecond, round.meanLossPercent, round.maxLossPercent
                )
                + " | \(latency) |"
        }

        var benchFigures: [BenchFigure] {
            BenchFigure.measured(
                "fanout-nodes/\(nodes)-nodes/\(node == 0 ? "origin" : "edge-\(node)")",
                [
                    ("connected", Double(figures.connected), "viewers"),
                    ("cpu_per_packet", figures.microsecondsPerPacket, "µs"),
                    ("sent_packets", figures.sentPerSecond, "packets/s"),
                    ("loss_max", figures.maxLossPercent, "%"),
                ])
        }
    }

    /// Each node count in turn, `viewersPerNode` viewers on every node, UDP segmentation as the first mode asks.
    func measureNodes(_ counts: [Int], viewersPerNode: Int, each: (NodeRound) -> Void = { _ in }) async throws
        -> [NodeRound]
    {
        try validate()
        let client = try LoadClient(threads: clientThreads)
        var rounds: [NodeRound] = []
        do {
            for nodes in counts {
                let measured = try await measureNodes(nodes, viewersPerNode: viewersPerNode, client: client)
                for round in measured { each(round) }
                rounds += measured
            }
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
        return rounds
    }

    private func measureNodes(_ nodes: Int, viewersPerNode: Int, client: LoadClient) async throws -> [NodeRound] {
        let segmentation = segmentationModes.first ?? true
        let stream = [
            "--size", size, "--fps", "\(fps)", "--bitrate", bitrate, "--scene", scene,
            segmentation ? "--udp-segmentation" : "--no-udp-segmentation",
            "--max-viewers-per-session", "\(max(viewersPerNode, 500))",
        ]
        var servers: [ServerProcess] = []
        do {
            let origin = try ServerProcess(arguments: stream)
            servers.append(origin)
            try await origin.waitUntilReady(
                client.controlPlane(host: "127.0.0.1", port: origin.httpPort), timeout: .seconds(90))
            for _ in 1..<max(nodes, 1) {
                servers.append(
                    try ServerProcess(arguments: stream + ["--relay-from", "http://127.0.0.1:\(origin.httpPort)"]))
            }
            let controls = servers.map { client.controlPlane(host: "127.0.0.1", port: $0.httpPort) }
            for (server, control) in zip(servers, controls) {
                try await server.waitUntilReady(control, timeout: .seconds(90))
            }
            try await Task.sleep(for: .seconds(1))
            // Every node's no-viewer CPU over one window (an edge relays the stream even with no viewers).
            let idleStart = try servers.map { try $0.usage() }
            let idleStartTime = ContinuousClock.now
            try await Task.sleep(for: .seconds(baselineSeconds))
            let idleEnd = try servers.map { try $0.usage() }
            let idleSeconds = (ContinuousClock.now - idleStartTime).inSeconds
            var viewers: [[LoadViewer]] = []
            for control in controls { viewers.append(await connect(viewersPerNode, client: client, control: control)) }
            try await Task.sleep(for: .seconds(1))
            var starts: [FanoutSnapshot] = []
            for index in servers.indices {
                starts.append(
                    try await FanoutSnapshot.take(
                        server: servers[index], control: controls[index], viewers: viewers[index]))
            }
            try await Task.sleep(for: .seconds(seconds))
            var rounds: [NodeRound] = []
            for index in servers.indices {
                let end = try await FanoutSnapshot.take(
                    server: servers[index], control: controls[index], viewers: viewers[index])
                let figures = FanoutRound(
                    viewers: viewersPerNode, segmentation: segmentation,
                    baselineCPUPercent: (idleEnd[index].cpuSeconds - idleStart[index].cpuSeconds) / idleSeconds * 100,
                    baselineEventLoopCPUPercent: (idleEnd[index].eventLoopCPUSeconds
                        - idleStart[index].eventLoopCPUSeconds) / idleSeconds * 100,
                    residentBytesBefore: idleEnd[index].residentBytes, start: starts[index], end: end)
                rounds.append(NodeRound(nodes: nodes, node: index, figures: figures))
            }
            for (control, nodeViewers) in zip(controls, viewers) { await disconnect(nodeViewers, control: control) }
            for server in servers.reversed() { await server.stop(keepingLog: false) }
            return rounds
        } catch {
            for server in servers.reversed() { await server.stop(keepingLog: true) }
            throw error
        }
    }
}
