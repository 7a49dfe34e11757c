import HyperRTC
import Testing

struct OpusPacketizerTests {
    @Test func eachFrameBecomesOnePacketWithoutMarker() {
        var packetizer = OpusPacketizer(payloadType: 111, ssrc: 0x5555, initialSequenceNumber: 65535)
        let first = packetizer.packetize([0xFC, 0x01, 0x02], timestamp: 960)
        let second = packetizer.packetize([0xFC], timestamp: 1920)
        #expect(
            first
                == RTPPacket(
                    payloadType: 111, sequenceNumber: 65535, timestamp: 960, ssrc: 0x5555, payload: [0xFC, 1, 2]))
        #expect(second.sequenceNumber == 0)
        #expect(second.timestamp == 1920)
        #expect(!first.marker && !second.marker)
        #expect(packetizer.nextSequenceNumber == 1)
    }
}
