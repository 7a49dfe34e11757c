import HyperRTC

/// What a load viewer takes from the server's SDP answer: where to send, which ICE password signs its checks,
/// which certificate DTLS must present, and the media's SSRC and payload type.
struct LoadViewerAnswer: Sendable {
    var ice: ICECredentials
    var fingerprint: String
    var candidate: RTCAddress
    var payloadType: UInt8
    var mediaSSRC: UInt32?
    /// The Opus payload type and SSRC, when the offer had audio and the answer accepted it.
    var audioPayloadType: UInt8?
    var audioSSRC: UInt32?

    init(parsing text: String) throws(LoadViewerError) {
        let description: SessionDescription
        do {
            description = try SessionDescription(parsing: text)
        } catch {
            throw LoadViewerError(.badAnswer, "the answer is not SDP: \(error.message)")
        }
        guard let video = description.media.first(where: { $0.kind == "video" && $0.port != 0 }) else {
            throw LoadViewerError(.badAnswer, "the answer accepts no video")
        }
        guard let ice = video.iceCredentials else {
            throw LoadViewerError(.badAnswer, "the answer has no a=ice-ufrag and a=ice-pwd")
        }
        guard let fingerprint = video.fingerprint, fingerprint.algorithm == "sha-256" else {
            throw LoadViewerError(.badAnswer, "the answer has no a=fingerprint:sha-256")
        }
        guard let candidate = video.candidates.first(where: { $0.transport.lowercased() == "udp" && $0.component == 1 })
        else {
            throw LoadViewerError(.badAnswer, "the answer has no UDP candidate")
        }
        guard let format = video.formats.first, let payloadType = UInt8(format), payloadType < 128 else {
            throw LoadViewerError(.badAnswer, "the answer's video m-line has no payload type")
        }
        self.ice = ice
        self.fingerprint = fingerprint.value
        self.candidate = RTCAddress(host: candidate.address, port: candidate.port)
        self.payloadType = payloadType
        mediaSSRC = Self.ssrc(of: video)
        if let audio = description.media.first(where: { $0.kind == "audio" && $0.port != 0 }),
            let format = audio.formats.first, let payloadType = UInt8(format), payloadType < 128
        {
            audioPayloadType = payloadType
            audioSSRC = Self.ssrc(of: audio)
        }
    }

    private static func ssrc(of media: MediaDescription) -> UInt32? {
        media.attributes.lazy.filter { $0.name == "ssrc" }.compactMap { attribute in
            attribute.value?.split(separator: " ").first.flatMap { UInt32($0) }
        }.first
    }
}
