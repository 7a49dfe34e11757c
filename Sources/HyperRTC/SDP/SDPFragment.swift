import Foundation

/// Trickle-ICE SDP fragments (`application/trickle-ice-sdpfrag`, RFC 8840) the WHEP resource reads and writes.
public enum SDPFragment {
    /// The answer to an ICE restart PATCH: our new credentials and our host candidates, on the bundle's media
    /// section (`mid`), as WHEP/WHIP (RFC 9725 §4.3.2) expects.
    public static func iceRestartAnswer(
        local: ICECredentials, candidates: [RTCAddress], mid: String, payloadType: Int
    ) -> String {
        let hosts = candidates.enumerated().map { index, address in
            "a=candidate:\(SDPCandidate.host(address, index: index).attributeValue)"
        }
        let lines = [
            "a=ice-lite",
            "a=ice-ufrag:\(local.ufrag)",
            "a=ice-pwd:\(local.password)",
            "m=video 9 UDP/TLS/RTP/SAVPF \(payloadType)",
            "a=mid:\(mid)",
        ]
        return (lines + hosts + ["a=end-of-candidates"]).map { $0 + "\r\n" }.joined()
    }

    /// The value of the first `a=<name>:` line of a fragment.
    public static func attribute(_ name: String, in fragment: String) -> String? {
        let prefix = "a=\(name):"
        for line in fragment.split(whereSeparator: \.isNewline) where line.hasPrefix(prefix) {
            return String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
