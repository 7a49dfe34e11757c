import Testing

@testable import HyperRTC

@Suite struct DTLSTransportTests {
    @Test func handshakeConnectsBothSidesWithMirroredKeys() throws {
        let loop = try DTLSLoopback()
        loop.connect()

        #expect(loop.client.isConnected)
        #expect(loop.server.isConnected)
        let client = try #require(loop.clientKeys)
        let server = try #require(loop.serverKeys)
        #expect(client.profile == .aeadAES128GCM)
        #expect(server.profile == client.profile)
        #expect(client.localKey == server.remoteKey)
        #expect(client.localSalt == server.remoteSalt)
        #expect(client.remoteKey == server.localKey)
        #expect(client.remoteSalt == server.localSalt)
        #expect(client.localKey != client.remoteKey)
        #expect(client.localKey.count == 16 && client.localSalt.count == 12)
        #expect(loop.clientEvents.count { if case .connected = $0 { true } else { false } } == 1)
        #expect(loop.serverEvents.count { if case .connected = $0 { true } else { false } } == 1)
        #expect(loop.client.timeout == nil && loop.server.timeout == nil)
    }

    @Test(arguments: SRTPProtectionProfile.allCases)
    func clientOfferingOneProfileGetsIt(profile: SRTPProtectionProfile) throws {
        let loop = try DTLSLoopback(clientProfiles: [profile])
        loop.connect()

        let client = try #require(loop.clientKeys)
        let server = try #require(loop.serverKeys)
        #expect(client.profile == profile)
        #expect(server.profile == profile)
        #expect(client.localKey.count == profile.keyLength)
        #expect(client.localSalt.count == profile.saltLength)
        #expect(client.localKey == server.remoteKey && client.localSalt == server.remoteSalt)
        #expect(client.remoteKey == server.localKey && client.remoteSalt == server.localSalt)
    }

    @Test func everyDatagramFitsTheMTU() throws {
        let loop = try DTLSLoopback()
        loop.connect()
        #expect(loop.client.isConnected && loop.server.isConnected)
        #expect(!loop.datagrams.isEmpty)
        #expect(loop.datagrams.allSatisfy { $0.bytes.count <= 1200 })
        #expect(loop.datagrams.allSatisfy { (20...63).contains($0.bytes[0]) })
    }

    @Test func flightsLargerThanASmallMTUAreSplit() throws {
        let loop = try DTLSLoopback(mtu: 300)
        loop.connect()
        #expect(loop.client.isConnected && loop.server.isConnected)
        #expect(loop.datagrams.allSatisfy { $0.bytes.count <= 300 })
        #expect(loop.datagrams.count { $0.from == .server } > 2)
    }

    @Test func clientRejectsServerWithWrongFingerprint() throws {
        let impostor = try DTLSCertificate.generate()
        let loop = try DTLSLoopback(clientExpects: impostor.fingerprint)
        loop.connect()

        #expect(!loop.client.isConnected)
        #expect(!loop.server.isConnected)
        #expect(loop.clientKeys == nil && loop.serverKeys == nil)
        let failure = try #require(DTLSLoopback.failure(in: loop.clientEvents))
        #expect(failure.code == .fingerprintMismatch)
        #expect(failure.message.contains(impostor.fingerprint))
        #expect(DTLSLoopback.failure(in: loop.serverEvents)?.code == .dtlsFailure)
    }

    @Test func serverRejectsClientWithWrongFingerprint() throws {
        let impostor = try DTLSCertificate.generate()
        let loop = try DTLSLoopback(serverExpects: impostor.fingerprint)
        loop.connect()

        #expect(!loop.client.isConnected)
        #expect(!loop.server.isConnected)
        #expect(loop.clientKeys == nil && loop.serverKeys == nil)
        let failure = try #require(DTLSLoopback.failure(in: loop.serverEvents))
        #expect(failure.code == .fingerprintMismatch)
        #expect(failure.message.contains(impostor.fingerprint))
        #expect(DTLSLoopback.failure(in: loop.clientEvents)?.code == .dtlsFailure)
    }

    @Test func deadTransportIgnoresFurtherInput() throws {
        let impostor = try DTLSCertificate.generate()
        let loop = try DTLSLoopback(serverExpects: impostor.fingerprint)
        loop.connect()

        #expect(loop.server.receive([22, 0xFE, 0xFD]).isEmpty)
        #expect(loop.server.handleTimeout().isEmpty)
        #expect(loop.server.close().isEmpty)
        #expect(loop.server.timeout == nil)
    }

    @Test func lostServerHelloFlightIsRecoveredByTheClientTimer() async throws {
        let loop = try DTLSLoopback()
        loop.dropFlight = { side, index in side == .server && index == 0 }
        loop.connect()
        #expect(!loop.client.isConnected && !loop.server.isConnected)
        let timeout = try #require(loop.client.timeout)
        #expect(timeout > 0 && timeout <= 1)

        try await Task.sleep(for: .milliseconds(Int(timeout * 1000) + 20))
        let retransmitted = loop.client.handleTimeout()
        #expect(retransmitted.count == 1)
        loop.handle(retransmitted, from: .client)
        loop.deliverAll()

        #expect(loop.client.isConnected && loop.server.isConnected)
        #expect(loop.clientKeys?.localKey == loop.serverKeys?.remoteKey)
    }

    @Test func lostClientCertificateFlightIsRecovered() async throws {
        let loop = try DTLSLoopback()
        loop.dropFlight = { side, index in side == .client && index == 1 }
        loop.connect()
        #expect(!loop.client.isConnected && !loop.server.isConnected)

        try await loop.settle(timerRounds: 3)

        #expect(loop.retransmissions >= 1)
        #expect(loop.client.isConnected && loop.server.isConnected)
    }

    @Test func lostServerFinishedIsResentWhenTheClientRetransmits() async throws {
        let loop = try DTLSLoopback()
        loop.dropFlight = { side, index in side == .server && index == 1 }
        loop.connect()
        #expect(loop.server.isConnected && !loop.client.isConnected)

        try await loop.settle(timerRounds: 3)

        #expect(loop.client.isConnected && loop.server.isConnected)
        #expect(loop.serverEvents.count { if case .connected = $0 { true } else { false } } == 1)
        #expect(loop.clientKeys?.localKey == loop.serverKeys?.remoteKey)
    }

    @Test func serverWaitsForTheClient() throws {
        let loop = try DTLSLoopback()
        #expect(loop.server.start().isEmpty)
        #expect(loop.server.timeout == nil)
        let hello = loop.client.start()
        #expect(hello.count == 1)
        #expect(loop.client.timeout != nil)
        #expect(loop.client.handleTimeout().isEmpty)
    }

    @Test func closeNotifyReachesThePeer() throws {
        let loop = try DTLSLoopback()
        loop.connect()

        let closing = loop.client.close()
        #expect(!loop.client.isConnected)
        #expect(!closing.isEmpty && closing.allSatisfy { if case .send = $0 { true } else { false } })
        loop.handle(closing, from: .client)
        loop.deliverAll()

        #expect(loop.serverEvents.last == .closed)
        #expect(!loop.server.isConnected)
        #expect(!loop.clientEvents.contains(.closed))
    }

    @Test func malformedRemoteFingerprintIsRejected() throws {
        let certificate = try DTLSCertificate.generate()
        let fingerprint = certificate.fingerprint
        for malformed in [
            "", "AB:CD", String(fingerprint.dropLast()), fingerprint + ":00", "+" + fingerprint.dropFirst(),
            "sha-256 " + fingerprint, fingerprint.replacingOccurrences(of: ":", with: ""),
        ] {
            #expect {
                _ = try DTLSTransport(role: .server, certificate: certificate, remoteFingerprint: malformed)
            } throws: { ($0 as? RTCError)?.code == .malformedSDP }
        }
        _ = try DTLSTransport(role: .server, certificate: certificate, remoteFingerprint: fingerprint.lowercased())
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: Character, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
