import HyperRTC
import Testing

@testable import HyperSFU
@testable import HyperViewer

/// A relay's offer asks for the session's Opus audio in the same bundle as its video, the server's answerer accepts
/// it, and the load viewer reads the audio's payload type and SSRC back; a counting viewer's offer stays video-only.
@Suite struct LoadViewerOfferTests {
    private func answer(_ offer: LoadViewerOffer) throws -> (LoadViewerAnswer, NegotiatedSession) {
        let configuration = AnswerConfiguration(
            ice: ICECredentials(ufrag: "srv1", password: "ServerPasswordServerPass"),
            fingerprint: SDPFingerprint(algorithm: "sha-256", value: try DTLSCertificate.generate().fingerprint),
            candidates: [RTCAddress(host: "127.0.0.1", port: 5000)], videoCodecs: [.vp8], videoSSRC: 0x1111_2222,
            audioSSRC: 0x1111_2223, cname: "hypercube-default", streamID: "hypercube-default")
        let (sdp, negotiated) = try WHEPAnswerer.answer(
            offer: SessionDescription(parsing: offer.sdp), configuration: configuration)
        return (try LoadViewerAnswer(parsing: sdp), negotiated)
    }

    private func offer(audio: Bool) throws -> LoadViewerOffer {
        LoadViewerOffer(
            ice: .random(), fingerprint: try DTLSCertificate.generate().fingerprint, host: "127.0.0.1", port: 40_000,
            audio: audio)
    }

    @Test func aRelaysOfferGetsTheSessionsOpusInTheSameBundle() throws {
        let offer = try offer(audio: true)
        #expect(offer.sdp.contains("a=group:BUNDLE 0 1\r\n"))
        let (answer, negotiated) = try answer(offer)
        #expect(answer.audioPayloadType == LoadViewerOffer.audioPayloadType)
        #expect(answer.audioSSRC == 0x1111_2223)
        #expect(answer.mediaSSRC == 0x1111_2222 && answer.payloadType == LoadViewerOffer.videoPayloadType)
        #expect(negotiated.audio?.payloadType == Int(LoadViewerOffer.audioPayloadType))
        #expect(negotiated.bundled)
    }

    @Test func aCountingViewersOfferIsVideoOnly() throws {
        let offer = try offer(audio: false)
        #expect(!offer.sdp.contains("m=audio"))
        let (answer, negotiated) = try answer(offer)
        #expect(answer.audioPayloadType == nil && answer.audioSSRC == nil)
        #expect(negotiated.audio == nil)
    }
}
