internal import COpenSSL
import Testing

@testable import HyperRTC

@Suite struct DTLSRobustnessTests {
    private static func garbage(seed: UInt64) -> [[UInt8]] {
        var generator = DTLSFuzzGenerator(state: seed)
        var datagrams: [[UInt8]] = [[], [0], [20], [22, 0xFE], [0x80, 0x60, 0, 1], [64, 1, 2, 3]]
        for length in [1, 13, 14, 25, 200, 1200, 5000] {
            for first: UInt8 in [20, 21, 22, 23, 63] {
                datagrams.append([first] + (1..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            }
        }
        var header: [UInt8] = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x00, 1, 0, 0x3F, 0xFF]
        datagrams.append(header)
        header[11...12] = [0, 4]
        datagrams.append(header)
        return datagrams
    }

    @Test func garbageNeverCrashesOrConnects() throws {
        for datagram in Self.garbage(seed: 7) {
            let loop = try DTLSLoopback()
            loop.inject(datagram, to: .server)
            #expect(!loop.server.isConnected)
            #expect(loop.serverEvents.allSatisfy { if case .connected = $0 { false } else { true } })
            #expect(ERR_peek_error() == 0)
        }
    }

    @Test func garbageDuringTheHandshakeIsSurvivedOrFails() throws {
        let loop = try DTLSLoopback()
        loop.handle(loop.client.start(), from: .client)
        for datagram in Self.garbage(seed: 11) {
            loop.inject(datagram, to: .server)
            loop.inject(datagram, to: .client)
        }
        loop.deliverAll()
        let failed =
            DTLSLoopback.failure(in: loop.clientEvents) != nil || DTLSLoopback.failure(in: loop.serverEvents) != nil
        #expect(failed || (loop.client.isConnected && loop.server.isConnected))
    }

    @Test func truncatedHandshakeRecordsAreHarmless() throws {
        let probe = try DTLSLoopback()
        guard case .send(let hello) = try #require(probe.client.start().first) else {
            Issue.record("the client did not send a ClientHello")
            return
        }
        for length in [1, 5, 13, 20, hello.count / 2, hello.count - 1] {
            let loop = try DTLSLoopback()
            loop.inject(Array(hello[..<length]), to: .server)
            #expect(!loop.server.isConnected)
            #expect(ERR_peek_error() == 0)
        }
    }

    @Test func failureInOneAssociationDoesNotLeakIntoAnother() throws {
        let broken = try DTLSLoopback()
        for datagram in Self.garbage(seed: 3) {
            broken.inject(datagram, to: .server)
        }
        let impostor = try DTLSCertificate.generate()
        let mismatched = try DTLSLoopback(serverExpects: impostor.fingerprint)
        mismatched.connect()
        #expect(DTLSLoopback.failure(in: mismatched.serverEvents)?.code == .fingerprintMismatch)
        #expect(ERR_peek_error() == 0)

        let healthy = try DTLSLoopback()
        healthy.connect()
        #expect(healthy.client.isConnected && healthy.server.isConnected)
        #expect(DTLSLoopback.failure(in: healthy.clientEvents) == nil)
        #expect(DTLSLoopback.failure(in: healthy.serverEvents) == nil)
    }

    @Test func interleavedAssociationsSharingACertificateStayIndependent() throws {
        let serverCertificate = try DTLSCertificate.generate()
        let impostor = try DTLSCertificate.generate()
        let good = try DTLSLoopback(serverCertificate: serverCertificate)
        let bad = try DTLSLoopback(serverCertificate: serverCertificate, serverExpects: impostor.fingerprint)
        good.handle(good.client.start(), from: .client)
        bad.handle(bad.client.start(), from: .client)
        bad.deliverAll()
        good.deliverAll()
        #expect(good.client.isConnected && good.server.isConnected)
        #expect(DTLSLoopback.failure(in: bad.serverEvents)?.code == .fingerprintMismatch)
        #expect(good.clientKeys != nil && good.clientKeys != bad.clientKeys)
    }
}

/// SplitMix64, seeded, so the garbage fed to the transports is the same on every run.
struct DTLSFuzzGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
