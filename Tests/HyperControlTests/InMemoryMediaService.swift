import Foundation
import HyperControl
import HyperMedia
import HyperRTC
import HyperSFU
import Synchronization

/// The media side of the HTTP tests: sessions, relays and WHEP viewer resources kept in memory, with no UDP socket,
/// renderer or encoder. Offers are parsed and answered by the real sans-IO answerer (HyperRTC), so a malformed offer
/// is refused exactly as `MediaServer` refuses it; the viewer cap, the per-client pending cap and the ICE restart's
/// If-Match are each checked and applied under one lock, like `MediaServer` does on its media loop. Viewers never
/// connect (they stay pending), and a session "encodes" one frame each time `advance` is called.
final class InMemoryMediaService: MediaService {
    /// What answers carry as the server's address; nothing listens there.
    static let candidate = RTCAddress(host: "192.0.2.10", port: 9)
    static let fingerprint = SDPFingerprint(
        algorithm: "sha-256",
        value: "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99")

    private struct Viewer {
        var summary: ViewerSummary
        var sessionID: String
        var client: String?
        var local: ICECredentials
        var video: (mid: String, payloadType: Int)
        var poseSocket: XRPoseSocket?
    }

    private struct State {
        var sessions: [String: FakeRenderedSession] = [:]
        var relays: [String: FakeRelayedSession] = [:]
        var viewers: [String: Viewer] = [:]
        var xrMessages: [(viewerID: String, bytes: [UInt8])] = []
        var shutDown = false
    }

    let maximumViewersPerSession: Int
    private let state = Mutex(State())

    init(maximumViewersPerSession: Int = 500) {
        self.maximumViewersPerSession = maximumViewersPerSession
    }

    // MARK: Sessions

    var sessionIDs: [String] { state.withLock { $0.sessions.keys.sorted() } }
    var relayIDs: [String] { state.withLock { $0.relays.keys.sorted() } }

    func renderedSession(_ id: String) -> (any RenderedSession)? { state.withLock { $0.sessions[id] } }
    func relayedSession(_ id: String) -> (any RelayedSession)? { state.withLock { $0.relays[id] } }

    func streamSettings(_ id: String) -> SessionSettings? {
        state.withLock { $0.sessions[id]?.settings ?? $0.relays[id]?.settings }
    }

    func startSession(id: String, settings: SessionSettings) async -> any RenderedSession {
        let session = FakeRenderedSession(id: id, settings: settings)
        state.withLock { $0.sessions[id] = session }
        return session
    }

    func removeSession(id: String) async {
        state.withLock { state in
            state.sessions[id] = nil
            state.viewers = state.viewers.filter { $0.value.sessionID != id }
        }
    }

    func startRelay(id: String, settings: SessionSettings, upstream: RelayUpstream) async -> any RelayedSession {
        let relay = FakeRelayedSession(id: id, settings: settings, upstream: upstream.description)
        state.withLock { $0.relays[id] = relay }
        return relay
    }

    var renderedPixelRate: Int {
        state.withLock { $0.sessions.values.reduce(0) { $0 + $1.settings.pixelRate } }
    }

    var egressBitsPerSecond: Double { 0 }

    var readiness: (ready: Bool, reason: String) {
        state.withLock { state in
            if state.shutDown { return (false, "shutting down") }
            return state.sessions.isEmpty && state.relays.isEmpty ? (false, "no session") : (true, "ok")
        }
    }

    /// Every session "encodes" one more frame.
    func advance() {
        for session in state.withLock({ Array($0.sessions.values) }) { session.encodeFrame() }
    }

    // MARK: Viewers

    func viewerCount(sessionID: String) async -> Int {
        state.withLock { $0.viewers.values.count { $0.sessionID == sessionID } }
    }

    func viewers(sessionID: String) async -> [ViewerSummary] {
        state.withLock { $0.viewers.values.filter { $0.sessionID == sessionID }.map(\.summary) }
    }

    func viewer(sessionID: String, viewerID: String) async -> ViewerSummary? {
        state.withLock { state in state.viewers[viewerID].flatMap { $0.sessionID == sessionID ? $0.summary : nil } }
    }

    func frameTimings(sessionID: String) async -> FrameTimingSummary? { nil }

    func pendingViewerCount(client: String) async -> Int {
        state.withLock { $0.viewers.values.count { $0.client == client } }
    }

    func createViewer(
        sessionID: String, offer: String, admission: ViewerAdmissionRequest, xr: XRViewerRequest?
    ) async throws(SFUError) -> WHEPResource {
        guard let settings = streamSettings(sessionID) else {
            throw SFUError(.unknownSession, "no session '\(sessionID)'")
        }
        let parsed: SessionDescription
        do {
            parsed = try SessionDescription(parsing: offer)
        } catch {
            throw .unparsableOffer(error)
        }
        let local = ICECredentials.random()
        var configuration = AnswerConfiguration(
            ice: local, fingerprint: Self.fingerprint, candidates: [Self.candidate],
            videoCodecs: [settings.codec == .vp9 ? .vp9 : .vp8], videoSSRC: 1111, audioSSRC: 1112,
            cname: "in-memory", streamID: sessionID)
        configuration.acceptsDataChannel = xr != nil
        let answer: String
        let negotiated: NegotiatedSession
        do {
            (answer, negotiated) = try WHEPAnswerer.answer(offer: parsed, configuration: configuration)
        } catch {
            throw .unanswerableOffer(error)
        }
        let maximumViewers = maximumViewersPerSession
        return try state.withLock { state throws(SFUError) -> WHEPResource in
            guard state.sessions[sessionID] != nil || state.relays[sessionID] != nil else {
                throw SFUError(.unknownSession, "no session '\(sessionID)'")
            }
            guard state.viewers.values.count(where: { $0.sessionID == sessionID }) < maximumViewers else {
                throw SFUError(.overloaded, "session '\(sessionID)' has \(maximumViewers) viewers")
            }
            if let client = admission.client {
                let pending = state.viewers.values.count { $0.client == client }
                guard pending < admission.maximumPending else {
                    throw SFUError(
                        .tooManyPending,
                        "\(client) has \(pending) viewers that have not connected yet (at most "
                            + "\(admission.maximumPending)); retry once they connect or time out")
                }
            }
            let id = UUID().uuidString.lowercased()
            let etag = Self.newETag()
            state.viewers[id] = Viewer(
                summary: ViewerSummary(
                    id: id, etag: etag, owner: admission.owner, remoteUfrag: negotiated.remoteICE.ufrag,
                    state: "new", xr: xr.map(XRViewerSummary.init(request:))),
                sessionID: sessionID, client: admission.client, local: local,
                video: (negotiated.video.mid, negotiated.video.payloadType))
            return WHEPResource(viewerID: id, sessionID: sessionID, answer: answer, etag: etag)
        }
    }

    func restartICE(
        sessionID: String, viewerID: String, remote: ICECredentials, ifMatch: String
    ) async throws(SFUError) -> (fragment: String, etag: String) {
        try state.withLock { state throws(SFUError) -> (String, String) in
            guard var viewer = state.viewers[viewerID], viewer.sessionID == sessionID else {
                throw SFUError(.unknownViewer, "no viewer '\(viewerID)' in session '\(sessionID)'")
            }
            guard EntityTagCondition.matches(ifMatch, etag: viewer.summary.etag) else {
                throw SFUError(
                    .preconditionFailed,
                    "If-Match \(ifMatch) does not match the resource's current ETag \(viewer.summary.etag)")
            }
            viewer.local = ICECredentials.random()
            viewer.summary.etag = Self.newETag()
            viewer.summary.remoteUfrag = remote.ufrag
            state.viewers[viewerID] = viewer
            let fragment = SDPFragment.iceRestartAnswer(
                local: viewer.local, candidates: [Self.candidate], mid: viewer.video.mid,
                payloadType: viewer.video.payloadType)
            return (fragment, viewer.summary.etag)
        }
    }

    func deleteViewer(sessionID: String, viewerID: String) async throws(SFUError) {
        let removed = state.withLock { state -> Viewer? in
            guard let viewer = state.viewers[viewerID], viewer.sessionID == sessionID else { return nil }
            state.viewers[viewerID] = nil
            return viewer
        }
        guard let removed else { throw SFUError(.unknownViewer, "no viewer '\(viewerID)' in session '\(sessionID)'") }
        removed.poseSocket?.finish()
    }

    // MARK: XR pose sockets

    func openXRPoseSocket(sessionID: String, viewerID: String) async -> XRPoseSocket? {
        let socket = XRPoseSocket(sessionID: sessionID, viewerID: viewerID)
        let replaced = state.withLock { state -> XRPoseSocket?? in
            guard var viewer = state.viewers[viewerID], viewer.sessionID == sessionID, viewer.summary.xr != nil
            else { return .none }
            let old = viewer.poseSocket
            viewer.poseSocket = socket
            state.viewers[viewerID] = viewer
            return .some(old)
        }
        guard case .some(let old) = replaced else { return nil }
        old?.finish()
        return socket
    }

    func receiveXRMessage(_ bytes: [UInt8], binary: Bool, from socket: XRPoseSocket) async {
        state.withLock { state in
            guard var viewer = state.viewers[socket.viewerID], viewer.poseSocket === socket else { return }
            viewer.summary.xr?.posesReceived += 1
            state.viewers[socket.viewerID] = viewer
            state.xrMessages.append((socket.viewerID, bytes))
        }
    }

    func closeXRPoseSocket(_ socket: XRPoseSocket) async {
        state.withLock { state in
            if state.viewers[socket.viewerID]?.poseSocket === socket {
                state.viewers[socket.viewerID]?.poseSocket = nil
            }
        }
        socket.finish()
    }

    /// The pose messages received so far, oldest first.
    var xrMessages: [(viewerID: String, bytes: [UInt8])] { state.withLock { $0.xrMessages } }

    func shutdown() async {
        let sockets = state.withLock { state -> [XRPoseSocket] in
            state.shutDown = true
            let sockets = state.viewers.values.compactMap(\.poseSocket)
            state.viewers = [:]
            state.sessions = [:]
            state.relays = [:]
            return sockets
        }
        for socket in sockets { socket.finish() }
    }

    private static func newETag() -> String {
        "\"\(UUID().uuidString.lowercased())\""
    }
}

/// A session that renders nothing: its settings, options and bitrate as the control plane set them, and a frame
/// count that `InMemoryMediaService.advance` moves.
final class FakeRenderedSession: RenderedSession {
    private struct State {
        var options: LiveRenderOptions
        var bitrate: Int
        var framesEncoded = 0
        var lastFrameAt: Date?
    }

    let id: String
    let settings: SessionSettings
    let createdAt = Date()
    private let state: Mutex<State>

    init(id: String, settings: SessionSettings) {
        self.id = id
        self.settings = settings
        state = Mutex(State(options: LiveRenderOptions(scene: settings.scene), bitrate: settings.bitrate))
    }

    var bitrate: Int { state.withLock { $0.bitrate } }
    var renderOptions: LiveRenderOptions { state.withLock { $0.options } }
    var status: (framesEncoded: Int, lastFrameAt: Date?, failure: String?) {
        state.withLock { ($0.framesEncoded, $0.lastFrameAt, nil) }
    }

    func updateRenderOptions(_ change: (inout LiveRenderOptions) -> Void) {
        state.withLock { change(&$0.options) }
    }

    func setBitrate(_ bitsPerSecond: Int) {
        state.withLock { $0.bitrate = bitsPerSecond }
    }

    func encodeFrame() {
        state.withLock {
            $0.framesEncoded += 1
            $0.lastFrameAt = Date()
        }
    }
}

/// A relay that pulls nothing: what the control plane reports for it.
final class FakeRelayedSession: RelayedSession {
    let id: String
    let settings: SessionSettings
    let createdAt = Date()
    let status: RelaySession.Status

    init(id: String, settings: SessionSettings, upstream: String) {
        self.id = id
        self.settings = settings
        status = RelaySession.Status(upstream: upstream)
    }
}
