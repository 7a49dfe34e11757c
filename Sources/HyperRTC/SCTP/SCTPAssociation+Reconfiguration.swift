extension SCTPAssociation {
    /// Answers the peer's RE-CONFIG requests and takes responses to ours. An Outgoing SSN Reset Request closes the
    /// channels on its streams once every TSN up to its last TSN has arrived ("in progress" until then, and the
    /// peer asks again); we then reset our side of those streams. Other request types are denied.
    mutating func handleReconfiguration(_ parameters: [SCTPParameter], now: Double, events: inout [SCTPEvent]) {
        var answers: [SCTPParameter] = []
        for parameter in parameters where parameter.value.count >= 4 {
            let sequence = SCTPWire.uint32(parameter.value, at: 0)
            if parameter.type == SCTPParameter.reconfigurationResponse {
                guard parameter.value.count >= 8, streamReset.outstanding?.sequence == sequence else { continue }
                let result = SCTPWire.uint32(parameter.value, at: 4)
                guard result != SCTPStreamReset.Result.inProgress.rawValue else { continue }
                for stream in streamReset.outstanding?.streams ?? [] {
                    sendQueue.reset(stream: stream)
                }
                streamReset.outstanding = nil
                streamReset.retransmitAt = nil
                sendQueuedReset(now: now)
                continue
            }
            if sequence == streamReset.expectedRequest &- 1 {
                answers.append(SCTPStreamReset.response(to: sequence, streamReset.lastResult))
                continue
            }
            guard sequence == streamReset.expectedRequest else {
                answers.append(SCTPStreamReset.response(to: sequence, .badSequenceNumber))
                continue
            }
            guard parameter.type == SCTPParameter.outgoingResetRequest, parameter.value.count >= 12 else {
                answers.append(SCTPStreamReset.response(to: sequence, .denied))
                streamReset.expectedRequest &+= 1
                streamReset.lastResult = .denied
                continue
            }
            guard !received.cumulativeTSN.precedes(SCTPWire.uint32(parameter.value, at: 8)) else {
                answers.append(SCTPStreamReset.response(to: sequence, .inProgress))
                continue
            }
            var streams = stride(from: 12, to: parameter.value.count - 1, by: 2).map {
                SCTPWire.uint16(parameter.value, at: $0)
            }
            if streams.isEmpty { streams = channels.keys.sorted() }
            for stream in streams {
                reassembly.reset(stream: stream)
                if channels.removeValue(forKey: stream) != nil { events.append(.channelClosed(stream)) }
            }
            answers.append(SCTPStreamReset.response(to: sequence, .performed))
            streamReset.expectedRequest &+= 1
            streamReset.lastResult = .performed
            streamReset.queued += streams
        }
        if streamReset.outstanding == nil, !streamReset.queued.isEmpty {
            startResetRequest(now: now)
            if let request = streamReset.outgoingRequest(lastTSN: sendQueue.nextTSN &- 1) { answers.append(request) }
        }
        guard !answers.isEmpty else { return }
        controlChunks.append(reconfigurationChunk(answers))
    }

    /// Resets our outgoing side of `streams`, now or once the outstanding request is answered.
    mutating func requestReset(of streams: [UInt16], now: Double) {
        streamReset.queued += streams
        sendQueuedReset(now: now)
    }

    mutating func resendResetRequest(now: Double) {
        guard streamReset.outstandingTransmissions <= configuration.maxRetransmissions,
            let request = streamReset.outgoingRequest(lastTSN: sendQueue.nextTSN &- 1)
        else {
            streamReset.outstanding = nil
            streamReset.retransmitAt = nil
            return
        }
        streamReset.outstandingTransmissions += 1
        streamReset.retransmitAt = now + configuration.initialRetransmissionTimeout
        controlChunks.append(reconfigurationChunk([request]))
    }

    private mutating func sendQueuedReset(now: Double) {
        guard streamReset.outstanding == nil, !streamReset.queued.isEmpty else { return }
        startResetRequest(now: now)
        if let request = streamReset.outgoingRequest(lastTSN: sendQueue.nextTSN &- 1) {
            controlChunks.append(reconfigurationChunk([request]))
        }
    }

    private mutating func startResetRequest(now: Double) {
        streamReset.outstanding = (streamReset.nextRequest, streamReset.queued)
        streamReset.nextRequest &+= 1
        streamReset.queued = []
        streamReset.outstandingTransmissions = 1
        streamReset.retransmitAt = now + configuration.initialRetransmissionTimeout
    }

    private func reconfigurationChunk(_ parameters: [SCTPParameter]) -> SCTPChunk {
        var value: [UInt8] = []
        for parameter in parameters {
            parameter.encode(into: &value)
        }
        return SCTPChunk(type: SCTPChunkType.reconfiguration, value: value)
    }
}
