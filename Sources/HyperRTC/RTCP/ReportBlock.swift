/// One reception report (RFC 3550 §6.4.1): how the stream of one source is arriving at the reporter.
public struct ReportBlock: Equatable, Sendable {
    static let wireLength = 24

    /// The source this block reports on.
    public var ssrc: UInt32
    /// Packets lost since the previous report, as a fraction of 256.
    public var fractionLost: UInt8
    /// Packets lost since the start; a signed 24-bit value on the wire (negative with duplicates).
    public var cumulativeLost: Int32
    /// The extended highest sequence number received: wrap count in the upper 16 bits.
    public var highestSequenceNumber: UInt32
    /// Interarrival jitter in timestamp units.
    public var jitter: UInt32
    /// The middle 32 bits of the NTP timestamp of the last sender report received (LSR), 0 if none.
    public var lastSenderReport: UInt32
    /// Time since that sender report in 1/65536 s (DLSR).
    public var delaySinceLastSenderReport: UInt32

    public init(
        ssrc: UInt32, fractionLost: UInt8, cumulativeLost: Int32, highestSequenceNumber: UInt32, jitter: UInt32,
        lastSenderReport: UInt32 = 0, delaySinceLastSenderReport: UInt32 = 0
    ) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.cumulativeLost = cumulativeLost
        self.highestSequenceNumber = highestSequenceNumber
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    /// `lost` limited to the signed 24-bit range a report block can carry.
    static func clampedCumulativeLost(_ lost: Int) -> Int32 {
        Int32(min(max(lost, -0x80_0000), 0x7F_FFFF))
    }

    init(parsing bytes: [UInt8], at offset: Int) {
        ssrc = RTPWire.uint32(bytes, at: offset)
        fractionLost = bytes[offset + 4]
        cumulativeLost = Int32(bitPattern: RTPWire.uint24(bytes, at: offset + 5) << 8) >> 8
        highestSequenceNumber = RTPWire.uint32(bytes, at: offset + 8)
        jitter = RTPWire.uint32(bytes, at: offset + 12)
        lastSenderReport = RTPWire.uint32(bytes, at: offset + 16)
        delaySinceLastSenderReport = RTPWire.uint32(bytes, at: offset + 20)
    }

    func encode(into buffer: inout [UInt8]) {
        let lost = UInt32(bitPattern: Self.clampedCumulativeLost(Int(cumulativeLost)))
        RTPWire.append(ssrc, to: &buffer)
        buffer.append(fractionLost)
        buffer.append(UInt8(truncatingIfNeeded: lost >> 16))
        buffer.append(UInt8(truncatingIfNeeded: lost >> 8))
        buffer.append(UInt8(truncatingIfNeeded: lost))
        RTPWire.append(highestSequenceNumber, to: &buffer)
        RTPWire.append(jitter, to: &buffer)
        RTPWire.append(lastSenderReport, to: &buffer)
        RTPWire.append(delaySinceLastSenderReport, to: &buffer)
    }
}
