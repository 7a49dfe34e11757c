import Hummingbird
import HyperSFU

/// The WHEP viewer resource a request names (`/whep/{session}/{viewer}…`), found and checked against its owner:
/// 404 when there is none, 401/403 when `caller` may not `action` it. PATCH, DELETE and the pose WebSocket share it.
struct ViewerResource {
    let sessionID: String
    let viewerID: String
    let summary: ViewerSummary

    static func find(
        _ context: ControlPlaneRequestContext, in media: any MediaService, caller: Principal?,
        action: ResourceOwnership.Action
    ) async throws -> ViewerResource {
        let sessionID = try context.parameters.require("session")
        let viewerID = try context.parameters.require("viewer")
        guard let viewer = await media.viewer(sessionID: sessionID, viewerID: viewerID) else {
            throw ProblemDetails(.notFound, "no viewer '\(viewerID)' in session '\(sessionID)'")
        }
        try ResourceOwnership.check(owner: viewer.owner, caller: caller, action: action)
        return ViewerResource(sessionID: sessionID, viewerID: viewerID, summary: viewer)
    }
}
