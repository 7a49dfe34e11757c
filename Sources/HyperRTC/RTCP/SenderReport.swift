/// An RTCP sender report (RFC 3550 §6.4.1): what a source has sent, tied to wall-clock time, plus reception reports.
public struct SenderReport: Equatable, Sendable {
    public var ssrc: UInt32
    /// Wall-clock time of the report, 64-bit NTP format (seconds since 1900 in the upper half).
    public var ntpTimestamp: UInt64
    /// The same instant on the media clock.
    public var rtpTimestamp: UInt32
    public var packetCount: UInt32
    /// Payload octets sent, headers and padding excluded.
    public var octetCount: UInt32
    /// At most 31 blocks.
    public var reports: [ReportBlock]

    public init(
        ssrc: UInt32, ntpTimestamp: UInt64, rtpTimestamp: UInt32, packetCount: UInt32, octetCount: UInt32,
        reports: [ReportBlock] = []
    ) {
        self.ssrc = ssrc
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.reports = reports
    }
}
