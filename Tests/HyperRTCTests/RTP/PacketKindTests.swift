import HyperRTC
import Testing

struct PacketKindTests {
    @Test func firstByteRangesFollowRFC7983() {
        for first in UInt8.min...UInt8.max {
            let kind = PacketKind.classify([first, 96, 0, 0])
            switch first {
            case 0...3: #expect(kind == .stun, "first byte \(first)")
            case 20...63: #expect(kind == .dtls, "first byte \(first)")
            case 128...191: #expect(kind == .rtp, "first byte \(first)")
            default: #expect(kind == .unknown, "first byte \(first)")
            }
        }
    }

    @Test func rtcpMuxTellsRTCPPacketTypesFromRTPPayloadTypes() {
        #expect(PacketKind.classify([0x80, 200, 0x00, 0x06]) == .rtcp)
        #expect(PacketKind.classify([0x81, 201, 0x00, 0x07]) == .rtcp)
        #expect(PacketKind.classify([0x8F, 206, 0x00, 0x05]) == .rtcp)
        #expect(PacketKind.classify([0x80, 192]) == .rtcp)
        #expect(PacketKind.classify([0x80, 223]) == .rtcp)
        #expect(PacketKind.classify([0x80, 0x80 | 96, 0x12, 0x34]) == .rtp)
        #expect(PacketKind.classify([0x80, 96, 0x12, 0x34]) == .rtp)
        #expect(PacketKind.classify([0x80, 0x80 | 111]) == .rtp)
        #expect(PacketKind.classify([0x80, 191]) == .rtp)
        #expect(PacketKind.classify([0x80, 224]) == .rtp)
    }

    @Test func encodedPacketsClassifyAsThemselves() {
        let rtp = RTPPacket(payloadType: 96, sequenceNumber: 1, timestamp: 2, ssrc: 3, marker: true, payload: [1])
        #expect(PacketKind.classify(rtp.encoded()) == .rtp)
        let pli = RTCPPacket.pictureLossIndication(senderSSRC: 1, mediaSSRC: 2)
        #expect(PacketKind.classify(pli.encoded()) == .rtcp)
    }

    @Test func tooShortToTellIsUnknown() {
        #expect(PacketKind.classify([]) == .unknown)
        #expect(PacketKind.classify([0x80]) == .unknown)
        #expect(PacketKind.classify([0x00]) == .stun)
        #expect(PacketKind.classify([22]) == .dtls)
    }
}
