import HyperRTC
import Testing

/// Answering real offers: every rule of the WHEP answer, checked on the text and on the negotiated session.
@Suite struct WHEPAnswererTests {
    static let serverFingerprint = SDPFingerprint(digest: Array(0..<32))

    static func configuration(
        codecs: [VideoCodecName] = [.vp8], candidate: RTCAddress = RTCAddress(host: "203.0.113.50", port: 5000),
        transportCC: Bool = true
    ) -> AnswerConfiguration {
        var configuration = AnswerConfiguration(
            ice: ICECredentials(ufrag: "SrvUfrag", password: "ServerPasswordServerPass"),
            fingerprint: serverFingerprint, candidates: [candidate], videoCodecs: codecs, videoSSRC: 0x1111_2222,
            audioSSRC: 0x3333_4444, cname: "hypercube", streamID: "tesseract", sessionID: 4_242_424_242)
        configuration.acceptsTransportCC = transportCC
        return configuration
    }

    static func answer(
        _ offer: String, _ configuration: AnswerConfiguration = configuration()
    ) throws -> (sdp: String, session: NegotiatedSession) {
        try WHEPAnswerer.answer(offer: SessionDescription(parsing: offer), configuration: configuration)
    }

    /// The answer's lines: session level first, then one array per m-section.
    static func sections(_ sdp: String) -> (session: [String], media: [[String]]) {
        let lines = sdp.split(separator: "\r\n").map(String.init)
        var media: [[String]] = []
        var session: [String] = []
        for line in lines {
            if line.hasPrefix("m=") {
                media.append([line])
            } else if media.isEmpty {
                session.append(line)
            } else {
                media[media.count - 1].append(line)
            }
        }
        return (session, media)
    }

    static func expectError(
        _ offer: String, _ code: RTCError.Code, _ message: String, configuration: AnswerConfiguration = configuration(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try answer(offer, configuration)
            Issue.record("answered an offer that should fail with \(message)", sourceLocation: sourceLocation)
        } catch let error as RTCError {
            #expect(error.code == code, sourceLocation: sourceLocation)
            #expect(error.message == message, sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    static let candidateLine = "a=candidate:1 1 UDP 2130706431 203.0.113.50 5000 typ host"

    @Test func chromeAnswerFollowsEveryRule() throws {
        let (sdp, session) = try Self.answer(SDPOffers.chrome)
        #expect(sdp.hasSuffix("\r\n"))
        #expect(!sdp.replacing("\r\n", with: "").contains("\n"))
        let (sessionLines, media) = Self.sections(sdp)
        #expect(
            sessionLines == [
                "v=0", "o=- 4242424242 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1", "a=ice-lite",
                "a=msid-semantic: WMS tesseract",
            ])
        #expect(media.count == 3)

        #expect(
            media[0] == [
                "m=audio 5000 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 203.0.113.50", "a=mid:0", "a=ice-ufrag:SrvUfrag",
                "a=ice-pwd:ServerPasswordServerPass", "a=fingerprint:\(Self.serverFingerprint.attributeValue)",
                "a=setup:passive", "a=sendonly", "a=rtcp-mux", "a=rtcp-rsize", "a=rtpmap:111 opus/48000/2",
                "a=rtcp-fb:111 transport-cc", "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=msid:tesseract tesseract-audio", "a=ssrc:858997828 cname:hypercube",
                "a=ssrc:858997828 msid:tesseract tesseract-audio", Self.candidateLine, "a=end-of-candidates",
            ])
        #expect(
            media[1] == [
                "m=video 5000 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 203.0.113.50", "a=mid:1", "a=ice-ufrag:SrvUfrag",
                "a=ice-pwd:ServerPasswordServerPass", "a=fingerprint:\(Self.serverFingerprint.attributeValue)",
                "a=setup:passive", "a=sendonly", "a=rtcp-mux", "a=rtcp-rsize", "a=rtpmap:96 VP8/90000",
                "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli", "a=rtcp-fb:96 ccm fir", "a=rtcp-fb:96 goog-remb",
                "a=rtcp-fb:96 transport-cc",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=msid:tesseract tesseract-video", "a=ssrc:286335522 cname:hypercube",
                "a=ssrc:286335522 msid:tesseract tesseract-video", Self.candidateLine, "a=end-of-candidates",
            ])
        #expect(!media[1].contains { $0.contains("rtx") || $0.contains("apt=") })
        #expect(
            media[2] == [
                "m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", "a=mid:2", "a=inactive",
            ]
        )

        #expect(session.remoteICE == ICECredentials(ufrag: "fO7P", password: "xxVcEh4xCLhG3KwIa1YUGXJb"))
        #expect(session.remoteFingerprint == SDPFingerprint(algorithm: "sha-256", value: SDPOffers.chromeFingerprint))
        #expect(session.bundled)
        #expect(
            session.video
                == NegotiatedTrack(
                    mid: "1", payloadType: 96, codec: "VP8", clockRate: 90000, ssrc: 0x1111_2222, direction: .sendonly,
                    nack: true, pli: true, fir: true, remb: true, transportCC: true, transportCCExtensionID: 3))
        #expect(
            session.audio
                == NegotiatedTrack(
                    mid: "0", payloadType: 111, codec: "opus", clockRate: 48000, ssrc: 0x3333_4444,
                    direction: .sendonly, transportCC: true, transportCCExtensionID: 3))
    }

    @Test func transportCCIsDeclinedByDefaultSoBrowsersSendREMB() throws {
        let (sdp, session) = try Self.answer(SDPOffers.chrome, Self.configuration(transportCC: false))
        #expect(!sdp.contains("transport-cc") && !sdp.contains("transport-wide-cc"))
        #expect(sdp.contains("a=rtcp-fb:96 goog-remb"))
        #expect(session.video.remb && !session.video.transportCC && session.video.transportCCExtensionID == nil)
        #expect(session.audio?.transportCC == false)
        #expect(
            !AnswerConfiguration(
                ice: ICECredentials(ufrag: "u", password: "p"), fingerprint: Self.serverFingerprint,
                candidates: [RTCAddress(host: "127.0.0.1", port: 1)], videoSSRC: 1, audioSSRC: 2, cname: "c",
                streamID: "s"
            ).acceptsTransportCC)
    }

    @Test func vp9PreferencePicksProfileZero() throws {
        let (sdp, session) = try Self.answer(SDPOffers.chrome, Self.configuration(codecs: [.vp9, .vp8]))
        #expect(session.video.payloadType == 98)
        #expect(session.video.codec == "VP9")
        let video = Self.sections(sdp).media[1]
        #expect(video.contains("a=rtpmap:98 VP9/90000"))
        #expect(video.contains("a=fmtp:98 profile-id=0"))
        #expect(!video.contains { $0.hasPrefix("a=rtpmap:96") || $0.hasPrefix("a=rtpmap:100") })
    }

    @Test func vp9ProfileTwoAloneIsNotCommon() {
        let offer = SDPOffers.minimal(
            session: SDPOffers.minimalTransport,
            video: ["a=recvonly", "a=rtcp-mux", "a=rtpmap:96 VP9/90000", "a=fmtp:96 profile-id=2"])
        Self.expectError(
            offer, .noCommonCodec, "the offer's video (mid v) has VP9, payload type 97; this server sends VP9",
            configuration: Self.configuration(codecs: [.vp9]))
    }

    @Test(arguments: ["recvonly", "sendrecv"])
    func aiortcAnswer(direction: String) throws {
        let (sdp, session) = try Self.answer(SDPOffers.aiortc(direction: direction))
        let (sessionLines, media) = Self.sections(sdp)
        #expect(sessionLines.contains("a=group:BUNDLE 0 1"))
        #expect(media[0].first == "m=video 5000 UDP/TLS/RTP/SAVPF 97")
        #expect(media[0].contains("a=sendonly"))
        #expect(
            media[0].filter { $0.hasPrefix("a=rtcp-fb") }
                == ["a=rtcp-fb:97 nack", "a=rtcp-fb:97 nack pli", "a=rtcp-fb:97 goog-remb"])
        #expect(!media[0].contains("a=rtcp-rsize"))
        #expect(!media[0].contains { $0.hasPrefix("a=extmap") })
        #expect(media[1].first == "m=audio 5000 UDP/TLS/RTP/SAVPF 96")
        #expect(media[1].contains("a=fmtp:96 minptime=10;useinbandfec=1"))
        #expect(!media[1].contains { $0.hasPrefix("a=rtcp-fb") })
        #expect(session.remoteICE == ICECredentials(ufrag: "SsIL", password: "I9uJ3lrb/0GWts5Q/OZVYtOt0yeE2ML7"))
        #expect(session.remoteFingerprint.attributeValue == SDPOffers.aiortcFingerprints[0])
        #expect(session.video.payloadType == 97 && session.video.nack && session.video.pli && session.video.remb)
        #expect(!session.video.fir && !session.video.transportCC)
        #expect(session.audio?.payloadType == 96)
    }

    @Test(arguments: ["a=sendonly", "a=inactive"])
    func viewerThatDoesNotReceiveGetsInactive(direction: String) throws {
        var video = SDPOffers.minimalVideo
        video[0] = direction
        let (sdp, session) = try Self.answer(SDPOffers.minimal(session: SDPOffers.minimalTransport, video: video))
        let lines = Self.sections(sdp).media[0]
        #expect(lines.contains("a=inactive"))
        #expect(!lines.contains { $0.hasPrefix("a=ssrc") || $0.hasPrefix("a=msid") })
        #expect(session.video.direction == .inactive)
    }

    @Test func audioWithoutOpusIsRejected() throws {
        let offer = SDPOffers.minimal(
            session: SDPOffers.minimalTransport, video: SDPOffers.minimalVideo,
            audio: ["a=recvonly", "a=rtcp-mux", "a=rtpmap:0 PCMU/8000"])
        let (sdp, session) = try Self.answer(offer.replacing("UDP/TLS/RTP/SAVPF 111", with: "UDP/TLS/RTP/SAVPF 0"))
        let (sessionLines, media) = Self.sections(sdp)
        #expect(media[1] == ["m=audio 0 UDP/TLS/RTP/SAVPF 0", "c=IN IP4 0.0.0.0", "a=mid:a", "a=inactive"])
        #expect(sessionLines.contains("a=group:BUNDLE v"))
        #expect(session.audio == nil)
    }

    @Test func bundleOnlyAudioIsAcceptedAndAudioWithoutRTCPMuxIsNot() throws {
        let bundleOnly = SDPOffers.minimal(
            session: SDPOffers.minimalTransport, video: SDPOffers.minimalVideo,
            audio: SDPOffers.minimalAudio + ["a=bundle-only"]
        ).replacing("m=audio 9", with: "m=audio 0")
        #expect(try Self.answer(bundleOnly).session.audio?.mid == "a")
        let unmuxed = SDPOffers.minimal(
            session: SDPOffers.minimalTransport, video: SDPOffers.minimalVideo,
            audio: SDPOffers.minimalAudio.filter { $0 != "a=rtcp-mux" })
        let (sdp, session) = try Self.answer(unmuxed)
        #expect(session.audio == nil)
        #expect(Self.sections(sdp).media[1].first == "m=audio 0 UDP/TLS/RTP/SAVPF 111")
    }

    @Test func withoutBundleOnlyVideoIsAccepted() throws {
        let offer = SDPOffers.minimal(
            session: SDPOffers.minimalTransport, video: SDPOffers.minimalVideo, audio: SDPOffers.minimalAudio,
            bundle: nil)
        let (sdp, session) = try Self.answer(offer)
        let (sessionLines, media) = Self.sections(sdp)
        #expect(!sessionLines.contains { $0.hasPrefix("a=group") })
        #expect(media[1].first == "m=audio 0 UDP/TLS/RTP/SAVPF 111")
        #expect(!session.bundled)
        #expect(session.audio == nil)
    }

    @Test func secondVideoIsRejected() throws {
        let offer =
            SDPOffers.minimal(session: SDPOffers.minimalTransport, video: SDPOffers.minimalVideo)
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:v2\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\n"
        let (sdp, session) = try Self.answer(offer)
        #expect(
            Self.sections(sdp).media[1] == [
                "m=video 0 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=mid:v2", "a=inactive",
            ])
        #expect(session.video.mid == "v")
    }

    @Test func ipv6CandidateUsesIP6() throws {
        let configuration = Self.configuration(candidate: RTCAddress(host: "2001:db8::50", port: 6000))
        let offer = SDPOffers.minimal(session: SDPOffers.minimalTransport, video: SDPOffers.minimalVideo)
        let video = Self.sections(try Self.answer(offer, configuration).sdp).media[0]
        #expect(video.contains("c=IN IP6 2001:db8::50"))
        #expect(video.contains("a=candidate:1 1 UDP 2130706431 2001:db8::50 6000 typ host"))
    }

    @Test func offerWithoutVideoIsUnsupported() {
        let audioOnly = SDPOffers.chrome.replacing("m=video 9", with: "m=video 0")
        Self.expectError(audioOnly, .unsupportedOffer, "the offer has no video")
    }

    @Test func videoWithoutVP8OrVP9HasNoCommonCodec() {
        Self.expectError(
            SDPOffers.chromeWithoutVP8, .noCommonCodec,
            "the offer's video (mid 0) has H264, rtx, AV1; this server sends VP8, VP9",
            configuration: Self.configuration(codecs: [.vp8, .vp9]))
    }

    @Test func missingTransportAttributesAreNamed() {
        let transport = SDPOffers.minimalTransport
        let cases: [([String], String)] = [
            (
                Array(transport.dropFirst()),
                "the offer has no a=ice-ufrag for its video (mid v)"
            ),
            (
                [transport[0]] + transport.dropFirst(2),
                "the offer has no a=ice-pwd for its video (mid v)"
            ),
            (
                Array(transport.prefix(2)) + [transport[3]],
                "the offer has no a=fingerprint for its video (mid v)"
            ),
            (
                Array(transport.prefix(2))
                    + [
                        "a=fingerprint:sha-1 15:30:28:D9:B3:9E:0F:EC:AA:92:82:7A:25:69:A9:E8:06:40:73:6E", transport[3],
                    ],
                "the offer's a=fingerprint uses sha-1; this server checks sha-256 only"
            ),
            (
                Array(transport.prefix(3)) + ["a=setup:passive"],
                "offer's a=setup:passive would make the server the DTLS client, which it is not"
            ),
            (
                Array(transport.prefix(3)) + ["a=setup:holdconn"],
                "the offer's a=setup:holdconn is not actpass or active"
            ),
        ]
        for (session, message) in cases {
            Self.expectError(
                SDPOffers.minimal(session: session, video: SDPOffers.minimalVideo), .unsupportedOffer, message)
        }
    }

    @Test func rtcpMuxIsRequired() {
        let video = SDPOffers.minimalVideo.filter { $0 != "a=rtcp-mux" }
        Self.expectError(
            SDPOffers.minimal(session: SDPOffers.minimalTransport, video: video), .unsupportedOffer,
            "the offer's video (mid v) has no a=rtcp-mux, which this server requires")
    }

    @Test func plainRTPIsUnsupported() {
        let offer = SDPOffers.minimal(session: SDPOffers.minimalTransport, video: SDPOffers.minimalVideo)
            .replacing("UDP/TLS/RTP/SAVPF", with: "RTP/AVP")
        Self.expectError(
            offer, .unsupportedOffer, "the offer's video (mid v) uses RTP/AVP; this server needs UDP/TLS/RTP/SAVPF")
    }

    @Test(arguments: [
        SDPOffers.chrome, SDPOffers.aiortc(direction: "recvonly"), SDPOffers.aiortc(direction: "sendrecv"),
    ])
    func answerParsesBackToWhatWasNegotiated(offerText: String) throws {
        let configuration = Self.configuration()
        let offer = try SessionDescription(parsing: offerText)
        let (sdp, session) = try WHEPAnswerer.answer(offer: offer, configuration: configuration)
        let answer = try SessionDescription(parsing: sdp)
        #expect(answer.iceLite)
        #expect(answer.media.map(\.kind) == offer.media.map(\.kind))
        #expect(answer.media.map(\.mid) == offer.media.map(\.mid))
        let tracks = [session.video] + (session.audio.map { [$0] } ?? [])
        #expect(answer.bundleGroups == [tracks.map(\.mid).sorted()])
        for media in answer.media {
            guard let track = tracks.first(where: { $0.mid == media.mid }) else {
                #expect(media.port == 0)
                continue
            }
            #expect(media.port == configuration.connectionAddress.port)
            #expect(media.formats == ["\(track.payloadType)"])
            #expect(media.rtpMaps[track.payloadType]?.codec == track.codec)
            #expect(media.rtpMaps[track.payloadType]?.clockRate == track.clockRate)
            #expect(media.direction == track.direction)
            #expect(media.iceCredentials == configuration.ice)
            #expect(media.fingerprint == configuration.fingerprint)
            #expect(media.setup == "passive")
            #expect(media.rtcpMux)
            #expect(
                media.candidates == [
                    SDPCandidate(
                        foundation: "1", component: 1, transport: "UDP", priority: 2_130_706_431,
                        address: "203.0.113.50",
                        port: 5000, type: "host")
                ])
            #expect(media.feedback(forPayloadType: track.payloadType).contains("nack pli") == track.pli)
            #expect(media.attributes.contains(SDPAttribute(name: "ssrc", value: "\(track.ssrc) cname:hypercube")))
        }
    }
}
