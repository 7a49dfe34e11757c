import HyperRTC
import Testing

/// An answer and an ICE restart fragment carry one host candidate per address, first preferred; the first is the
/// connection address.
@Suite struct HostCandidatesTests {
    static let addresses = [
        RTCAddress(host: "192.168.1.20", port: 5000), RTCAddress(host: "10.0.0.7", port: 5000),
        RTCAddress(host: "127.0.0.1", port: 5000),
    ]
    static let lines = [
        "a=candidate:1 1 UDP 2130706431 192.168.1.20 5000 typ host",
        "a=candidate:2 1 UDP 2130706175 10.0.0.7 5000 typ host",
        "a=candidate:3 1 UDP 2130705919 127.0.0.1 5000 typ host",
    ]

    @Test func theAnswerHasACandidatePerAddressInOrder() throws {
        var configuration = WHEPAnswererTests.configuration()
        configuration.candidates = Self.addresses
        let offer = SDPOffers.minimal(session: SDPOffers.minimalTransport, video: SDPOffers.minimalVideo)
        let video = WHEPAnswererTests.sections(try WHEPAnswererTests.answer(offer, configuration).sdp).media[0]
        #expect(video.filter { $0.hasPrefix("a=candidate:") } == Self.lines)
        #expect(video.contains("c=IN IP4 192.168.1.20"))
        #expect(video[0].hasPrefix("m=video 5000 "))
        #expect(video.last == "a=end-of-candidates")
    }

    @Test func anICERestartAnswersWithEveryCandidate() {
        let fragment = SDPFragment.iceRestartAnswer(
            local: ICECredentials(ufrag: "abcd", password: "0123456789012345678901"), candidates: Self.addresses,
            mid: "0", payloadType: 96)
        let lines = fragment.split(separator: "\r\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("a=candidate:") } == Self.lines)
        #expect(lines.last == "a=end-of-candidates")
    }

    @Test func eachCandidateParsesBack() throws {
        for line in Self.lines {
            let candidate = try SDPCandidate(attribute: String(line.dropFirst("a=".count)))
            #expect(candidate.type == "host" && candidate.port == 5000)
        }
    }
}
