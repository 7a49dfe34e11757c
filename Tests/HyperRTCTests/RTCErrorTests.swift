import HyperRTC
import Testing

@Suite struct RTCErrorTests {
    @Test func descriptionIsTheMessageAlone() {
        let error = RTCError(.malformedSDP, "line 3: expected 'x=value'")
        #expect("\(error)" == "line 3: expected 'x=value'")
        #expect(error.code == .malformedSDP)
    }
}
