import Foundation
import HyperRTC
import NIOCore

/// RTCP sender reports (RFC 3550 §6.4.1), about once a second per connected viewer: the video track's, and the audio
/// track's when the viewer negotiated audio, through the viewer's media socket.
extension MediaRouter {
    func sendSenderReport(to viewer: Viewer, now: Double) {
        guard let track = tracks[viewer.trackKey], let srtp = viewer.srtp, let address = viewer.socketAddress else {
            return
        }
        viewer.lastSenderReportAt = now
        let report = SenderReport(
            ssrc: track.ssrc,
            ntpTimestamp: Self.ntpTimestamp(Date(timeIntervalSince1970: now + unixTimeOffset)),
            rtpTimestamp: track.rtpTimestamp(at: now),
            packetCount: viewer.packetsSent,
            octetCount: viewer.octetsSent,
            reports: []
        )
        var reports = [RTCPPacket.senderReport(report)]
        if viewer.negotiated.audio != nil, let audio = audioTracks[viewer.sessionID], audio.started {
            reports.append(
                .senderReport(
                    SenderReport(
                        ssrc: audio.ssrc,
                        ntpTimestamp: report.ntpTimestamp,
                        rtpTimestamp: audio.rtpTimestamp(at: now),
                        packetCount: 0,
                        octetCount: 0,
                        reports: []
                    )
                )
            )
        }
        guard let protected = try? srtp.protectRTCP(RTCPPacket.compound(reports)) else { return }
        send(protected, to: address, on: viewer.socket)
    }

    /// NTP format: seconds since 1900 in the high 32 bits, fraction in the low 32.
    static func ntpTimestamp(_ date: Date) -> UInt64 {
        let seconds = date.timeIntervalSince1970 + 2_208_988_800
        let whole = UInt64(seconds)
        let fraction = UInt64((seconds - Double(whole)) * 4_294_967_296)
        return whole << 32 | fraction
    }
}
