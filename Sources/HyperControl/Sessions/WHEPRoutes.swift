import Foundation
import HTTPTypes
import Hummingbird
import HyperRTC
import HyperSFU
import Logging

/// WHEP playback (draft-ietf-wish-whep): POST an SDP offer to a session (rate-limited per client and principal,
/// with a cap on each client's viewers still connecting), PATCH and DELETE the viewer resource (its creator only).
struct WHEPRoutes {
    let media: any MediaService
    let access: AccessControl
    let admission: ViewerAdmission
    /// XR viewers render a stream each: they take their share of the GPU budget like a session.
    let budget: RenderBudget
    /// The cluster's sessions, with `serve --cluster`: a session rendered on another node is relayed or redirected.
    let directory: (any SessionDirectory)?
    let logger: Logger

    static let maximumOfferBytes = 64 * 1024

    func register(on router: Router<ControlPlaneRequestContext>) {
        router.post("/whep/:session") { request, context -> Response in
            let client = access.client(request, context: context)
            if let client { try admission.takeOffer(client: client) }
            let principal = try access.viewerPrincipal(request, context: context)
            if let principal { try admission.takeOffer(principal: principal) }
            let sessionID = try context.parameters.require("session")
            guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/sdp") else {
                throw ProblemDetails(
                    .unsupportedMediaType,
                    "WHEP offers must be sent as Content-Type: application/sdp, got \(request.headers[.contentType] ?? "none")",
                    headers: [HTTPField.Name("Accept-Post")!: "application/sdp"]
                )
            }
            if let client { try admission.checkPending(await media.pendingViewerCount(client: client), client: client) }
            let body = try await request.body.collect(upTo: Self.maximumOfferBytes)
            let offer = String(buffer: body)
            if let redirect = try await reachElsewhere(sessionID: sessionID, request: request) { return redirect }
            do {
                let xr = try xrRequest(request, sessionID: sessionID)
                let viewerAdmission = ViewerAdmissionRequest(
                    owner: principal?.subject, client: client,
                    maximumPending: admission.policy.pendingViewersPerClient)
                let resource: WHEPResource
                if let xr, let settings = media.streamSettings(sessionID) {
                    let rate = xr.pixelRate(framesPerSecond: settings.framesPerSecond)
                    resource = try await budget.withReservation(rate, for: "xr-\(UUID())", what: "XR viewer") {
                        try await media.createViewer(
                            sessionID: sessionID, offer: offer, admission: viewerAdmission, xr: xr)
                    }
                } else {
                    resource = try await media.createViewer(
                        sessionID: sessionID, offer: offer, admission: viewerAdmission, xr: nil)
                }
                let location = "/whep/\(sessionID)/\(resource.viewerID)"
                // Inside the request's span: with traces on, the line carries the trace of the viewer's join.
                context.logger.info(
                    "WHEP offer answered",
                    metadata: ["session": "\(sessionID)", "viewer": "\(resource.viewerID)", "xr": "\(xr != nil)"])
                return Response(
                    status: .created,
                    headers: [
                        .contentType: "application/sdp", .location: location, .eTag: resource.etag,
                    ],
                    body: .init(byteBuffer: ByteBuffer(string: resource.answer))
                )
            } catch let error as SFUError {
                throw Self.problem(for: error)
            }
        }
        router.patch("/whep/:session/:viewer") { request, context -> Response in
            let caller = try access.viewerPrincipal(request, context: context)
            let resource = try await ViewerResource.find(context, in: media, caller: caller, action: .change)
            let (sessionID, viewerID, viewer) = (resource.sessionID, resource.viewerID, resource.summary)
            guard let type = request.headers[.contentType],
                type.lowercased().hasPrefix("application/trickle-ice-sdpfrag")
            else {
                throw ProblemDetails(
                    .unsupportedMediaType,
                    "PATCH takes Content-Type: application/trickle-ice-sdpfrag"
                )
            }
            let ifMatch = request.headers[.ifMatch]
            if let ifMatch, !EntityTagCondition.matches(ifMatch, etag: viewer.etag) {
                throw ProblemDetails(
                    .preconditionFailed,
                    "If-Match \(ifMatch) does not match the resource's current ETag \(viewer.etag)"
                )
            }
            let fragment = String(buffer: try await request.body.collect(upTo: Self.maximumOfferBytes))
            guard let ufrag = SDPFragment.attribute("ice-ufrag", in: fragment), ufrag != viewer.remoteUfrag else {
                // Trickled candidates: an ICE-lite server has nothing to do with them.
                return Response(status: .noContent)
            }
            return try await restartICE(
                sessionID: sessionID, viewerID: viewerID, ufrag: ufrag, fragment: fragment, ifMatch: ifMatch)
        }
        router.delete("/whep/:session/:viewer") { request, context -> Response in
            let caller = try access.viewerPrincipal(request, context: context)
            let resource = try await ViewerResource.find(context, in: media, caller: caller, action: .end)
            let (sessionID, viewerID) = (resource.sessionID, resource.viewerID)
            do {
                try await media.deleteViewer(sessionID: sessionID, viewerID: viewerID)
            } catch let error as SFUError {
                throw Self.problem(for: error)
            }
            return Response(status: .ok)
        }
    }

    /// An ICE restart (RFC 9725 §4.3.2): new credentials in the fragment and `If-Match` present; answers 200 with our
    /// new credentials and candidate and a new ETag. DTLS and SRTP carry on.
    private func restartICE(
        sessionID: String, viewerID: String, ufrag: String, fragment: String, ifMatch: String?
    ) async throws -> Response {
        guard let ifMatch else {
            throw ProblemDetails(
                HTTPResponse.Status(code: 428, reasonPhrase: "Precondition Required"),
                "an ICE restart PATCH needs If-Match (\"*\" or the resource's ETag)")
        }
        guard let password = SDPFragment.attribute("ice-pwd", in: fragment) else {
            throw ProblemDetails(.badRequest, "the ICE restart fragment has a=ice-ufrag:\(ufrag) but no a=ice-pwd")
        }
        guard (4...256).contains(ufrag.count), (22...256).contains(password.count) else {
            throw ProblemDetails(
                .badRequest,
                "ICE credentials out of range (RFC 8839: ufrag 4-256, pwd 22-256 characters): ufrag \(ufrag.count), pwd \(password.count)"
            )
        }
        do {
            let answer = try await media.restartICE(
                sessionID: sessionID, viewerID: viewerID, remote: ICECredentials(ufrag: ufrag, password: password),
                ifMatch: ifMatch)
            return Response(
                status: .ok,
                headers: [.contentType: "application/trickle-ice-sdpfrag", .eTag: answer.etag],
                body: .init(byteBuffer: ByteBuffer(string: answer.fragment)))
        } catch {
            throw Self.problem(for: error)
        }
    }

    /// The XR viewer request of `?mode=xr&eye=WxH&fov=F` (docs/xr.md); nil for a spectator (no `mode`, or
    /// `mode=spectator`).
    private func xrRequest(_ request: Request, sessionID: String) throws -> XRViewerRequest? {
        let query = request.uri.queryParameters
        switch query["mode"].map(String.init) {
        case nil, "spectator":
            return nil
        case "xr":
            guard let session = media.renderedSession(sessionID) else { return nil }
            return try XRViewerRequest(
                eye: query["eye"].map(String.init), fov: query["fov"].map(String.init),
                sessionWidth: session.settings.width, sessionHeight: session.settings.height)
        case let other?:
            throw ProblemDetails(.badRequest, "mode=\(other) is not xr or spectator")
        }
    }

    static func problem(for error: SFUError) -> ProblemDetails {
        switch error.code {
        case .unknownSession, .unknownViewer:
            return ProblemDetails(.notFound, error.message)
        case .overloaded:
            return ProblemDetails(.serviceUnavailable, error.message, headers: [.retryAfter: "5"])
        case .tooManyPending:
            return ProblemDetails(
                .tooManyRequests, error.message, headers: [.retryAfter: "\(ViewerAdmission.pendingRetryAfter)"])
        case .preconditionFailed:
            return ProblemDetails(.preconditionFailed, error.message)
        case .badOffer:
            return ProblemDetails(error.noCommonCodec ? .notAcceptable : .badRequest, error.message)
        case .badUpstream:
            return ProblemDetails(.badGateway, error.message)
        case .internalFailure:
            return ProblemDetails(.internalServerError, error.message)
        }
    }
}
