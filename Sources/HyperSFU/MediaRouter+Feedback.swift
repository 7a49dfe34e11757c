import HyperRTC
import Logging
import Metrics
import NIOCore

/// RTCP from viewers: NACKs through each viewer's `NackResponder`, PLI and FIR through the session's
/// `KeyframeRequestPolicy`, REMB and receiver reports into the viewer's bandwidth estimate and temporal layers.
extension MediaRouter {
    func handleRTCP(_ bytes: [UInt8], viewer: Viewer, now: Double) {
        guard let srtp = viewer.srtp, let plain = try? srtp.unprotectRTCP(bytes),
            let packets = try? RTCPPacket.parseCompound(plain), var track = tracks[viewer.trackKey]
        else {
            badDatagrams.increment()
            return
        }
        for packet in packets {
            switch packet {
            case .genericNACK(_, let mediaSSRC, let lost):
                viewer.nacksReceived += 1
                nacks.increment()
                answerNACK(mediaSSRC: mediaSSRC, lost: lost, viewer: viewer, track: track, now: now)
            case .pictureLossIndication(_, let mediaSSRC):
                requestKeyframe(from: viewer, mediaSSRC: mediaSSRC, track: &track, now: now)
            case .fullIntraRequest(_, let requests):
                let named = requests.contains { $0.ssrc == track.ssrc } ? track.ssrc : requests.first?.ssrc ?? 0
                requestKeyframe(from: viewer, mediaSSRC: named, track: &track, now: now)
            case .receiverEstimatedMaximumBitrate(_, let bitrate, _):
                viewer.estimator.onREMB(bitrate: Int(clamping: bitrate), now: now)
                logger.debug(
                    "REMB \(bitrate) bit/s, estimate \(viewer.estimator.estimate)",
                    metadata: ["viewer": "\(viewer.id)"])
            case .receiverReport(let report):
                for block in report.reports where block.ssrc == track.ssrc {
                    let fraction = Double(block.fractionLost) / 256
                    viewer.estimator.onLoss(fractionLost: fraction, now: now)
                    reportedLoss.record(fraction)
                }
            default:
                break
            }
        }
        adaptLayers(of: viewer, to: track, now: now)
        tracks[viewer.trackKey] = track
        transmitter.flush()
    }

    /// Weighs a viewer's PLI or FIR with the session's `KeyframeRequestPolicy`.
    func requestKeyframe(from viewer: Viewer, mediaSSRC: UInt32, track: inout VideoTrack, now: Double) {
        viewer.keyframeRequests += 1
        keyframeRequests.increment()
        switch track.keyframeRequests.request(from: viewer.id, mediaSSRC: mediaSSRC, now: now) {
        case .keyframe: requestKeyframe(viewer.trackKey)
        case .owed: break
        case .tooSoon, .unknownSSRC: refusedKeyframeRequests.increment()
        }
    }

    /// Resends what the viewer's `NackResponder` allows of the packets a NACK names.
    func answerNACK(mediaSSRC: UInt32, lost: [UInt16], viewer: Viewer, track: VideoTrack, now: Double) {
        let outcome = viewer.nackResponder.respond(
            mediaSSRC: mediaSSRC, lost: lost, now: now,
            streamBytesPerSecond: Double(track.rates.rates(now: now).all) / 8,
            keyframeBytes: track.lastKeyframeBytes
        ) { sequence in
            guard let original = viewer.originalSequenceNumber(of: sequence),
                let bytes = track.retransmissions.packet(sequenceNumber: original)
            else { return nil }
            return (original, bytes)
        }
        if outcome.ignored {
            ignoredNACKs.increment()
            return
        }
        if outcome.duplicates > 0 { duplicateRetransmissions.increment(by: outcome.duplicates) }
        if outcome.overBudget > 0 { overBudgetRetransmissions.increment(by: outcome.overBudget) }
        viewer.retransmissionsRefused += outcome.refused
        guard !outcome.resends.isEmpty else { return }
        viewer.retransmitted += outcome.resends.count
        retransmissions.increment(by: outcome.resends.count)
        for resend in outcome.resends {
            account(
                sendRTP(
                    [resend.packet][...], to: viewer, payloadType: viewer.videoPayloadType,
                    sequenceOffset: resend.sequenceOffset))
        }
    }

    /// Weighs the viewer's bandwidth estimate against what the stream sends (`TemporalLayerPolicy`): a viewer that
    /// cannot take the whole stream gets the base layer only. The encoder and the other viewers are not affected.
    func adaptLayers(of viewer: Viewer, to track: VideoTrack, now: Double) {
        let rates = track.rates.rates(now: now)
        guard rates.all > 0 else { return }
        viewer.estimator.limitGrowth(to: Int(Self.estimateHeadroom * Double(rates.all)))
        guard track.rates.highestLayer > 0 else { return }
        let estimate = viewer.estimator.estimate
        guard
            let change = viewer.layers.update(
                estimate: Double(estimate), streamRate: Double(rates.all), baseRate: Double(rates.base), now: now)
        else { return }
        viewer.layerSwitches += 1
        layerSwitches.increment()
        logger.info(
            change == .heldToBase ? "viewer held to the base layer" : "viewer sent every layer again",
            metadata: [
                "session": "\(viewer.sessionID)", "viewer": "\(viewer.id)", "estimate": "\(estimate)",
                "streamBitrate": "\(rates.all)", "baseBitrate": "\(rates.base)",
                "raiseDelay": "\(viewer.layers.raiseDelay)",
            ]
        )
    }
}
