import ArgumentParser
import Foundation
import HyperMedia
import HyperRender
import HyperSFU
import HyperScene
import HyperViewer

/// The measurement behind `bench fanout` and `bench run`'s fan-out stage: per viewer count, a fresh `hypercube serve`
/// child on loopback ports, its CPU with no viewers, then N load viewers in this process (WHEP, ICE, DTLS-SRTP) over
/// one window: the server's CPU per packet per viewer, memory per viewer and loss.
struct FanoutBenchmark {
    var viewers: [Int]
    /// Seconds measured per viewer count.
    var seconds: Double
    var size: String
    var fps: Double
    var bitrate: String
    /// Viewers that SRTP-decrypt, check and reassemble every packet (the first one also decodes).
    var sample: Int
    var scene: String
    var clientThreads: Int
    /// Seconds of server CPU measured with no viewers, before they join.
    var baselineSeconds: Double
    var connectConcurrency: Int
    /// UDP segmentation offload per round of each count: [false, true] measures both and their ratio.
    var segmentationModes: [Bool]
    /// Viewers join an edge (`serve --relay-from`) that relays the stream from an origin child, and the edge's CPU
    /// and latency are measured: the cost of a relay next to the origin's own fan-out (issue #15).
    var throughEdge = false

    /// One round's figures and what its verifying viewers found.
    struct Round {
        var figures: FanoutRound
        var verification: String

        var benchFigures: [BenchFigure] {
            let round = figures
            return BenchFigure.measured(
                "\(round.throughEdge ? "fanout-edge" : "fanout")/\(round.viewers)-viewers/gso-"
                    + (round.segmentation ? "on" : "off"),
                [
                    ("connected", Double(round.connected), "viewers"),
                    ("server_cpu", round.serverCPUPercent, "% of a core"),
                    ("event_loop_cpu", round.eventLoopCPUPercent, "% of a core"),
                    ("cpu_per_packet", round.microsecondsPerPacket, "µs"),
                    ("memory_per_viewer", round.megabytesPerViewer, "MB"),
                    ("sent_packets", round.sentPerSecond, "packets/s"),
                    ("datagrams_per_packet", round.datagramsPerPacket, "ratio"),
                    ("received_packets", round.receivedPerSecond, "packets/s"),
                    ("loss_mean", round.meanLossPercent, "%"), ("loss_max", round.maxLossPercent, "%"),
                    ("sample_fps", round.sampleFramesPerSecond, "fps"),
                    ("glass_to_wire_p50", round.glassToWire?.p50, "ms"),
                    ("glass_to_wire_p99", round.glassToWire?.p99, "ms"),
                    ("load_client_cpu", round.clientCPUPercent, "% of a core"),
                ])
        }
    }

    /// Per viewer count: the edge's CPU per packet over the origin's at the same count and GSO mode.
    static func edgeRatios(origin: [FanoutRound], edge: [FanoutRound]) -> [BenchFigure] {
        edge.compactMap { relayed in
            guard
                let direct = origin.first(where: {
                    $0.viewers == relayed.viewers && $0.segmentation == relayed.segmentation
                }),
                let edgeCost = relayed.microsecondsPerPacket, let originCost = direct.microsecondsPerPacket,
                originCost > 0
            else { return nil }
            return BenchFigure(
                id: "fanout-edge/\(relayed.viewers)-viewers/cpu_per_packet_vs_origin", value: edgeCost / originCost,
                unit: "ratio")
        }
    }

    func validate() throws {
        guard !viewers.isEmpty, viewers.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--viewers takes positive counts separated by commas, such as 10,50,100")
        }
        guard seconds > 0, baselineSeconds > 0, sample >= 0, clientThreads > 0, connectConcurrency > 0 else {
            throw ValidationError(
                "--seconds, --baseline-seconds, --client-threads and --connect-concurrency must be positive")
        }
        _ = try RenderOptions.parseSize(size)
        _ = try SceneArgument.load(scene)
        _ = try EncoderSettings.parseBitrate(bitrate)
    }

    /// The line about the stream above the table.
    var summary: String {
        let bits = (try? EncoderSettings.parseBitrate(bitrate)) ?? 0
        return "stream: \(scene) \(size) at \(fps) fps, VP8 \(bits / 1000) kbit/s; \(seconds) s per count; "
            + "\(min(sample, viewers.max() ?? 0)) viewers verify SRTP and VP8; load client on \(clientThreads) threads"
    }

    /// Every count in every segmentation mode; `each` sees each round once measured.
    func measure(each: (Round) -> Void = { _ in }) async throws -> [Round] {
        try validate()
        let client = try LoadClient(threads: clientThreads)
        var rounds: [Round] = []
        do {
            for count in viewers {
                for segmentation in segmentationModes {
                    let (round, note) = try await measureRound(
                        viewers: count, segmentation: segmentation, client: client)
                    let measured = Round(figures: round, verification: note)
                    each(measured)
                    rounds.append(measured)
                }
            }
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
        return rounds
    }

    private func measureRound(viewers count: Int, segmentation: Bool, client: LoadClient) async throws -> (
        FanoutRound, String
    ) {
        let stream = ["--size", size, "--fps", "\(fps)", "--bitrate", bitrate, "--scene", scene]
        let origin = throughEdge ? try ServerProcess(arguments: stream) : nil
        var edgeArguments =
            stream + [
                segmentation ? "--udp-segmentation" : "--no-udp-segmentation",
                "--max-viewers-per-session", "\(max(count, 500))",
            ]
        if let origin {
            try await origin.waitUntilReady(
                client.controlPlane(host: "127.0.0.1", port: origin.httpPort), timeout: .seconds(90))
            edgeArguments += ["--relay-from", "http://127.0.0.1:\(origin.httpPort)"]
        }
        let server: ServerProcess
        do {
            server = try ServerProcess(arguments: edgeArguments)
        } catch {
            await origin?.stop(keepingLog: true)
            throw error
        }
        do {
            var result = try await measureRound(
                viewers: count, segmentation: segmentation, client: client, server: server)
            result.0.throughEdge = throughEdge
            await server.stop(keepingLog: false)
            await origin?.stop(keepingLog: false)
            return result
        } catch {
            await server.stop(keepingLog: true)
            await origin?.stop(keepingLog: true)
            throw error
        }
    }

    private func measureRound(
        viewers count: Int,
        segmentation: Bool,
        client: LoadClient,
        server: ServerProcess
    ) async throws -> (FanoutRound, String) {
        let control = client.controlPlane(host: "127.0.0.1", port: server.httpPort)
        try await server.waitUntilReady(control, timeout: .seconds(90))
        try await Task.sleep(for: .seconds(1))
        let idleStart = try server.usage()
        let idleStartTime = ContinuousClock.now
        try await Task.sleep(for: .seconds(baselineSeconds))
        let idleEnd = try server.usage()
        let idleSeconds = (ContinuousClock.now - idleStartTime).inSeconds
        let baselineCPUPercent = (idleEnd.cpuSeconds - idleStart.cpuSeconds) / idleSeconds * 100
        let baselineEventLoopCPUPercent =
            (idleEnd.eventLoopCPUSeconds - idleStart.eventLoopCPUSeconds) / idleSeconds * 100
        let viewers = await connect(count, client: client, control: control)
        try await Task.sleep(for: .seconds(1))
        let start = try await FanoutSnapshot.take(server: server, control: control, viewers: viewers)
        try await Task.sleep(for: .seconds(seconds))
        let end = try await FanoutSnapshot.take(server: server, control: control, viewers: viewers)
        let round = FanoutRound(
            viewers: count, segmentation: segmentation, baselineCPUPercent: baselineCPUPercent,
            baselineEventLoopCPUPercent: baselineEventLoopCPUPercent, residentBytesBefore: idleEnd.residentBytes,
            start: start, end: end)
        let note = verification(start: start, end: end)
        await disconnect(viewers, control: control)
        return (round, note)
    }

    /// Connects `count` viewers, `connectConcurrency` at a time, each through ICE and DTLS before the next starts.
    func connect(_ count: Int, client: LoadClient, control: ControlPlaneClient) async -> [LoadViewer] {
        let exchange = control.whepExchange(path: "/whep/default")
        let sample = self.sample
        var connected: [LoadViewer?] = Array(repeating: nil, count: count)
        var failures: [String] = []
        await withTaskGroup(of: (Int, LoadViewer?, String?).self) { group in
            for index in 0..<count {
                if index >= connectConcurrency, let (done, viewer, failure) = await group.next() {
                    connected[done] = viewer
                    if let failure { failures.append(failure) }
                }
                group.addTask {
                    let configuration = LoadViewerConfiguration(verifies: index < sample, decodes: index == 0)
                    do {
                        let viewer = try await client.connectViewer(configuration: configuration, exchange: exchange)
                        do {
                            try await viewer.connected()
                            return (index, viewer, nil)
                        } catch {
                            return (index, viewer, "viewer \(index): \(error)")
                        }
                    } catch {
                        return (index, nil, "viewer \(index): \(error)")
                    }
                }
            }
            for await (done, viewer, failure) in group {
                connected[done] = viewer
                if let failure { failures.append(failure) }
            }
        }
        if !failures.isEmpty {
            let shown = failures.prefix(3).joined(separator: "; ")
            FileHandle.standardError.write(
                Data("\(failures.count) of \(count) viewers did not connect: \(shown)\n".utf8))
        }
        return connected.compactMap { $0 }
    }

    /// WHEP DELETE for every viewer, then its socket closes.
    func disconnect(_ viewers: [LoadViewer], control: ControlPlaneClient) async {
        await withTaskGroup(of: Void.self) { group in
            for (index, viewer) in viewers.enumerated() {
                if index >= connectConcurrency { await group.next() }
                group.addTask {
                    _ = try? await control.delete(viewer.location)
                    await viewer.close()
                }
            }
        }
    }

    /// What the verifying viewers found wrong over the window, and what the decoding one decoded.
    private func verification(start: FanoutSnapshot, end: FanoutSnapshot) -> String {
        let pairs = Array(zip(start.viewers, end.viewers).prefix(sample))
        guard let decoding = pairs.first else { return "no viewer verified SRTP" }
        let failures = pairs.map {
            $1.unprotectFailures + $1.malformedPackets - $0.unprotectFailures - $0.malformedPackets
        }
        let incomplete = pairs.map { $1.incompleteFrames - $0.incompleteFrames }
        return "\(pairs.count) verifying viewers: \(failures.reduce(0, +)) SRTP or payload failures, "
            + "\(incomplete.reduce(0, +)) incomplete frames; the first decoded "
            + "\(decoding.1.framesDecoded - decoding.0.framesDecoded) frames "
            + "(\(decoding.1.decodeFailures - decoding.0.decodeFailures) refused)"
    }

    /// The machine line above the table.
    static var machine: String {
        let machine = BenchMachine.current
        return "machine: \(machine.cores) cores (\(machine.cpu)), \(String(format: "%.0f", machine.memoryGiB)) GiB; "
            + "the server, its renderer and this load client share them"
    }
}
