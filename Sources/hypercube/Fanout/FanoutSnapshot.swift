import Foundation
import HyperJSON
import HyperSFU
import HyperViewer

/// Everything the fan-out benchmark reads at the start and at the end of its measuring window.
struct FanoutSnapshot {
    static let packetsSentMetric = "hypercube_rtp_packets_sent_total"
    static let packetsDroppedMetric = "hypercube_rtp_packets_dropped_total"
    static let datagramsSentMetric = "hypercube_udp_datagrams_sent_total"

    var time: ContinuousClock.Instant
    var server: ProcessUsage
    var client: ProcessUsage
    var packetsSent: Double
    var packetsDropped: Double
    var datagramsSent: Double
    /// The default session's glass-to-wire p50 and p99 in milliseconds over its last frames (≤ 1024).
    var glassToWire: (p50: Double, p99: Double)?
    var udp: UDPCounters
    var viewers: [LoadViewerStatistics]

    /// Reads the server's metrics and /proc, then every viewer's counters at once, so the windows line up.
    static func take(
        server: ServerProcess,
        control: ControlPlaneClient,
        viewers: [LoadViewer]
    ) async throws -> FanoutSnapshot {
        let metrics = PrometheusText(text: try await control.get("/metrics").body)
        guard let sent = metrics.sum(packetsSentMetric) else {
            throw FanoutBenchError(.metrics, "GET /metrics has no \(packetsSentMetric)")
        }
        let statistics = await withTaskGroup(of: (Int, LoadViewerStatistics).self) { group in
            for (index, viewer) in viewers.enumerated() {
                group.addTask { (index, await viewer.statistics()) }
            }
            var statistics = [LoadViewerStatistics](
                repeating: LoadViewerStatistics(state: .closed), count: viewers.count)
            for await (index, viewerStatistics) in group { statistics[index] = viewerStatistics }
            return statistics
        }
        return FanoutSnapshot(
            time: .now,
            server: try server.usage(),
            client: try ProcessUsage.current(),
            packetsSent: sent,
            packetsDropped: metrics.sum(packetsDroppedMetric) ?? 0,
            datagramsSent: metrics.sum(datagramsSentMetric) ?? 0,
            glassToWire: try await glassToWire(control),
            udp: try UDPCounters.read(),
            viewers: statistics
        )
    }

    /// `frameTimings.glassToWireMs` of `GET /v1/sessions/default`.
    private static func glassToWire(_ control: ControlPlaneClient) async throws -> (p50: Double, p99: Double)? {
        let body = try await control.get("/v1/sessions/default").body
        guard let object = try? JSONValue(parsing: body.utf8),
            let p50 = object["frameTimings"]?["glassToWireMs"]?["p50"]?.doubleValue,
            let p99 = object["frameTimings"]?["glassToWireMs"]?["p99"]?.doubleValue
        else { return nil }
        return (p50, p99)
    }
}
