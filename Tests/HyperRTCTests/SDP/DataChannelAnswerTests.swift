import HyperRTC
import Testing

/// A data channel m-section (RFC 8841) is accepted only where the answer may (XR viewers) and only bundled with the
/// video, and the answer announces our SCTP port and message size.
@Suite struct DataChannelAnswerTests {
    static func offer(data: [String], bundle: String = "a=group:BUNDLE v d") -> String {
        var lines = ["v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0", bundle] + SDPOffers.minimalTransport
        lines += ["m=video 9 UDP/TLS/RTP/SAVPF 96 97", "c=IN IP4 0.0.0.0", "a=mid:v"] + SDPOffers.minimalVideo
        lines += data
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static let chromeData = [
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", "a=mid:d", "a=sctp-port:5000",
        "a=max-message-size:262144",
    ]

    static func xrConfiguration() -> AnswerConfiguration {
        var configuration = WHEPAnswererTests.configuration()
        configuration.acceptsDataChannel = true
        return configuration
    }

    @Test func xrAnswerAcceptsTheBundledDataChannel() throws {
        let (sdp, session) = try WHEPAnswererTests.answer(Self.offer(data: Self.chromeData), Self.xrConfiguration())
        #expect(
            session.dataChannel == NegotiatedDataChannel(mid: "d", remotePort: 5000, remoteMaximumMessageSize: 262144))
        let (sessionLines, media) = WHEPAnswererTests.sections(sdp)
        #expect(sessionLines.contains("a=group:BUNDLE v d"))
        let data = try #require(media.last)
        #expect(data.first == "m=application 5000 UDP/DTLS/SCTP webrtc-datachannel")
        for line in [
            "a=mid:d", "a=setup:passive", "a=sctp-port:5000", "a=max-message-size:16384", "a=ice-ufrag:SrvUfrag",
            WHEPAnswererTests.candidateLine,
        ] {
            #expect(data.contains(line), "missing \(line)")
        }
        #expect(!data.contains { $0.hasPrefix("a=rtpmap") || $0.hasPrefix("a=ssrc") })
    }

    @Test func spectatorAnswerRejectsTheDataChannel() throws {
        let (sdp, session) = try WHEPAnswererTests.answer(Self.offer(data: Self.chromeData))
        #expect(session.dataChannel == nil)
        let data = try #require(WHEPAnswererTests.sections(sdp).media.last)
        #expect(data.first == "m=application 0 UDP/DTLS/SCTP webrtc-datachannel")
        #expect(WHEPAnswererTests.sections(sdp).session.contains("a=group:BUNDLE v"))
    }

    @Test func defaultsApplyWhenTheOfferNamesNoPortOrSize() throws {
        let data = Array(Self.chromeData.prefix(3))
        let (_, session) = try WHEPAnswererTests.answer(Self.offer(data: data), Self.xrConfiguration())
        #expect(session.dataChannel == NegotiatedDataChannel(mid: "d"))
    }

    @Test(arguments: [
        ("unbundled", DataChannelAnswerTests.chromeData, "a=group:BUNDLE v"),
        ("legacy proto", ["m=application 9 DTLS/SCTP 5000", "c=IN IP4 0.0.0.0", "a=mid:d"], "a=group:BUNDLE v d"),
        ("bad port", Array(DataChannelAnswerTests.chromeData.prefix(3)) + ["a=sctp-port:70000"], "a=group:BUNDLE v d"),
        (
            "bad size", Array(DataChannelAnswerTests.chromeData.prefix(3)) + ["a=max-message-size:-1"],
            "a=group:BUNDLE v d"
        ),
    ])
    func unusableDataChannelsAreRejected(name: String, data: [String], bundle: String) throws {
        let (sdp, session) = try WHEPAnswererTests.answer(
            Self.offer(data: data, bundle: bundle), Self.xrConfiguration())
        #expect(session.dataChannel == nil, "\(name)")
        #expect(WHEPAnswererTests.sections(sdp).media.last?.first?.contains(" 0 ") == true, "\(name)")
    }
}

/// The playout-delay extension is answered only where asked for (XR viewers) and only with a one-byte ID, and a packet
/// carries it as RFC 8285 and the webrtc.org format say.
@Suite struct PlayoutDelayTests {
    static let uri = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"

    static func offer(id: Int) -> String {
        SDPOffers.minimal(
            session: SDPOffers.minimalTransport, video: SDPOffers.minimalVideo + ["a=extmap:\(id) \(uri)"], bundle: nil)
    }

    @Test func answeredForXRViewersOnly() throws {
        var xr = WHEPAnswererTests.configuration()
        xr.acceptsPlayoutDelay = true
        let (sdp, session) = try WHEPAnswererTests.answer(Self.offer(id: 6), xr)
        #expect(session.video.playoutDelayExtensionID == 6)
        #expect(sdp.contains("a=extmap:6 \(Self.uri)\r\n"))
        let (plain, spectator) = try WHEPAnswererTests.answer(Self.offer(id: 6))
        #expect(spectator.video.playoutDelayExtensionID == nil)
        #expect(!plain.contains("playout-delay"))
        let (_, twoByte) = try WHEPAnswererTests.answer(Self.offer(id: 20), xr)
        #expect(twoByte.video.playoutDelayExtensionID == nil)
    }

    @Test func packetCarriesTheElement() throws {
        var packet = RTPPacket(payloadType: 96, sequenceNumber: 7, timestamp: 9, ssrc: 1, payload: [1, 2, 3])
        PlayoutDelay(minimum: 0x123, maximum: 0x456).attach(to: &packet, id: 6)
        let parsed = try RTPPacket(parsing: packet.encoded())
        #expect(parsed.extensionProfile == 0xBEDE)
        #expect(Array(parsed.extensionData.prefix(4)) == [0x62, 0x12, 0x34, 0x56])
        #expect(parsed.payload == [1, 2, 3])
        PlayoutDelay.immediate.attach(to: &packet, id: 6)
        #expect(packet.extensionData == [0x62, 0, 0, 0])
    }
}
