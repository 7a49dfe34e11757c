import HyperRTC
import Testing

/// Parsing offers as Chrome and aiortc write them, and the session-level inheritance rules.
@Suite struct SessionDescriptionParsingTests {
    @Test func chromeOffer() throws {
        let offer = try SessionDescription(parsing: SDPOffers.chrome)
        #expect(offer.bundleGroups == [["0", "1", "2"]])
        #expect(!offer.iceLite)
        #expect(offer.attributes.contains(SDPAttribute(name: "extmap-allow-mixed")))
        #expect(offer.attributes.contains(SDPAttribute(name: "msid-semantic", value: " WMS")))
        #expect(offer.media.map(\.kind) == ["audio", "video", "application"])
        #expect(offer.media.map(\.mid) == ["0", "1", "2"])
        #expect(offer.media.map(\.port) == [9, 9, 9])

        let video = offer.media[1]
        #expect(video.proto == "UDP/TLS/RTP/SAVPF")
        #expect(video.formats.first == "96" && video.formats.count == 13)
        #expect(video.direction == .recvonly)
        #expect(video.rtpMaps[96] == RTPMap(codec: "VP8", clockRate: 90000))
        #expect(video.rtpMaps[45] == RTPMap(codec: "AV1", clockRate: 90000))
        #expect(video.rtpMaps[97]?.codec == "rtx")
        #expect(video.formatParameters[97] == "apt=96")
        #expect(video.formatParameters[100] == "profile-id=2")
        #expect(video.feedback[96] == ["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"])
        #expect(video.extensions[3] == "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01")
        #expect(video.extensions.count == 11)
        #expect(video.iceCredentials == ICECredentials(ufrag: "fO7P", password: "xxVcEh4xCLhG3KwIa1YUGXJb"))
        #expect(video.fingerprint == SDPFingerprint(algorithm: "sha-256", value: SDPOffers.chromeFingerprint))
        #expect(video.setup == "actpass")
        #expect(video.rtcpMux && video.rtcpReducedSize)
        #expect(video.candidates.isEmpty)
        #expect(video.attributes.contains(SDPAttribute(name: "ice-options", value: "trickle")))
        #expect(video.attributes.contains(SDPAttribute(name: "rtcp", value: "9 IN IP4 0.0.0.0")))

        let audio = offer.media[0]
        #expect(audio.rtpMaps[111] == RTPMap(codec: "opus", clockRate: 48000, channels: 2))
        #expect(audio.formatParameters[111] == "minptime=10;useinbandfec=1")
        #expect(audio.feedback[111] == ["transport-cc"])

        let data = offer.media[2]
        #expect(data.formats == ["webrtc-datachannel"])
        #expect(data.proto == "UDP/DTLS/SCTP")
        #expect(data.attributes.contains(SDPAttribute(name: "sctp-port", value: "5000")))
    }

    @Test(arguments: ["recvonly", "sendrecv"])
    func aiortcOffer(direction: String) throws {
        let offer = try SessionDescription(parsing: SDPOffers.aiortc(direction: direction))
        #expect(offer.media.map(\.kind) == ["video", "audio"])
        #expect(offer.media.allSatisfy { $0.direction.rawValue == direction })
        let video = offer.media[0]
        #expect(video.port == 51234)
        #expect(video.feedback[97] == ["nack", "nack pli", "goog-remb"])
        #expect(video.iceCredentials == ICECredentials(ufrag: "SsIL", password: "I9uJ3lrb/0GWts5Q/OZVYtOt0yeE2ML7"))
        #expect(video.fingerprint?.attributeValue == SDPOffers.aiortcFingerprints[0])
        #expect(
            video.attributes.filter { $0.name == "fingerprint" }.map(\.value)
                == Array(SDPOffers.aiortcFingerprints[1...]))
        #expect(video.candidates.count == 2)
        #expect(video.candidates[0].type == "host" && video.candidates[0].transport == "udp")
        #expect(video.candidates[1].relatedAddress == "192.168.1.20" && video.candidates[1].relatedPort == 51234)
        #expect(video.attributes.contains(SDPAttribute(name: "end-of-candidates")))
        #expect(offer.media[1].rtpMaps[96] == RTPMap(codec: "opus", clockRate: 48000, channels: 2))
    }

    @Test func lineFeedsAloneParseTheSame() throws {
        let lf = SDPOffers.chrome.split(separator: "\r\n", omittingEmptySubsequences: false).joined(separator: "\n")
        #expect(!lf.contains("\r"))
        #expect(try SessionDescription(parsing: lf) == SessionDescription(parsing: SDPOffers.chrome))
    }

    @Test func sessionLevelTransportIsInheritedAndOverridden() throws {
        let text = SDPOffers.minimal(
            session: SDPOffers.minimalTransport + ["a=sendonly"],
            video: ["a=rtpmap:96 VP8/90000", "a=ice-ufrag:ownU", "a=ice-pwd:ownPasswordOwnPassword12"],
            audio: ["a=inactive", "a=setup:active"])
        let offer = try SessionDescription(parsing: text)
        let video = offer.media[0]
        let audio = offer.media[1]
        #expect(video.iceCredentials == ICECredentials(ufrag: "ownU", password: "ownPasswordOwnPassword12"))
        #expect(audio.iceCredentials == ICECredentials(ufrag: "FY1y", password: "H+AEUAI1H2zOZ9FoUOyCVKv8"))
        #expect(video.fingerprint?.value == SDPOffers.chromeFingerprint)
        #expect(audio.fingerprint?.value == SDPOffers.chromeFingerprint)
        #expect(video.setup == "actpass" && audio.setup == "active")
        #expect(video.direction == .sendonly && audio.direction == .inactive)
        #expect(offer.bundleGroups == [["v", "a"]])
    }

    @Test func directionDefaultsToSendrecv() throws {
        let offer = try SessionDescription(parsing: SDPOffers.minimal(video: ["a=rtpmap:96 VP8/90000"]))
        #expect(offer.media[0].direction == .sendrecv)
    }

    @Test func wildcardFeedbackAppliesToEveryPayloadType() throws {
        let offer = try SessionDescription(
            parsing: SDPOffers.minimal(video: ["a=rtcp-fb:* nack", "a=rtcp-fb:96 ccm fir"]))
        #expect(offer.media[0].feedback[-1] == ["nack"])
        #expect(offer.media[0].feedback(forPayloadType: 96) == ["ccm fir", "nack"])
        #expect(offer.media[0].feedback(forPayloadType: 97) == ["nack"])
    }

    @Test func iceLiteAndOtherGroupsAtSessionLevel() throws {
        let offer = try SessionDescription(
            parsing: SDPOffers.minimal(session: ["a=ice-lite", "a=group:LS v a"], bundle: nil))
        #expect(offer.iceLite)
        #expect(offer.bundleGroups.isEmpty)
        #expect(offer.attributes == [SDPAttribute(name: "group", value: "LS v a")])
    }
}
