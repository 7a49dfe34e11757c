import HyperRTC
import Testing

struct RTCPRoundTripTests {
    static let block = ReportBlock(
        ssrc: 0x1234_5678, fractionLost: 12, cumulativeLost: -3, highestSequenceNumber: 0x0002_0010, jitter: 77,
        lastSenderReport: 0xAABB_CCDD, delaySinceLastSenderReport: 65536)

    static let samples: [RTCPPacket] = [
        .senderReport(
            SenderReport(
                ssrc: 1, ntpTimestamp: 0xE94E_2B1C_4A3D_70A4, rtpTimestamp: 90_000, packetCount: 500,
                octetCount: 500_000,
                reports: [
                    block,
                    ReportBlock(
                        ssrc: 2, fractionLost: 0, cumulativeLost: 0x7F_FFFF,
                        highestSequenceNumber: 1, jitter: 0),
                ])),
        .senderReport(SenderReport(ssrc: 1, ntpTimestamp: 0, rtpTimestamp: 0, packetCount: 0, octetCount: 0)),
        .receiverReport(ReceiverReport(ssrc: 3)),
        .receiverReport(ReceiverReport(ssrc: 3, reports: [block])),
        .sourceDescription(chunks: [
            SourceDescriptionChunk(ssrc: 1, cname: "hypercube-7f3a"),
            SourceDescriptionChunk(ssrc: 2, cname: nil),
            SourceDescriptionChunk(ssrc: 3, cname: "viewer-🙂"),
            SourceDescriptionChunk(ssrc: 4, cname: ""),
        ]),
        .sourceDescription(chunks: []),
        .goodbye(ssrcs: [1, 2], reason: "viewer left"),
        .goodbye(ssrcs: [1], reason: nil),
        .goodbye(ssrcs: [], reason: ""),
        .genericNACK(senderSSRC: 1, mediaSSRC: 2, lost: [100, 101, 103, 120]),
        .genericNACK(senderSSRC: 1, mediaSSRC: 2, lost: [65534, 65535, 0, 15, 16]),
        .pictureLossIndication(senderSSRC: 1, mediaSSRC: 2),
        .fullIntraRequest(
            senderSSRC: 1,
            requests: [FullIntraRequestEntry(ssrc: 2, sequence: 7), FullIntraRequestEntry(ssrc: 3, sequence: 255)]),
        .receiverEstimatedMaximumBitrate(senderSSRC: 1, bitrate: 1_500_000, ssrcs: [2, 3]),
        .receiverEstimatedMaximumBitrate(senderSSRC: 1, bitrate: 0, ssrcs: []),
        .receiverEstimatedMaximumBitrate(senderSSRC: 1, bitrate: 0x3_FFFF << 46, ssrcs: [9]),
        .transportFeedback(senderSSRC: 1, mediaSSRC: 2, raw: [0x00, 0x05, 0x00, 0x03, 0x01, 0x23, 0x45]),
        .transportFeedback(senderSSRC: 1, mediaSSRC: 2, raw: [0x00, 0x05, 0x00, 0x03]),
        .unknown(packetType: 204, format: 3, body: [0, 0, 0, 1, 0x6E, 0x61, 0x6D, 0x65]),
        .unknown(packetType: 206, format: 2, body: [0, 0, 0, 1, 0, 0, 0, 2, 0x12]),
        .unknown(packetType: 207, format: 0, body: []),
    ]

    @Test(arguments: samples)
    func encodedPacketParsesBackIdentically(packet: RTCPPacket) throws {
        let bytes = packet.encoded()
        #expect(bytes.count % 4 == 0)
        #expect(bytes[0] >> 6 == 2)
        #expect(Int(bytes[2]) << 8 | Int(bytes[3]) == bytes.count / 4 - 1)
        #expect(try RTCPPacket.parseCompound(bytes) == [packet])
    }

    @Test func compoundOfEverySampleParsesBack() throws {
        let bytes = RTCPPacket.compound(Self.samples)
        #expect(try RTCPPacket.parseCompound(bytes) == Self.samples)
        var appended: [UInt8] = [0xFF]
        for packet in Self.samples {
            packet.encode(into: &appended)
        }
        #expect(Array(appended.dropFirst()) == bytes)
    }

    @Test func longTextIsCutToAWholeCharacterWithin255Bytes() throws {
        let cname = String(repeating: "é", count: 200)
        let packets = try RTCPPacket.parseCompound(
            RTCPPacket.sourceDescription(chunks: [SourceDescriptionChunk(ssrc: 1, cname: cname)]).encoded())
        #expect(
            packets == [
                .sourceDescription(chunks: [SourceDescriptionChunk(ssrc: 1, cname: String(repeating: "é", count: 127))])
            ])
    }

    @Test func cumulativeLostIsClampedToTwentyFourBits() throws {
        let report = ReceiverReport(
            ssrc: 1,
            reports: [
                ReportBlock(ssrc: 2, fractionLost: 0, cumulativeLost: -10_000_000, highestSequenceNumber: 0, jitter: 0)
            ])
        let parsed = try RTCPPacket.parseCompound(RTCPPacket.receiverReport(report).encoded())
        guard case .receiverReport(let back) = parsed.first else {
            Issue.record("expected a receiver report, got \(parsed)")
            return
        }
        #expect(back.reports[0].cumulativeLost == -0x80_0000)
    }
}
