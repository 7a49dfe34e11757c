import NIOCore

/// XR viewers' pose WebSockets on the media side (docs/xr.md, "WebSocket fallback"): the control plane opens one for
/// a viewer, hands in each message it reads, and writes out the frame timings the socket's queue gives it.
extension MediaServer {
    /// Opens the viewer's pose WebSocket, replacing (finishing) the one it had; nil when the viewer is gone or is not
    /// an XR viewer.
    public func openXRPoseSocket(sessionID: String, viewerID: String) async -> XRPoseSocket? {
        let router = self.router
        let socket = XRPoseSocket(sessionID: sessionID, viewerID: viewerID)
        let opened = try? await loop.submit { () -> Bool in
            guard router.value.hasViewer(viewerID, sessionID: sessionID),
                let viewer = router.value.viewers[viewerID], viewer.xr != nil
            else { return false }
            router.value.attachPoseSocket(socket, to: viewer)
            return true
        }.get()
        return opened == true ? socket : nil
    }

    /// One message read from `socket`: checked, rate-limited and counted exactly as one on the `pose` data channel.
    /// Only the first `XRPoseSocket.maximumMessageBytes + 1` bytes of a message matter (any more is too long).
    /// Returns once the media loop took it, so a socket that floods waits for the loop instead of queueing on it.
    public func receiveXRMessage(_ bytes: [UInt8], binary: Bool, from socket: XRPoseSocket) async {
        let router = self.router
        _ = try? await loop.submit {
            guard let viewer = router.value.viewers[socket.viewerID], viewer.xr?.poseSocket === socket else { return }
            router.value.receiveXRMessage(
                bytes, binary: binary, onPoseChannel: true, via: .webSocket, viewer: viewer, now: MediaRouter.now())
        }.get()
    }

    /// The socket closed: the viewer's frame timings go back on its data channel, if it has one.
    public func closeXRPoseSocket(_ socket: XRPoseSocket) async {
        let router = self.router
        _ = try? await loop.submit {
            guard let viewer = router.value.viewers[socket.viewerID] else { return socket.finish() }
            router.value.detachPoseSocket(socket, from: viewer)
        }.get()
    }
}
