public import Foundation
public import HyperRTC
public import HyperSFU

/// What the control plane needs from the media side: sessions and relays to list, create and end, WHEP viewer
/// resources, XR pose sockets, and the figures readiness, budgets and the cluster read. The routes depend on this
/// and not on `MediaServer`, so the HTTP tests run on an in-memory service (no UDP, no Vulkan) while `MediaServer`,
/// its only production implementation, is tested on its own and end to end.
public protocol MediaService: Sendable {
    var sessionIDs: [String] { get }
    var relayIDs: [String] { get }
    func renderedSession(_ id: String) -> (any RenderedSession)?
    func relayedSession(_ id: String) -> (any RelayedSession)?
    /// The picture of a rendered or relayed session.
    func streamSettings(_ id: String) -> SessionSettings?
    /// Starts rendering a session (its first frame follows a moment later).
    func startSession(id: String, settings: SessionSettings) async -> any RenderedSession
    func removeSession(id: String) async
    /// Starts relaying a session rendered on another node.
    func startRelay(id: String, settings: SessionSettings, upstream: RelayUpstream) async -> any RelayedSession

    /// Width × height × fps of every session rendered here.
    var renderedPixelRate: Int { get }
    var egressBitsPerSecond: Double { get }
    /// Whether the node can take viewers, and why not.
    var readiness: (ready: Bool, reason: String) { get }

    func viewerCount(sessionID: String) async -> Int
    func viewers(sessionID: String) async -> [ViewerSummary]
    func viewer(sessionID: String, viewerID: String) async -> ViewerSummary?
    func frameTimings(sessionID: String) async -> FrameTimingSummary?
    func pendingViewerCount(client: String) async -> Int
    func createViewer(
        sessionID: String, offer: String, admission: ViewerAdmissionRequest, xr: XRViewerRequest?
    ) async throws(SFUError) -> WHEPResource
    /// The ICE restart and its If-Match check, as one step: of two requests with one ETag exactly one restarts.
    func restartICE(
        sessionID: String, viewerID: String, remote: ICECredentials, ifMatch: String
    ) async throws(SFUError) -> (fragment: String, etag: String)
    func deleteViewer(sessionID: String, viewerID: String) async throws(SFUError)

    func openXRPoseSocket(sessionID: String, viewerID: String) async -> XRPoseSocket?
    func receiveXRMessage(_ bytes: [UInt8], binary: Bool, from socket: XRPoseSocket) async
    func closeXRPoseSocket(_ socket: XRPoseSocket) async

    /// Ends every viewer and session; later calls do nothing.
    func shutdown() async
}

/// A session rendered on this node, as the routes and the flag binding use it.
public protocol RenderedSession: AnyObject, Sendable {
    var id: String { get }
    var settings: SessionSettings { get }
    var createdAt: Date { get }
    var bitrate: Int { get }
    var status: (framesEncoded: Int, lastFrameAt: Date?, failure: String?) { get }
    var renderOptions: LiveRenderOptions { get }
    /// Applied from the next frame.
    func updateRenderOptions(_ change: (inout LiveRenderOptions) -> Void)
    func setBitrate(_ bitsPerSecond: Int)
}

/// A session relayed here from the node that renders it.
public protocol RelayedSession: AnyObject, Sendable {
    var id: String { get }
    var settings: SessionSettings { get }
    var createdAt: Date { get }
    var status: RelaySession.Status { get }
}

extension StreamSession: RenderedSession {}
extension RelaySession: RelayedSession {}

extension MediaServer: MediaService {
    public func renderedSession(_ id: String) -> (any RenderedSession)? {
        session(id)
    }

    public func relayedSession(_ id: String) -> (any RelayedSession)? {
        relay(id)
    }

    public func startSession(id: String, settings: SessionSettings) async -> any RenderedSession {
        await addSession(id: id, settings: settings)
    }

    public func startRelay(id: String, settings: SessionSettings, upstream: RelayUpstream) async -> any RelayedSession {
        await addRelay(id: id, settings: settings, upstream: upstream)
    }
}
