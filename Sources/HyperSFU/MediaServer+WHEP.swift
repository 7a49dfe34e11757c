import Foundation
import HyperMedia
public import HyperRTC
import NIOCore
import Synchronization
import Tracing

/// WHEP viewer resources on the media side: create one from an offer, restart its ICE, end it.
extension MediaServer {
    /// Answers a WHEP offer for `sessionID` and creates the viewer resource if the session has room for it and
    /// `admission.client` has fewer than `admission.maximumPending` viewers still connecting; `admission.owner` owns
    /// it. Parsing and answering the offer run in the caller's task; the media loop only checks for room (before and
    /// after) and registers the viewer, so a large offer never holds up packets. With `xr`, the viewer is an XR viewer
    /// (docs/xr.md): it gets its own stereo render driven by the poses on its data channel, or on its pose WebSocket
    /// when the offer has no data channel.
    public func createViewer(
        sessionID: String, offer: String, admission: ViewerAdmissionRequest = ViewerAdmissionRequest(),
        xr: XRViewerRequest? = nil
    ) async throws(SFUError) -> WHEPResource {
        // The offer's parse, the answer and the viewer's registration, as a child of the request's span.
        let answering = InstrumentationSystem.tracer.startSpan(
            "whep.answer", context: ServiceContext.current ?? .topLevel)
        answering.attributes["hypercube.session"] = sessionID
        defer { answering.end() }
        do {
            let resource = try await answer(sessionID: sessionID, offer: offer, admission: admission, xr: xr)
            answering.attributes["hypercube.viewer"] = resource.viewerID
            return resource
        } catch {
            answering.attributes["hypercube.refused"] = error.message
            answering.setStatus(SpanStatus(code: .error, message: error.message))
            throw error
        }
    }

    private func answer(
        sessionID: String, offer: String, admission: ViewerAdmissionRequest, xr: XRViewerRequest?
    ) async throws(SFUError) -> WHEPResource {
        guard !draining.withLock({ $0 }) else {
            throw SFUError(.overloaded, "the server is shutting down")
        }
        guard let settings = streamSettings(sessionID) else {
            throw SFUError(
                .unknownSession,
                "no session '\(sessionID)'; sessions: \((sessionIDs + relayIDs).sorted().joined(separator: ", "))")
        }
        let parsed: SessionDescription
        do {
            parsed = try SessionDescription(parsing: offer)
        } catch {
            throw .unparsableOffer(error)
        }
        let maximumViewers = configuration.maximumViewersPerSession
        let track = try await onMediaLoop { router in
            Self.room(in: router, sessionID: sessionID, admission: admission, maximumViewers: maximumViewers)
        }
        let local = ICECredentials.random()
        let answer: String
        let negotiated: NegotiatedSession
        // An XR viewer's video is its own track: its own SSRC; audio stays the session's.
        let xrSSRC = xr == nil ? nil : UInt32.random(in: 1...UInt32.max)
        do {
            var answering = answerConfiguration(sessionID: sessionID, track: track, local: local)
            if let xrSSRC {
                answering.videoSSRC = xrSSRC
                answering.acceptsDataChannel = true
                answering.acceptsPlayoutDelay = true
            }
            (answer, negotiated) = try WHEPAnswerer.answer(offer: parsed, configuration: answering)
        } catch {
            throw .unanswerableOffer(error)
        }
        let inbox = XRPoseInbox()
        let maximumXRViewers = configuration.maximumXRViewers
        // The request's trace (the HTTP server span), which the viewer's join spans continue.
        let traceContext = ServiceContext.current ?? .topLevel
        let certificate = self.certificate
        let resource = try await onMediaLoop { router -> Result<WHEPResource, SFUError> in
            switch Self.room(in: router, sessionID: sessionID, admission: admission, maximumViewers: maximumViewers) {
            case .failure(let error):
                return .failure(error)
            case .success(let current) where current != track:
                return .failure(SFUError(.unknownSession, "session '\(sessionID)' was replaced while answering"))
            case .success:
                break
            }
            if xr != nil, router.xrViewers.count >= maximumXRViewers {
                let reason =
                    maximumXRViewers == 0
                    ? "XR viewers are off on this server (--max-xr-viewers 0)"
                    : "the server runs \(maximumXRViewers) XR viewers, each with its own render"
                return .failure(SFUError(.overloaded, reason))
            }
            do {
                let transport = try DTLSTransport(
                    role: .server, certificate: certificate, remoteFingerprint: negotiated.remoteFingerprint.value)
                let id = UUID().uuidString.lowercased()
                let etag = ViewerIdentities.random.etag()
                let viewer = Viewer(
                    id: id, sessionID: sessionID, etag: etag, negotiated: negotiated, local: local, dtls: transport,
                    createdAt: MediaRouter.now(), initialBitrate: 2_000_000,
                    xr: xr.map { XRViewerState(inbox: inbox, request: $0) })
                viewer.owner = admission.owner
                viewer.client = admission.client
                viewer.joinTimeline = JoinTimeline(
                    context: traceContext, sessionID: sessionID, viewerID: id, created: viewer.createdAt)
                if let xrSSRC {
                    router.addXRTrack(key: viewer.trackKey, ssrc: xrSSRC, codec: track.codec)
                }
                router.addViewer(viewer)
                return .success(WHEPResource(viewerID: id, sessionID: sessionID, answer: answer, etag: etag))
            } catch {
                return .failure(SFUError(.internalFailure, "DTLS set-up failed: \(error)"))
            }
        }
        if let xr {
            startXRRender(
                key: Viewer.xrTrackKey(viewerID: resource.viewerID), session: settings, request: xr,
                inbox: inbox)
        }
        return resource
    }

    /// The session's track (SSRC and codec) if it has a free slot and `admission.client` may add a pending viewer.
    private static func room(
        in router: MediaRouter, sessionID: String, admission: ViewerAdmissionRequest, maximumViewers: Int
    ) -> Result<TrackIdentity, SFUError> {
        guard let ssrc = router.ssrc(sessionID: sessionID), let codec = router.codec(sessionID: sessionID) else {
            return .failure(SFUError(.unknownSession, "no session '\(sessionID)'"))
        }
        guard router.viewerCount(sessionID: sessionID) < maximumViewers else {
            return .failure(SFUError(.overloaded, "session '\(sessionID)' has \(maximumViewers) viewers"))
        }
        if let client = admission.client {
            let pending = router.pendingViewerCount(client: client)
            guard pending < admission.maximumPending else {
                return .failure(
                    SFUError(
                        .tooManyPending,
                        "\(client) has \(pending) viewers that have not connected yet (at most "
                            + "\(admission.maximumPending)); retry once they connect or time out"))
            }
        }
        return .success(TrackIdentity(ssrc: ssrc, codec: codec))
    }

    private func answerConfiguration(
        sessionID: String, track: TrackIdentity, local: ICECredentials
    ) -> AnswerConfiguration {
        AnswerConfiguration(
            ice: local,
            fingerprint: SDPFingerprint(algorithm: "sha-256", value: certificate.fingerprint),
            candidates: candidates,
            videoCodecs: [track.codec == .vp9 ? .vp9 : .vp8],
            videoSSRC: track.ssrc,
            audioSSRC: track.ssrc &+ 1,
            cname: "hypercube-\(sessionID)",
            streamID: "hypercube-\(sessionID)"
        )
    }

    /// Viewers from `client` (as `ViewerAdmissionRequest.client` named it) that have not connected yet.
    public func pendingViewerCount(client: String) async -> Int {
        (try? await onMediaLoop { router in .success(router.pendingViewerCount(client: client)) }) ?? 0
    }

    /// Runs `body` on the media loop with the router.
    private func onMediaLoop<Value: Sendable>(
        _ body: @escaping @Sendable (MediaRouter) -> Result<Value, SFUError>
    ) async throws(SFUError) -> Value {
        let router = self.router
        let result: Result<Value, SFUError>
        do {
            result = try await loop.submit { body(router.value) }.get()
        } catch {
            throw SFUError(.internalFailure, "media loop unavailable: \(error)")
        }
        return try result.get()
    }

    /// What answers are written for: the session's video SSRC (audio is the next) and codec.
    struct TrackIdentity: Equatable, Sendable {
        var ssrc: UInt32
        var codec: VideoCodec
    }

    /// Restarts ICE for a viewer with its new credentials if `ifMatch` (an `If-Match` value: `*` or a list of
    /// entity tags) matches the resource's ETag, and returns the trickle-ICE SDP fragment to answer with (our new
    /// credentials and candidate) and the new ETag. The check and the restart are one step on the media loop, so of
    /// two requests with the same ETag exactly one restarts; the other gets `.preconditionFailed`.
    public func restartICE(
        sessionID: String, viewerID: String, remote: ICECredentials, ifMatch: String
    ) async throws(SFUError) -> (fragment: String, etag: String) {
        let router = self.router
        let candidates = self.candidates
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
                local: restart.local, candidates: candidates, mid: video.mid, payloadType: video.payloadType)
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
