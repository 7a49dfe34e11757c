/// An RTCP receiver report (RFC 3550 §6.4.2): reception reports from a participant that is not sending.
public struct ReceiverReport: Equatable, Sendable {
    public var ssrc: UInt32
    /// At most 31 blocks.
    public var reports: [ReportBlock]

    public init(ssrc: UInt32, reports: [ReportBlock] = []) {
        self.ssrc = ssrc
        self.reports = reports
    }
}
