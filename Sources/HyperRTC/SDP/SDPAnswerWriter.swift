/// Writes the text of a WHEP answer, session level first, then one m-section per offer m-section, CRLF-terminated.
struct SDPAnswerWriter {
    /// An offer m-section the answer accepts, with what was chosen for it.
    struct AcceptedMedia {
        var offer: MediaDescription
        var track: NegotiatedTrack
        var rtpMap: RTPMap
        var formatParameters: String?
        /// The `a=rtcp-fb` values to answer, already reduced to what both sides support.
        var feedback: [String]
    }

    let configuration: AnswerConfiguration
    private var lines: [String] = []

    init(configuration: AnswerConfiguration) {
        self.configuration = configuration
    }

    var text: String {
        lines.map { $0 + "\r\n" }.joined()
    }

    private var addressType: String {
        configuration.connectionAddress.host.contains(":") ? "IP6" : "IP4"
    }

    mutating func writeSession(bundle: [String]?) {
        lines += [
            "v=0",
            "o=- \(configuration.sessionID) 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
        ]
        if let bundle {
            lines.append((["a=group:BUNDLE"] + bundle).joined(separator: " "))
        }
        lines += [
            "a=ice-lite",
            "a=msid-semantic: WMS \(configuration.streamID)",
        ]
    }

    mutating func writeAccepted(_ media: AcceptedMedia, trackID: String) {
        let track = media.track
        writeTransport(media.offer, format: String(track.payloadType), mid: track.mid)
        lines += [
            "a=\(track.direction.rawValue)",
            "a=rtcp-mux",
        ]
        if media.offer.rtcpReducedSize {
            lines.append("a=rtcp-rsize")
        }
        lines.append("a=rtpmap:\(track.payloadType) \(media.rtpMap.encoding)")
        lines += media.feedback.map { "a=rtcp-fb:\(track.payloadType) \($0)" }
        if let parameters = media.formatParameters {
            lines.append("a=fmtp:\(track.payloadType) \(parameters)")
        }
        if let extensionID = track.transportCCExtensionID {
            lines.append("a=extmap:\(extensionID) \(WHEPAnswerer.transportCCURI)")
        }
        if let extensionID = track.playoutDelayExtensionID {
            lines.append("a=extmap:\(extensionID) \(WHEPAnswerer.playoutDelayURI)")
        }
        if track.direction == .sendonly {
            lines += [
                "a=msid:\(configuration.streamID) \(trackID)",
                "a=ssrc:\(track.ssrc) cname:\(configuration.cname)",
                "a=ssrc:\(track.ssrc) msid:\(configuration.streamID) \(trackID)",
            ]
        }
        writeCandidates()
    }

    /// An accepted data channel m-section (RFC 8841): our SCTP port and the largest message we take.
    mutating func writeDataChannel(_ offer: MediaDescription, mid: String) {
        writeTransport(offer, format: "webrtc-datachannel", mid: mid)
        lines += [
            "a=sctp-port:\(NegotiatedDataChannel.localPort)",
            "a=max-message-size:\(NegotiatedDataChannel.localMaximumMessageSize)",
        ]
        writeCandidates()
    }

    /// The m= and c= lines, mid, ICE credentials, fingerprint and DTLS role every accepted m-section starts with.
    private mutating func writeTransport(_ offer: MediaDescription, format: String, mid: String) {
        let connection = configuration.connectionAddress
        lines += [
            "m=\(offer.kind) \(connection.port) \(offer.proto) \(format)",
            "c=IN \(addressType) \(connection.host)",
            "a=mid:\(mid)",
            "a=ice-ufrag:\(configuration.ice.ufrag)",
            "a=ice-pwd:\(configuration.ice.password)",
            "a=fingerprint:\(configuration.fingerprint.attributeValue)",
            "a=setup:passive",
        ]
    }

    private mutating func writeCandidates() {
        for (index, address) in configuration.candidates.enumerated() {
            lines.append("a=candidate:\(SDPCandidate.host(address, index: index).attributeValue)")
        }
        lines.append("a=end-of-candidates")
    }

    /// A rejected m-section: port 0, the offer's first format, its mid, nothing else (RFC 9429 §5.3.1).
    mutating func writeRejected(_ media: MediaDescription) {
        lines += [
            "m=\(media.kind) 0 \(media.proto) \(media.formats.first ?? "0")",
            "c=IN IP4 0.0.0.0",
        ]
        if let mid = media.mid {
            lines.append("a=mid:\(mid)")
        }
        lines.append("a=inactive")
    }
}
