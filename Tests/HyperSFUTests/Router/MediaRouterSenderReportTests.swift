import Foundation
import HyperRTC
import NIOCore
import Testing

@testable import HyperSFU

/// Sender reports in virtual time: once a second per viewer, their NTP time from the injected clock offset and their
/// RTP time on the track's 90 kHz clock, so that a receiver can map both.
@Suite struct MediaRouterSenderReportTests {
    let good = RouterHarness.address("127.0.0.1", 40_000)

    @Test func aConnectedViewerGetsASenderReportEverySecondOnTheInjectedClock() throws {
        let harness = try RouterHarness(unixTimeOffset: 1_800_000_000)
        harness.connect(from: good, now: 10)
        harness.deliverFrame(now: 10.5)
        _ = harness.sent()
        var reports: [(now: Double, report: SenderReport)] = []
        var now = 10.5
        while now < 13.45 {
            now += 0.1
            harness.router.tick(now: now)
            for (bytes, to) in harness.sent() where PacketKind.classify(bytes) == .rtcp {
                #expect(to == good)
                let plain = try #require(try harness.clientSRTP?.unprotectRTCP(bytes))
                for case .senderReport(let report) in try RTCPPacket.parseCompound(plain) {
                    reports.append((now, report))
                }
            }
        }
        #expect(reports.count == 3, "one report per second: \(reports.map(\.now))")
        for (sentAt, report) in reports {
            #expect(report.ssrc == RouterHarness.ssrc)
            let expected = MediaRouter.ntpTimestamp(Date(timeIntervalSince1970: sentAt + 1_800_000_000))
            #expect(report.ntpTimestamp == expected)
            let elapsed = Int64(((sentAt - 10.5) * 90_000).rounded())
            #expect(report.rtpTimestamp == UInt32(truncatingIfNeeded: Int64(10.5 * 90_000) + elapsed))
        }
    }
}
