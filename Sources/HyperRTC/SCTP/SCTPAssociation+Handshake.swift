extension SCTPAssociation {
    /// Answers an INIT with an INIT-ACK whose state cookie holds everything the association needs, keeping nothing
    /// (RFC 4960 §5.1.3). An INIT must come alone with verification tag 0 (§8.5.1, §6.10).
    mutating func answerInit(_ packet: SCTPPacket, now: Double) {
        guard packet.verificationTag == 0, packet.chunks.count == 1 else {
            counters.badVerificationTag += 1
            return
        }
        guard let initiation = try? SCTPInitChunk(packet.chunks[0]) else {
            counters.malformed += 1
            return
        }
        let cookie = SCTPStateCookie(
            localTag: UInt32.random(in: 1...UInt32.max), localInitialTSN: UInt32.random(in: 0...UInt32.max),
            peerTag: initiation.initiateTag, peerInitialTSN: initiation.initialTSN,
            peerWindow: initiation.advertisedWindow,
            inboundStreams: min(configuration.inboundStreams, initiation.outboundStreams),
            outboundStreams: min(configuration.outboundStreams, initiation.inboundStreams),
            peerSupportsForwardTSN: initiation.supportsForwardTSN, createdAt: now)
        let answer = SCTPInitChunk(
            initiateTag: cookie.localTag, advertisedWindow: configuration.receiveWindow,
            outboundStreams: cookie.outboundStreams, inboundStreams: cookie.inboundStreams,
            initialTSN: cookie.localInitialTSN,
            parameters: [
                SCTPParameter(type: SCTPParameter.stateCookie, value: cookie.sealed(key: cookieKey)),
                SCTPParameter(
                    type: SCTPParameter.supportedExtensions,
                    value: [SCTPChunkType.forwardTSN, SCTPChunkType.reconfiguration]),
                SCTPParameter(type: SCTPParameter.forwardTSNSupported, value: []),
            ])
        guard queuedPackets.count < Self.maxQueuedPackets else { return }
        let reply = SCTPPacket(
            sourcePort: packet.destinationPort, destinationPort: packet.sourcePort,
            verificationTag: initiation.initiateTag, chunks: [answer.chunk(type: SCTPChunkType.initiationAck)])
        queuedPackets.append(reply.encoded())
    }

    /// Establishes the association from a valid, fresh cookie, or answers a retransmitted COOKIE-ECHO for the
    /// current one with another COOKIE-ACK (RFC 4960 §5.2.4 case D). A cookie for any other association is dropped:
    /// a peer that restarts gets a new DTLS session and a new `SCTPAssociation`. Returns whether the packet's other
    /// chunks should be processed.
    mutating func acceptCookie(_ packet: SCTPPacket, now: Double, events: inout [SCTPEvent]) -> Bool {
        guard let cookie = SCTPStateCookie(opening: packet.chunks[0].value, key: cookieKey),
            now - cookie.createdAt <= configuration.cookieLifetime, cookie.createdAt <= now
        else {
            counters.outOfTheBlue += 1
            return false
        }
        guard packet.verificationTag == cookie.localTag else {
            counters.badVerificationTag += 1
            return false
        }
        switch state {
        case .listening:
            break
        case .established where cookie.localTag == localTag && cookie.peerTag == peerTag:
            controlChunks.insert(SCTPChunk(type: SCTPChunkType.cookieAck), at: 0)
            return true
        default:
            counters.outOfTheBlue += 1
            return false
        }
        state = .established
        localPort = packet.destinationPort
        remotePort = packet.sourcePort
        localTag = cookie.localTag
        peerTag = cookie.peerTag
        inboundStreams = cookie.inboundStreams
        outboundStreams = cookie.outboundStreams
        received = SCTPReceivedTSNs(peerInitialTSN: cookie.peerInitialTSN)
        sendQueue = SCTPSendQueue(
            configuration: configuration, initialTSN: cookie.localInitialTSN, peerWindow: cookie.peerWindow,
            peerSupportsForwardTSN: cookie.peerSupportsForwardTSN)
        streamReset = SCTPStreamReset(peerInitialTSN: cookie.peerInitialTSN, localInitialTSN: cookie.localInitialTSN)
        controlChunks.insert(SCTPChunk(type: SCTPChunkType.cookieAck), at: 0)
        events.append(.established)
        return true
    }
}
