/// Receive-side statistics of one inbound RTP stream (RFC 3550 §6.4.1, A.1, A.3, A.8): packets received and lost,
/// the extended highest sequence number and interarrival jitter, summed up as a `ReportBlock`.
public struct RTPReceiveStatistics: Sendable {
    static let maximumDropout: UInt16 = 3000
    static let maximumMisorder: UInt16 = 100

    /// The media clock in Hz (90 000 for video, 48 000 for Opus).
    public let clockRate: Int
    /// Packets counted since the stream (re)started, duplicates included as RFC 3550 does.
    public private(set) var received = 0
    /// Interarrival jitter in timestamp units.
    public private(set) var jitter = 0.0

    private var started = false
    private var baseSequenceNumber: UInt16 = 0
    private var highestSequenceNumber: UInt16 = 0
    private var cycles = 0
    private var probableRestart: UInt16?
    private var lastArrival = 0.0
    private var lastTimestamp: UInt32 = 0
    private var expectedPrior = 0
    private var receivedPrior = 0
    private var lastSenderReportNTP: UInt64?
    private var lastSenderReportArrival = 0.0

    public init(clockRate: Int) {
        precondition(clockRate > 0, "clock rate must be positive, not \(clockRate)")
        self.clockRate = clockRate
    }

    /// The highest sequence number seen, with the count of wraps in the upper 16 bits.
    public var extendedHighestSequenceNumber: UInt32 {
        UInt32(truncatingIfNeeded: cycles + Int(highestSequenceNumber))
    }

    /// Packets expected from the sequence numbers minus packets received; negative when duplicates arrived.
    public var lost: Int { expected - received }

    private var expected: Int {
        started ? cycles + Int(highestSequenceNumber) - Int(baseSequenceNumber) + 1 : 0
    }

    /// Counts one packet that arrived at `arrival` seconds on the receiver's clock.
    public mutating func record(_ packet: RTPPacket, arrival: Double) {
        let sequenceNumber = packet.sequenceNumber
        guard started else {
            restart(at: sequenceNumber)
            received = 1
            lastArrival = arrival
            lastTimestamp = packet.timestamp
            return
        }
        let delta = sequenceNumber &- highestSequenceNumber
        if delta < Self.maximumDropout {
            if sequenceNumber < highestSequenceNumber {
                cycles += 1 << 16
            }
            highestSequenceNumber = sequenceNumber
        } else if delta <= UInt16.max - Self.maximumMisorder + 1 {
            guard sequenceNumber == probableRestart else {
                probableRestart = sequenceNumber &+ 1
                return
            }
            restart(at: sequenceNumber)
        }
        received += 1
        let transitChange =
            (arrival - lastArrival) * Double(clockRate)
            - Double(Int32(bitPattern: packet.timestamp &- lastTimestamp))
        jitter += (abs(transitChange) - jitter) / 16
        lastArrival = arrival
        lastTimestamp = packet.timestamp
    }

    /// Remembers the sender's last report so that report blocks carry LSR and DLSR for its round-trip estimate.
    public mutating func recordSenderReport(_ report: SenderReport, arrival: Double) {
        lastSenderReportNTP = report.ntpTimestamp
        lastSenderReportArrival = arrival
    }

    /// The report block as of the latest packet; fraction lost covers the interval since the last
    /// `makeReportBlock(ssrc:now:)`.
    public func reportBlock(ssrc: UInt32) -> ReportBlock {
        reportBlock(ssrc: ssrc, now: lastArrival)
    }

    /// The report block to send at `now`, after which a new fraction-lost interval begins.
    public mutating func makeReportBlock(ssrc: UInt32, now: Double) -> ReportBlock {
        let block = reportBlock(ssrc: ssrc, now: now)
        expectedPrior = expected
        receivedPrior = received
        return block
    }

    private func reportBlock(ssrc: UInt32, now: Double) -> ReportBlock {
        let expectedInterval = expected - expectedPrior
        let lostInterval = expectedInterval - (received - receivedPrior)
        var fractionLost: UInt8 = 0
        if expectedInterval > 0 && lostInterval > 0 {
            fractionLost = UInt8(min(255, (lostInterval << 8) / expectedInterval))
        }
        var lastSenderReport: UInt32 = 0
        var delay: UInt32 = 0
        if let ntp = lastSenderReportNTP {
            lastSenderReport = UInt32(truncatingIfNeeded: ntp >> 16)
            delay = UInt32(min(max(0, (now - lastSenderReportArrival) * 65536), Double(UInt32.max)))
        }
        return ReportBlock(
            ssrc: ssrc, fractionLost: fractionLost, cumulativeLost: ReportBlock.clampedCumulativeLost(lost),
            highestSequenceNumber: extendedHighestSequenceNumber, jitter: UInt32(min(jitter, Double(UInt32.max))),
            lastSenderReport: lastSenderReport, delaySinceLastSenderReport: delay)
    }

    private mutating func restart(at sequenceNumber: UInt16) {
        started = true
        baseSequenceNumber = sequenceNumber
        highestSequenceNumber = sequenceNumber
        cycles = 0
        probableRestart = nil
        received = 0
        expectedPrior = 0
        receivedPrior = 0
    }
}
