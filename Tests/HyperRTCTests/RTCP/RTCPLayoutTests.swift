import HyperRTC
import Testing

struct RTCPLayoutTests {
    @Test func rembOf1point5MbitPerSecondWithTwoSSRCs() throws {
        let remb = RTCPPacket.receiverEstimatedMaximumBitrate(
            senderSSRC: 0x0000_0001, bitrate: 1_500_000, ssrcs: [0x1122_3344, 0x5566_7788])
        let expected: [UInt8] = [
            0x8F, 206, 0x00, 0x06,
            0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x00,
            0x52, 0x45, 0x4D, 0x42,
            0x02, 0x0E, 0xDC, 0x6C,
            0x11, 0x22, 0x33, 0x44,
            0x55, 0x66, 0x77, 0x88,
        ]
        #expect(remb.encoded() == expected)
        #expect(try RTCPPacket.parseCompound(expected) == [remb])
    }

    @Test func rembBitrateIsRoundedDownToItsMantissa() throws {
        let remb = RTCPPacket.receiverEstimatedMaximumBitrate(senderSSRC: 1, bitrate: 1_500_007, ssrcs: [])
        #expect(
            try RTCPPacket.parseCompound(remb.encoded()) == [
                .receiverEstimatedMaximumBitrate(senderSSRC: 1, bitrate: 1_500_000, ssrcs: [])
            ])
    }

    @Test func nackBitmaskExpandsToSequenceNumbers() throws {
        let bytes: [UInt8] = [
            0x81, 205, 0x00, 0x03,
            0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x02,
            0x00, 0x64, 0x00, 0x05,
        ]
        #expect(
            try RTCPPacket.parseCompound(bytes) == [.genericNACK(senderSSRC: 1, mediaSSRC: 2, lost: [100, 101, 103])])
    }

    @Test func nackCompressesIntoPIDAndBitmaskPairs() {
        let bytes = RTCPPacket.genericNACK(senderSSRC: 1, mediaSSRC: 2, lost: [100, 101, 103, 120]).encoded()
        #expect(Array(bytes.prefix(4)) == [0x81, 205, 0x00, 0x04])
        #expect(Array(bytes.dropFirst(12)) == [0x00, 0x64, 0x00, 0x05, 0x00, 0x78, 0x00, 0x00])
    }

    @Test func nackCompressionSpansTheSequenceWrapAndSkipsDuplicates() {
        let bytes = RTCPPacket.genericNACK(senderSSRC: 1, mediaSSRC: 2, lost: [65535, 65535, 0, 1, 15]).encoded()
        #expect(Array(bytes.dropFirst(12)) == [0xFF, 0xFF, 0x80, 0x03])
    }

    @Test func pictureLossIndicationLayout() {
        let bytes = RTCPPacket.pictureLossIndication(senderSSRC: 0x0A0B_0C0D, mediaSSRC: 0x0102_0304).encoded()
        #expect(bytes == [0x81, 206, 0x00, 0x02, 0x0A, 0x0B, 0x0C, 0x0D, 0x01, 0x02, 0x03, 0x04])
    }

    @Test func fullIntraRequestLayout() {
        let bytes = RTCPPacket.fullIntraRequest(
            senderSSRC: 1, requests: [FullIntraRequestEntry(ssrc: 0x0102_0304, sequence: 9)]
        ).encoded()
        #expect(bytes == [0x84, 206, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 0, 0x01, 0x02, 0x03, 0x04, 9, 0, 0, 0])
    }

    @Test func senderReportLayoutWithANegativeCumulativeLoss() {
        let report = SenderReport(
            ssrc: 0x0102_0304, ntpTimestamp: 0x1122_3344_5566_7788, rtpTimestamp: 0x99AA_BBCC, packetCount: 5,
            octetCount: 6,
            reports: [
                ReportBlock(
                    ssrc: 7, fractionLost: 0x40, cumulativeLost: -1, highestSequenceNumber: 8, jitter: 9,
                    lastSenderReport: 10, delaySinceLastSenderReport: 11)
            ])
        let bytes = RTCPPacket.senderReport(report).encoded()
        #expect(bytes.count == 52)
        #expect(Array(bytes.prefix(4)) == [0x81, 200, 0x00, 12])
        #expect(
            Array(bytes[4..<28]) == [
                0x01, 0x02, 0x03, 0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
                0x99, 0xAA, 0xBB, 0xCC, 0, 0, 0, 5, 0, 0, 0, 6,
            ])
        #expect(Array(bytes[28..<36]) == [0, 0, 0, 7, 0x40, 0xFF, 0xFF, 0xFF])
    }

    @Test func sourceDescriptionChunkIsNullTerminatedAndWordAligned() {
        let bytes = RTCPPacket.sourceDescription(chunks: [SourceDescriptionChunk(ssrc: 5, cname: "abcd")]).encoded()
        #expect(bytes == [0x81, 202, 0x00, 0x03, 0, 0, 0, 5, 0x01, 0x04, 0x61, 0x62, 0x63, 0x64, 0x00, 0x00])
    }

    @Test func oddSizedBodiesArePaddedWithThePBit() throws {
        let bytes = RTCPPacket.transportFeedback(senderSSRC: 1, mediaSSRC: 2, raw: [0xAA, 0xBB, 0xCC, 0xDD, 0xEE])
            .encoded()
        #expect(bytes[0] == 0xAF)
        #expect(Array(bytes.suffix(4)) == [0xEE, 0x00, 0x00, 0x03])
    }

    @Test func chromeSenderReportWithSourceDescription() throws {
        let bytes: [UInt8] = [
            0x80, 0xC8, 0x00, 0x06, 0x12, 0x34, 0x56, 0x78,
            0xE9, 0x4E, 0x2B, 0x1C, 0x4A, 0x3D, 0x70, 0xA4,
            0x00, 0x0F, 0x42, 0x40, 0x00, 0x00, 0x01, 0xF4, 0x00, 0x07, 0xA1, 0x20,
            0x81, 0xCA, 0x00, 0x06, 0x12, 0x34, 0x56, 0x78,
            0x01, 0x10, 0x41, 0x62, 0x43, 0x64, 0x45, 0x66, 0x47, 0x68,
            0x49, 0x6A, 0x4B, 0x6C, 0x4D, 0x6E, 0x4F, 0x70, 0x00, 0x00,
        ]
        let packets = try RTCPPacket.parseCompound(bytes)
        #expect(
            packets == [
                .senderReport(
                    SenderReport(
                        ssrc: 0x1234_5678, ntpTimestamp: 0xE94E_2B1C_4A3D_70A4, rtpTimestamp: 1_000_000,
                        packetCount: 500, octetCount: 500_000)),
                .sourceDescription(chunks: [SourceDescriptionChunk(ssrc: 0x1234_5678, cname: "AbCdEfGhIjKlMnOp")]),
            ])
        #expect(RTCPPacket.compound(packets) == bytes)
    }

    @Test func chromeReceiverReportWithREMB() throws {
        let bytes: [UInt8] = [
            0x81, 0xC9, 0x00, 0x07, 0x00, 0x00, 0x00, 0x01,
            0x12, 0x34, 0x56, 0x78, 0x03, 0x00, 0x00, 0x2A, 0x00, 0x01, 0x00, 0x2A,
            0x00, 0x00, 0x00, 0x0C, 0x8A, 0x3B, 0x1C, 0x00, 0x00, 0x01, 0x80, 0x00,
            0x8F, 0xCE, 0x00, 0x05, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
            0x52, 0x45, 0x4D, 0x42, 0x01, 0x0A, 0x4B, 0x2F, 0x12, 0x34, 0x56, 0x78,
        ]
        let packets = try RTCPPacket.parseCompound(bytes)
        let block = ReportBlock(
            ssrc: 0x1234_5678, fractionLost: 3, cumulativeLost: 42, highestSequenceNumber: 0x0001_002A, jitter: 12,
            lastSenderReport: 0x8A3B_1C00, delaySinceLastSenderReport: 0x0001_8000)
        #expect(
            packets == [
                .receiverReport(ReceiverReport(ssrc: 1, reports: [block])),
                .receiverEstimatedMaximumBitrate(senderSSRC: 1, bitrate: 0x2_4B2F << 2, ssrcs: [0x1234_5678]),
            ])
        #expect(RTCPPacket.compound(packets) == bytes)
    }

    @Test func paddedTransportFeedbackKeepsOnlyItsFeedback() throws {
        let bytes: [UInt8] = [
            0xAF, 0xCD, 0x00, 0x05, 0x00, 0x00, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78,
            0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x01, 0x20, 0x02, 0x00, 0x00, 0x02,
        ]
        #expect(
            try RTCPPacket.parseCompound(bytes) == [
                .transportFeedback(
                    senderSSRC: 1, mediaSSRC: 0x1234_5678,
                    raw: [0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x01, 0x20, 0x02, 0x00])
            ])
    }
}
