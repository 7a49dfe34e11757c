import HyperMedia
import HyperRTC

/// One load viewer's transport as a state machine: ICE checks, the DTLS client handshake with retransmissions,
/// SRTP, packet counting and RTCP. Datagrams and time (seconds, any fixed origin) go in; datagrams to send and
/// events come out. Lives on its viewer's event loop.
final class LoadViewerConnection {
    enum Action {
        case send([UInt8])
        case emit(LoadViewerEvent)
        /// A reassembled frame for a relay (`forwardsFrames`); `followsLoss` when frames before it were lost.
        case forward(VP8Depacketizer.VP8Frame, followsLoss: Bool)
        /// An Opus packet for a relay (`forwardsFrames` with audio in the answer): its payload and RTP timestamp.
        case forwardAudio(payload: [UInt8], timestamp: UInt32)
    }

    /// The most packets one gap may ask the server for again; a longer gap waits for a keyframe instead.
    static let maximumNACKGap = 64

    let configuration: LoadViewerConfiguration
    private let answer: LoadViewerAnswer
    private let cname: String
    private var checker: ICEConnectivityChecker
    private let dtls: DTLSTransport
    private var srtp: SRTPSession?
    private var verifier: RTPStreamVerifier?
    private var reception = RTPReceiveStatistics(clockRate: 90_000)
    private(set) var state = LoadViewerState.connecting
    private let startedAt: Double
    private var connectedAt: Double?
    private var lastReportAt: Double
    private var mediaSSRC: UInt32?
    private let ssrc = UInt32.random(in: 1...UInt32.max)
    private var rtpPackets = 0
    /// Opus packets received (a relay's upstream audio), apart from the video counts.
    private(set) var audioPackets = 0
    private var rtpBytes = 0
    private var rtcpPackets = 0
    private var stunResponses = 0
    /// The highest RTP sequence number received, for a relay's NACKs.
    private var highestSequenceNumber: UInt16?
    private var iceRestartsCompleted = 0
    /// Datagrams the socket dropped because they came from another address than the server's candidate.
    var datagramsFromElsewhere = 0

    init(
        configuration: LoadViewerConfiguration,
        local: ICECredentials,
        certificate: DTLSCertificate,
        answer: LoadViewerAnswer,
        now: Double
    ) throws(LoadViewerError) {
        self.configuration = configuration
        self.answer = answer
        cname = "load-\(local.ufrag)"
        checker = ICEConnectivityChecker(
            local: local, remote: answer.ice, consentInterval: configuration.consentInterval)
        do {
            dtls = try DTLSTransport(role: .client, certificate: certificate, remoteFingerprint: answer.fingerprint)
        } catch {
            throw LoadViewerError(.connectionFailed, "cannot set up DTLS: \(error.message)")
        }
        if configuration.verifies {
            do {
                verifier = try RTPStreamVerifier(payloadType: answer.payloadType, decodes: configuration.decodes)
            } catch {
                throw LoadViewerError(.connectionFailed, "cannot open the VP8 decoder: \(error.message)")
            }
        }
        mediaSSRC = answer.mediaSSRC
        startedAt = now
        lastReportAt = now
    }

    /// Whether every RTP packet goes through `receive` (SRTP and VP8 checks) rather than `countRTP`.
    var verifies: Bool { verifier != nil }

    /// The first connectivity check.
    func start(now: Double) -> [Action] {
        checker.requestDue(now: now).map { [.send($0)] } ?? []
    }

    /// Counts an RTP packet from its clear header alone: the whole per-packet work of a viewer that does not verify.
    func countRTP(sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32, byteCount: Int, now: Double) {
        rtpPackets += 1
        rtpBytes += byteCount
        if mediaSSRC == nil { mediaSSRC = ssrc }
        reception.record(
            RTPPacket(payloadType: 0, sequenceNumber: sequenceNumber, timestamp: timestamp, ssrc: ssrc),
            arrival: now
        )
    }

    /// Handles one datagram from the server: STUN, DTLS, SRTCP, or SRTP for a verifying viewer.
    func receive(_ datagram: [UInt8], now: Double) -> [Action] {
        switch state {
        case .closed, .failed: return []
        case .connecting, .connected: break
        }
        switch PacketKind.classify(datagram) {
        case .stun:
            return receiveSTUN(datagram, now: now)
        case .dtls:
            return handle(dtls.receive(datagram), now: now)
        case .rtcp:
            receiveRTCP(datagram, now: now)
            return []
        case .rtp:
            guard datagram.count >= 12 else { return [] }
            if let audio = answer.audioPayloadType, datagram[1] & 0x7F == audio {
                return receiveAudio(datagram)
            }
            let sequenceNumber = UInt16(datagram[2]) << 8 | UInt16(datagram[3])
            let timestamp = datagram[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let ssrc = datagram[8..<12].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            countRTP(
                sequenceNumber: sequenceNumber, timestamp: timestamp, ssrc: ssrc, byteCount: datagram.count, now: now)
            guard let srtp, let outcome = verifier?.receive(datagram, sequenceNumber: sequenceNumber, srtp: srtp)
            else { return [] }
            var actions = outcome.events.map(Action.emit)
            if configuration.forwardsFrames {
                actions += negativeAcknowledgements(receiving: sequenceNumber, now: now)
                if let frame = outcome.frame { actions.append(.forward(frame, followsLoss: outcome.followsLoss)) }
            }
            return actions
        case .unknown:
            return []
        }
    }

    /// An Opus packet: passed on by a relay, otherwise only counted (it is not the stream under test).
    private func receiveAudio(_ datagram: [UInt8]) -> [Action] {
        audioPackets += 1
        guard configuration.forwardsFrames, let srtp, let plain = try? srtp.unprotectRTP(datagram),
            let packet = try? RTPPacket(parsing: plain), !packet.payload.isEmpty
        else { return [] }
        return [.forwardAudio(payload: packet.payload, timestamp: packet.timestamp)]
    }

    /// Timers, run about every 100 ms: check retransmissions and consent, DTLS retransmissions, receiver reports, and
    /// giving up when not connected in time.
    func tick(now: Double) -> [Action] {
        var actions: [Action] = []
        switch state {
        case .closed, .failed:
            return []
        case .connecting:
            if now - startedAt > configuration.connectTimeout {
                let stage = checker.succeeded ? "the DTLS handshake" : "ICE"
                return fail("\(stage) did not finish within \(configuration.connectTimeout) s")
            }
            if checker.succeeded, let timeout = dtls.timeout, timeout <= 0 {
                actions += handle(dtls.handleTimeout(), now: now)
            }
        case .connected:
            if let interval = configuration.receiverReportInterval, now - lastReportAt >= interval {
                lastReportAt = now
                actions += protectedRTCP(feedback: [], now: now, closingInterval: true)
            }
        }
        if let request = checker.requestDue(now: now) {
            actions.append(.send(request))
        }
        return actions
    }

    /// An RTCP compound (receiver report, SDES, then `feedback`) protected with our SRTP keys.
    func feedback(_ feedback: [RTCPPacket], now: Double) throws(LoadViewerError) -> [Action] {
        guard state == .connected, srtp != nil else {
            throw LoadViewerError(.notConnected, "the viewer is \(state), not connected: no RTCP can be sent")
        }
        return protectedRTCP(feedback: feedback, now: now, closingInterval: false)
    }

    /// Runs ICE checks with new credentials from now on (an ICE restart); DTLS and SRTP carry on.
    func restartICE(local: ICECredentials, remote: ICECredentials) {
        checker = ICEConnectivityChecker(local: local, remote: remote, consentInterval: configuration.consentInterval)
    }

    /// A PLI for the server's video.
    func pictureLossIndication(now: Double) throws(LoadViewerError) -> [Action] {
        try feedback([.pictureLossIndication(senderSSRC: ssrc, mediaSSRC: mediaSSRC ?? 0)], now: now)
    }

    /// A generic NACK for `sequenceNumbers` of the server's video.
    func negativeAcknowledgement(_ sequenceNumbers: [UInt16], now: Double) throws(LoadViewerError) -> [Action] {
        try feedback([.genericNACK(senderSSRC: ssrc, mediaSSRC: mediaSSRC ?? 0, lost: sequenceNumbers)], now: now)
    }

    /// A REMB (draft-alvestrand-rmcat-remb) telling the server the most bit/s this viewer can take.
    func estimatedMaximumBitrate(_ bitrate: UInt64, now: Double) throws(LoadViewerError) -> [Action] {
        try feedback(
            [.receiverEstimatedMaximumBitrate(senderSSRC: ssrc, bitrate: bitrate, ssrcs: [mediaSSRC ?? 0])], now: now)
    }

    /// Ends the association: close_notify when connected, then nothing more in or out.
    func close() -> [Action] {
        let actions: [Action] = state == .connected ? dtls.close().compactMap(Self.datagram) : []
        switch state {
        case .connecting, .connected: state = .closed
        case .closed, .failed: break
        }
        return actions
    }

    var statistics: LoadViewerStatistics {
        var statistics = LoadViewerStatistics(state: state)
        statistics.connectSeconds = connectedAt.map { $0 - startedAt }
        statistics.rtpPackets = rtpPackets
        statistics.rtpBytes = rtpBytes
        statistics.rtcpPackets = rtcpPackets
        statistics.expectedPackets = reception.received + reception.lost
        statistics.lostPackets = reception.lost
        statistics.highestSequenceNumber = reception.extendedHighestSequenceNumber
        statistics.jitterMilliseconds = reception.jitter / 90
        statistics.stunResponses = stunResponses
        statistics.iceRestartsCompleted = iceRestartsCompleted
        statistics.datagramsFromElsewhere = datagramsFromElsewhere
        if let verifier {
            statistics.unprotectedPackets = verifier.unprotectedPackets
            statistics.unprotectFailures = verifier.unprotectFailures
            statistics.malformedPackets = verifier.malformedPackets
            statistics.framesCompleted = verifier.framesCompleted
            statistics.keyframes = verifier.keyframes
            statistics.incompleteFrames = verifier.incompleteFrames
            statistics.framesDecoded = verifier.framesDecoded
            statistics.decodeFailures = verifier.decodeFailures
            statistics.retransmissionsReceived = verifier.retransmissionsReceived
        }
        return statistics
    }

    // MARK: inbound

    private func receiveSTUN(_ datagram: [UInt8], now: Double) -> [Action] {
        if let reply = checker.answer(datagram, from: answer.candidate) { return [.send(reply)] }
        switch checker.receive(datagram) {
        case .ignored:
            return []
        case .answered(let first):
            stunResponses += 1
            guard first else { return [] }
            guard state == .connecting else {
                iceRestartsCompleted += 1  // a restart's first check: DTLS and SRTP carry on
                return []
            }
            return handle(dtls.start(), now: now)
        case .refused(let code):
            return state == .connecting ? fail("the server refused the ICE check with \(code)") : []
        }
    }

    private func handle(_ events: [DTLSTransport.Event], now: Double) -> [Action] {
        var actions: [Action] = []
        for event in events {
            switch event {
            case .send(let datagram):
                actions.append(.send(datagram))
            case .connected(let keys):
                do {
                    srtp = try SRTPSession(keys: keys)
                } catch {
                    return actions + fail("SRTP setup failed: \(error.message)")
                }
                state = .connected
                connectedAt = now
                lastReportAt = now
                actions.append(.emit(.connected))
            case .failed(let error):
                return actions + fail("DTLS: \(error.message)")
            case .closed:
                state = .closed
                actions.append(.emit(.closed))
            case .applicationData:
                // A load viewer opens no data channel.
                continue
            }
        }
        return actions
    }

    private func receiveRTCP(_ datagram: [UInt8], now: Double) {
        rtcpPackets += 1
        guard let srtp, let plain = try? srtp.unprotectRTCP(datagram),
            let packets = try? RTCPPacket.parseCompound(plain)
        else { return }
        for case .senderReport(let report) in packets where report.ssrc == mediaSSRC || mediaSSRC == nil {
            reception.recordSenderReport(report, arrival: now)
        }
    }

    // MARK: outbound

    /// A NACK for the packets skipped between the highest sequence number so far and `sequenceNumber`, asked once as
    /// the gap appears: a relay repairs loss on its upstream link before its own viewers notice.
    private func negativeAcknowledgements(receiving sequenceNumber: UInt16, now: Double) -> [Action] {
        guard let highest = highestSequenceNumber else {
            highestSequenceNumber = sequenceNumber
            return []
        }
        let ahead = sequenceNumber &- highest
        guard ahead != 0, ahead < 0x8000 else { return [] }
        highestSequenceNumber = sequenceNumber
        guard ahead > 1, Int(ahead) - 1 <= Self.maximumNACKGap else { return [] }
        let lost = (1..<ahead).map { highest &+ $0 }
        return (try? negativeAcknowledgement(lost, now: now)) ?? []
    }

    private func protectedRTCP(feedback: [RTCPPacket], now: Double, closingInterval: Bool) -> [Action] {
        guard let srtp else { return [] }
        var blocks: [ReportBlock] = []
        if let mediaSSRC, reception.received > 0 {
            blocks.append(
                closingInterval
                    ? reception.makeReportBlock(ssrc: mediaSSRC, now: now) : reception.reportBlock(ssrc: mediaSSRC))
        }
        let packets: [RTCPPacket] =
            [
                .receiverReport(ReceiverReport(ssrc: ssrc, reports: blocks)),
                .sourceDescription(chunks: [SourceDescriptionChunk(ssrc: ssrc, cname: cname)]),
            ] + feedback
        guard let protected = try? srtp.protectRTCP(RTCPPacket.compound(packets)) else { return [] }
        return [.send(protected)]
    }

    private func fail(_ message: String) -> [Action] {
        state = .failed(message)
        return [.emit(.failed(message))]
    }

    private static func datagram(_ event: DTLSTransport.Event) -> Action? {
        guard case .send(let bytes) = event else { return nil }
        return .send(bytes)
    }
}
