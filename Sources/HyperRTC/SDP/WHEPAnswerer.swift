/// Answers a WHEP viewer's offer (draft-ietf-wish-whep, JSEP rules of RFC 9429) for a server that only sends.
///
/// One answer m-section per offer m-section, same order and mids: the first video is accepted with the preferred
/// common codec and no RTX, the first audio with Opus when bundled with it, everything else is rejected (port 0).
public enum WHEPAnswerer {
    static let transportCCURI = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
    static let playoutDelayURI = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"
    /// Feedback kept for video when offered, in the order they are written.
    static let videoFeedback = ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"]

    public static func answer(
        offer: SessionDescription, configuration: AnswerConfiguration
    ) throws(RTCError) -> (sdp: String, session: NegotiatedSession) {
        guard let videoIndex = offer.media.firstIndex(where: { $0.kind == "video" && isOffered($0) }) else {
            throw RTCError(.unsupportedOffer, "the offer has no video")
        }
        let videoOffer = offer.media[videoIndex]
        let (mid, remoteICE, remoteFingerprint) = try checkTransport(videoOffer)
        let bundle = offer.bundleGroups.first { $0.contains(mid) }
        let bundled = Set(bundle ?? [])
        let video = try acceptVideo(videoOffer, mid: mid, configuration: configuration)
        let audio = offer.media.indices.lazy.compactMap {
            index -> (index: Int, media: SDPAnswerWriter.AcceptedMedia)? in
            let media = offer.media[index]
            guard media.kind == "audio", isOffered(media), media.rtcpMux, let mid = media.mid,
                bundled.contains(mid), let payloadType = opusPayloadType(media)
            else { return nil }
            return (index, acceptAudio(media, mid: mid, payloadType: payloadType, configuration: configuration))
        }.first
        let data = configuration.acceptsDataChannel ? acceptDataChannel(offer, bundled: bundled) : nil
        var writer = SDPAnswerWriter(configuration: configuration)
        let acceptedMids = Set(
            [video.track.mid] + (audio.map { [$0.media.track.mid] } ?? []) + (data.map { [$0.channel.mid] } ?? []))
        writer.writeSession(bundle: bundle.map { group in group.filter(acceptedMids.contains) })
        for (index, media) in offer.media.enumerated() {
            if index == videoIndex {
                writer.writeAccepted(video, trackID: configuration.videoTrackID)
            } else if let audio, index == audio.index {
                writer.writeAccepted(audio.media, trackID: configuration.audioTrackID)
            } else if let data, index == data.index {
                writer.writeDataChannel(media, mid: data.channel.mid)
            } else {
                writer.writeRejected(media)
            }
        }
        let session = NegotiatedSession(
            remoteICE: remoteICE, remoteFingerprint: remoteFingerprint, video: video.track, audio: audio?.media.track,
            bundled: bundle != nil, dataChannel: data?.channel)
        return (writer.text, session)
    }

    /// The first data channel m-section bundled with the video (RFC 8841: `UDP/DTLS/SCTP webrtc-datachannel`), with
    /// the offerer's SCTP port and message size limit; the legacy `DTLS/SCTP 5000` form is not taken.
    private static func acceptDataChannel(
        _ offer: SessionDescription, bundled: Set<String>
    ) -> (index: Int, channel: NegotiatedDataChannel)? {
        offer.media.indices.lazy.compactMap { index -> (index: Int, channel: NegotiatedDataChannel)? in
            let media = offer.media[index]
            guard media.kind == "application", isOffered(media), media.proto.hasSuffix("DTLS/SCTP"),
                media.formats == ["webrtc-datachannel"], let mid = media.mid, bundled.contains(mid)
            else { return nil }
            var channel = NegotiatedDataChannel(mid: mid)
            for attribute in media.attributes {
                switch attribute.name {
                case "sctp-port":
                    guard let port = attribute.value.flatMap({ UInt16($0) }), port > 0 else { return nil }
                    channel.remotePort = port
                case "max-message-size":
                    guard let size = attribute.value.flatMap({ Int($0) }), size >= 0 else { return nil }
                    channel.remoteMaximumMessageSize = size
                default:
                    continue
                }
            }
            return (index, channel)
        }.first
    }

    /// An m-section the offerer wants negotiated: a non-zero port, or port 0 with `a=bundle-only` (RFC 8843 §6).
    private static func isOffered(_ media: MediaDescription) -> Bool {
        media.port != 0 || media.attributes.contains(SDPAttribute(name: "bundle-only"))
    }

    /// The video's mid, the viewer's ICE credentials and sha-256 fingerprint, once its DTLS and ICE terms are ones we
    /// can meet.
    private static func checkTransport(
        _ video: MediaDescription
    ) throws(RTCError) -> (mid: String, ice: ICECredentials, fingerprint: SDPFingerprint) {
        guard let mid = video.mid else {
            throw RTCError(.unsupportedOffer, "the offer's video m-line has no a=mid")
        }
        guard video.proto.hasSuffix("/SAVPF") || video.proto.hasSuffix("/SAVP") else {
            throw RTCError(
                .unsupportedOffer,
                "the offer's video (mid \(mid)) uses \(video.proto); this server needs UDP/TLS/RTP/SAVPF")
        }
        guard let ufrag = video.iceUfrag else {
            throw RTCError(.unsupportedOffer, "the offer has no a=ice-ufrag for its video (mid \(mid))")
        }
        guard let password = video.icePassword else {
            throw RTCError(.unsupportedOffer, "the offer has no a=ice-pwd for its video (mid \(mid))")
        }
        guard let fingerprint = video.fingerprint else {
            throw RTCError(.unsupportedOffer, "the offer has no a=fingerprint for its video (mid \(mid))")
        }
        guard fingerprint.algorithm == "sha-256" else {
            throw RTCError(
                .unsupportedOffer,
                "the offer's a=fingerprint uses \(fingerprint.algorithm); this server checks sha-256 only")
        }
        switch video.setup {
        case nil, "actpass", "active":
            break
        case "passive":
            throw RTCError(
                .unsupportedOffer, "offer's a=setup:passive would make the server the DTLS client, which it is not")
        case let other?:
            throw RTCError(.unsupportedOffer, "the offer's a=setup:\(other) is not actpass or active")
        }
        guard video.rtcpMux else {
            throw RTCError(
                .unsupportedOffer, "the offer's video (mid \(mid)) has no a=rtcp-mux, which this server requires")
        }
        return (mid, ICECredentials(ufrag: ufrag, password: password), fingerprint)
    }

    private static func acceptVideo(
        _ offer: MediaDescription, mid: String, configuration: AnswerConfiguration
    ) throws(RTCError) -> SDPAnswerWriter.AcceptedMedia {
        for codec in configuration.videoCodecs {
            guard let payloadType = videoPayloadType(offer, codec: codec), let map = offer.rtpMaps[payloadType] else {
                continue
            }
            let offered = Set(offer.feedback(forPayloadType: payloadType).map(normalizedFeedback))
            let extensionID = transportCCExtension(offer, offeredFeedback: offered, configuration: configuration)
            let feedback = videoFeedback.filter { offered.contains($0) && ($0 != "transport-cc" || extensionID != nil) }
            var track = NegotiatedTrack(
                mid: mid, payloadType: payloadType, codec: codec.rawValue, clockRate: map.clockRate,
                ssrc: configuration.videoSSRC, direction: answerDirection(offer.direction),
                nack: feedback.contains("nack"), pli: feedback.contains("nack pli"), fir: feedback.contains("ccm fir"),
                remb: feedback.contains("goog-remb"), transportCC: extensionID != nil,
                transportCCExtensionID: extensionID)
            if configuration.acceptsPlayoutDelay {
                // One-byte header elements only (IDs 1...14, RFC 8285): what our packets carry.
                track.playoutDelayExtensionID = offer.extensions.filter {
                    $0.value == playoutDelayURI && (1...14).contains($0.key)
                }.keys.min()
            }
            return SDPAnswerWriter.AcceptedMedia(
                offer: offer, track: track, rtpMap: map, formatParameters: offer.formatParameters[payloadType],
                feedback: feedback)
        }
        var offered: [String] = []
        for format in offer.formats {
            let name = Int(format).flatMap { offer.rtpMaps[$0]?.codec } ?? "payload type \(format)"
            if !offered.contains(name) { offered.append(name) }
        }
        let ours = configuration.videoCodecs.map(\.rawValue).joined(separator: ", ")
        throw RTCError(
            .noCommonCodec,
            "the offer's video (mid \(mid)) has \(offered.joined(separator: ", ")); this server sends \(ours)")
    }

    private static func acceptAudio(
        _ offer: MediaDescription, mid: String, payloadType: Int, configuration: AnswerConfiguration
    ) -> SDPAnswerWriter.AcceptedMedia {
        let offered = Set(offer.feedback(forPayloadType: payloadType).map(normalizedFeedback))
        let extensionID = transportCCExtension(offer, offeredFeedback: offered, configuration: configuration)
        let track = NegotiatedTrack(
            mid: mid, payloadType: payloadType, codec: "opus", clockRate: 48000,
            ssrc: configuration.audioSSRC, direction: answerDirection(offer.direction), transportCC: extensionID != nil,
            transportCCExtensionID: extensionID)
        return SDPAnswerWriter.AcceptedMedia(
            offer: offer, track: track, rtpMap: RTPMap(codec: "opus", clockRate: 48000, channels: 2),
            formatParameters: "minptime=10;useinbandfec=1", feedback: extensionID == nil ? [] : ["transport-cc"])
    }

    /// The first payload type of the offer (in its preference order) carrying `codec` at 90 kHz; for VP9 only
    /// profile 0, the one the encoder produces.
    private static func videoPayloadType(_ offer: MediaDescription, codec: VideoCodecName) -> Int? {
        offer.formats.compactMap { Int($0) }.first { payloadType in
            guard let map = offer.rtpMaps[payloadType], map.codec.uppercased() == codec.rawValue,
                map.clockRate == 90000
            else { return false }
            guard codec == .vp9 else { return true }
            let parameters = (offer.formatParameters[payloadType] ?? "").split(separator: ";").map {
                $0.filter { $0 != " " }
            }
            return !parameters.contains { $0.hasPrefix("profile-id=") && $0 != "profile-id=0" }
        }
    }

    private static func opusPayloadType(_ offer: MediaDescription) -> Int? {
        offer.formats.compactMap { Int($0) }.first { payloadType in
            guard let map = offer.rtpMaps[payloadType] else { return false }
            return map.codec.lowercased() == "opus" && map.clockRate == 48000 && map.channels == 2
        }
    }

    /// The transport-wide sequence number extension's ID, if the offer has both it and the transport-cc feedback.
    private static func transportCCExtension(
        _ offer: MediaDescription, offeredFeedback: Set<String>, configuration: AnswerConfiguration
    ) -> Int? {
        guard configuration.acceptsTransportCC, offeredFeedback.contains("transport-cc") else { return nil }
        return offer.extensions.filter { $0.value == transportCCURI }.keys.min()
    }

    private static func normalizedFeedback(_ value: String) -> String {
        value.lowercased().split(separator: " ").joined(separator: " ")
    }

    /// We only send: to a viewer that receives, `sendonly`; otherwise nothing flows.
    private static func answerDirection(_ offered: SDPDirection) -> SDPDirection {
        offered == .recvonly || offered == .sendrecv ? .sendonly : .inactive
    }
}
