import Foundation

/// A browser-shaped recvonly WHEP offer (one bundled VP8 video m-section), with fresh ICE credentials each time.
enum TestOffer {
    static let fingerprint =
        "EE:4B:D7:A6:74:A7:07:42:CF:A2:F8:11:9D:CE:E6:78:EB:58:D8:F9:5F:E5:8D:24:86:F5:4D:92:44:C6:FA:15"

    static func sdp(ufrag: String = randomToken(8), password: String = randomToken(24)) -> String {
        [
            "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
            "m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=recvonly", "a=mid:0", "a=rtcp-mux",
            "a=rtpmap:96 VP8/90000", "a=rtcp-fb:96 nack", "a=rtcp-fb:96 nack pli",
            "a=ice-ufrag:\(ufrag)", "a=ice-pwd:\(password)", "a=fingerprint:sha-256 \(fingerprint)",
            "a=setup:actpass",
        ].map { $0 + "\r\n" }.joined()
    }

    /// The trickle-ICE fragment of an ICE restart (RFC 9725 §4.3.2) with new credentials.
    static func restartFragment(ufrag: String = randomToken(8), password: String = randomToken(24)) -> String {
        ["a=ice-ufrag:\(ufrag)", "a=ice-pwd:\(password)", "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:0"]
            .map { $0 + "\r\n" }.joined()
    }

    static func randomToken(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }
}
