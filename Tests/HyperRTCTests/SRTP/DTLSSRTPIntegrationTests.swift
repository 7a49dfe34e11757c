import Testing

@testable import HyperRTC

@Suite struct DTLSSRTPIntegrationTests {
    @Test(arguments: SRTPProtectionProfile.allCases)
    func keysFromAHandshakeProtectBothWays(profile: SRTPProtectionProfile) throws {
        let loop = try DTLSLoopback(clientProfiles: [profile])
        loop.connect()
        let client = try SRTPSession(keys: try #require(loop.clientKeys))
        let server = try SRTPSession(keys: try #require(loop.serverKeys))

        let media = SRTPSessionTests.rtpPacket(sequence: 4242, payloadLength: 1000)
        #expect(try client.unprotectRTP(server.protectRTP(media)) == media)
        let feedback = SRTPSessionTests.rtcpPacket
        #expect(try server.unprotectRTCP(client.protectRTCP(feedback)) == feedback)
        #expect { _ = try server.unprotectRTP(server.protectRTP(media)) } throws: {
            ($0 as? RTCError)?.code == .srtpFailure
        }
    }
}
