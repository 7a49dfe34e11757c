extension SCTPAssociation {
    /// Acts on one chunk of an accepted packet; returns false when the rest of the packet must be skipped.
    mutating func handle(_ chunk: SCTPChunk, now: Double, events: inout [SCTPEvent]) -> Bool {
        switch chunk.type {
        case SCTPChunkType.data:
            receiveData(chunk, now: now, events: &events)
        case SCTPChunkType.selectiveAck:
            guard let sack = try? SCTPSelectiveAck(chunk) else { return malformed() }
            if state == .established { sendQueue.handle(sack, now: now) }
        case SCTPChunkType.forwardTSN:
            guard let forward = try? SCTPForwardTSN(chunk) else { return malformed() }
            sackDue = true
            guard received.forward(to: forward.newCumulativeTSN) else { break }
            let messages = reassembly.forward(to: forward.newCumulativeTSN, skipped: forward.skippedStreams)
            deliver(messages, now: now, &events)
        case SCTPChunkType.heartbeat:
            controlChunks.append(SCTPChunk(type: SCTPChunkType.heartbeatAck, value: chunk.value))
        case SCTPChunkType.reconfiguration:
            guard state == .established, let parameters = try? SCTPParameter.parseList(chunk.value[...]) else {
                return malformed()
            }
            handleReconfiguration(parameters, now: now, events: &events)
        case SCTPChunkType.abort:
            state = .closed
            events.append(.closed(reason: "peer sent ABORT"))
            return false
        case SCTPChunkType.shutdown:
            if state == .established { state = .shuttingDown }
            sendShutdownAck(now: now)
        case SCTPChunkType.shutdownComplete:
            guard state == .shuttingDown else { return true }
            state = .closed
            events.append(.closed(reason: "peer shut the association down"))
            return false
        case SCTPChunkType.initiation, SCTPChunkType.initiationAck, SCTPChunkType.cookieEcho, SCTPChunkType.cookieAck,
            SCTPChunkType.shutdownAck, SCTPChunkType.error:
            break
        default:
            let rule = SCTPChunk.UnknownTypeRule(type: chunk.type)
            if rule == .stopAndReport || rule == .skipAndReport {
                var cause: [UInt8] = []
                chunk.encode(into: &cause)
                var error: [UInt8] = []
                SCTPParameter(type: SCTPParameter.unrecognizedChunkType, value: cause).encode(into: &error)
                controlChunks.append(SCTPChunk(type: SCTPChunkType.error, value: error))
            }
            return rule == .skip || rule == .skipAndReport
        }
        return true
    }

    private mutating func malformed() -> Bool {
        counters.malformed += 1
        return false
    }

    /// Records a DATA chunk's TSN and passes it to reassembly, unless it is a duplicate, too far ahead, on a stream
    /// the peer may not use, or finds the receive buffer full (then it is not recorded, so the peer sends it again
    /// or forwards past it). The chunk at the cumulative TSN + 1 is always taken, so a full buffer cannot stall.
    private mutating func receiveData(_ chunk: SCTPChunk, now: Double, events: inout [SCTPEvent]) {
        guard state == .established, let data = try? SCTPDataChunk(chunk) else {
            counters.droppedChunks += 1
            return
        }
        if data.immediate { sackDue = true }
        let next = data.tsn == received.cumulativeTSN &+ 1
        guard received.contains(data.tsn) || next || data.payload.count <= Int(advertisedWindow) else {
            counters.droppedChunks += 1
            sackDue = true
            return
        }
        switch received.record(data.tsn) {
        case .duplicate:
            return
        case .tooFarAhead:
            counters.droppedChunks += 1
            sackDue = true
            return
        case .new:
            break
        }
        guard data.stream < inboundStreams else {
            counters.droppedChunks += 1
            return
        }
        let received = self.received
        deliver(reassembly.add(data) { received.contains($0) }, now: now, &events)
    }

    /// Turns reassembled messages into events: DCEP opens a channel and is acknowledged, user messages are
    /// reported on open channels, anything else is counted and dropped.
    private mutating func deliver(_ messages: [SCTPReassembly.Message], now: Double, _ events: inout [SCTPEvent]) {
        for message in messages {
            switch message.protocolIdentifier {
            case DataChannelPPID.control:
                guard
                    case .open(let channel)? = try? DataChannelMessage(parsing: message.payload, stream: message.stream),
                    channel.id < outboundStreams
                else {
                    counters.droppedChunks += 1
                    continue
                }
                channels[channel.id] = channel
                sendQueue.reset(stream: channel.id)
                _ = enqueue(
                    [DataChannelMessage.acknowledgementType], stream: channel.id,
                    protocolIdentifier: DataChannelPPID.control, unordered: false, reliability: .reliable, now: now)
                events.append(.channelOpened(channel))
            case DataChannelPPID.string, DataChannelPPID.binary, DataChannelPPID.emptyString,
                DataChannelPPID.emptyBinary:
                guard channels[message.stream] != nil else {
                    counters.droppedChunks += 1
                    continue
                }
                let empty = message.protocolIdentifier >= DataChannelPPID.emptyString
                let binary =
                    message.protocolIdentifier == DataChannelPPID.binary
                    || message.protocolIdentifier == DataChannelPPID.emptyBinary
                events.append(.message(channel: message.stream, binary: binary, bytes: empty ? [] : message.payload))
            default:
                counters.droppedChunks += 1
            }
        }
    }
}
