import Foundation
import Hummingbird
import HyperJSON
import HyperMedia
import HyperSFU
import HyperScene

/// Sessions across a cluster (`serve --cluster`): placing a new one on the node with room, finding one rendered
/// elsewhere, and the cluster-wide listing every node shows.
extension SessionRoutes {
    /// Records the session on the node with room; that node starts it within a reconcile (it is told at once).
    func place(_ wanted: SessionRequest, by principal: Principal, in directory: any SessionDirectory) async throws
        -> SessionLocation
    {
        do {
            _ = try catalog.scene(named: wanted.scene)
        } catch {
            throw ProblemDetails.unprocessable("scene \(wanted.scene) cannot be loaded: \(error.message)")
        }
        let id = "s-" + UUID().uuidString.lowercased().prefix(8)
        let document = SessionDocument(
            scene: wanted.scene, width: wanted.size.width, height: wanted.size.height,
            framesPerSecond: wanted.framesPerSecond, codec: wanted.codec.rawValue, bitrate: wanted.bitrate)
        try await record(principal, action: "session.create", target: id, old: .null, new: wanted.auditJSON)
        do {
            return try await directory.place(id: id, document: document, pixelRate: wanted.pixelRate)
        } catch {
            throw Self.problem(error, doing: "place session \(id)")
        }
    }

    func release(_ id: String, in directory: any SessionDirectory) async throws {
        do {
            try await directory.release(id)
        } catch {
            throw Self.problem(error, doing: "release session '\(id)' in the cluster")
        }
    }

    func locate(_ id: String, in directory: any SessionDirectory) async throws -> SessionLocation? {
        do {
            return try await directory.locate(id)
        } catch {
            throw Self.problem(error, doing: "find session '\(id)' in the cluster")
        }
    }

    /// Every session of the cluster, or why the cluster's state cannot be read now.
    func clusterListing(_ directory: any SessionDirectory) async -> JSONValue {
        do {
            let sessions = try await directory.listing()
            return [
                "node": .string(directory.nodeID), "reachable": true,
                "sessions": .array(sessions.map { Self.json($0, node: directory.nodeID) }),
            ]
        } catch {
            return ["node": .string(directory.nodeID), "reachable": false, "error": .string(error.message)]
        }
    }

    /// A session relayed here from the node that renders it: its picture, viewers here, the upstream and how the
    /// relay is doing, and the latency it adds (`frameTimings`: upstream frame arrival → last packet to viewers here).
    func describe(_ relay: any RelayedSession) async -> JSONValue {
        let settings = relay.settings
        let status = relay.status
        var fields: JSONObject = [
            "id": .string(relay.id), "scene": .string(settings.sceneName), "width": .integer(settings.width),
            "height": .integer(settings.height), "fps": .number(settings.framesPerSecond),
            "codec": .string(settings.codec.rawValue),
            "viewers": .integer(await media.viewerCount(sessionID: relay.id)),
            "whep": .string("/whep/\(relay.id)"), "createdAt": .string(Timestamp.string(relay.createdAt)),
            "relay": [
                "upstream": .string(status.upstream), "connected": .bool(status.connected),
                "framesRelayed": .integer(status.framesRelayed), "framesHeldBack": .integer(status.framesHeldBack),
                "audioPacketsRelayed": .integer(status.audioPacketsRelayed),
                "reconnects": .integer(status.reconnects),
                "lastError": status.lastError.map(JSONValue.string) ?? .null,
            ],
        ]
        if let timings = await media.frameTimings(sessionID: relay.id) { fields["frameTimings"] = Self.json(timings) }
        return .object(fields)
    }

    static func json(_ location: SessionLocation, node: String) -> JSONValue {
        let document = location.document
        return [
            "id": .string(location.id), "scene": .string(document.scene), "width": .integer(document.width),
            "height": .integer(document.height), "fps": .number(document.framesPerSecond),
            "codec": .string(document.codec), "bitrate": .integer(document.bitrate),
            "whep": .string("/whep/\(location.id)"), "owner": .string(location.ownerNodeID),
            "ownerURL": location.ownerBaseURL.map(JSONValue.string) ?? .null,
            "renderedHere": .bool(location.ownerNodeID == node), "leaseLive": .bool(location.leaseIsLive),
            "relays": .object(JSONObject(location.relays.mapValues(JSONValue.integer))),
        ]
    }

    static func problem(_ error: DirectoryError, doing what: String) -> ProblemDetails {
        switch error.code {
        case .unavailable:
            return ProblemDetails(
                .serviceUnavailable, "cannot \(what): the cluster's state is unreachable (\(error.message))",
                headers: [.retryAfter: "5"])
        case .noCapacity:
            return ProblemDetails(
                .serviceUnavailable, "cannot \(what): no node has GPU budget left (\(error.message))",
                headers: [.retryAfter: "30"])
        case .duplicate:
            return ProblemDetails(.conflict, "cannot \(what): \(error.message)")
        case .badSettings:
            return ProblemDetails.unprocessable("cannot \(what): \(error.message)")
        }
    }
}
