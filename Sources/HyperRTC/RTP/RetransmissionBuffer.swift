/// The last N sent RTP packets of one track by sequence number, to answer NACKs: a ring buffer that allocates only
/// when created, so storing a packet costs a slot assignment.
public struct RetransmissionBuffer: Sendable {
    private struct Slot: Sendable {
        var sequenceNumber: UInt16
        var packet: [UInt8]?
    }

    /// How many of the newest sequence numbers stay answerable.
    public let capacity: Int
    private var slots: [Slot]
    private let slotMask: Int
    private var newestSequenceNumber: UInt16?

    /// - Parameter capacity: 1 through 32768 packets.
    public init(capacity: Int = 1024) {
        precondition((1...32768).contains(capacity), "retransmission capacity must be 1 through 32768, not \(capacity)")
        self.capacity = capacity
        var slotCount = 1
        while slotCount < capacity {
            slotCount <<= 1
        }
        slots = Array(repeating: Slot(sequenceNumber: 0, packet: nil), count: slotCount)
        slotMask = slotCount - 1
    }

    /// Keeps `packet` (the bytes to resend, typically before SRTP protection) under `sequenceNumber`.
    public mutating func store(_ packet: [UInt8], sequenceNumber: UInt16) {
        if let newest = newestSequenceNumber {
            if RTPWire.isNewer(sequenceNumber, than: newest) {
                newestSequenceNumber = sequenceNumber
            }
        } else {
            newestSequenceNumber = sequenceNumber
        }
        slots[Int(sequenceNumber) & slotMask] = Slot(sequenceNumber: sequenceNumber, packet: packet)
    }

    /// The stored packet, or nil when it was never stored or is more than `capacity` behind the newest.
    public func packet(sequenceNumber: UInt16) -> [UInt8]? {
        guard let newest = newestSequenceNumber, Int(newest &- sequenceNumber) < capacity else { return nil }
        let slot = slots[Int(sequenceNumber) & slotMask]
        return slot.sequenceNumber == sequenceNumber ? slot.packet : nil
    }
}
