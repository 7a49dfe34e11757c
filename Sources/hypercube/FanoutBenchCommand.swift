import ArgumentParser
import Foundation
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

    @Flag(
        help: """
            Viewers join an edge (serve --relay-from) relaying the stream from an origin; the edge is measured, for \
            the relay's cost next to the origin's own fan-out.
            """)
    var throughEdge = false

    @Option(
        help: """
            Comma-separated node counts (1,2,3): an origin and edges relaying it, with the first --viewers count of \
            viewers on every node, all measured over one window; the per-node cost should stay flat as nodes are \
            added. Replaces the per-count rounds.
            """)
    var nodes: String?

    func run() async throws {
        do {
            try await measure()
        } catch {
            throw fail(error)
        }
    }

    private func measure() async throws {
        let modes: [Bool]
        switch udpSegmentation {
        case "on": modes = [true]
        case "off": modes = [false]
        case "both": modes = [false, true]
        default: throw ValidationError("--udp-segmentation takes on, off or both, not '\(udpSegmentation)'")
        }
        var benchmark = FanoutBenchmark(
            viewers: viewers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) },
            seconds: seconds, size: size, fps: fps, bitrate: bitrate, sample: sample, scene: scene,
            clientThreads: clientThreads, baselineSeconds: baselineSeconds, connectConcurrency: connectConcurrency,
            segmentationModes: modes)
        benchmark.throughEdge = throughEdge
        try benchmark.validate()
        print(FanoutBenchmark.machine)
        print(benchmark.summary)
        print("")
        if let nodes {
            try await measureNodes(nodes, benchmark: benchmark)
            return
        }
        print(FanoutRound.markdownHeader)
        let rounds = try await benchmark.measure { print($0.figures.markdownRow) }
        print("")
        for round in rounds {
            print("- \(round.figures.details)")
            print("  \(round.verification)")
        }
        let held = rounds.map(\.figures).filter(\.held).map(\.viewers).max()
        if modes.count == 2 {
            print("")
            for count in benchmark.viewers {
                let pair = rounds.map(\.figures).filter { $0.viewers == count }
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
    }

    private func measureNodes(_ text: String, benchmark: FanoutBenchmark) async throws {
        let counts = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ (1...8).contains($0) }), !throughEdge,
            let perNode = benchmark.viewers.first
        else {
            throw ValidationError("--nodes takes node counts from 1 to 8 separated by commas (1,2,3), without --through-edge")
        }
        print("\(perNode) viewers on every node; node 0 renders, the others relay it (serve --relay-from)")
        print("")
        print(FanoutBenchmark.NodeRound.markdownHeader)
        let rounds = try await benchmark.measureNodes(counts, viewersPerNode: perNode) { print($0.markdownRow) }
        print("")
        for nodes in counts {
            let round = rounds.filter { $0.nodes == nodes }
            let costs = round.compactMap(\.figures.microsecondsPerPacket)
            let viewers = round.map(\.figures.connected).reduce(0, +)
            let sent = round.map(\.figures.sentPerSecond).reduce(0, +)
            print(
                "\(nodes) node(s): \(viewers) viewers, \(String(format: "%.0f", sent)) packets/s sent in all; "
                    + "µs per packet per node "
                    + costs.map { String(format: "%.2f", $0) }.joined(separator: ", "))
        }
    }
}
