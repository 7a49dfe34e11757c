import Foundation
import HTTPTypes
import Hummingbird
import HyperJSON
import HyperMedia
import HyperSFU
import HyperScene
import NIOPosix
import Synchronization

/// The render sessions: `GET /v1/sessions` (paged, newest first), `GET /v1/sessions/{id}`, `POST /v1/sessions`
/// (within the GPU budget) and `DELETE /v1/sessions/{id}`, which ends the session's viewers.
final class SessionRoutes: Sendable {
    /// The session `hypercube serve` starts, which the player and probes rely on; it cannot be deleted.
    static let defaultSessionID = "default"

    let media: any MediaService
    let catalog: SceneCatalog
    let flags: FlagStore
    let binding: FlagSessionBinding
    let audit: AuditLog
    let access: AccessControl
    let budget: RenderBudget
    /// The cluster's sessions with `serve --cluster`: listings show the whole cluster, and new sessions are placed on
    /// the node with room.
    let directory: (any SessionDirectory)?

    init(
        media: any MediaService,
        catalog: SceneCatalog,
        flags: FlagStore,
        audit: AuditLog,
        access: AccessControl,
        budget: RenderBudget,
        directory: (any SessionDirectory)? = nil
    ) {
        self.directory = directory
        self.media = media
        self.catalog = catalog
        self.flags = flags
        self.binding = FlagSessionBinding(flags: flags, media: media)
        self.audit = audit
        self.access = access
        self.budget = budget
    }

    func register(on router: Router<ControlPlaneRequestContext>) {
        router.get("/v1/sessions") { [self] request, context -> JSONBody in
            try access.requireViewer(request, context: context)
            let page = try PageRequest(
                limit: request.uri.queryParameters["limit"].map(String.init),
                offset: request.uri.queryParameters["offset"].map(String.init)
            )
            let sessions: [ListedSession] =
                (media.sessionIDs.compactMap(media.renderedSession).map(ListedSession.rendered)
                + media.relayIDs.compactMap(media.relayedSession).map(ListedSession.relayed)).sorted {
                    ($0.createdAt, $0.id) > ($1.createdAt, $1.id)
                }
            var listed: [JSONValue] = []
            for session in page.slice(sessions) {
                switch session {
                case .rendered(let rendered): listed.append(await describe(rendered))
                case .relayed(let relay): listed.append(await describe(relay))
                }
            }
            var body = page.envelope(total: sessions.count)
            body["sessions"] = .array(listed)
            if let directory { body["cluster"] = await clusterListing(directory) }
            return JSONBody(.object(body))
        }
        router.get("/v1/sessions/:id") { [self] request, context -> JSONBody in
            try access.requireViewer(request, context: context)
            let id = try context.parameters.require("id")
            guard let session = media.renderedSession(id) else {
                if let relay = media.relayedSession(id) { return JSONBody(await describe(relay)) }
                if let directory, let location = try await locate(id, in: directory) {
                    return JSONBody(Self.json(location, node: directory.nodeID))
                }
                throw unknownSession(id)
            }
            return JSONBody(await describe(session))
        }
        router.get("/v1/sessions/:id/viewers") { [self] request, context -> JSONBody in
            try access.requireOperatorRead(request, context: context)
            let id = try context.parameters.require("id")
            guard media.renderedSession(id) != nil || media.relayedSession(id) != nil else { throw unknownSession(id) }
            let viewers = await media.viewers(sessionID: id).sorted { $0.id < $1.id }
            return JSONBody(["viewers": .array(viewers.map(Self.json)), "total": .integer(viewers.count)])
        }
        router.post("/v1/sessions") { [self] request, context -> JSONBody in
            let principal = try access.requireOperator(request, context: context)
            let body = try await request.jsonObject()
            let wanted = try SessionRequest(json: body, flags: flags.current, scenes: catalog.names)
            if let directory {
                let location = try await place(wanted, by: principal, in: directory)
                return JSONBody(
                    Self.json(location, node: directory.nodeID), status: .created,
                    headers: [.location: "/v1/sessions/\(location.id)"])
            }
            let session = try await create(wanted, by: principal)
            return JSONBody(
                await describe(session),
                status: .created,
                headers: [.location: "/v1/sessions/\(session.id)"]
            )
        }
        router.delete("/v1/sessions/:id") { [self] request, context -> JSONBody in
            let principal = try access.requireOperator(request, context: context)
            let id = try context.parameters.require("id")
            guard let session = media.renderedSession(id) else {
                if let directory, let location = try await locate(id, in: directory) {
                    throw ProblemDetails(
                        .conflict,
                        "session '\(id)' is rendered by node \(location.ownerNodeID); delete it there"
                            + (location.ownerBaseURL.map { " (\($0)/v1/sessions/\(id))" } ?? ""))
                }
                throw unknownSession(id)
            }
            guard id != Self.defaultSessionID else {
                throw ProblemDetails(.conflict, "the default session is permanent; it ends when the server stops")
            }
            let viewers = await media.viewerCount(sessionID: id)
            try await record(principal, action: "session.delete", target: id, old: Self.auditJSON(session), new: .null)
            if let directory { try await release(id, in: directory) }
            await media.removeSession(id: id)
            return JSONBody(["id": .string(id), "deleted": true, "viewersEnded": .integer(viewers)])
        }
    }

    private func create(_ wanted: SessionRequest, by principal: Principal) async throws -> any RenderedSession {
        let scene: Scene
        do {
            scene = try catalog.scene(named: wanted.scene)
        } catch {
            throw ProblemDetails.unprocessable("scene \(wanted.scene) cannot be loaded: \(error.message)")
        }
        let id = "s-" + UUID().uuidString.lowercased().prefix(8)
        let session = try await budget.withReservation(wanted.pixelRate, for: id, what: "session") {
            try await record(principal, action: "session.create", target: id, old: .null, new: wanted.auditJSON)
            return await media.startSession(
                id: id,
                settings: SessionSettings(
                    sceneName: wanted.scene,
                    scene: scene,
                    width: wanted.size.width,
                    height: wanted.size.height,
                    framesPerSecond: wanted.framesPerSecond,
                    codec: wanted.codec,
                    bitrate: wanted.bitrate
                )
            )
        }
        binding.adopt(session)
        return session
    }

    func record(_ principal: Principal, action: String, target: String, old: JSONValue, new: JSONValue)
        async throws
    {
        let audit = self.audit
        do {
            _ = try await NIOThreadPool.singleton.runIfActive {
                try audit.append(actor: principal.subject, action: action, target: target, old: old, new: new)
            }
        } catch {
            throw ProblemDetails(.internalServerError, "could not record \(action) in the audit log: \(error)")
        }
    }

    private func describe(_ session: any RenderedSession) async -> JSONValue {
        guard case .object(var fields) = Self.auditJSON(session) else { return .null }
        let settings = session.settings
        fields["id"] = .string(session.id)
        fields["width"] = .integer(settings.width)
        fields["height"] = .integer(settings.height)
        fields["viewers"] = .integer(await media.viewerCount(sessionID: session.id))
        fields["whep"] = .string("/whep/\(session.id)")
        fields["framesEncoded"] = .integer(session.status.framesEncoded)
        fields["bitrate"] = .integer(session.bitrate)
        if let timings = await media.frameTimings(sessionID: session.id) {
            fields["frameTimings"] = Self.json(timings)
        }
        fields["createdAt"] = .string(Timestamp.string(session.createdAt))
        fields["size"] = nil
        return .object(fields)
    }

    /// One viewer as operators see it: its transport state, what it was sent and lost, and its bandwidth estimate
    /// and temporal layers.
    private static func json(_ viewer: ViewerSummary) -> JSONValue {
        var fields: JSONObject = [
            "id": .string(viewer.id), "state": .string(viewer.state), "packetsSent": .integer(viewer.packetsSent),
            "packetsDropped": .integer(viewer.packetsDropped), "nacksReceived": .integer(viewer.nacksReceived),
            "retransmitted": .integer(viewer.retransmitted),
            "retransmissionsRefused": .integer(viewer.retransmissionsRefused),
            "keyframeRequests": .integer(viewer.keyframeRequests),
            "estimatedBitrate": .integer(viewer.estimatedBitrate),
            "temporalLayers": .string(viewer.maximumTemporalLayer == nil ? "all" : "base"),
            "layerSwitches": .integer(viewer.layerSwitches), "framesSkipped": .integer(viewer.framesSkipped),
        ]
        if let xr = viewer.xr { fields["xr"] = json(xr) }
        return .object(fields)
    }

    /// An XR viewer's render, poses and latency (docs/xr.md); the millisecond lists are its last figures, oldest first.
    private static func json(_ xr: XRViewerSummary) -> JSONValue {
        [
            "eye": .string("\(xr.eyeWidth)x\(xr.eyeHeight)"), "fov": .number(xr.fovDegrees),
            "poseChannelOpen": .bool(xr.poseChannelOpen), "posesReceived": .integer(xr.posesReceived),
            "messagesDropped": .object(JSONObject(xr.messagesDropped.mapValues(JSONValue.integer))),
            "reportsReceived": .integer(xr.reportsReceived), "framesTimed": .integer(xr.framesTimed),
            "motionToPhotonMs": .array(xr.motionToPhotonMilliseconds.map(JSONValue.number)),
            "poseToWireMs": .array(xr.poseToWireMilliseconds.map(JSONValue.number)),
            "residualRotationDegrees": xr.residualRotationDegrees.map(JSONValue.number) ?? .null,
            "repeatedFrames": .integer(xr.repeatedFrames),
        ]
    }

    /// Latency percentiles in milliseconds over the last frames (`window` of them).
    static func json(_ timings: FrameTimingSummary) -> JSONValue {
        func percentiles(_ value: FrameTimingSummary.Percentiles) -> JSONValue {
            ["p50": .number(value.p50), "p99": .number(value.p99), "max": .number(value.max)]
        }
        return [
            "frames": .integer(timings.frames), "window": .integer(timings.window),
            "glassToWireMs": percentiles(timings.glassToWire), "renderMs": percentiles(timings.render),
            "encodeMs": percentiles(timings.encode),
        ]
    }

    private static func auditJSON(_ session: any RenderedSession) -> JSONValue {
        let settings = session.settings
        return [
            "scene": .string(settings.sceneName), "size": .string("\(settings.width)x\(settings.height)"),
            "fps": .number(settings.framesPerSecond), "codec": .string(settings.codec.rawValue),
            "bitrate": .integer(settings.bitrate),
        ]
    }

    private func unknownSession(_ id: String) -> ProblemDetails {
        ProblemDetails(.notFound, "no session '\(id)'; sessions: \(media.sessionIDs.joined(separator: ", "))")
    }
}

/// A session in the listing: rendered here, or relayed from the node that renders it.
enum ListedSession {
    case rendered(any RenderedSession)
    case relayed(any RelayedSession)

    var id: String {
        switch self {
        case .rendered(let session): session.id
        case .relayed(let relay): relay.id
        }
    }

    var createdAt: Date {
        switch self {
        case .rendered(let session): session.createdAt
        case .relayed(let relay): relay.createdAt
        }
    }
}
