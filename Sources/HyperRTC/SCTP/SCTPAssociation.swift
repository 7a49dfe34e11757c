/// The server side of an SCTP association over DTLS (RFC 4960, RFC 8261) carrying WebRTC data channels (RFC 8831,
/// DCEP RFC 8832) with partial reliability (RFC 3758 FORWARD-TSN) and stream reset (RFC 6525).
///
/// Sans-IO: the caller passes each decrypted DTLS record to `receive(_:now:)`, drains `pollTransmit(now:)` into
/// DTLS, and calls `handleTimeout(now:)` at `nextTimeout`. The peer always initiates; its INIT is answered
/// statelessly with a signed cookie. We send no HEARTBEAT of our own: ICE consent already watches the path.
public struct SCTPAssociation: Sendable {
    public enum State: Equatable, Sendable {
        /// Waiting for a valid COOKIE-ECHO; INITs are answered without keeping anything.
        case listening
        case established
        /// The peer sent SHUTDOWN; we answered SHUTDOWN-ACK and wait for SHUTDOWN-COMPLETE.
        case shuttingDown
        case closed
    }

    /// INIT-ACKs waiting to be polled beyond this many are dropped, so an INIT flood without polling holds nothing.
    static let maxQueuedPackets = 4

    public let configuration: SCTPConfiguration
    public internal(set) var state = State.listening
    public internal(set) var counters = SCTPCounters()
    /// The data channels the peer opened and has not closed, by stream.
    public internal(set) var channels: [UInt16: DataChannel] = [:]

    let cookieKey: [UInt8] = (0..<32).map { _ in UInt8.random(in: 0...255) }
    var localPort: UInt16 = 0
    var remotePort: UInt16 = 0
    var localTag: UInt32 = 0
    var peerTag: UInt32 = 0
    var inboundStreams: UInt16 = 0
    var outboundStreams: UInt16 = 0
    var received = SCTPReceivedTSNs(peerInitialTSN: 0)
    var reassembly: SCTPReassembly
    var sendQueue: SCTPSendQueue
    var streamReset = SCTPStreamReset(peerInitialTSN: 0, localInitialTSN: 0)
    /// Chunks other than SACK, FORWARD-TSN and DATA for the next packet, in order (COOKIE-ACK first).
    var controlChunks: [SCTPChunk] = []
    /// Whole packets to send before anything else: INIT-ACKs, which carry the peer's tag before we have one, and ABORT.
    var queuedPackets: [[UInt8]] = []
    var sackDue = false
    var sackDeadline: Double?
    var dataPacketsSinceSack = 0
    var shutdownAckAt: Double?
    var shutdownAckTransmissions = 0

    public init(configuration: SCTPConfiguration = SCTPConfiguration()) {
        self.configuration = configuration
        reassembly = SCTPReassembly(maxMessageSize: configuration.maxMessageSize)
        sendQueue = SCTPSendQueue(
            configuration: configuration, initialTSN: 0, peerWindow: 0, peerSupportsForwardTSN: false)
    }

    /// Handles one SCTP packet (one DTLS record). Packets with a bad checksum, a wrong verification tag or a chunk
    /// running past the end are dropped and counted in `counters`.
    public mutating func receive(_ bytes: [UInt8], now: Double) -> [SCTPEvent] {
        guard SCTPPacket.hasValidChecksum(bytes) else {
            counters.badChecksum += 1
            return []
        }
        guard let packet = try? SCTPPacket(parsing: bytes) else {
            counters.malformed += 1
            return []
        }
        guard state != .closed else {
            counters.outOfTheBlue += 1
            return []
        }
        var events: [SCTPEvent] = []
        var chunks = packet.chunks[...]
        switch packet.chunks[0].type {
        case SCTPChunkType.initiation:
            answerInit(packet, now: now)
            return []
        case SCTPChunkType.cookieEcho:
            guard acceptCookie(packet, now: now, events: &events) else { return [] }
            chunks = chunks.dropFirst()
        default:
            guard state != .listening else {
                counters.outOfTheBlue += 1
                return []
            }
            guard acceptsTag(of: packet) else {
                counters.badVerificationTag += 1
                return []
            }
        }
        for chunk in chunks {
            guard handle(chunk, now: now, events: &events) else { break }
        }
        if chunks.contains(where: { $0.type == SCTPChunkType.data }) {
            dataPacketsSinceSack += 1
            if sackDue || dataPacketsSinceSack >= 2 || received.hasGaps || received.hasDuplicates {
                sackDue = true
            } else if sackDeadline == nil {
                sackDeadline = now + configuration.sackDelay
            }
        }
        counters.oversizedMessages = reassembly.oversizedMessages
        return events
    }

    /// Sends a message on an open channel, unordered or ordered and as reliably as the channel was opened.
    /// Returns false, counting the drop, when a partially reliable message finds the window full.
    @discardableResult
    public mutating func send(_ message: [UInt8], channel id: UInt16, binary: Bool, now: Double) throws(RTCError)
        -> Bool
    {
        guard state == .established else { throw RTCError(.sctpFailure, "SCTP association is \(state)") }
        guard let channel = channels[id], id < outboundStreams else {
            throw RTCError(.sctpFailure, "no open data channel \(id)")
        }
        guard message.count <= configuration.maxMessageSize else {
            throw RTCError(
                .messageTooLarge, "message of \(message.count) bytes exceeds \(configuration.maxMessageSize)")
        }
        let protocolIdentifier =
            switch (binary, message.isEmpty) {
            case (true, false): DataChannelPPID.binary
            case (true, true): DataChannelPPID.emptyBinary
            case (false, false): DataChannelPPID.string
            case (false, true): DataChannelPPID.emptyString
            }
        let reliability: SCTPSendQueue.Reliability =
            switch channel.reliability {
            case .reliable: .reliable
            case .maxRetransmits(let count): .retransmissions(Int(count))
            case .maxLifetime(let milliseconds): .lifetime(Double(milliseconds) / 1000)
            }
        guard
            enqueue(
                message.isEmpty ? [0] : message, stream: id, protocolIdentifier: protocolIdentifier,
                unordered: !channel.ordered, reliability: reliability, now: now)
        else {
            counters.droppedOutgoingMessages += 1
            return false
        }
        return true
    }

    /// Closes a channel from our side by resetting its outgoing stream; the peer answers by resetting its own, which
    /// reports `.channelClosed` (RFC 8831 §6.7).
    public mutating func closeChannel(_ id: UInt16, now: Double) {
        guard state == .established, channels[id] != nil else { return }
        requestReset(of: [id], now: now)
    }

    /// The next SCTP packet to encrypt and send, or nil when there is nothing to send. Chunks are bundled up to
    /// `maxPacketSize`: control chunks, then SACK, FORWARD-TSN and DATA.
    public mutating func pollTransmit(now: Double) -> [UInt8]? {
        if !queuedPackets.isEmpty { return queuedPackets.removeFirst() }
        guard state == .established || state == .shuttingDown else { return nil }
        var room = configuration.maxPacketSize - SCTPPacket.headerLength
        var chunks: [SCTPChunk] = []
        while let control = controlChunks.first, control.encodedLength <= room || chunks.isEmpty {
            room -= control.encodedLength
            chunks.append(controlChunks.removeFirst())
        }
        let sackIndex = chunks.count
        let sack = sackDue || sackDeadline != nil ? received.selectiveAck(window: advertisedWindow).chunk : nil
        room -= sack?.encodedLength ?? 0
        if state == .established {
            if sendQueue.forwardTSNDue, let forward = sendQueue.forwardTSN?.chunk, forward.encodedLength <= room {
                room -= forward.encodedLength
                chunks.append(forward)
            }
            sendQueue.forwardTSNDue = false
            chunks += sendQueue.chunksToSend(room: &room, now: now)
        }
        if let sack, sackDue || !chunks.isEmpty {
            chunks.insert(sack, at: sackIndex)
            received.clearDuplicates()
            sackDue = false
            sackDeadline = nil
            dataPacketsSinceSack = 0
        }
        guard !chunks.isEmpty else { return nil }
        return packet(chunks)
    }

    /// When `handleTimeout(now:)` should next be called: a delayed SACK, a retransmission or a RE-CONFIG request.
    public var nextTimeout: Double? {
        switch state {
        case .established:
            [sackDeadline, sendQueue.retransmitAt, streamReset.retransmitAt].compactMap { $0 }.min()
        case .shuttingDown: shutdownAckAt
        case .listening, .closed: nil
        }
    }

    /// Fires whatever timers are due at `now`.
    public mutating func handleTimeout(now: Double) -> [SCTPEvent] {
        if let sackDeadline, now >= sackDeadline {
            sackDue = true
            self.sackDeadline = nil
        }
        switch state {
        case .established:
            guard sendQueue.handleTimeout(now: now) else {
                abort()
                return [.closed(reason: "peer stopped acknowledging reliable data")]
            }
            if let retransmitAt = streamReset.retransmitAt, now >= retransmitAt {
                resendResetRequest(now: now)
            }
        case .shuttingDown:
            guard let shutdownAckAt, now >= shutdownAckAt else { break }
            guard shutdownAckTransmissions <= configuration.maxRetransmissions else {
                state = .closed
                return [.closed(reason: "SHUTDOWN-COMPLETE never came")]
            }
            sendShutdownAck(now: now)
        case .listening, .closed:
            break
        }
        return []
    }

    /// Ends the association with ABORT; nothing more is sent or delivered.
    public mutating func close() {
        guard state == .established || state == .shuttingDown else {
            state = .closed
            return
        }
        abort()
    }

    var advertisedWindow: UInt32 {
        UInt32(max(0, Int(configuration.receiveWindow) - reassembly.bufferedBytes))
    }

    func packet(_ chunks: [SCTPChunk], tag: UInt32? = nil) -> [UInt8] {
        SCTPPacket(
            sourcePort: localPort, destinationPort: remotePort, verificationTag: tag ?? peerTag, chunks: chunks
        ).encoded()
    }

    mutating func enqueue(
        _ payload: [UInt8], stream: UInt16, protocolIdentifier: UInt32, unordered: Bool,
        reliability: SCTPSendQueue.Reliability, now: Double
    ) -> Bool {
        let fragmentSize = configuration.maxPacketSize - SCTPPacket.headerLength - 4 - SCTPDataChunk.headerLength
        return sendQueue.enqueue(
            payload, stream: stream, protocolIdentifier: protocolIdentifier, unordered: unordered,
            reliability: reliability, fragmentSize: fragmentSize, now: now)
    }

    mutating func abort() {
        queuedPackets.append(packet([SCTPChunk(type: SCTPChunkType.abort)]))
        state = .closed
    }

    mutating func sendShutdownAck(now: Double) {
        controlChunks.append(SCTPChunk(type: SCTPChunkType.shutdownAck))
        shutdownAckTransmissions += 1
        shutdownAckAt = now + configuration.initialRetransmissionTimeout
    }

    /// RFC 4960 §8.5: our tag, or the peer's on an ABORT or SHUTDOWN-COMPLETE with the T bit set (§8.5.1).
    private func acceptsTag(of packet: SCTPPacket) -> Bool {
        if packet.verificationTag == localTag { return true }
        let first = packet.chunks[0]
        return (first.type == SCTPChunkType.abort || first.type == SCTPChunkType.shutdownComplete)
            && first.flags & 1 == 1 && packet.verificationTag == peerTag
    }
}
