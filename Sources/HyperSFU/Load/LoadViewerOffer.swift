import HyperRTC

/// The recvonly WHEP offer of a load viewer, shaped like a browser's or aiortc's: one bundled video m-section, VP8
/// with NACK, PLI and REMB feedback, rtcp-mux, DTLS actpass and one loopback host candidate (gathering is complete).
struct LoadViewerOffer {
    static let videoPayloadType: UInt8 = 97
    static let mid = "0"

    var ice: ICECredentials
    /// The value of a=fingerprint:sha-256, from our DTLS certificate.
    var fingerprint: String
    var host: String
    var port: Int

    var sdp: String {
        let sessionID = UInt64.random(in: 1...UInt64(Int64.max))
        let payloadType = Self.videoPayloadType
        let candidate = SDPCandidate(
            foundation: "1", component: 1, transport: "udp", priority: 2_130_706_431, address: host, port: port,
            type: "host")
        let lines = [
            "v=0",
            "o=- \(sessionID) 2 IN IP4 \(host)",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE \(Self.mid)",
            "a=msid-semantic:WMS *",
            "m=video \(port) UDP/TLS/RTP/SAVPF \(payloadType)",
            "c=IN IP4 \(host)",
            "a=recvonly",
            "a=mid:\(Self.mid)",
            "a=rtcp-mux",
            "a=rtpmap:\(payloadType) VP8/90000",
            "a=rtcp-fb:\(payloadType) nack",
            "a=rtcp-fb:\(payloadType) nack pli",
            "a=rtcp-fb:\(payloadType) goog-remb",
            "a=ice-ufrag:\(ice.ufrag)",
            "a=ice-pwd:\(ice.password)",
            "a=fingerprint:sha-256 \(fingerprint)",
            "a=setup:actpass",
            "a=candidate:\(candidate.attributeValue)",
            "a=end-of-candidates",
        ]
        return lines.map { $0 + "\r\n" }.joined()
    }
}
