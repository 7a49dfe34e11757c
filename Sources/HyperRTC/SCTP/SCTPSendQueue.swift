/// Outgoing DATA: TSNs and stream sequence numbers, fragmentation, the window, retransmission of reliable chunks
/// and abandonment of partially reliable ones, announced with FORWARD-TSN (RFC 4960 §6, RFC 3758 §3.5).
///
/// The window is the smaller of the peer's advertised receive window and a fixed `maxBytesInFlight`, a cap rather
/// than RFC 4960 §7.2 slow start: the data channel carries small messages next to media whose own estimator governs
/// the path. Partially reliable messages that do not fit are dropped at once rather than queued (a late head pose
/// is worthless); reliable ones wait in a queue bounded by `sendBufferSize`.
struct SCTPSendQueue: Sendable {
    enum Reliability: Equatable, Sendable {
        case reliable
        /// Sent at most 1 + n times; `.retransmissions(0)` is `maxRetransmits: 0`.
        case retransmissions(Int)
        /// Not retransmitted after this many seconds from the send call.
        case lifetime(Double)
    }

    /// Missing reports after which a chunk counts as lost (RFC 4960 §7.2.4).
    static let lossThreshold = 3
    static let maxRetransmissionTimeout: Double = 60

    private struct Entry: Sendable {
        var chunk: SCTPDataChunk
        var reliability: Reliability
        var expiresAt: Double
        var transmissions = 0
        var acked = false
        var abandoned = false
        var missingReports = 0
        var retransmit = false
        var inFlight: Bool { !acked && !abandoned }
    }

    let maxBytesInFlight: Int
    let sendBufferSize: Int
    let initialTimeout: Double
    let maxRetransmissions: Int
    let peerSupportsForwardTSN: Bool
    private(set) var nextTSN: UInt32
    /// The peer's cumulative TSN ack from its latest SACK.
    private(set) var cumulativeAck: UInt32
    /// The highest TSN up to which everything is acknowledged or abandoned (RFC 3758 Advanced.Peer.Ack.Point).
    private var advancedPeerAckPoint: UInt32
    private var peerWindow: UInt32
    private var pending: [Entry] = []
    /// Sent and not cumulatively acknowledged, in TSN order.
    private var outstanding: [Entry] = []
    private var nextSequence: [UInt16: UInt16] = [:]
    private var timeout: Double
    /// When the T3-rtx timer expires, while reliable data or a FORWARD-TSN awaits acknowledgement.
    private(set) var retransmitAt: Double?
    /// Set when a FORWARD-TSN should go out with the next packet.
    var forwardTSNDue = false

    init(configuration: SCTPConfiguration, initialTSN: UInt32, peerWindow: UInt32, peerSupportsForwardTSN: Bool) {
        maxBytesInFlight = configuration.maxBytesInFlight
        sendBufferSize = configuration.sendBufferSize
        initialTimeout = configuration.initialRetransmissionTimeout
        maxRetransmissions = configuration.maxRetransmissions
        self.peerSupportsForwardTSN = peerSupportsForwardTSN
        nextTSN = initialTSN
        cumulativeAck = initialTSN &- 1
        advancedPeerAckPoint = initialTSN &- 1
        self.peerWindow = peerWindow
        timeout = configuration.initialRetransmissionTimeout
    }

    private var bytesInFlight: Int { outstanding.reduce(0) { $0 + ($1.inFlight ? $1.chunk.payload.count : 0) } }
    private var pendingBytes: Int { pending.reduce(0) { $0 + $1.chunk.payload.count } }
    private var window: Int { min(maxBytesInFlight, Int(peerWindow)) }

    /// Splits a message into DATA chunks of at most `fragmentSize` bytes and queues them. Returns false, queueing
    /// nothing, when a partially reliable message does not fit the window now or a reliable one the send buffer.
    mutating func enqueue(
        _ payload: [UInt8], stream: UInt16, protocolIdentifier: UInt32, unordered: Bool, reliability: Reliability,
        fragmentSize: Int, now: Double
    ) -> Bool {
        let queued = bytesInFlight + pendingBytes
        if reliability == .reliable || !peerSupportsForwardTSN {
            guard pendingBytes + payload.count <= sendBufferSize else { return false }
        } else {
            guard queued == 0 || queued + payload.count <= window else { return false }
        }
        let sequence = unordered ? 0 : nextSequence[stream, default: 0]
        if !unordered { nextSequence[stream] = sequence &+ 1 }
        let expiresAt = if case .lifetime(let seconds) = reliability { now + seconds } else { Double.infinity }
        let starts = Array(stride(from: 0, to: payload.count, by: fragmentSize))
        for start in starts {
            let end = min(payload.count, start + fragmentSize)
            let chunk = SCTPDataChunk(
                tsn: nextTSN, stream: stream, streamSequence: sequence, protocolIdentifier: protocolIdentifier,
                unordered: unordered, beginning: start == 0, ending: end == payload.count,
                payload: Array(payload[start..<end]))
            pending.append(Entry(chunk: chunk, reliability: reliability, expiresAt: expiresAt))
            nextTSN &+= 1
        }
        return true
    }

    /// Starts a stream's sequence numbers over, after it was reset (RFC 6525 §5.1.2).
    mutating func reset(stream: UInt16) {
        nextSequence[stream] = nil
    }

    /// DATA chunks to send now, retransmissions first, whose encoded size fits `room`; one new chunk always goes
    /// when nothing is in flight, as RFC 4960 §6.1 rule A allows.
    mutating func chunksToSend(room: inout Int, now: Double) -> [SCTPChunk] {
        var chunks: [SCTPChunk] = []
        for index in outstanding.indices where outstanding[index].retransmit {
            let chunk = outstanding[index].chunk.chunk
            guard chunk.encodedLength <= room else { break }
            room -= chunk.encodedLength
            outstanding[index].retransmit = false
            outstanding[index].transmissions += 1
            chunks.append(chunk)
        }
        var inFlight = bytesInFlight
        while var entry = pending.first {
            let chunk = entry.chunk.chunk
            guard chunk.encodedLength <= room, inFlight == 0 || inFlight + entry.chunk.payload.count <= window
            else { break }
            room -= chunk.encodedLength
            inFlight += entry.chunk.payload.count
            entry.transmissions = 1
            outstanding.append(entry)
            pending.removeFirst()
            chunks.append(chunk)
        }
        if !chunks.isEmpty, retransmitAt == nil { retransmitAt = now + timeout }
        return chunks
    }

    /// Applies a SACK: drops what it acknowledges, counts missing reports below its highest gap block, and moves the
    /// advanced peer ack point over abandoned chunks (RFC 4960 §6.2.1, §7.2.4; RFC 3758 §3.5 C1–C3).
    mutating func handle(_ sack: SCTPSelectiveAck, now: Double) {
        guard !sack.cumulativeTSN.precedes(cumulativeAck), sack.cumulativeTSN.precedes(nextTSN) else { return }
        let advanced = cumulativeAck.precedes(sack.cumulativeTSN)
        cumulativeAck = sack.cumulativeTSN
        if advancedPeerAckPoint.precedes(cumulativeAck) { advancedPeerAckPoint = cumulativeAck }
        outstanding.removeAll { !cumulativeAck.precedes($0.chunk.tsn) }
        var highestAcked: UInt32?
        for block in sack.gapBlocks {
            let first = cumulativeAck &+ UInt32(block.lowerBound)
            let last = cumulativeAck &+ UInt32(block.upperBound)
            for index in outstanding.indices
            where !outstanding[index].chunk.tsn.precedes(first) && !last.precedes(outstanding[index].chunk.tsn) {
                outstanding[index].acked = true
                highestAcked = outstanding[index].chunk.tsn
            }
        }
        if let highestAcked {
            for index in outstanding.indices
            where outstanding[index].chunk.tsn.precedes(highestAcked) && outstanding[index].inFlight {
                outstanding[index].missingReports += 1
                if outstanding[index].missingReports == Self.lossThreshold { markLost(index, now: now) }
            }
        }
        peerWindow = sack.advertisedWindow
        if advanced {
            timeout = initialTimeout
            retransmitAt = now + timeout
        }
        advancePeerAckPoint()
        if !outstanding.contains(where: \.inFlight) && !cumulativeAck.precedes(advancedPeerAckPoint) {
            retransmitAt = nil
        }
    }

    /// Handles the T3-rtx timer: lost chunks are retransmitted or abandoned and the timeout doubles. Returns false
    /// when a reliable chunk has used up its retransmissions, which fails the association (RFC 4960 §8.2).
    mutating func handleTimeout(now: Double) -> Bool {
        guard let retransmitAt, now >= retransmitAt else { return true }
        for index in outstanding.indices where outstanding[index].inFlight {
            let reliable = outstanding[index].reliability == .reliable || !peerSupportsForwardTSN
            if reliable, outstanding[index].transmissions > maxRetransmissions {
                return false
            }
            markLost(index, now: now)
        }
        timeout = min(timeout * 2, Self.maxRetransmissionTimeout)
        advancePeerAckPoint()
        let waiting = outstanding.contains(where: \.inFlight) || cumulativeAck.precedes(advancedPeerAckPoint)
        self.retransmitAt = waiting ? now + timeout : nil
        return true
    }

    /// The FORWARD-TSN that moves the peer to the advanced ack point, naming the last skipped sequence number of
    /// each ordered stream; nil when the peer has acknowledged everything up to it.
    var forwardTSN: SCTPForwardTSN? {
        guard cumulativeAck.precedes(advancedPeerAckPoint) else { return nil }
        var skipped: [UInt16: UInt16] = [:]
        for entry in outstanding
        where !entry.chunk.unordered && !advancedPeerAckPoint.precedes(entry.chunk.tsn) {
            skipped[entry.chunk.stream] = entry.chunk.streamSequence
        }
        return SCTPForwardTSN(
            newCumulativeTSN: advancedPeerAckPoint,
            skippedStreams: skipped.sorted { $0.key < $1.key }.map { .init(stream: $0.key, streamSequence: $0.value) })
    }

    private mutating func markLost(_ index: Int, now: Double) {
        let entry = outstanding[index]
        let retransmit =
            switch entry.reliability {
            case .reliable: true
            case .retransmissions(let limit): entry.transmissions <= limit
            case .lifetime: now < entry.expiresAt
            }
        if retransmit || !peerSupportsForwardTSN {
            outstanding[index].retransmit = true
            outstanding[index].missingReports = 0
        } else {
            outstanding[index].abandoned = true
        }
    }

    private mutating func advancePeerAckPoint() {
        for entry in outstanding where advancedPeerAckPoint.precedes(entry.chunk.tsn) {
            guard entry.chunk.tsn == advancedPeerAckPoint &+ 1, entry.abandoned else { break }
            advancedPeerAckPoint = entry.chunk.tsn
        }
        if cumulativeAck.precedes(advancedPeerAckPoint) { forwardTSNDue = true }
    }
}
