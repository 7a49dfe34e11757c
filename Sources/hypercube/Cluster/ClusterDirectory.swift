import Foundation
import HyperCluster
import HyperControl
import HyperMedia
import HyperSFU
import HyperScene

/// The control plane's view of the cluster (`SessionDirectory`) over the shared PostgreSQL state: sessions are found,
/// placed and listed there; their scenes load from this node's catalog or files.
struct ClusterDirectory: SessionDirectory {
    let store: ClusterStore
    let nodeID: String
    let relaysViewers: Bool
    let relayToken: String?
    let egressBudgetBitsPerSecond: Double?
    /// How long a session's owner holds it without renewing: a dead node's sessions move after this.
    let leaseTTL: Duration
    let loadScene: @Sendable (String) throws -> Scene

    func locate(_ sessionID: String) async throws(DirectoryError) -> SessionLocation? {
        do {
            return try await store.session(id: sessionID).map(Self.location)
        } catch {
            throw Self.directoryError(error)
        }
    }

    func place(id: String, document: SessionDocument, pixelRate: Int) async throws(DirectoryError) -> SessionLocation {
        do {
            let placement = try await store.placeSession(
                id: id, settings: document.json(), pixelRate: Int64(pixelRate), ttl: leaseTTL)
            try? await store.notify(.sessions, payload: "placed \(id) \(placement.ownerNodeID)")
            return SessionLocation(
                id: id, ownerNodeID: placement.ownerNodeID, ownerBaseURL: placement.ownerWHEPBaseURL,
                leaseIsLive: true, document: document)
        } catch {
            throw Self.directoryError(error)
        }
    }

    func release(_ sessionID: String) async throws(DirectoryError) {
        do {
            try await store.releaseSession(id: sessionID, nodeID: nodeID)
            try? await store.notify(.sessions, payload: "released \(sessionID)")
        } catch {
            throw Self.directoryError(error)
        }
    }

    func listing() async throws(DirectoryError) -> [SessionLocation] {
        do {
            return try await store.sessions().map(Self.location)
        } catch {
            throw Self.directoryError(error)
        }
    }

    func settings(for location: SessionLocation) throws(DirectoryError) -> SessionSettings {
        try Self.settings(of: location.document, loadScene: loadScene)
    }

    static func settings(
        of document: SessionDocument, loadScene: (String) throws -> Scene
    ) throws(DirectoryError) -> SessionSettings {
        guard let codec = VideoCodec(rawValue: document.codec) else {
            throw DirectoryError(.badSettings, "unknown codec '\(document.codec)' in the session's settings")
        }
        do {
            return SessionSettings(
                sceneName: document.scene, scene: try loadScene(document.scene), width: document.width,
                height: document.height, framesPerSecond: document.framesPerSecond, codec: codec,
                bitrate: document.bitrate)
        } catch {
            throw DirectoryError(.badSettings, "scene '\(document.scene)' cannot be loaded on this node: \(error)")
        }
    }

    private static func location(_ session: ClusterSession) throws -> SessionLocation {
        SessionLocation(
            id: session.id, ownerNodeID: session.ownerNodeID, ownerBaseURL: session.ownerWHEPBaseURL,
            leaseIsLive: session.leaseIsLive, document: try SessionDocument(json: session.settings),
            relays: Dictionary(session.relays.map { ($0.nodeID, $0.viewers) }, uniquingKeysWith: +))
    }

    static func directoryError(_ error: any Error) -> DirectoryError {
        switch error {
        case let error as DirectoryError:
            return error
        case let error as ClusterError:
            switch error.code {
            case .noCapacity: return DirectoryError(.noCapacity, error.message)
            case .duplicateSession: return DirectoryError(.duplicate, error.message)
            default: return DirectoryError(.unavailable, error.message)
            }
        default:
            return DirectoryError(.unavailable, "\(error)")
        }
    }
}
