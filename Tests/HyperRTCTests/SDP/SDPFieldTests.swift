import HyperRTC
import Testing

/// The value types of single SDP attributes: fingerprints and candidates.
@Suite struct SDPFieldTests {
    @Test func fingerprintNormalisesAndRoundTrips() throws {
        let value = SDPOffers.chromeFingerprint
        let parsed = try SDPFingerprint(attribute: "SHA-256 \(value.lowercased())")
        #expect(parsed.algorithm == "sha-256")
        #expect(parsed.value == value)
        #expect(parsed.attributeValue == "sha-256 \(value)")
        #expect(try SDPFingerprint(attribute: parsed.attributeValue) == parsed)
        #expect(SDPFingerprint(digest: parsed.digest) == parsed)
        #expect(SDPFingerprint(digest: [0x0A, 0xFF]).value == "0A:FF")
    }

    @Test(arguments: ["sha-256", "sha-256 ", "sha-256 GG:00", "sha-256 AB:CD:", "sha-256 ABC:D", "sha-1 AB:CD"])
    func badFingerprintsAreRejected(text: String) {
        #expect(throws: RTCError.self) { try SDPFingerprint(attribute: text) }
    }

    @Test func chromeHostCandidateWithExtensions() throws {
        let text =
            "candidate:842163049 1 udp 1677729535 198.51.100.4 49652 typ srflx raddr 0.0.0.0 rport 0 "
            + "generation 0 ufrag fO7P network-id 1 network-cost 10"
        let candidate = try SDPCandidate(attribute: text)
        #expect(candidate.foundation == "842163049")
        #expect(candidate.component == 1)
        #expect(candidate.transport == "udp")
        #expect(candidate.priority == 1_677_729_535)
        #expect(candidate.address == "198.51.100.4")
        #expect(candidate.port == 49652)
        #expect(candidate.type == "srflx")
        #expect(candidate.relatedAddress == "0.0.0.0" && candidate.relatedPort == 0)
        #expect(candidate.extensions.map(\.name) == ["generation", "ufrag", "network-id", "network-cost"])
        #expect("candidate:" + candidate.attributeValue == text)
    }

    @Test func mdnsTCPCandidate() throws {
        let text = "3329455276 1 tcp 1518280447 1f4712db-ea17-4bcf-a596-105139dfd8bf.local 9 typ host tcptype active"
        let candidate = try SDPCandidate(attribute: text)
        #expect(candidate.address.hasSuffix(".local"))
        #expect(candidate.extensions == [SDPAttribute(name: "tcptype", value: "active")])
        #expect(candidate.attributeValue == text)
    }

    @Test(arguments: [
        "1 1 UDP 5 192.0.2.1 9 typ", "1 0 UDP 5 192.0.2.1 9 typ host", "1 1 UDP -5 192.0.2.1 9 typ host",
        "1 1 UDP 5 192.0.2.1 70000 typ host", "1 1 UDP 5 192.0.2.1 9 typ host generation",
        "1 1 UDP 5 192.0.2.1 9 typ srflx raddr 192.0.2.2 rport x", "1 1 UDP 4294967296 192.0.2.1 9 typ host",
    ])
    func badCandidatesAreRejected(text: String) {
        #expect(throws: RTCError.self) { try SDPCandidate(attribute: text) }
    }
}
