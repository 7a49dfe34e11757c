import Foundation
import HTTPTypes
import Hummingbird
import HyperSFU
import Logging

/// `GET /whep/{session}/{viewer}/pose`, upgraded to a WebSocket: an XR viewer's poses for clients without data
/// channels (docs/xr.md, "WebSocket fallback"). Checked exactly like a PATCH of the viewer resource, before the
/// upgrade. Browsers cannot set `Authorization` on a WebSocket, so the token may come as a `Sec-WebSocket-Protocol`
/// value `bearer.<token>` beside `hypercube-pose`, which the answer echoes; the token never appears in the URL.
struct XRPoseSocketRoute {
    static let subprotocol = "hypercube-pose"
    static let credentialPrefix = "bearer."

    let media: any MediaService
    let access: AccessControl

    func register(on router: Router<ControlPlaneRequestContext>) {
        router.get("/whep/:session/:viewer/pose") { request, context -> Response in
            let protocols = (request.headers[.secWebSocketProtocol] ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            var request = request
            if request.headers[.authorization] == nil,
                let token = protocols.first(where: { $0.hasPrefix(Self.credentialPrefix) })
            {
                var head = request.head
                head.headerFields[.authorization] = "Bearer " + token.dropFirst(Self.credentialPrefix.count)
                request = Request(head: head, body: request.body)
            }
            let caller = try access.viewerPrincipal(request, context: context)
            let resource = try await ViewerResource.find(context, in: media, caller: caller, action: .change)
            let (sessionID, viewerID) = (resource.sessionID, resource.viewerID)
            guard resource.summary.xr != nil else {
                throw ProblemDetails(
                    .conflict, "viewer '\(viewerID)' is not an XR viewer (POST /whep/\(sessionID)?mode=xr makes one)")
            }
            guard protocols.isEmpty || protocols.contains(Self.subprotocol) else {
                throw ProblemDetails(
                    .badRequest,
                    "Sec-WebSocket-Protocol must include \(Self.subprotocol) (and may carry bearer.<token>)")
            }
            guard let slot = context.webSocketUpgrade else {
                throw ProblemDetails(
                    HTTPResponse.Status(code: 426, reasonPhrase: "Upgrade Required"),
                    "this is a WebSocket: send GET with Upgrade: websocket",
                    headers: [.upgrade: "websocket", .connection: "Upgrade"])
            }
            guard let socket = await media.openXRPoseSocket(sessionID: sessionID, viewerID: viewerID) else {
                throw ProblemDetails(.notFound, "no XR viewer '\(viewerID)' in session '\(sessionID)'")
            }
            let media = self.media
            slot.claim(
                WebSocketSession { frames, logger in
                    await XRPoseSocketSession(media: media, socket: socket).run(frames, logger: logger)
                })
            return Response(
                status: .ok, headers: protocols.isEmpty ? [:] : [.secWebSocketProtocol: Self.subprotocol])
        }
    }
}
