import ArgumentParser
import Foundation
import HyperMedia
import HyperRender
import HyperSFU
import HyperScene

/// `hypercube bench fanout`: what the SFU fan-out costs the server per viewer — CPU per packet, memory, loss — with
/// real WebRTC viewers. A `hypercube serve` child runs on free loopback ports; in this process, N load viewers each
/// POST a WHEP offer over HTTP, run ICE and a DTLS-SRTP handshake on their own UDP socket and count every packet.
struct FanoutBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout",
        abstract: "Benchmark SFU fan-out: server CPU, memory and packet loss against the number of WebRTC viewers.",
        discussion: """
            One fresh server per viewer count: its CPU is measured first with no viewers (rendering and encoding), \
            then with the viewers for --seconds. CPU per packet is what the server's event-loop threads (media \
            socket, SRTP, UDP sends) spent above their no-viewer level, over the packets sent. The server, its \
            renderer and the load client share this machine's cores, so read the figures as a lower bound.
            """
    )

    @Option(help: "Comma-separated viewer counts; each gets a fresh server.")
    var viewers: String = "10,50,100,200"

    @Option(help: "Seconds measured per viewer count.")
    var seconds: Double = 10

    @Option(help: "Picture size of the stream.")
    var size: String = "640x360"

    @Option(help: "Frames per second of the stream.")
    var fps: Double = 30

    @Option(help: "Video bitrate of the stream.")
    var bitrate: String = "2M"

    @Option(help: "Viewers that SRTP-decrypt, check and reassemble every packet (the first one also decodes).")
    var sample: Int = 4

    @Option(help: "Scene streamed.")
    var scene: String = SceneCatalog.defaultSceneName

    @Option(help: "Event loop threads of the load client.")
    var clientThreads: Int = 2

    @Option(help: "Seconds of server CPU measured with no viewers, before they join.")
    var baselineSeconds: Double = 3

    @Option(help: "Viewers connecting at the same time.")
    var connectConcurrency: Int = 16

    @Option(
        help: """
            UDP segmentation offload on the server: on, off, or both (each count without it, then with it, and \
            the ratio of their CPU per packet).
            """
    )
    var udpSegmentation: String = "both"

    func run() async throws {
        do {
            try await measure()
        } catch {
            throw fail(error)
        }
    }

    private func measure() async throws {
        let counts = viewers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--viewers takes positive counts separated by commas, such as 10,50,100")
        }
        guard seconds > 0, baselineSeconds > 0, sample >= 0, clientThreads > 0, connectConcurrency > 0 else {
            throw ValidationError(
                "--seconds, --baseline-seconds, --client-threads and --connect-concurrency must be positive")
        }
        _ = try RenderOptions.parseSize(size)
        _ = try SceneArgument.load(scene)
        let bits = try EncoderSettings.parseBitrate(bitrate)
        let modes: [Bool]
        switch udpSegmentation {
        case "on": modes = [true]
        case "off": modes = [false]
        case "both": modes = [false, true]
        default: throw ValidationError("--udp-segmentation takes on, off or both, not '\(udpSegmentation)'")
        }
        let client = try LoadClient(threads: clientThreads)
        print(Self.machine)
        print(
            "stream: \(scene) \(size) at \(fps) fps, VP8 \(bits / 1000) kbit/s; \(seconds) s per count; "
                + "\(min(sample, counts.max() ?? 0)) viewers verify SRTP and VP8; load client on \(clientThreads) threads"
        )
        print("")
        print(FanoutRound.markdownHeader)
        var rounds: [FanoutRound] = []
        var notes: [String] = []
        for count in counts {
            for segmentation in modes {
                let (round, note) = try await measureRound(viewers: count, segmentation: segmentation, client: client)
                rounds.append(round)
                notes.append(note)
                print(round.markdownRow)
            }
        }
        print("")
        for (round, note) in zip(rounds, notes) {
            print("- \(round.details)")
            print("  \(note)")
        }
        let held = rounds.filter(\.held).map(\.viewers).max()
        if modes.count == 2 {
            print("")
            for count in counts {
                let pair = rounds.filter { $0.viewers == count }
                guard let off = pair.first(where: { !$0.segmentation })?.microsecondsPerPacket,
                    let on = pair.first(where: \.segmentation)?.microsecondsPerPacket, on > 0
                else { continue }
                print(
                    "\(count) viewers: CPU per packet without GSO / with GSO = "
                        + String(format: "%.1f / %.1f µs = %.2f×", off, on, off / on))
            }
        }
        print("")
        print(
            held.map { "Largest viewer count with every viewer under 0.1 % loss: \($0)." }
                ?? "No viewer count kept every viewer under 0.1 % loss."
        )
        await client.shutdown()
    }

    private func measureRound(viewers count: Int, segmentation: Bool, client: LoadClient) async throws -> (
        FanoutRound, String
    ) {
        let server = try ServerProcess(arguments: [
            "--size", size, "--fps", "\(fps)", "--bitrate", bitrate, "--scene", scene,
            segmentation ? "--udp-segmentation" : "--no-udp-segmentation",
            "--max-viewers-per-session", "\(max(count, 500))",
        ])
        do {
            let result = try await measureRound(
                viewers: count, segmentation: segmentation, client: client, server: server)
            await server.stop(keepingLog: false)
            return result
        } catch {
            await server.stop(keepingLog: true)
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
    private func connect(_ count: Int, client: LoadClient, control: ControlPlaneClient) async -> [LoadViewer] {
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
    private func disconnect(_ viewers: [LoadViewer], control: ControlPlaneClient) async {
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

    /// Cores, CPU model and memory, from /proc and Foundation.
    private static var machine: String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let info = ProcessInfo.processInfo
        let gibibytes = Double(info.physicalMemory) / Double(1 << 30)
        return "machine: \(info.activeProcessorCount) cores (\(model)), \(String(format: "%.0f", gibibytes)) GiB; "
            + "the server, its renderer and this load client share them"
    }
}
