import Foundation
import HyperMedia
public import HyperRTC
import NIOCore
import Synchronization

/// WHEP viewer resources on the media side: create one from an offer, restart its ICE, end it.
extension MediaServer {
    /// Answers a WHEP offer for `sessionID` and creates the viewer resource. `owner` is the subject of the principal
    /// that posted the offer (nil when viewing is open); only it may change or end the resource.
    public func createViewer(sessionID: String, offer: String, owner: String? = nil) async throws(SFUError)
        -> WHEPResource
    {
        guard !draining.withLock({ $0 }) else {
            throw SFUError(.overloaded, "the server is shutting down")
        }
        guard session(sessionID) != nil else {
            throw SFUError(
                .unknownSession, "no session '\(sessionID)'; sessions: \(sessionIDs.joined(separator: ", "))")
        }
        let parsed: SessionDescription
        do {
            parsed = try SessionDescription(parsing: offer)
        } catch {
            throw SFUError(.badOffer, "unparsable SDP offer: \(error.message)")
        }
        let router = self.router
        let configuration = self.configuration
        let certificate = self.certificate
        let result: Result<WHEPResource, SFUError>
        do {
            result = try await loop.submit { () -> Result<WHEPResource, SFUError> in
                Self.makeViewer(
                    router: router.value,
                    sessionID: sessionID,
                    offer: parsed,
                    owner: owner,
                    configuration: configuration,
                    certificate: certificate
                )
            }.get()
        } catch {
            throw SFUError(.internalFailure, "media loop unavailable: \(error)")
        }
        return try result.get()
    }

    private static func makeViewer(
        router: MediaRouter,
        sessionID: String,
        offer: SessionDescription,
        owner: String?,
        configuration: SFUConfiguration,
        certificate: DTLSCertificate
    ) -> Result<WHEPResource, SFUError> {
        guard let ssrc = router.ssrc(sessionID: sessionID), let codec = router.codec(sessionID: sessionID) else {
            return .failure(SFUError(.unknownSession, "no session '\(sessionID)'"))
        }
        guard router.viewerCount(sessionID: sessionID) < configuration.maximumViewersPerSession else {
            return .failure(
                SFUError(.overloaded, "session '\(sessionID)' has \(configuration.maximumViewersPerSession) viewers")
            )
        }
        let local = ICECredentials.random()
        let answerConfiguration = AnswerConfiguration(
            ice: local,
            fingerprint: SDPFingerprint(algorithm: "sha-256", value: certificate.fingerprint),
            candidate: configuration.candidate,
            videoCodecs: [codec == .vp9 ? .vp9 : .vp8],
            videoSSRC: ssrc,
            audioSSRC: ssrc &+ 1,
            cname: "hypercube-\(sessionID)",
            streamID: "hypercube-\(sessionID)"
        )
        do {
            let (answer, negotiated) = try WHEPAnswerer.answer(offer: offer, configuration: answerConfiguration)
            let transport = try DTLSTransport(
                role: .server,
                certificate: certificate,
                remoteFingerprint: negotiated.remoteFingerprint.value
            )
            let id = UUID().uuidString.lowercased()
            let etag = "\"\(UUID().uuidString.prefix(8).lowercased())\""
            let viewer = Viewer(
                id: id,
                sessionID: sessionID,
                etag: etag,
                negotiated: negotiated,
                local: local,
                dtls: transport,
                createdAt: MediaRouter.now(),
                initialBitrate: 2_000_000
            )
            viewer.owner = owner
            router.addViewer(viewer)
            return .success(WHEPResource(viewerID: id, sessionID: sessionID, answer: answer, etag: etag))
        } catch {
            return .failure(SFUError(.badOffer, error.message, noCommonCodec: error.code == .noCommonCodec))
        }
    }

    /// Restarts ICE for a viewer with its new credentials if `ifMatch` (an `If-Match` value: `*` or a list of
    /// entity tags) matches the resource's ETag, and returns the trickle-ICE SDP fragment to answer with (our new
    /// credentials and candidate) and the new ETag. The check and the restart are one step on the media loop, so of
    /// two requests with the same ETag exactly one restarts; the other gets `.preconditionFailed`.
    public func restartICE(
        sessionID: String, viewerID: String, remote: ICECredentials, ifMatch: String
    ) async throws(SFUError) -> (fragment: String, etag: String) {
        let router = self.router
        let candidate = configuration.candidate
        let unknown = SFUError(.unknownViewer, "no viewer '\(viewerID)' in session '\(sessionID)'")
        let result = try? await loop.submit { () -> Result<(String, String), SFUError> in
            guard router.value.hasViewer(viewerID, sessionID: sessionID),
                let current = router.value.summary(of: viewerID), let video = router.value.negotiatedVideo(of: viewerID)
            else { return .failure(unknown) }
            guard EntityTagCondition.matches(ifMatch, etag: current.etag) else {
                return .failure(
                    SFUError(
                        .preconditionFailed,
                        "If-Match \(ifMatch) does not match the resource's current ETag \(current.etag)"))
            }
            guard
                let restart = router.value.restartICE(
                    viewerID: viewerID, sessionID: sessionID, remote: remote, now: MediaRouter.now())
            else { return .failure(unknown) }
            let fragment = SDPFragment.iceRestartAnswer(
                local: restart.local, candidate: candidate, mid: video.mid, payloadType: video.payloadType)
            return .success((fragment, restart.etag))
        }.get()
        guard let result else { throw unknown }
        return try result.get()
    }

    /// Ends a viewer (WHEP DELETE): DTLS close_notify, then its state is dropped.
    public func deleteViewer(sessionID: String, viewerID: String) async throws(SFUError) {
        let router = self.router
        let existed =
            (try? await loop.submit { () -> Bool in
                guard router.value.hasViewer(viewerID, sessionID: sessionID) else { return false }
                router.value.removeViewer(viewerID, reason: "WHEP DELETE")
                return true
            }.get()) ?? false
        guard existed else {
            throw SFUError(.unknownViewer, "no viewer '\(viewerID)' in session '\(sessionID)'")
        }
    }

    /// A viewer resource's summary (its ETag, remote ufrag and owner), or nil when it does not exist.
    public func viewer(sessionID: String, viewerID: String) async -> ViewerSummary? {
        let router = self.router
        return try? await loop.submit { () -> ViewerSummary? in
            guard router.value.hasViewer(viewerID, sessionID: sessionID) else { return nil }
            return router.value.summary(of: viewerID)
        }.get()
    }
}
