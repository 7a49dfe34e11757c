import Foundation
import HTTPTypes
import Hummingbird
import HyperSFU
import Logging

/// WHEP playback (draft-ietf-wish-whep): POST an SDP offer to a session, PATCH and DELETE the viewer resource.
struct WHEPRoutes {
    let media: MediaServer
    let access: AccessControl
    let logger: Logger

    static let maximumOfferBytes = 64 * 1024

    func register(on router: Router<ControlPlaneRequestContext>) {
        router.post("/whep/:session") { request, context -> Response in
            try access.requireViewer(request)
            let sessionID = try context.parameters.require("session")
            guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/sdp") else {
                throw ProblemDetails(
                    .unsupportedMediaType,
                    "WHEP offers must be sent as Content-Type: application/sdp, got \(request.headers[.contentType] ?? "none")",
                    headers: [HTTPField.Name("Accept-Post")!: "application/sdp"]
                )
            }
            let body = try await request.body.collect(upTo: Self.maximumOfferBytes)
            let offer = String(buffer: body)
            do {
                let resource = try await media.createViewer(sessionID: sessionID, offer: offer)
                let location = "/whep/\(sessionID)/\(resource.viewerID)"
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
            let sessionID = try context.parameters.require("session")
            let viewerID = try context.parameters.require("viewer")
            guard let viewer = await media.viewer(sessionID: sessionID, viewerID: viewerID) else {
                throw ProblemDetails(.notFound, "no viewer '\(viewerID)' in session '\(sessionID)'")
            }
            guard let type = request.headers[.contentType],
                type.lowercased().hasPrefix("application/trickle-ice-sdpfrag")
            else {
                throw ProblemDetails(
                    .unsupportedMediaType,
                    "PATCH takes Content-Type: application/trickle-ice-sdpfrag"
                )
            }
            if let match = request.headers[.ifMatch], match != "*", match != viewer.etag {
                throw ProblemDetails(
                    .preconditionFailed,
                    "If-Match \(match) does not match the resource's current ETag \(viewer.etag)"
                )
            }
            let fragment = String(buffer: try await request.body.collect(upTo: Self.maximumOfferBytes))
            if let ufrag = Self.attribute("ice-ufrag", in: fragment), ufrag != viewer.remoteUfrag {
                throw ProblemDetails.unprocessable(
                    "ICE restarts are not supported: DELETE this resource and POST a new offer"
                )
            }
            return Response(status: .noContent)
        }
        router.delete("/whep/:session/:viewer") { _, context -> Response in
            let sessionID = try context.parameters.require("session")
            let viewerID = try context.parameters.require("viewer")
            do {
                try await media.deleteViewer(sessionID: sessionID, viewerID: viewerID)
            } catch let error as SFUError {
                throw Self.problem(for: error)
            }
            return Response(status: .ok)
        }
    }

    /// The value of the first `a=<name>:` line of an SDP fragment.
    static func attribute(_ name: String, in fragment: String) -> String? {
        let prefix = "a=\(name):"
        for line in fragment.split(whereSeparator: \.isNewline) where line.hasPrefix(prefix) {
            return String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    static func problem(for error: SFUError) -> ProblemDetails {
        switch error.code {
        case .unknownSession, .unknownViewer:
            return ProblemDetails(.notFound, error.message)
        case .overloaded:
            return ProblemDetails(.serviceUnavailable, error.message, headers: [.retryAfter: "5"])
        case .badOffer:
            return ProblemDetails(error.noCommonCodec ? .notAcceptable : .badRequest, error.message)
        case .internalFailure:
            return ProblemDetails(.internalServerError, error.message)
        }
    }
}
