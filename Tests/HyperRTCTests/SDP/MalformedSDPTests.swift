import HyperRTC
import Testing

/// Malformed descriptions fail with `.malformedSDP` naming the offending line.
@Suite struct MalformedSDPTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var message: String
        var testDescription: String { name }
    }

    /// A valid offer with `line` replacing or following its line `number` (1-based).
    static func offer(replacing number: Int, with line: String) -> String {
        var lines = SDPOffers.minimal(
            session: SDPOffers.minimalTransport, video: SDPOffers.minimalVideo
        ).split(separator: "\r\n").map(String.init)
        lines[number - 1] = line
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static let cases: [Case] = [
        Case(name: "empty", text: "", message: "SDP line 1: a session description starts with 'v=0', got ''"),
        Case(
            name: "missing v=", text: "o=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n",
            message: "SDP line 1: a session description starts with 'v=0', got 'o=- 1 1 IN IP4 0.0.0.0'"),
        Case(
            name: "v=1", text: offer(replacing: 1, with: "v=1"),
            message: "SDP line 1: a session description starts with 'v=0', got 'v=1'"),
        Case(
            name: "second v=", text: offer(replacing: 4, with: "v=0"),
            message: "SDP line 4: only the first line may be v=, got 'v=0'"),
        Case(
            name: "no equals sign", text: offer(replacing: 3, with: "s -"),
            message:
                "SDP line 3: expected '<type>=<value>' with a type letter of v o s i u e p c b t r z k a m, got 's -'"),
        Case(
            name: "unknown type letter", text: offer(replacing: 4, with: "x=1"),
            message:
                "SDP line 4: expected '<type>=<value>' with a type letter of v o s i u e p c b t r z k a m, got 'x=1'"),
        Case(
            name: "blank line inside", text: offer(replacing: 6, with: ""),
            message: "SDP line 6: expected '<type>=<value>' with a type letter of v o s i u e p c b t r z k a m, got ''"
        ),
        Case(
            name: "m= without formats", text: offer(replacing: 10, with: "m=video"),
            message: "SDP line 10: m= needs '<media> <port> <proto> <fmt> …', got 'm=video'"),
        Case(
            name: "m= with a bad port", text: offer(replacing: 10, with: "m=video 70000 UDP/TLS/RTP/SAVPF 96"),
            message: "SDP line 10: m= port '70000' is not a number 0-65535, in 'm=video 70000 UDP/TLS/RTP/SAVPF 96'"),
        Case(
            name: "rtpmap without clock rate", text: offer(replacing: 15, with: "a=rtpmap:96 VP8"),
            message: "SDP line 15: a=rtpmap needs '<payload type> <encoding name>/<clock rate>[/<channels>]', "
                + "got 'a=rtpmap:96 VP8'"),
        Case(
            name: "rtpmap payload type out of range", text: offer(replacing: 15, with: "a=rtpmap:200 VP8/90000"),
            message: "SDP line 15: a=rtpmap needs '<payload type> <encoding name>/<clock rate>[/<channels>]', "
                + "got 'a=rtpmap:200 VP8/90000'"),
        Case(
            name: "fingerprint with odd hex", text: offer(replacing: 8, with: "a=fingerprint:sha-256 AB:C:DE"),
            message: "SDP line 8: a=fingerprint needs '<hash function> <hex byte pairs separated by colons>', "
                + "got 'sha-256 AB:C:DE'"),
        Case(
            name: "fingerprint too short", text: offer(replacing: 8, with: "a=fingerprint:sha-256 AB:CD"),
            message: "SDP line 8: a=fingerprint sha-256 has 2 bytes, expected 32"),
        Case(
            name: "fingerprint without a value", text: offer(replacing: 8, with: "a=fingerprint"),
            message: "SDP line 8: attribute needs a value, got 'a=fingerprint'"),
        Case(
            name: "rtcp-fb without a type", text: offer(replacing: 16, with: "a=rtcp-fb:96"),
            message: "SDP line 16: a=rtcp-fb needs '<payload type or *> <value>', got 'a=rtcp-fb:96'"),
        Case(
            name: "fmtp with a bad payload type", text: offer(replacing: 18, with: "a=fmtp:x apt=96"),
            message: "SDP line 18: a=fmtp needs '<payload type> <value>', got 'a=fmtp:x apt=96'"),
        Case(
            name: "extmap without URI", text: offer(replacing: 12, with: "a=extmap:3"),
            message: "SDP line 12: a=extmap needs '<id>[/<direction>] <URI>', got 'a=extmap:3'"),
        Case(
            name: "candidate without typ", text: offer(replacing: 12, with: "a=candidate:1 1 UDP 5 192.0.2.1 9 host"),
            message: "SDP line 12: a=candidate needs '<foundation> <component> <transport> <priority> <address> <port>"
                + " typ <type> [<name> <value>]…', got '1 1 UDP 5 192.0.2.1 9 host'"),
        Case(
            name: "empty ice-ufrag", text: offer(replacing: 6, with: "a=ice-ufrag:"),
            message: "SDP line 6: attribute needs a value, got 'a=ice-ufrag:'"),
        Case(
            name: "attribute without a name", text: offer(replacing: 12, with: "a=:x"),
            message: "SDP line 12: a= needs an attribute name, got 'a=:x'"),
    ]

    @Test(arguments: cases)
    func rejected(_ testCase: Case) {
        #expect {
            try SessionDescription(parsing: testCase.text)
        } throws: { error in
            guard let error = error as? RTCError else { return false }
            #expect(error.code == .malformedSDP)
            #expect(error.message == testCase.message)
            return error.code == .malformedSDP
        }
    }
}
