/// Rebuilds user messages from DATA fragments (RFC 4960 §6.9) and releases ordered messages in stream sequence
/// (§6.6) while unordered ones go out as soon as they are whole.
///
/// The fragments of one message have consecutive TSNs, so a message is found by walking from a fragment to its
/// B- and E-flagged neighbours. Fragments left without a possible beginning or end (their neighbour TSN was received
/// but is not buffered: skipped by FORWARD-TSN or dropped as oversized) are discarded rather than kept forever.
struct SCTPReassembly: Sendable {
    struct Message: Equatable, Sendable {
        var stream: UInt16
        var protocolIdentifier: UInt32
        var payload: [UInt8]
    }

    let maxMessageSize: Int
    /// Payload bytes held in fragments and in ordered messages waiting for their turn.
    private(set) var bufferedBytes = 0
    /// Messages (or their first fragments) discarded for exceeding `maxMessageSize`.
    private(set) var oversizedMessages = 0
    private var fragments: [UInt32: SCTPDataChunk] = [:]
    private var waiting: [UInt16: [UInt16: Message]] = [:]
    private var nextSequence: [UInt16: UInt16] = [:]

    init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// Takes a newly received chunk; `received` says whether a TSN has been received. Returns the messages that
    /// can now be delivered, in order.
    mutating func add(_ chunk: SCTPDataChunk, received: (UInt32) -> Bool) -> [Message] {
        if chunk.beginning && chunk.ending {
            guard chunk.payload.count <= maxMessageSize else {
                oversizedMessages += 1
                return []
            }
            let message = Message(
                stream: chunk.stream, protocolIdentifier: chunk.protocolIdentifier, payload: chunk.payload)
            return deliver(message, unordered: chunk.unordered, sequence: chunk.streamSequence)
        }
        let orphanedBefore = !chunk.beginning && received(chunk.tsn &- 1) && fragments[chunk.tsn &- 1] == nil
        let orphanedAfter = !chunk.ending && received(chunk.tsn &+ 1) && fragments[chunk.tsn &+ 1] == nil
        guard !orphanedBefore, !orphanedAfter else { return [] }
        fragments[chunk.tsn] = chunk
        bufferedBytes += chunk.payload.count
        var first = chunk.tsn
        while let fragment = fragments[first], !fragment.beginning, let previous = fragments[first &- 1],
            previous.stream == chunk.stream, previous.unordered == chunk.unordered
        {
            first &-= 1
        }
        var last = chunk.tsn
        while let fragment = fragments[last], !fragment.ending, let next = fragments[last &+ 1],
            next.stream == chunk.stream, next.unordered == chunk.unordered
        {
            last &+= 1
        }
        let size = (0...(last &- first)).reduce(0) { $0 + (fragments[first &+ $1]?.payload.count ?? 0) }
        guard size <= maxMessageSize else {
            oversizedMessages += 1
            remove(first...last)
            return []
        }
        guard let head = fragments[first], head.beginning, fragments[last]?.ending == true else { return [] }
        let payload = remove(first...last)
        return deliver(
            Message(stream: chunk.stream, protocolIdentifier: head.protocolIdentifier, payload: payload),
            unordered: chunk.unordered, sequence: head.streamSequence)
    }

    /// Forgets fragments at or below `cumulativeTSN` and the orphans right after it, and stops waiting on ordered
    /// streams for messages up to the skipped sequence numbers (RFC 3758 §3.6). Returns messages now deliverable.
    mutating func forward(to cumulativeTSN: UInt32, skipped: [SCTPForwardTSN.SkippedStream]) -> [Message] {
        for tsn in fragments.keys where !cumulativeTSN.precedes(tsn) {
            bufferedBytes -= fragments.removeValue(forKey: tsn)?.payload.count ?? 0
        }
        var tsn = cumulativeTSN &+ 1
        while let fragment = fragments[tsn], !fragment.beginning {
            bufferedBytes -= fragment.payload.count
            fragments[tsn] = nil
            tsn &+= 1
        }
        var messages: [Message] = []
        for entry in skipped {
            let next = nextSequence[entry.stream, default: 0]
            guard !entry.streamSequence.precedes(next) else { continue }
            for sequence in waiting[entry.stream, default: [:]].keys where !entry.streamSequence.precedes(sequence) {
                bufferedBytes -= waiting[entry.stream]?.removeValue(forKey: sequence)?.payload.count ?? 0
            }
            nextSequence[entry.stream] = entry.streamSequence &+ 1
            messages += releaseWaiting(on: entry.stream)
        }
        return messages
    }

    /// Starts a stream's sequence numbers over after the peer reset it (RFC 6525 §5.2.2).
    mutating func reset(stream: UInt16) {
        bufferedBytes -= waiting.removeValue(forKey: stream)?.values.reduce(0) { $0 + $1.payload.count } ?? 0
        nextSequence[stream] = nil
    }

    @discardableResult
    private mutating func remove(_ tsns: ClosedRange<UInt32>) -> [UInt8] {
        var payload: [UInt8] = []
        for offset in 0...(tsns.upperBound &- tsns.lowerBound) {
            guard let fragment = fragments.removeValue(forKey: tsns.lowerBound &+ offset) else { continue }
            bufferedBytes -= fragment.payload.count
            payload += fragment.payload
        }
        return payload
    }

    private mutating func deliver(_ message: Message, unordered: Bool, sequence: UInt16) -> [Message] {
        if unordered { return [message] }
        let next = nextSequence[message.stream, default: 0]
        if sequence == next {
            nextSequence[message.stream] = next &+ 1
            return [message] + releaseWaiting(on: message.stream)
        }
        guard next.precedes(sequence), waiting[message.stream]?[sequence] == nil else { return [] }
        waiting[message.stream, default: [:]][sequence] = message
        bufferedBytes += message.payload.count
        return []
    }

    private mutating func releaseWaiting(on stream: UInt16) -> [Message] {
        var messages: [Message] = []
        while let next = nextSequence[stream], let message = waiting[stream]?.removeValue(forKey: next) {
            bufferedBytes -= message.payload.count
            messages.append(message)
            nextSequence[stream] = next &+ 1
        }
        if waiting[stream]?.isEmpty == true { waiting[stream] = nil }
        return messages
    }
}
