import HyperRTC

/// The recvonly WHEP offer of a load viewer, shaped like a browser's or aiortc's: a bundled video m-section, VP8
/// with NACK, PLI and REMB feedback, rtcp-mux, DTLS actpass and one loopback host candidate (gathering is complete);
/// with `audio`, an Opus m-section in the same bundle (a relay passes the session's sound on).
struct LoadViewerOffer {
    static let videoPayloadType: UInt8 = 97
    static let audioPayloadType: UInt8 = 111
    static let mid = "0"
    static let audioMid = "1"

    var ice: ICECredentials
    /// The value of a=fingerprint:sha-256, from our DTLS certificate.
    var fingerprint: String
    var host: String
    var port: Int
    var audio = false

    var sdp: String {
        let sessionID = UInt64.random(in: 1...UInt64(Int64.max))
        let payloadType = Self.videoPayloadType
        let candidate = SDPCandidate(
            foundation: "1", component: 1, transport: "udp", priority: 2_130_706_431, address: host, port: port,
            type: "host")
        let transport = [
            "c=IN IP4 \(host)",
            "a=recvonly",
        ]
        let security = [
            "a=rtcp-mux",
            "a=ice-ufrag:\(ice.ufrag)",
            "a=ice-pwd:\(ice.password)",
            "a=fingerprint:sha-256 \(fingerprint)",
            "a=setup:actpass",
            "a=candidate:\(candidate.attributeValue)",
            "a=end-of-candidates",
        ]
        var lines = [
            "v=0",
            "o=- \(sessionID) 2 IN IP4 \(host)",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE \(Self.mid)\(audio ? " \(Self.audioMid)" : "")",
            "a=msid-semantic:WMS *",
            "m=video \(port) UDP/TLS/RTP/SAVPF \(payloadType)",
        ]
        lines += transport + ["a=mid:\(Self.mid)"] + security
        lines += [
            "a=rtpmap:\(payloadType) VP8/90000",
            "a=rtcp-fb:\(payloadType) nack",
            "a=rtcp-fb:\(payloadType) nack pli",
            "a=rtcp-fb:\(payloadType) goog-remb",
        ]
        if audio {
            let opus = Self.audioPayloadType
            lines += ["m=audio \(port) UDP/TLS/RTP/SAVPF \(opus)"] + transport + ["a=mid:\(Self.audioMid)"] + security
            lines += ["a=rtpmap:\(opus) opus/48000/2", "a=fmtp:\(opus) minptime=10;useinbandfec=1"]
        }
        return lines.map { $0 + "\r\n" }.joined()
    }
}
