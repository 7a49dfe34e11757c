/// The TSNs received from the peer: the cumulative TSN, those received above it, and the duplicates not yet
/// reported, from which SACKs are built (RFC 4960 §6.2). Bounded: TSNs more than `maxAhead` past the cumulative TSN
/// are refused, so the set never holds more than that many.
struct SCTPReceivedTSNs: Sendable {
    enum Outcome { case new, duplicate, tooFarAhead }

    /// How far past the cumulative TSN a TSN is accepted; with unreliable traffic a hole lasts until the peer's
    /// FORWARD-TSN, and 4096 TSNs is tens of seconds of 90 Hz messages.
    static let maxAhead: UInt32 = 4096
    /// At most this many duplicates and gap blocks go in one SACK, which keeps it well inside a 1200-byte packet.
    static let maxReported = 64

    private(set) var cumulativeTSN: UInt32
    private var above: Set<UInt32> = []
    private var duplicates: [UInt32] = []

    init(peerInitialTSN: UInt32) {
        cumulativeTSN = peerInitialTSN &- 1
    }

    var hasGaps: Bool { !above.isEmpty }
    var hasDuplicates: Bool { !duplicates.isEmpty }

    func contains(_ tsn: UInt32) -> Bool { !cumulativeTSN.precedes(tsn) || above.contains(tsn) }

    mutating func record(_ tsn: UInt32) -> Outcome {
        if contains(tsn) {
            if duplicates.count < Self.maxReported { duplicates.append(tsn) }
            return .duplicate
        }
        guard tsn &- cumulativeTSN <= Self.maxAhead else { return .tooFarAhead }
        above.insert(tsn)
        advance()
        return .new
    }

    /// Moves the cumulative TSN to `tsn` if that is ahead of it (by at most `maxAhead`), as a FORWARD-TSN asks
    /// (RFC 3758 §3.6); false when it moves nothing.
    mutating func forward(to tsn: UInt32) -> Bool {
        guard cumulativeTSN.precedes(tsn), tsn &- cumulativeTSN <= Self.maxAhead else { return false }
        cumulativeTSN = tsn
        above = above.filter { tsn.precedes($0) }
        advance()
        return true
    }

    private mutating func advance() {
        while above.remove(cumulativeTSN &+ 1) != nil {
            cumulativeTSN &+= 1
        }
    }

    /// Forgets the duplicates once a SACK has reported them.
    mutating func clearDuplicates() {
        duplicates = []
    }

    /// The SACK for what has been received.
    func selectiveAck(window: UInt32) -> SCTPSelectiveAck {
        var blocks: [ClosedRange<UInt16>] = []
        for offset in above.map({ UInt16($0 &- cumulativeTSN) }).sorted() {
            if let last = blocks.last, last.upperBound &+ 1 == offset {
                blocks[blocks.count - 1] = last.lowerBound...offset
            } else if blocks.count < Self.maxReported {
                blocks.append(offset...offset)
            } else {
                break
            }
        }
        return SCTPSelectiveAck(
            cumulativeTSN: cumulativeTSN, advertisedWindow: window, gapBlocks: blocks, duplicates: duplicates)
    }
}
