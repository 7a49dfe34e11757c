import Testing

@testable import HyperRTC

@Suite struct SRTPSessionTests {
    /// A sender/receiver pair with mirrored keys, as a DTLS handshake would produce.
    private static func pair(_ profile: SRTPProtectionProfile) throws -> (client: SRTPSession, server: SRTPSession) {
        let clientKey = (0..<profile.keyLength).map { UInt8($0 &* 7 &+ 1) }
        let clientSalt = (0..<profile.saltLength).map { UInt8($0 &* 11 &+ 2) }
        let serverKey = (0..<profile.keyLength).map { UInt8($0 &* 13 &+ 3) }
        let serverSalt = (0..<profile.saltLength).map { UInt8($0 &* 17 &+ 4) }
        let client = SRTPKeyingMaterial(
            profile: profile, localKey: clientKey, localSalt: clientSalt, remoteKey: serverKey, remoteSalt: serverSalt
        )
        let server = SRTPKeyingMaterial(
            profile: profile, localKey: serverKey, localSalt: serverSalt, remoteKey: clientKey, remoteSalt: clientSalt
        )
        return (try SRTPSession(keys: client), try SRTPSession(keys: server))
    }

    static func rtpPacket(sequence: UInt16, ssrc: UInt32 = 0x1234_5678, payloadLength: Int = 100) -> [UInt8] {
        let header: [UInt8] = [
            0x80, 96, UInt8(sequence >> 8), UInt8(sequence & 0xFF),
            0, 0, 0x03, 0xE8,
            UInt8(ssrc >> 24), UInt8((ssrc >> 16) & 0xFF), UInt8((ssrc >> 8) & 0xFF), UInt8(ssrc & 0xFF),
        ]
        return header + (0..<payloadLength).map { UInt8(truncatingIfNeeded: $0 &+ Int(sequence)) }
    }

    /// A receiver report with one report block.
    static let rtcpPacket: [UInt8] = [
        0x81, 201, 0, 7, 0x12, 0x34, 0x56, 0x78,
        0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 1, 0, 0, 0x10, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0,
    ]

    @Test(arguments: SRTPProtectionProfile.allCases)
    func rtpRoundTripsBothWays(profile: SRTPProtectionProfile) throws {
        let (client, server) = try Self.pair(profile)
        for sequence in UInt16(1)...50 {
            let packet = Self.rtpPacket(sequence: sequence)
            let protected = try client.protectRTP(packet)
            #expect(protected.count == packet.count + (profile == .aeadAES128GCM ? 16 : 10))
            #expect(protected[..<12] == packet[..<12])
            #expect(protected[12..<packet.count] != packet[12...])
            #expect(try server.unprotectRTP(protected) == packet)

            let answer = Self.rtpPacket(sequence: sequence, ssrc: 0xCAFE_BABE, payloadLength: 30)
            #expect(try client.unprotectRTP(server.protectRTP(answer)) == answer)
        }
    }

    @Test(arguments: SRTPProtectionProfile.allCases)
    func rtcpRoundTripsBothWays(profile: SRTPProtectionProfile) throws {
        let (client, server) = try Self.pair(profile)
        for _ in 0..<5 {
            let protected = try server.protectRTCP(Self.rtcpPacket)
            #expect(protected.count > Self.rtcpPacket.count)
            #expect(try client.unprotectRTCP(protected) == Self.rtcpPacket)
            #expect(try server.unprotectRTCP(client.protectRTCP(Self.rtcpPacket)) == Self.rtcpPacket)
        }
    }

    @Test(arguments: SRTPProtectionProfile.allCases)
    func tamperedPacketsAreRejected(profile: SRTPProtectionProfile) throws {
        let (client, server) = try Self.pair(profile)
        let protected = try client.protectRTP(Self.rtpPacket(sequence: 9))
        for index in [3, 20, protected.count - 1] {
            var tampered = protected
            tampered[index] ^= 0x01
            #expect { _ = try server.unprotectRTP(tampered) } throws: { ($0 as? RTCError)?.code == .srtpFailure }
        }
        #expect { _ = try server.unprotectRTP(Array(protected.dropLast())) } throws: {
            ($0 as? RTCError)?.code == .srtpFailure
        }
        var tamperedRTCP = try client.protectRTCP(Self.rtcpPacket)
        tamperedRTCP[10] ^= 0x80
        #expect { _ = try server.unprotectRTCP(tamperedRTCP) } throws: { ($0 as? RTCError)?.code == .srtpFailure }
        #expect(try server.unprotectRTP(protected) == Self.rtpPacket(sequence: 9))
    }

    @Test(arguments: SRTPProtectionProfile.allCases)
    func replayedPacketsAreRejected(profile: SRTPProtectionProfile) throws {
        let (client, server) = try Self.pair(profile)
        let protected = try client.protectRTP(Self.rtpPacket(sequence: 100))
        _ = try server.unprotectRTP(protected)
        #expect { _ = try server.unprotectRTP(protected) } throws: { error in
            (error as? RTCError)?.code == .srtpFailure && "\(error)".contains("replay")
        }
        let protectedRTCP = try client.protectRTCP(Self.rtcpPacket)
        _ = try server.unprotectRTCP(protectedRTCP)
        #expect { _ = try server.unprotectRTCP(protectedRTCP) } throws: { ($0 as? RTCError)?.code == .srtpFailure }
    }

    @Test(arguments: SRTPProtectionProfile.allCases)
    func retransmissionsProtectAgainIdentically(profile: SRTPProtectionProfile) throws {
        let (client, server) = try Self.pair(profile)
        let packets = (UInt16(1)...5).map { Self.rtpPacket(sequence: $0) }
        let first = try packets.map(client.protectRTP)
        let again = try client.protectRTP(packets[1])
        #expect(again == first[1])
        #expect(try server.unprotectRTP(first[0]) == packets[0])
        #expect(try server.unprotectRTP(again) == packets[1])
        #expect(try server.unprotectRTP(first[3]) == packets[3])
    }

    @Test func retransmissionsOlderThanTheReplayWindowAreRefused() throws {
        let (client, _) = try Self.pair(.aeadAES128GCM)
        for sequence in UInt16(1)...1100 {
            _ = try client.protectRTP(Self.rtpPacket(sequence: sequence, payloadLength: 10))
        }
        _ = try client.protectRTP(Self.rtpPacket(sequence: 100, payloadLength: 10))
        #expect { _ = try client.protectRTP(Self.rtpPacket(sequence: 50, payloadLength: 10)) } throws: {
            ($0 as? RTCError)?.code == .srtpFailure
        }
    }

    @Test func reusedOutputKeepsItsStorage() throws {
        let (client, server) = try Self.pair(.aeadAES128GCM)
        var output: [UInt8] = []
        output.reserveCapacity(1500)
        let capacity = output.capacity
        for sequence in UInt16(1)...20 {
            let packet = Self.rtpPacket(sequence: sequence, payloadLength: 1100)
            try packet.withUnsafeBytes { try client.protectRTP($0, into: &output) }
            #expect(output.capacity == capacity)
            #expect(try server.unprotectRTP(output) == packet)
        }
    }

    @Test(arguments: SRTPProtectionProfile.allCases)
    func inPlaceProtectionMatchesTheCopyingOneAndNeedsItsSpareRoom(profile: SRTPProtectionProfile) throws {
        let (viaCopy, _) = try Self.pair(profile)
        let (inPlace, receiver) = try Self.pair(profile)
        let packet = Self.rtpPacket(sequence: 9, payloadLength: 1000)
        var buffer = [UInt8](repeating: 0xEE, count: packet.count + SRTPSession.maximumRTPExpansion)
        buffer.replaceSubrange(0..<packet.count, with: packet)
        let length = try buffer.withUnsafeMutableBytes { try inPlace.protectRTP(inPlace: $0, length: packet.count) }
        #expect(Array(buffer[..<length]) == (try viaCopy.protectRTP(packet)))
        #expect(try receiver.unprotectRTP(Array(buffer[..<length])) == packet)

        var tight = Self.rtpPacket(sequence: 10, payloadLength: 1000) + [0, 0, 0]
        #expect {
            _ = try tight.withUnsafeMutableBytes { try inPlace.protectRTP(inPlace: $0, length: 1012) }
        } throws: { ($0 as? RTCError)?.code == .malformedPacket }
        #expect {
            _ = try tight.withUnsafeMutableBytes { try inPlace.protectRTP(inPlace: $0, length: 11) }
        } throws: { ($0 as? RTCError)?.code == .malformedPacket }
    }

    @Test func wrongKeyLengthsAndShortPacketsAreRejected() throws {
        let key = [UInt8](repeating: 1, count: 16)
        #expect {
            _ = try SRTPSession(
                keys: SRTPKeyingMaterial(
                    profile: .aeadAES128GCM, localKey: key, localSalt: [UInt8](repeating: 2, count: 14),
                    remoteKey: key, remoteSalt: [UInt8](repeating: 2, count: 12)
                )
            )
        } throws: { ($0 as? RTCError)?.code == .srtpFailure }
        let (client, server) = try Self.pair(.aes128CMHMACSHA1_80)
        #expect { _ = try client.protectRTP([0x80, 96, 0, 1]) } throws: { ($0 as? RTCError)?.code == .malformedPacket }
        #expect { _ = try client.protectRTCP([0x81, 201]) } throws: { ($0 as? RTCError)?.code == .malformedPacket }
        #expect { _ = try server.unprotectRTP([]) } throws: { ($0 as? RTCError)?.code == .malformedPacket }
        #expect { _ = try server.unprotectRTCP([0x81]) } throws: { ($0 as? RTCError)?.code == .malformedPacket }
    }
}

/// `SRTPRTPSealer` (OpenSSL) against libsrtp2's own sender on the same keys: identical bytes for every packet,
/// through sequence-number wraps (the rollover counter), retransmissions before and after a wrap, and the same
/// refusal of a retransmission older than the 1024-packet window.
@Suite struct SRTPRTPSealerTests {
    private static func session(_ profile: SRTPProtectionProfile) throws -> SRTPSession {
        let key = (0..<profile.keyLength).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ 5) }
        let salt = (0..<profile.saltLength).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 9) }
        return try SRTPSession(
            keys: SRTPKeyingMaterial(profile: profile, localKey: key, localSalt: salt, remoteKey: key, remoteSalt: salt)
        )
    }

    private static func packet(_ sequence: UInt16, payload: Int = 200, extensionWords: Int = 0, csrcs: Int = 0)
        -> [UInt8]
    {
        var bytes = SRTPSessionTests.rtpPacket(sequence: sequence, payloadLength: 0)
        bytes[0] = 0x80 | UInt8(csrcs) | (extensionWords > 0 ? 0x10 : 0)
        bytes += (0..<csrcs * 4).map { UInt8($0) }
        if extensionWords > 0 {
            bytes += [0xBE, 0xDE, 0, UInt8(extensionWords)] + (0..<extensionWords * 4).map { UInt8($0 &+ 1) }
        }
        return bytes + (0..<payload).map { UInt8(truncatingIfNeeded: $0 &* 3 &+ Int(sequence)) }
    }

    @Test(arguments: SRTPProtectionProfile.allCases)
    func matchesLibSRTPAcrossWrapsAndRetransmissions(profile: SRTPProtectionProfile) throws {
        let session = try Self.session(profile)
        var sequences: [UInt16] = Array(65_500...65_535) + Array(0...40)  // first packet above 0x8000, then a wrap
        sequences += [65_530, 10, 3]  // retransmissions from before and after the wrap
        sequences += Array(41...100).map { UInt16($0) }
        for sequence in sequences {
            let packet = Self.packet(sequence, payload: Int(sequence % 7) * 150 + 1)
            #expect(try session.protectRTP(packet) == session.protectRTPWithLibSRTP(packet), "packet \(sequence)")
        }
        for (words, csrcs) in [(1, 0), (3, 2), (0, 15)] {
            let packet = Self.packet(101, extensionWords: words, csrcs: csrcs)
            #expect(try session.protectRTP(packet) == session.protectRTPWithLibSRTP(packet), "\(words), \(csrcs)")
        }
    }

    @Test(arguments: SRTPProtectionProfile.allCases)
    func keepsOneIndexPerSSRCLikeLibSRTP(profile: SRTPProtectionProfile) throws {
        let session = try Self.session(profile)
        var video: UInt16 = 65_000
        var audio: UInt16 = 12
        for step in 0..<3_000 {
            var packet = Self.packet(video, payload: 60)
            if step % 3 == 0 {
                packet = SRTPSessionTests.rtpPacket(sequence: audio, ssrc: 0xABCD_0001, payloadLength: 30)
                audio &+= 1
            } else {
                video &+= 1
            }
            #expect(try session.protectRTP(packet) == session.protectRTPWithLibSRTP(packet), "step \(step)")
        }
    }

    @Test(arguments: SRTPProtectionProfile.allCases)
    func matchesLibSRTPFromASequenceStartingLowThroughTwoWraps(profile: SRTPProtectionProfile) throws {
        let session = try Self.session(profile)
        var sequence: UInt16 = 5
        for step in 0..<1_400 {
            let packet = Self.packet(sequence, payload: 40)
            #expect(try session.protectRTP(packet) == session.protectRTPWithLibSRTP(packet), "step \(step)")
            sequence &+= 97
        }
    }

    @Test(arguments: SRTPProtectionProfile.allCases)
    func refusesWhatLibSRTPRefuses(profile: SRTPProtectionProfile) throws {
        let session = try Self.session(profile)
        for sequence in UInt16(1)...1_200 { _ = try session.protectRTP(Self.packet(sequence, payload: 10)) }
        for sequence in UInt16(1)...1_200 { _ = try session.protectRTPWithLibSRTP(Self.packet(sequence, payload: 10)) }
        for old in [UInt16(177), 176, 175, 100] {
            let packet = Self.packet(old, payload: 10)
            let reference = Result { try session.protectRTPWithLibSRTP(packet) }
            let sealed = Result { try session.protectRTP(packet) }
            switch (reference, sealed) {
            case (.success(let a), .success(let b)): #expect(a == b, "packet \(old)")
            case (.failure, .failure): break
            default: Issue.record("packet \(old): libsrtp2 \(reference), sealer \(sealed)")
            }
        }
        #expect(throws: RTCError.self) { try session.protectRTP(Self.packet(100, payload: 10)) }
        #expect(
            try session.protectRTP(Self.packet(177, payload: 10)).count == 12 + 10
                + (profile == .aeadAES128GCM ? 16 : 10))
    }
}
