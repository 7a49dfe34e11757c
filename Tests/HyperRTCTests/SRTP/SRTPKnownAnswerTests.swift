import Testing

@testable import HyperRTC

/// libsrtp's reference packets (srtp_validate and srtp_validate_gcm in its test/srtp_driver.c): an RTP packet and
/// an RTCP packet from SSRC 0xCAFEBABE protected under a fixed master key and salt.
@Suite struct SRTPKnownAnswerTests {
    private static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8.filter { $0 != UInt8(ascii: " ") })
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }

    private static let rtp = bytes("800f1234 decafbad cafebabe" + String(repeating: " abababab", count: 4))
    private static let rtcp = bytes("81c8000b cafebabe" + String(repeating: " abababab", count: 4))

    private struct Vector: Sendable, CustomTestStringConvertible {
        var profile: SRTPProtectionProfile
        var master: [UInt8]
        var srtp: [UInt8]
        var srtcp: [UInt8]
        var testDescription: String { profile.rawValue }
    }

    private static let vectors = [
        Vector(
            profile: .aes128CMHMACSHA1_80,
            master: bytes("e1f97a0d3e018be0d64fa32c06de4139 0ec675ad498afeebb6960b3aabe6"),
            srtp: bytes("800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb"),
            srtcp: bytes("81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798")
        ),
        Vector(
            profile: .aeadAES128GCM,
            master: bytes("000102030405060708090a0b0c0d0e0f a0a1a2a3a4a5a6a7a8a9aaab"),
            srtp: bytes("800f1234decafbadcafebabe c5002ede04cfdd2eb91159e0880aa06e d2976826f796b201df3131a127e8a392"),
            srtcp: bytes("81c8000bcafebabe c98b8b5df0392a55852b6c21ac8e7025 c52c6fbea2b3b446ea31123ba88ce61e 80000001")
        ),
    ]

    private static func session(_ vector: Vector) throws -> SRTPSession {
        let key = Array(vector.master[..<vector.profile.keyLength])
        let salt = Array(vector.master[vector.profile.keyLength...])
        let keys = SRTPKeyingMaterial(
            profile: vector.profile, localKey: key, localSalt: salt, remoteKey: key, remoteSalt: salt
        )
        return try SRTPSession(keys: keys)
    }

    @Test(arguments: vectors)
    private func protectMatchesTheReference(vector: Vector) throws {
        let session = try Self.session(vector)
        #expect(try session.protectRTP(Self.rtp) == vector.srtp)
        #expect(try session.protectRTCP(Self.rtcp) == vector.srtcp)
    }

    @Test(arguments: vectors)
    private func unprotectRecoversTheReference(vector: Vector) throws {
        let session = try Self.session(vector)
        #expect(try session.unprotectRTP(vector.srtp) == Self.rtp)
        #expect(try session.unprotectRTCP(vector.srtcp) == Self.rtcp)
    }
}
