/// One FCI entry of a generic NACK (RFC 4585 §6.2.1): a lost packet ID and a bitmask of the 16 that follow it.
struct GenericNACKEntry: Equatable, Sendable {
    static let wireLength = 4

    var packetID: UInt16
    var bitmask: UInt16

    /// Appends the sequence numbers this entry reports lost to `lost`.
    func expand(into lost: inout [UInt16]) {
        lost.append(packetID)
        var mask = bitmask
        var offset: UInt16 = 1
        while mask != 0 {
            if mask & 1 != 0 {
                lost.append(packetID &+ offset)
            }
            mask >>= 1
            offset += 1
        }
    }

    /// Packs sequence numbers into entries, each starting at the first number its predecessor could not cover;
    /// sorted input (in wrapping order) gives the fewest entries, duplicates are dropped.
    static func compress(_ lost: [UInt16], _ body: (GenericNACKEntry) -> Void) {
        var current: GenericNACKEntry?
        for sequenceNumber in lost {
            if var entry = current {
                let distance = sequenceNumber &- entry.packetID
                if distance == 0 {
                    continue
                }
                if distance <= 16 {
                    entry.bitmask |= 1 << (distance - 1)
                    current = entry
                    continue
                }
                body(entry)
            }
            current = GenericNACKEntry(packetID: sequenceNumber, bitmask: 0)
        }
        if let entry = current {
            body(entry)
        }
    }
}
