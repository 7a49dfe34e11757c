import Foundation
import HyperMedia
import HyperSFU
import HyperViewer

/// The figures of one viewer count: what the server spent, what it sent and what the viewers got, over one window.
struct FanoutRound {
    var viewers: Int
    /// Whether the server sent with UDP segmentation offload (one datagram per viewer and frame).
    var segmentation: Bool
    /// Whether the viewers watched through an edge relaying the stream (the figures are the edge's).
    var throughEdge = false
    var connected: Int
    var seconds: Double
    /// Server CPU in percent of one core over the window, and with no viewers before they joined.
    var serverCPUPercent: Double
    var baselineCPUPercent: Double
    /// The server's event-loop threads (media socket and HTTP) in percent of one core over the window.
    var eventLoopCPUPercent: Double
    var clientCPUPercent: Double
    /// Event-loop CPU above its no-viewer level per RTP packet sent (each packet goes to one viewer): the fan-out's
    /// cost per packet per viewer, SRTP and the kernel's UDP send (and loopback delivery) included.
    var microsecondsPerPacket: Double?
    /// Server RSS growth from before the viewers joined to the end of the window, per viewer.
    var megabytesPerViewer: Double
    var sentPerSecond: Double
    /// Datagrams handed to the kernel per RTP packet: 1 without segmentation, about 1 / packets per frame with it.
    var datagramsPerPacket: Double?
    var glassToWire: (p50: Double, p99: Double)?
    var receivedPerSecond: Double
    /// Per-viewer loss over the window in percent, from RTP sequence numbers.
    var meanLossPercent: Double
    var maxLossPercent: Double
    var serverDrops: Int
    var kernelReceiveBufferDrops: Int
    var kernelSendBufferDrops: Int
    var connectSecondsMedian: Double
    var connectSecondsMax: Double
    /// Frames per second the verifying viewers reassembled, on average; nil without any. Below the stream's rate
    /// the renderer is starved of CPU, and the no-viewer baseline no longer holds.
    var sampleFramesPerSecond: Double?

    init(
        viewers: Int,
        segmentation: Bool,
        baselineCPUPercent: Double,
        baselineEventLoopCPUPercent: Double,
        residentBytesBefore: Int,
        start: FanoutSnapshot,
        end: FanoutSnapshot
    ) {
        self.viewers = viewers
        self.segmentation = segmentation
        self.baselineCPUPercent = baselineCPUPercent
        let seconds = (end.time - start.time).inSeconds
        self.seconds = seconds
        let serverCPU = end.server.cpuSeconds - start.server.cpuSeconds
        serverCPUPercent = serverCPU / seconds * 100
        clientCPUPercent = (end.client.cpuSeconds - start.client.cpuSeconds) / seconds * 100
        let sent = end.packetsSent - start.packetsSent
        sentPerSecond = sent / seconds
        datagramsPerPacket = sent > 0 ? (end.datagramsSent - start.datagramsSent) / sent : nil
        glassToWire = end.glassToWire
        let eventLoopCPU = end.server.eventLoopCPUSeconds - start.server.eventLoopCPUSeconds
        eventLoopCPUPercent = eventLoopCPU / seconds * 100
        let fanoutCPU = eventLoopCPU - baselineEventLoopCPUPercent / 100 * seconds
        microsecondsPerPacket = sent > 0 ? fanoutCPU / sent * 1e6 : nil
        megabytesPerViewer = Double(end.server.residentBytes - residentBytesBefore) / Double(max(viewers, 1)) / 1e6
        var received = 0
        var losses: [Double] = []
        var connectTimes: [Double] = []
        for (before, after) in zip(start.viewers, end.viewers) {
            guard after.state == .connected else { continue }
            received += after.rtpPackets - before.rtpPackets
            let expected = after.expectedPackets - before.expectedPackets
            let lost = after.lostPackets - before.lostPackets
            losses.append(expected > 0 ? Double(max(0, lost)) / Double(expected) * 100 : 100)
            if let connect = after.connectSeconds { connectTimes.append(connect) }
        }
        connected = losses.count
        receivedPerSecond = Double(received) / seconds
        meanLossPercent = losses.isEmpty ? 100 : losses.reduce(0, +) / Double(losses.count)
        maxLossPercent = losses.max() ?? 100
        serverDrops = Int(end.packetsDropped - start.packetsDropped)
        kernelReceiveBufferDrops = end.udp.receiveBufferErrors - start.udp.receiveBufferErrors
        kernelSendBufferDrops = end.udp.sendBufferErrors - start.udp.sendBufferErrors
        connectTimes.sort()
        connectSecondsMedian = connectTimes.isEmpty ? 0 : connectTimes[connectTimes.count / 2]
        connectSecondsMax = connectTimes.last ?? 0
        let sampled = zip(start.viewers, end.viewers).filter { $1.unprotectedPackets > 0 }
        sampleFramesPerSecond =
            sampled.isEmpty
            ? nil
            : Double(sampled.map { $1.framesCompleted - $0.framesCompleted }.reduce(0, +)) / Double(sampled.count)
                / seconds
    }

    /// Every viewer connected and none lost 0.1 % or more.
    var held: Bool { connected == viewers && maxLossPercent < 0.1 }

    static let markdownHeader = """
        | viewers | GSO | server CPU % | event loops CPU % | µs CPU per packet per viewer | MB per viewer \
        | sent pkts/s | datagrams per packet | received pkts/s | loss mean / max | sample frames/s \
        | glass-to-wire p50 / p99 ms | load client CPU % |
        | ---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
        """

    var markdownRow: String {
        let perPacket = microsecondsPerPacket.map { String(format: "%.1f", $0) } ?? "–"
        let count = connected == viewers ? "\(viewers)" : "\(viewers) (\(connected) connected)"
        let frames = sampleFramesPerSecond.map { String(format: "%.1f", $0) } ?? "–"
        let datagrams = datagramsPerPacket.map { String(format: "%.2f", $0) } ?? "–"
        let latency = glassToWire.map { String(format: "%.1f / %.1f", $0.p50, $0.p99) } ?? "–"
        return "| \(count) | \(segmentation ? "on" : "off") | "
            + String(format: "%.0f | %.0f", serverCPUPercent, eventLoopCPUPercent)
            + " | \(perPacket) | "
            + String(format: "%.3f | %.0f | ", megabytesPerViewer, sentPerSecond)
            + "\(datagrams) | "
            + String(
                format: "%.0f | %.3f %% / %.3f %% | ", receivedPerSecond, meanLossPercent, maxLossPercent)
            + "\(frames) | \(latency) | \(String(format: "%.0f", clientCPUPercent)) |"
    }

    /// Where the loss and the time went, for the line under the table.
    var details: String {
        (throughEdge ? "through an edge, " : "") + "GSO \(segmentation ? "on" : "off"), "
            + String(
                format:
                    "%d viewers: server CPU %.0f %% (%.0f %% rendering and encoding with no viewers), drops: server %d, kernel receive buffers %d, "
                    + "send buffers %d; connect median %.0f ms, max %.0f ms",
                viewers, serverCPUPercent, baselineCPUPercent, serverDrops, kernelReceiveBufferDrops,
                kernelSendBufferDrops,
                connectSecondsMedian * 1000, connectSecondsMax * 1000)
    }
}
